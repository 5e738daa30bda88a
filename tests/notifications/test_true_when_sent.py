"""A waiting email is written when it is sent, from the state of that moment: what has stopped
being true is left out, and its batch records why (shown to the application manager)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.allocation.flow import let, published, ranked
from tests.factories import SeekerFactory, StaffFactory
from tests.staff.accounts import account, log_in
from voorrang.allocation import services
from voorrang.allocation.models import Vacancy
from voorrang.notifications.emails import send_pending
from voorrang.notifications.models import PendingBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


def _seekers(*names: str):
    # Registered in the order given: the first is number 1 in the usual order.
    return [
        SeekerFactory(
            email=f"{name}@example.org", language="en", registered_on=dt.date(2001 + i, 1, 1)
        )
        for i, name in enumerate(names)
    ]


def _send_receipts() -> None:
    """Send what waits now (the receipts of the responses), so that a test sees only the
    batch it is about."""
    send_pending()
    mail.outbox.clear()


def _ranked(staff, *names: str, also=()) -> tuple[Vacancy, list]:
    seekers = _seekers(*names)
    vacancy = published(staff)
    for seeker in [*seekers, *also]:
        services.respond(actor=staff, vacancy=vacancy, seeker=seeker)
    _send_receipts()
    services.close_vacancy(
        actor=staff, vacancy=vacancy, today=vacancy.closes_on + dt.timedelta(days=1)
    )
    services.rank_vacancy(actor=staff, vacancy=vacancy)
    vacancy.refresh_from_db()
    return vacancy, seekers


def _positions() -> dict[str, str]:
    return {m.to[0]: m.body for m in mail.outbox if "Your place in the order" in m.subject}


def _only_positions_wait() -> None:
    """The offers' own emails (offer, refusal, expiry) wait in their batches too: count them
    as sent, so that a test sees only the batch it is about."""
    offers = ["offer_made", "offer_expired", "refusal_recorded"]
    PendingBatch.objects.filter(event__in=offers, sent_at__isnull=True).update(
        sent_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )


def _batch(event: str) -> PendingBatch:
    return PendingBatch.objects.filter(event=event).latest("pk")


def test_positions_sent_right_after_the_ranking_reach_every_candidate(staff) -> None:
    _ranked(staff, "anna", "bert")
    assert send_pending() == 2
    positions = _positions()
    assert "You are number 1 of 2." in positions["anna@example.org"]
    assert "You are number 2 of 2." in positions["bert@example.org"]
    assert _batch("position_known").not_sent == {}


def test_no_position_is_sent_once_the_home_is_let(staff) -> None:
    """As a seeker saw it: the positions went out late, after number 1 had said no and the
    home was let to number 2, and number 1 read "you are number 1 ... if it is your turn"."""
    vacancy, _ = _ranked(staff, "anna", "bert")
    first = services.offer_next(actor=staff, vacancy=vacancy)
    second = services.refuse_offer(actor=staff, offer=first, reason="size")
    let(staff, second)
    _only_positions_wait()
    mail.outbox.clear()

    assert send_pending() == 0
    assert mail.outbox == []
    assert _batch("position_known").not_sent == {"vacancy_let": 2}


def test_an_excluded_candidate_still_hears_it_after_the_home_is_let(staff) -> None:
    rich = SeekerFactory(email="rich@example.org", language="en", income=Decimal("90000"))
    vacancy, _ = _ranked(staff, "anna", also=[rich])
    let(staff, services.offer_next(actor=staff, vacancy=vacancy))
    _only_positions_wait()
    mail.outbox.clear()

    assert send_pending() == 1
    assert mail.outbox[0].to == ["rich@example.org"]
    assert "The result of your response" in mail.outbox[0].subject
    assert _batch("position_known").not_sent == {"vacancy_let": 1}


def test_a_second_ranking_overtakes_the_emails_of_the_first(staff) -> None:
    vacancy, _ = _ranked(staff, "anna", "bert")
    first = _batch("position_known")
    services.rank_vacancy(actor=staff, vacancy=vacancy, reason="income corrected")

    assert send_pending() == 2
    first.refresh_from_db()
    assert first.not_sent == {"ranking_replaced": 2}
    assert _batch("position_known").sent == 2


def test_while_offering_only_who_had_an_offer_is_left_out(staff) -> None:
    vacancy, _ = _ranked(staff, "anna", "bert", "carla")
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    services.refuse_offer(actor=staff, offer=offer, reason="size")  # bert's offer is open now
    _only_positions_wait()
    mail.outbox.clear()

    assert send_pending() == 1
    # An offer to bert does not make carla's position untrue: her turn may still come.
    assert list(_positions()) == ["carla@example.org"]
    assert "You are number 3 of 3." in _positions()["carla@example.org"]
    assert _batch("position_known").not_sent == {"had_offer": 2}


def test_a_candidate_housed_elsewhere_meanwhile_gets_no_position(staff) -> None:
    _, (_anna, bert) = _ranked(staff, "anna", "bert")
    positions = _batch("position_known")
    elsewhere = published(staff)
    ranked(staff, elsewhere, [bert])
    let(staff, services.offer_next(actor=staff, vacancy=elsewhere))
    # Only the first vacancy's positions are left to send.
    PendingBatch.objects.exclude(pk=positions.pk).update(sent_at=positions.created_at)
    mail.outbox.clear()

    assert send_pending() == 1
    assert list(_positions()) == ["anna@example.org"]
    positions.refresh_from_db()
    assert positions.not_sent == {"seeker_not_active": 1}


def test_positions_of_a_withdrawn_vacancy_give_way_to_the_withdrawal(staff) -> None:
    vacancy, _ = _ranked(staff, "anna", "bert")
    services.withdraw_vacancy(actor=staff, vacancy=vacancy, reason="water damage")

    assert send_pending() == 2
    assert all("is no longer offered" in m.subject for m in mail.outbox)
    assert _batch("position_known").not_sent == {"vacancy_withdrawn": 2}
    assert _batch("vacancy_withdrawn").sent == 2


@pytest.mark.parametrize(
    ("step", "reason"),
    [
        ("withdraw the response", "response_withdrawn"),
        ("withdraw the vacancy", "vacancy_withdrawn"),
        ("rank", "vacancy_ranked"),
        ("let", "vacancy_let"),
    ],
)
def test_a_receipt_is_left_out_when_the_response_moved_on(staff, step: str, reason: str) -> None:
    (anna,) = _seekers("anna")
    vacancy = published(staff)
    response = services.respond(actor=staff, vacancy=vacancy, seeker=anna)
    if step == "withdraw the response":
        services.withdraw_response(actor=None, response=response)
    elif step == "withdraw the vacancy":
        services.withdraw_vacancy(actor=staff, vacancy=vacancy, reason="water damage")
    else:
        services.close_vacancy(
            actor=staff, vacancy=vacancy, today=vacancy.closes_on + dt.timedelta(days=1)
        )
        services.rank_vacancy(actor=staff, vacancy=vacancy)
        if step == "let":
            let(staff, services.offer_next(actor=staff, vacancy=vacancy))
    _only_positions_wait()
    mail.outbox.clear()

    send_pending()
    assert not any("We received your response" in m.subject for m in mail.outbox)
    assert _batch("response_received").not_sent == {reason: 1}


def test_a_receipt_still_goes_out_after_closing(staff) -> None:
    (anna,) = _seekers("anna")
    vacancy = published(staff)
    services.respond(actor=staff, vacancy=vacancy, seeker=anna)
    services.close_vacancy(
        actor=staff, vacancy=vacancy, today=vacancy.closes_on + dt.timedelta(days=1)
    )

    assert send_pending() == 1
    assert "We received your response" in mail.outbox[0].subject


def test_a_seeker_without_an_address_is_counted_as_left_out(staff) -> None:
    vacancy = published(staff)
    services.respond(actor=staff, vacancy=vacancy, seeker=SeekerFactory(email=""))

    assert send_pending() == 0
    assert _batch("response_received").not_sent == {"no_address": 1}


def test_the_application_manager_sees_why_emails_were_left_out(staff, settings) -> None:
    settings.LANGUAGE_CODE = "en"
    vacancy, _ = _ranked(staff, "anna", "bert")
    services.withdraw_vacancy(actor=staff, vacancy=vacancy, reason="water damage")
    send_pending()
    batch = _batch("position_known")

    client = Client()
    manager = account("beheer", "admin", superuser=True)
    manager.is_staff = True
    manager.save()
    log_in(client, manager)
    listing = client.get(reverse("admin:notifications_pendingbatch_changelist"))
    assert listing.status_code == 200
    assert "the vacancy was withdrawn: 2" in listing.content.decode()
    page = client.get(reverse("admin:notifications_pendingbatch_change", args=[batch.pk]))
    assert page.status_code == 200
    assert "the vacancy was withdrawn: 2" in page.content.decode()
