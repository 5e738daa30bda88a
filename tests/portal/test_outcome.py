"""After the ranking: position, exclusion reasons, the offer, published results, chances,
and the emails on each change."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.allocation.flow import let, published, ranked
from tests.factories import StaffFactory, UnitFactory
from tests.portal.helpers import seeker_with_account
from voorrang.allocation import services
from voorrang.allocation.models import Offer
from voorrang.allocation.states import OfferState
from voorrang.errors import NotAllowed
from voorrang.notifications.emails import send_pending
from voorrang.portal.models import AccountEndRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def scene(staff, django_capture_on_commit_callbacks):
    """Three responders: two ranked (first is 'anna'), one excluded for income."""
    vacancy = published(staff, unit=UnitFactory(rooms=3))
    anna, anna_s = seeker_with_account("anna@example.org", registered_on=dt.date(2010, 1, 1))
    bert, bert_s = seeker_with_account("bert@example.org", registered_on=dt.date(2015, 1, 1))
    rich, rich_s = seeker_with_account("rich@example.org", income=Decimal("90000"))
    with django_capture_on_commit_callbacks(execute=True):
        ranked(staff, vacancy, [anna_s, bert_s, rich_s])
    send_pending()  # the positions go out in a batch, as `send_notifications` sends them
    return vacancy, {"anna": anna, "bert": bert, "rich": rich}


def test_position_and_exclusion_are_shown_in_plain_words(client: Client, scene) -> None:
    vacancy, users = scene
    client.force_login(users["bert"])
    html = client.get("/my/responses/").content.decode()
    assert "You are number 2 of 2." in html
    assert "in the usual order" in html

    client.force_login(users["rich"])
    html = client.get(f"/homes/{vacancy.reference}/").content.decode()
    assert "You were not put in the order" in html
    assert "Your household income is too high for social rent." in html

    subjects = {
        m.to[0]: m.subject for m in mail.outbox if "order" in m.subject or "result" in m.subject
    }
    assert "Your place in the order" in subjects["anna@example.org"]
    assert "number 1 of 2" in next(
        m.body for m in mail.outbox if m.to == ["anna@example.org"] and "place" in m.subject
    )
    assert "The result of your response" in subjects["rich@example.org"]


def test_accept_an_offer_and_see_the_published_result(
    client: Client, scene, staff, django_capture_on_commit_callbacks
) -> None:
    vacancy, users = scene
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    send_pending()  # the offer's email waits in the queue for the worker
    assert "We offer you the home" in mail.outbox[-1].subject
    assert f"/my/offers/{offer.pk}/" in mail.outbox[-1].body

    client.force_login(users["bert"])  # not theirs
    assert client.get(f"/my/offers/{offer.pk}/").status_code == 404

    client.force_login(users["anna"])
    page = client.get(f"/my/offers/{offer.pk}/").content.decode()
    assert "Say yes or no before" in page
    accepted = client.post(f"/my/offers/{offer.pk}/", {"action": "accept"}, follow=True)
    assert "You said yes." in accepted.content.decode()
    offer.refresh_from_db()
    assert offer.state == OfferState.ACCEPTED
    # A second click on the stale page changes nothing and says so.
    again = client.post(f"/my/offers/{offer.pk}/", {"action": "accept"}, follow=True)
    assert "You have answered this offer already." in again.content.decode()
    # The result is published when the contract is signed, after the checks.
    assert vacancy.reference not in Client().get("/results/").content.decode()
    allocation = offer.allocation
    services.record_checks(actor=staff, allocation=allocation, passed=True)
    services.sign_contract(
        actor=staff, allocation=allocation, starts_on=allocation.accepted_on, rent=vacancy.rent
    )

    results = Client().get("/results/").content.decode()
    assert vacancy.reference in results
    assert vacancy.seed in results and vacancy.seed_hash in results
    for name in ("Naam", "Testpersoon", "anna@example.org"):
        assert name not in results


def test_refuse_with_a_reason(
    client: Client, scene, staff, django_capture_on_commit_callbacks
) -> None:
    vacancy, users = scene
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    client.force_login(users["anna"])

    missing = client.post(
        f"/my/offers/{offer.pk}/", {"action": "refuse", "refusal_reason": "other"}
    )
    assert missing.status_code == 400
    assert 'href="#id_refusal_text"' in missing.content.decode()

    refused = client.post(
        f"/my/offers/{offer.pk}/",
        {"action": "refuse", "refusal_reason": "size", "refusal_text": ""},
        follow=True,
    )
    send_pending()
    assert "You said no." in refused.content.decode()
    offer.refresh_from_db()
    assert (offer.state, offer.refusal_reason) == (OfferState.REFUSED, "size")
    subjects = [m.subject for m in mail.outbox[-2:]]
    assert any("You said no" in s for s in subjects)
    assert any("We offer you the home" in s for s in subjects)  # to bert, the next
    assert Offer.objects.get(state=OfferState.OPEN).seeker.user == users["bert"]


def test_expiry_and_withdrawal_send_emails(
    scene, staff, django_capture_on_commit_callbacks
) -> None:
    vacancy, _users = scene
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    services.expire_due_offers(now=offer.deadline + dt.timedelta(minutes=1))
    send_pending()
    assert any("has ended" in m.subject and m.to == ["anna@example.org"] for m in mail.outbox)

    other = published(staff)
    _, seeker = seeker_with_account("carla@example.org")
    services.respond(actor=None, vacancy=other, seeker=seeker)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_vacancy(actor=staff, vacancy=other, reason="water damage")
    # The withdrawal; the receipt of the response, no longer true when sent, is left out.
    assert send_pending() == 1
    assert "no longer offered" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == ["carla@example.org"]


def test_a_rolled_back_change_sends_nothing(staff, django_capture_on_commit_callbacks) -> None:
    vacancy = published(staff)
    _, seeker = seeker_with_account()
    with django_capture_on_commit_callbacks(execute=True):
        services.respond(actor=None, vacancy=vacancy, seeker=seeker)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotAllowed):
        services.respond(actor=None, vacancy=vacancy, seeker=seeker)  # already responded
    assert len(mail.outbox) == sent


def test_chances_compare_with_comparable_homes(client: Client, scene, staff) -> None:
    vacancy, _users = scene
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    let(staff, offer)
    new = published(staff, unit=UnitFactory(rooms=3))
    late, _ = seeker_with_account("late@example.org", registered_on=timezone.localdate())
    client.force_login(late)
    html = client.get(f"/homes/{new.reference}/").content.decode()
    assert "In the last 12 months 1 comparable home was let" in html
    assert "Your registration time on the closing date: 0 months." in html
    assert "Every new tenant of these homes had been registered longer than you." in html


def _let(staff, registered: list[dt.date], rooms: int = 3, ordering: str = "registration"):
    """A comparable home let to the first of seekers registered on the given dates."""
    vacancy = published(staff, unit=UnitFactory(rooms=rooms), ordering=ordering)
    seekers = [
        seeker_with_account(f"w{d.isoformat()}-{i}@example.org", registered_on=d)[1]
        for i, d in enumerate(registered)
    ]
    ranked(staff, vacancy, seekers)
    let(staff, services.offer_next(actor=staff, vacancy=vacancy))
    return vacancy


def test_chances_show_the_winning_registration_times_and_where_the_seeker_stands(
    client: Client, staff
) -> None:
    today = timezone.localdate()
    for years in (4, 8, 12):
        _let(staff, [today.replace(year=today.year - years)])
    _let(staff, [today.replace(year=today.year - 20)], rooms=6)  # not comparable: too big
    _let(staff, [dt.date(2015, 1, 1), dt.date(2016, 1, 1)], ordering="lottery")
    _let(staff, [dt.date(2017, 1, 1)] * 1, ordering="lottery")
    new = published(staff, unit=UnitFactory(rooms=3))
    years_ago = today.replace(year=today.year - 10)
    user, _ = seeker_with_account("middle@example.org", registered_on=years_ago)
    client.force_login(user)
    html = " ".join(client.get(f"/homes/{new.reference}/").content.decode().split())
    assert "In the last 12 months 5 comparable homes were let" in html
    assert (
        "3 homes were let by registration time. The new tenants had been registered for "
        "between 4 years and 12 years. Half of them had been registered longer than 8 years."
        in html
    )
    assert "Your registration time on the closing date: 10 years." in html
    assert (
        "3 homes were let by registration time. In 2 of them, the new tenant had been "
        "registered shorter than you are now." in html
    )
    assert "2 homes were let by lottery. Between 1 and 2 people took part, on average 2." in html
    assert (
        "In a lottery, chance decides who gets the home. Registration time does not count" in html
    )

    longest, _ = seeker_with_account("long@example.org", registered_on=dt.date(1990, 1, 1))
    client.force_login(longest)
    html = " ".join(client.get(f"/homes/{new.reference}/").content.decode().split())
    assert "That is longer than every new tenant of these homes." in html

    # A visitor who is not logged in sees the lettings, without a comparison.
    Client().get(f"/homes/{new.reference}/")
    anonymous = " ".join(Client().get(f"/homes/{new.reference}/").content.decode().split())
    assert "3 homes were let by registration time." in anonymous
    assert "Your registration time" not in anonymous


def test_download_everything_and_ask_to_end_the_account(client: Client, scene) -> None:
    vacancy, users = scene
    client.force_login(users["anna"])
    assert client.get("/my/data/").status_code == 200
    response = client.post("/my/data/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "anna@example.org"
    assert data["registration"]["household"][0]["last_name"] == "Testpersoon"
    assert data["responses"][0]["vacancy"] == vacancy.reference
    assert data["rankings"][0]["position"] == 1
    assert any(
        e["action"] == "seeker.registered" or e["action"] == "response.created"
        for e in data["history"]
    )
    assert "bert@example.org" not in response.content.decode()

    missing = client.post("/my/end/", {"reason": ""})
    assert missing.status_code == 200 and 'href="#id_confirm"' in missing.content.decode()
    done = client.post("/my/end/", {"reason": "found a home", "confirm": "on"}, follow=True)
    assert "We have received your request." in done.content.decode()
    assert "you asked for this on" in done.content.decode()  # My page says it is waiting
    twice = client.post("/my/end/", {"reason": "", "confirm": "on"}, follow=True)
    assert "You have asked for this already." in twice.content.decode()
    request = AccountEndRequest.objects.get()
    assert request.status == "pending" and request.seeker.user == users["anna"]


def test_the_seeker_sees_each_step_of_the_offer_with_its_date(client: Client, scene, staff) -> None:
    vacancy, users = scene
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    client.force_login(users["anna"])
    page = client.get(f"/my/offers/{offer.pk}/").content.decode()
    assert "not planned yet" in page and "after you say yes" in page

    viewing = timezone.localtime(offer.deadline - dt.timedelta(hours=5))
    services.plan_viewing(actor=staff, offer=offer, viewing_at=viewing)
    services.record_viewing(actor=staff, offer=offer, outcome="attended")
    page = client.get(f"/my/offers/{offer.pk}/").content.decode()
    assert f"on {viewing.day} " in page and "You came to see the home." in page
    assert "Say yes or no before" in page  # still to answer, after the viewing

    client.post(f"/my/offers/{offer.pk}/", {"action": "accept"})
    page = client.get(f"/my/offers/{offer.pk}/").content.decode()
    assert "we are checking them now" in page

    allocation = Offer.objects.get(pk=offer.pk).allocation
    today = timezone.localdate()
    services.record_checks(actor=staff, allocation=allocation, passed=True, checked_on=today)
    services.sign_contract(
        actor=staff,
        allocation=allocation,
        starts_on=dt.date(today.year + 1, 2, 1),
        rent=Decimal("654.32"),
        signed_on=today,
    )
    services.hand_over_keys(
        actor=staff, allocation=allocation, handed_on=dt.date(today.year + 1, 2, 1)
    )
    page = client.get(f"/my/offers/{offer.pk}/").content.decode()
    assert "approved on" in page
    assert "654.32" in page or "654,32" in page
    assert f"you got the keys on 1 February {today.year + 1}" in page
    assert "Welcome to your new home!" in page
