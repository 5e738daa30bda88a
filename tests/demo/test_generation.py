"""The synthetic Vollenhove: written through the services, true to the rules, with work left."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.utils import timezone

from tests.demo.conftest import PRESENT, use_database_storage
from voorrang.accounts.roles import Role
from voorrang.allocation.models import (
    Allocation,
    Offer,
    Ranking,
    Response,
    Vacancy,
)
from voorrang.allocation.policies import policy_for
from voorrang.allocation.selectors import replay_ranking
from voorrang.allocation.states import VacancyState
from voorrang.audit.models import AuditEvent
from voorrang.commitments.models import Commitment
from voorrang.demo.stock import L_FLAT
from voorrang.housing.models import Building
from voorrang.rules import QuotaInput, QuotaVacancy, label_vacancies
from voorrang.seekers.models import Seeker

pytestmark = pytest.mark.django_db


def test_every_ranking_replays(demo) -> None:
    rankings = list(Ranking.objects.all())
    assert len(rankings) >= 10
    assert all(replay_ranking(ranking).ok for ranking in rankings)
    call_command("replay_ranking", "--all")  # exits 1 on any mismatch


def test_the_history_went_through_the_services_at_its_own_dates(demo) -> None:
    def day_of(action: str, obj) -> date:
        event = AuditEvent.objects.get(
            action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
        )
        return timezone.localdate(event.at)

    # Each event was written while the simulated clock showed the day it happened.
    for vacancy in Vacancy.objects.filter(state=VacancyState.LET):
        assert day_of("vacancy.published", vacancy) == vacancy.published_on
        assert day_of("vacancy.closed", vacancy) == vacancy.closes_on + timedelta(days=1)
        allocation = vacancy.allocations.get(let_on__isnull=False)
        assert day_of("allocation.contract_signed", allocation) == allocation.let_on
        assert day_of("offer.accepted", allocation.offer) == allocation.accepted_on
    assert Vacancy.objects.order_by("published_on").first().published_on < date(2022, 6, 1)
    let = Vacancy.objects.filter(state=VacancyState.LET).count()
    assert let == Allocation.objects.filter(let_on__isnull=False).count() > 0
    assert AuditEvent.objects.filter(action="response.created").count() == Response.objects.count()
    assert Offer.objects.filter(state="refused").exists()
    for offer in Offer.objects.exclude(state__in=["open", "viewing"]):
        assert offer.made_at <= offer.decided_at <= PRESENT
    # Only the account link and the staff accounts' second factor are made now; the history
    # ends at its present.
    assert set(AuditEvent.objects.filter(at__gt=PRESENT).values_list("action", flat=True)) <= {
        "seeker.account_linked",
        "account.second_factor_issued",
    }


def test_present_work_is_left_for_staff(demo) -> None:
    states = set(Vacancy.objects.values_list("state", flat=True))
    assert {VacancyState.PUBLISHED, VacancyState.CLOSED, VacancyState.RANKED} <= states
    # The steps between the offer and the keys: an offer waiting for its answer after the
    # viewing planned, an acceptance whose checks are to do, lettings with their keys.
    assert Offer.objects.filter(state="viewing", viewing_outcome="").exists()
    assert Offer.objects.filter(viewing_outcome="attended").exists()
    allocation_states = set(Allocation.objects.values_list("state", flat=True))
    assert {"accepted", "keys_handed"} <= allocation_states
    open_vacancy = Vacancy.objects.filter(state=VacancyState.PUBLISHED).first()
    assert open_vacancy.responses.exists()


def test_responses_keep_the_rules_of_respond(demo) -> None:
    limit = settings.VOORRANG_MAX_OPEN_RESPONSES
    let_on = dict(
        Allocation.objects.filter(let_on__isnull=False).values_list("seeker_id", "let_on")
    )
    by_seeker_day: dict[tuple[int, date], list[Response]] = defaultdict(list)
    responses = list(
        Response.objects.select_related("vacancy", "seeker").exclude(
            vacancy__state=VacancyState.WITHDRAWN
        )
    )
    for response in responses:
        vacancy = response.vacancy
        assert vacancy.published_on <= response.responded_on <= vacancy.closes_on
        assert response.seeker.registered_on <= response.responded_on
        if response.seeker_id in let_on:
            assert response.responded_on <= let_on[response.seeker_id]
        by_seeker_day[response.seeker_id, response.responded_on].append(response)
    by_seeker: dict[int, list[Response]] = defaultdict(list)
    for response in responses:
        by_seeker[response.seeker_id].append(response)
    for (seeker_id, day), today in by_seeker_day.items():
        earlier_open = [
            r
            for r in by_seeker[seeker_id]
            if r.responded_on < day
            and r.vacancy.closes_on >= day
            and (r.withdrawn_at is None or timezone.localdate(r.withdrawn_at) > day)
        ]
        assert len(earlier_open) + len(today) <= limit, (seeker_id, day)


def test_targeted_allocations_happen_in_the_lflat_within_quota_and_cap(demo) -> None:
    lflat = Building.objects.get(name=L_FLAT)
    assert Allocation.objects.filter(unit__building=lflat, tier="commitment").exists()
    assert not Allocation.objects.exclude(unit__building=lflat).filter(tier="commitment").exists()
    assert Commitment.objects.filter(status="approved").exists()
    published = Vacancy.objects.filter(published_on__isnull=False).order_by("published_on", "pk")
    for year in sorted({v.published_on.year for v in published}):
        of_year = [v for v in published if v.published_on.year == year]
        targeting = policy_for(date(year, 12, 31)).targeting
        labels = label_vacancies(
            QuotaInput(
                share=targeting.share,
                cap=targeting.cap,
                buildings=targeting.buildings,
                vacancies=tuple(
                    QuotaVacancy(v.reference, v.unit.building.name, v.published_on) for v in of_year
                ),
            )
        )
        assert [label.targeted for label in labels] == [v.targeted for v in of_year], year
        assert sum(v.targeted for v in of_year) <= targeting.cap


def test_an_account_for_every_role(demo) -> None:
    user_model = get_user_model()
    groups = {
        user.username: set(user.groups.values_list("name", flat=True))
        for user in user_model.objects.all()
    }
    assert groups["admin"] == {Role.ADMIN}
    assert user_model.objects.get(username="admin").is_superuser
    assert groups["staff-allocation"] == groups["staff-allocation-2"] == {Role.STAFF_ALLOCATION}
    for role in (Role.STAFF_WELFARE, Role.POLICY, Role.RESEARCHER, Role.SEEKER):
        assert groups[role.value] == {role}
    seeker = Seeker.objects.get(user__username="seeker")
    assert seeker.responses.exists()
    # Each password was generated, returned once, and works.
    passwords = {a.username: a.password for a in demo.accounts}
    assert set(passwords) == set(groups)
    assert len(set(passwords.values())) == len(passwords)
    for username, password in passwords.items():
        assert authenticate(username=username, password=password) is not None


def test_the_demo_shows_a_housed_seeker_and_one_with_many_responses(demo) -> None:
    from django.test import Client

    from voorrang.seekers.models import SeekerStatus

    housed = Seeker.objects.get(user__username="seeker-housed")
    assert housed.status == SeekerStatus.HOUSED
    assert housed.ended_on == housed.allocations.get().let_on
    client = Client()
    client.force_login(housed.user)
    page = client.get("/my/").content.decode()
    assert 'id="registration-ended-heading"' in page

    busy = Seeker.objects.get(user__username="seeker-many-responses")
    most = max(s.responses.count() for s in Seeker.objects.exclude(user__username="seeker"))
    assert busy.responses.count() == most
    assert client.get("/my/responses/?state=let").status_code == 200


def test_the_demo_shows_each_state_of_an_urgency_declaration(demo) -> None:
    from voorrang.seekers.models import UrgencyDeclaration
    from voorrang.seekers.selectors import urgency_state

    today = PRESENT.date()
    states = {urgency_state(d, today) for d in UrgencyDeclaration.objects.all()}
    assert {"proposed", "valid", "expired", "ended_early"} <= states
    # Two different staff members each time, through the services.
    for declaration in UrgencyDeclaration.objects.exclude(status="proposed"):
        assert declaration.proposed_by_id != declaration.decided_by_id
        assert declaration.decided_by_id is not None
    assert AuditEvent.objects.filter(action="seeker.urgency_confirmed").count() == (
        UrgencyDeclaration.objects.exclude(status="proposed").count()
    )


def test_the_demo_shows_each_state_of_the_income_check(demo) -> None:
    from voorrang.allocation.selectors.queue import work_queue
    from voorrang.seekers.models import CheckStatus

    states = set(Seeker.objects.values_list("income_check", flat=True))
    assert states == set(CheckStatus.values)
    rejected = Seeker.objects.get(income_check=CheckStatus.REJECTED)
    assert rejected.income_rejection_reason
    assert rejected.income_checked_by is not None
    assert AuditEvent.objects.filter(action="seeker.income_checked").count() == 1
    waiting = work_queue(viewer=None).section("evidence-to-check").items
    assert len(waiting) == 3
    assert all(seeker.evidence_files.exists() for seeker in waiting)


def test_the_demo_listings_have_descriptions_labels_and_photos(demo) -> None:
    from PIL import Image

    from voorrang.allocation import photos
    from voorrang.allocation.models import VacancyPhoto
    from voorrang.files import file_storage

    assert not Vacancy.objects.filter(description="").exists()
    units = Vacancy.objects.values_list("unit__energy_label", "unit__accessibility_label")
    assert all(energy for energy, _access in units)
    assert {"zero_step", "none"} <= {access for _energy, access in units}
    shown = VacancyPhoto.objects.filter(vacancy__state=VacancyState.PUBLISHED)
    assert shown.count() >= 2
    assert all(photo.alt_text for photo in shown)
    photo = shown.first()
    # The demo of these tests keeps its files in the database's storage (see conftest).
    with (
        use_database_storage(),
        file_storage().open(photos.name_of(photo.stored_name, "small"), "rb") as handle,
    ):
        assert max(Image.open(handle).size) == photos.SMALL


def test_the_demo_shows_each_state_of_an_objection(demo) -> None:
    from voorrang.objections.models import Objection

    objections = list(Objection.objects.all())
    assert sorted(o.state for o in objections) == ["lodged", "rejected", "upheld"]
    for objection in objections:
        if objection.state != "lodged":
            assert objection.decided_by not in (None, objection.registered_by)
            assert objection.decision_reasons
    assert any(o.registered_by for o in objections)  # one came by post


def test_a_tenant_of_the_track_waits_for_the_end_of_the_account(demo) -> None:
    """Staff's screen of requests to end an account shows a tenant in follow-up with a story:
    what is kept, why and until when."""
    from voorrang.portal.account_end import Fate, account_end_summary
    from voorrang.portal.models import AccountEndRequest, EndRequestStatus

    request = AccountEndRequest.objects.get(user__username="seeker-leaving")
    assert request.status == EndRequestStatus.PENDING
    summary = {entry.key: entry.fate for entry in account_end_summary(seeker=request.seeker)}
    assert summary["lettings"] == Fate.KEPT
    assert summary["track"] == Fate.ENDED
    assert summary["stories"] == Fate.DEIDENTIFIED
