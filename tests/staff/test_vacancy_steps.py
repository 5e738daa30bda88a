"""Each step of the vacancy page, through its view: the state changes through the service,
and bad input or a stale page gets a message naming the field, with nothing changed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.allocation.flow import published
from tests.factories import SeekerFactory, VacancyFactory
from voorrang.allocation import services
from voorrang.allocation.models import Allocation, Offer, Ranking, Response, Vacancy
from voorrang.allocation.states import AllocationState, OfferState, VacancyState
from voorrang.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(name: str, vacancy: Vacancy, *args) -> str:
    return reverse(f"staff:{name}", args=[vacancy.reference, *args])


def state(vacancy: Vacancy) -> str:
    vacancy.refresh_from_db()
    return vacancy.state


def problem(response) -> str:
    """The error summary at the top of the page shown again."""
    html = response.content.decode()
    assert 'role="alert"' in html
    return html


def past_closing(staff, **fields) -> Vacancy:
    """A vacancy published two weeks ago whose closing date was yesterday."""
    today = dt.date.today()
    return published(
        staff,
        published_on=today - dt.timedelta(days=14),
        closes_on=today - dt.timedelta(days=1),
        **fields,
    )


# --- Publish ------------------------------------------------------------------------------


def test_publishing_lets_the_quota_decide(staff_client: Client, staff) -> None:
    vacancy = VacancyFactory()
    response = staff_client.post(url("vacancy_publish", vacancy), {"publish-override_targeted": ""})
    assert response.status_code == 302
    assert response["Location"] == url("vacancy", vacancy)
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.PUBLISHED
    # The first vacancy of the year in the designated L-flat is targeted.
    assert vacancy.targeted and vacancy.quota_n == 1
    page = staff_client.get(response["Location"]).content.decode()
    assert "The vacancy was published. It is targeted." in page
    assert vacancy.seed_hash in page
    # Before the ranking the seed itself is never shown, only its SHA-256.
    assert vacancy.seed not in page


def test_a_quota_override_without_a_reason_names_the_field_and_changes_nothing(
    staff_client: Client,
) -> None:
    vacancy = VacancyFactory()
    response = staff_client.post(
        url("vacancy_publish", vacancy),
        {"publish-override_targeted": "no", "publish-override_reason": " "},
    )
    assert response.status_code == 400
    html = problem(response)
    assert 'href="#id_publish-override_reason"' in html
    assert 'id="id_publish-override_reason_error"' in html
    assert (
        'aria-describedby="id_publish-override_reason_helptext id_publish-override_reason_error"'
        in html
    )
    assert state(vacancy) == VacancyState.DRAFT
    assert not AuditEvent.objects.filter(action="vacancy.published").exists()


def test_a_quota_override_with_a_reason_is_stored(staff_client: Client) -> None:
    vacancy = VacancyFactory()
    staff_client.post(
        url("vacancy_publish", vacancy),
        {"publish-override_targeted": "no", "publish-override_reason": "Urgent move of a tenant"},
    )
    vacancy.refresh_from_db()
    assert (vacancy.state, vacancy.targeted) == (VacancyState.PUBLISHED, False)
    assert vacancy.quota_override_reason == "Urgent move of a tenant"
    assert "Urgent move of a tenant" in staff_client.get(url("vacancy", vacancy)).content.decode()


def test_a_building_that_is_not_designated_offers_no_quota_override(
    staff_client: Client,
) -> None:
    from tests.factories import BuildingFactory, UnitFactory

    plain = BuildingFactory(name="De Brink", designated=False)
    vacancy = VacancyFactory(unit=UnitFactory(building=plain))
    html = staff_client.get(url("vacancy", vacancy)).content.decode()
    assert "The building is not designated" in html
    assert "publish-override_targeted" not in html
    # Sent by hand all the same, the service refuses it and names the field.
    response = staff_client.post(
        url("vacancy_publish", vacancy),
        {"publish-override_targeted": "yes", "publish-override_reason": "Because"},
    )
    assert response.status_code == 400
    assert "Only vacancies of designated buildings can be targeted." in problem(response)
    assert state(vacancy) == VacancyState.DRAFT
    assert staff_client.post(url("vacancy_publish", vacancy), {}).status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.state, vacancy.targeted) == (VacancyState.PUBLISHED, False)


def test_publishing_twice_from_a_stale_page_shows_a_message(staff_client: Client) -> None:
    vacancy = VacancyFactory()
    staff_client.post(url("vacancy_publish", vacancy), {})
    seed_hash = Vacancy.objects.get(pk=vacancy.pk).seed_hash
    response = staff_client.post(url("vacancy_publish", vacancy), {})
    assert response.status_code == 409
    html = problem(response)
    assert "A vacancy that is published cannot become published." in html
    assert "Perhaps the page was out of date" in html
    assert Vacancy.objects.get(pk=vacancy.pk).seed_hash == seed_hash
    assert AuditEvent.objects.filter(action="vacancy.published").count() == 1


# --- Paper responses, closing, ranking ----------------------------------------------------


def test_a_paper_response_is_entered_with_its_date(staff_client: Client, staff) -> None:
    vacancy = published(staff)
    seeker = SeekerFactory()
    day = dt.date.today() - dt.timedelta(days=1)
    response = staff_client.post(
        url("vacancy_paper_response", vacancy),
        {"paper-seeker": seeker.registration_number, "paper-responded_on": day.isoformat()},
    )
    assert response.status_code == 302
    stored = Response.objects.get(vacancy=vacancy, seeker=seeker)
    assert (stored.channel, stored.responded_on, stored.entered_by) == ("paper", day, staff)
    page = staff_client.get(url("vacancy", vacancy)).content.decode()
    assert seeker.registration_number in page and "paper form" in page


def test_a_paper_response_for_an_unknown_number_names_the_field(staff_client, staff) -> None:
    vacancy = published(staff)
    response = staff_client.post(
        url("vacancy_paper_response", vacancy),
        {"paper-seeker": "W-NOPE", "paper-responded_on": dt.date.today().isoformat()},
    )
    assert response.status_code == 400
    assert 'href="#id_paper-seeker"' in problem(response)
    assert not Response.objects.exists()


def test_a_paper_response_dated_in_the_future_names_the_date(staff_client, staff) -> None:
    vacancy = published(staff)
    seeker = SeekerFactory()
    response = staff_client.post(
        url("vacancy_paper_response", vacancy),
        {
            "paper-seeker": seeker.registration_number,
            "paper-responded_on": (dt.date.today() + dt.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert 'href="#id_paper-responded_on"' in problem(response)
    assert not Response.objects.exists()


def test_closing_before_the_closing_date_is_refused(staff_client, staff) -> None:
    vacancy = published(staff)
    response = staff_client.post(url("vacancy_close", vacancy))
    assert response.status_code == 409
    problem(response)
    assert state(vacancy) == VacancyState.PUBLISHED


def test_close_then_rank_and_a_stale_second_close(staff_client, staff) -> None:
    vacancy = past_closing(staff)
    for seeker in (SeekerFactory(), SeekerFactory()):
        services.respond(
            actor=staff,
            vacancy=vacancy,
            seeker=seeker,
            channel="paper",
            responded_on=dt.date.today() - dt.timedelta(days=3),
        )
    assert staff_client.post(url("vacancy_close", vacancy)).status_code == 302
    assert state(vacancy) == VacancyState.CLOSED

    again = staff_client.post(url("vacancy_close", vacancy))
    assert again.status_code == 409
    assert "A vacancy that is closed cannot become closed." in problem(again)
    assert AuditEvent.objects.filter(action="vacancy.closed").count() == 1

    assert staff_client.post(url("vacancy_rank", vacancy), {"rank-reason": ""}).status_code == 302
    assert state(vacancy) == VacancyState.RANKED
    assert Ranking.objects.get(vacancy=vacancy).entries.count() == 2


def test_ranking_again_without_a_reason_names_the_reason_field(staff_client, ranked_vacancy):
    response = staff_client.post(url("vacancy_rank", ranked_vacancy), {"rank-reason": ""})
    assert response.status_code == 400
    assert 'href="#id_rank-reason"' in problem(response)
    assert Ranking.objects.filter(vacancy=ranked_vacancy).count() == 1

    response = staff_client.post(
        url("vacancy_rank", ranked_vacancy), {"rank-reason": "A response was entered wrongly"}
    )
    assert response.status_code == 302
    assert Ranking.objects.filter(vacancy=ranked_vacancy).count() == 2
    page = staff_client.get(url("vacancy", ranked_vacancy)).content.decode()
    # Both rankings stay visible, the earlier one with why it was redone.
    assert "Earlier rankings" in page
    assert "A response was entered wrongly" in page


def test_a_late_paper_response_makes_the_ranking_ask_for_a_reason(staff_client, staff) -> None:
    vacancy = past_closing(staff)
    services.close_vacancy(actor=staff, vacancy=vacancy)
    late = SeekerFactory()
    staff_client.post(
        url("vacancy_paper_response", vacancy),
        {
            "paper-seeker": late.registration_number,
            "paper-responded_on": (dt.date.today() - dt.timedelta(days=2)).isoformat(),
        },
    )
    response = staff_client.post(url("vacancy_rank", vacancy), {"rank-reason": ""})
    assert response.status_code == 400
    assert 'href="#id_rank-reason"' in problem(response)
    assert state(vacancy) == VacancyState.CLOSED
    staff_client.post(url("vacancy_rank", vacancy), {"rank-reason": "Paper form came by post"})
    assert state(vacancy) == VacancyState.RANKED


# --- Offers -------------------------------------------------------------------------------


def test_offer_viewing_acceptance_checks_contract_and_keys(staff_client, ranked_vacancy) -> None:
    response = staff_client.post(url("vacancy_offer_next", ranked_vacancy))
    assert response.status_code == 302
    offer = Offer.objects.get(vacancy=ranked_vacancy)
    assert offer.entry.position == 1 and offer.state == OfferState.OPEN
    page = staff_client.get(url("vacancy", ranked_vacancy)).content.decode()
    assert url("offer_accept", ranked_vacancy, offer.pk) in page
    assert url("offer_viewing", ranked_vacancy, offer.pk) in page

    # The viewing: a time in the past is refused on its field.
    yesterday = dt.date.today() - dt.timedelta(days=1)
    past = staff_client.post(
        url("offer_viewing", ranked_vacancy, offer.pk),
        {"viewing-viewing_at": yesterday.isoformat(), "viewing-viewing_time": "10:00"},
    )
    assert past.status_code == 400
    assert 'href="#id_viewing-viewing_at"' in problem(past)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    staff_client.post(
        url("offer_viewing", ranked_vacancy, offer.pk),
        {"viewing-viewing_at": tomorrow.isoformat(), "viewing-viewing_time": "10:30"},
    )
    offer.refresh_from_db()
    assert offer.state == OfferState.VIEWING_PLANNED
    assert timezone.localtime(offer.viewing_at).hour == 10
    staff_client.post(
        url("offer_viewing_outcome", ranked_vacancy, offer.pk),
        {"viewing_outcome-viewing_outcome": "attended", "viewing_outcome-viewing_note": ""},
    )
    offer.refresh_from_db()
    assert offer.viewing_outcome == "attended"

    response = staff_client.post(url("offer_accept", ranked_vacancy, offer.pk), follow=True)
    assert state(ranked_vacancy) == VacancyState.OFFERING  # accepted, not let yet
    allocation = Allocation.objects.get(vacancy=ranked_vacancy)
    assert url("allocation_checks", ranked_vacancy, allocation.pk) in response.content.decode()

    # The same acceptance sent again from the stale page: a message, still one allocation.
    again = staff_client.post(url("offer_accept", ranked_vacancy, offer.pk))
    assert again.status_code == 409
    problem(again)

    staff_client.post(
        url("allocation_checks", ranked_vacancy, allocation.pk),
        {"checks-outcome": "passed", "checks-check_note": ""},
    )
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.CHECKED

    today = dt.date.today()
    contract = {
        "contract-contract_start": (today - dt.timedelta(days=1)).isoformat(),
        "contract-contract_rent": "0",
        "contract-contract_signed_on": today.isoformat(),
    }
    wrong = staff_client.post(url("allocation_contract", ranked_vacancy, allocation.pk), contract)
    assert wrong.status_code == 400
    assert 'href="#id_contract-contract_rent"' in problem(wrong)
    contract["contract-contract_rent"] = "712.50"
    early = staff_client.post(url("allocation_contract", ranked_vacancy, allocation.pk), contract)
    assert early.status_code == 400
    assert 'href="#id_contract-contract_start"' in problem(early)
    assert state(ranked_vacancy) == VacancyState.OFFERING
    contract["contract-contract_start"] = (today + dt.timedelta(days=14)).isoformat()
    signed = staff_client.post(
        url("allocation_contract", ranked_vacancy, allocation.pk), contract, follow=True
    )
    assert state(ranked_vacancy) == VacancyState.LET
    html = signed.content.decode()
    assert "Published result" in html
    assert ranked_vacancy.seed in html

    staff_client.post(
        url("allocation_keys", ranked_vacancy, allocation.pk),
        {"keys-keys_handed_on": (today + dt.timedelta(days=14)).isoformat()},
    )
    allocation.refresh_from_db()
    assert allocation.state == AllocationState.KEYS_HANDED
    assert allocation.contract_rent == Decimal("712.50")


def test_a_failed_check_offers_the_home_to_the_next_candidate(staff_client, ranked_vacancy):
    staff_client.post(url("vacancy_offer_next", ranked_vacancy))
    offer = Offer.objects.get(vacancy=ranked_vacancy)
    staff_client.post(url("offer_accept", ranked_vacancy, offer.pk))
    allocation = Allocation.objects.get(vacancy=ranked_vacancy)

    missing = staff_client.post(
        url("allocation_checks", ranked_vacancy, allocation.pk),
        {"checks-outcome": "failed", "checks-check_note": ""},
    )
    assert missing.status_code == 400
    assert 'href="#id_checks-check_note"' in problem(missing)

    staff_client.post(
        url("allocation_checks", ranked_vacancy, allocation.pk),
        {"checks-outcome": "failed", "checks-check_note": "Income above the limit"},
    )
    allocation.refresh_from_db()
    offer.refresh_from_db()
    assert allocation.state == AllocationState.CHECK_FAILED
    assert offer.state == OfferState.WITHDRAWN
    following = Offer.objects.get(vacancy=ranked_vacancy, state=OfferState.OPEN)
    assert following.entry.position == 2
    assert state(ranked_vacancy) == VacancyState.OFFERING


def test_a_second_offer_from_a_stale_page_is_refused(staff_client, ranked_vacancy) -> None:
    staff_client.post(url("vacancy_offer_next", ranked_vacancy))
    response = staff_client.post(url("vacancy_offer_next", ranked_vacancy))
    assert response.status_code == 409
    problem(response)
    assert Offer.objects.filter(vacancy=ranked_vacancy).count() == 1


def test_a_refusal_needs_a_reason_from_the_list(staff_client, ranked_vacancy, staff) -> None:
    offer = services.offer_next(actor=staff, vacancy=ranked_vacancy)
    response = staff_client.post(
        url("offer_refuse", ranked_vacancy, offer.pk),
        {"refuse-refusal_reason": "", "refuse-refusal_text": ""},
    )
    assert response.status_code == 400
    html = problem(response)
    assert 'href="#id_refuse-refusal_reason"' in html
    assert 'aria-describedby="id_refuse-refusal_reason_error"' in html
    offer.refresh_from_db()
    assert offer.state == OfferState.OPEN

    response = staff_client.post(
        url("offer_refuse", ranked_vacancy, offer.pk),
        {"refuse-refusal_reason": "other", "refuse-refusal_text": ""},
    )
    assert response.status_code == 400
    assert 'href="#id_refuse-refusal_text"' in problem(response)
    offer.refresh_from_db()
    assert offer.state == OfferState.OPEN


def test_a_refusal_offers_the_home_to_the_next_candidate(staff_client, ranked_vacancy, staff):
    offer = services.offer_next(actor=staff, vacancy=ranked_vacancy)
    response = staff_client.post(
        url("offer_refuse", ranked_vacancy, offer.pk),
        {"refuse-refusal_reason": "floor", "refuse-refusal_text": "Too high up"},
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.state, offer.refusal_reason, offer.refusal_text) == (
        OfferState.REFUSED,
        "floor",
        "Too high up",
    )
    following = Offer.objects.get(vacancy=ranked_vacancy, state=OfferState.OPEN)
    assert following.entry.position == 2
    page = staff_client.get(url("vacancy", ranked_vacancy)).content.decode()
    assert "Too high up" in page


# --- Withdrawal ---------------------------------------------------------------------------


def test_withdrawing_needs_a_reason(staff_client, staff) -> None:
    vacancy = published(staff)
    response = staff_client.post(url("vacancy_withdraw", vacancy), {"withdraw-reason": ""})
    assert response.status_code == 400
    assert 'href="#id_withdraw-reason"' in problem(response)
    assert state(vacancy) == VacancyState.PUBLISHED

    staff_client.post(url("vacancy_withdraw", vacancy), {"withdraw-reason": "Renovation"})
    assert state(vacancy) == VacancyState.WITHDRAWN
    page = staff_client.get(url("vacancy", vacancy)).content.decode()
    assert 'action="' + url("vacancy_withdraw", vacancy) not in page


def test_an_unknown_vacancy_is_not_found(staff_client) -> None:
    assert staff_client.get("/staff/vacancies/V-0000-0000/").status_code == 404
    assert staff_client.post("/staff/vacancies/V-0000-0000/close/").status_code == 404
