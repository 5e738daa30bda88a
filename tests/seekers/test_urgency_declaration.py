"""An urgency declaration: one staff member records it, another confirms it; only a confirmed
declaration counts in a ranking, and only on the days it is valid."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory, StaffFactory
from voorrang.allocation.models import Ranking
from voorrang.audit.selectors import trail
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.seekers import services
from voorrang.seekers.models import (
    ALLOWED_URGENCY_CHANGES,
    URGENCY_MACHINE,
    UrgencyDeclaration,
    UrgencyStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are read in the source language (their Dutch is tested with the pages)."""
    with translation.override("en"):
        yield


PDF = b"%PDF-1.4\n% a declaration\n"


def propose(actor, seeker, **fields) -> UrgencyDeclaration:
    today = timezone.localdate()
    return services.propose_urgency(
        actor=actor,
        seeker=seeker,
        **{
            "kind": "medical",
            "valid_from": today - dt.timedelta(days=30),
            "valid_until": today + dt.timedelta(days=335),
            "issued_by": "Urgentiecommissie regio Utrecht",
            "note": "Verklaring van de huisarts",
            **fields,
        },
    )


def tier_in_a_ranking(seeker) -> str:
    """The seeker's tier when a vacancy closing in a week is ranked."""
    staff = StaffFactory()
    vacancy = ranked(staff, published(staff), [seeker])
    return Ranking.objects.get(vacancy=vacancy).entries.get().tier


def test_a_proposed_declaration_waits_for_a_second_staff_member_and_does_not_count() -> None:
    clerk, colleague = StaffFactory(), StaffFactory()
    seeker = SeekerFactory()
    declaration = propose(clerk, seeker)
    assert declaration.status == UrgencyStatus.PROPOSED
    assert tier_in_a_ranking(seeker) == "regular"

    with pytest.raises(NotAllowed) as refused:
        services.confirm_urgency(actor=clerk, declaration=declaration)
    assert "another staff member" in str(refused.value.message)
    declaration.refresh_from_db()
    assert declaration.status == UrgencyStatus.PROPOSED

    services.confirm_urgency(actor=colleague, declaration=declaration)
    declaration.refresh_from_db()
    assert declaration.status == UrgencyStatus.CONFIRMED
    assert declaration.decided_by == colleague
    actions = [(e.action, e.actor) for e in trail(seeker)]
    assert ("seeker.urgency_proposed", clerk) in actions
    assert ("seeker.urgency_confirmed", colleague) in actions


def test_a_confirmed_declaration_counts_in_the_ranking() -> None:
    seeker = SeekerFactory()
    declaration = propose(StaffFactory(), seeker)
    services.confirm_urgency(actor=StaffFactory(), declaration=declaration)
    assert tier_in_a_ranking(seeker) == "urgency"


def test_the_proposer_cannot_reject_their_own_either_and_a_rejection_needs_a_reason() -> None:
    clerk, colleague = StaffFactory(), StaffFactory()
    seeker = SeekerFactory()
    declaration = propose(clerk, seeker)
    with pytest.raises(NotAllowed):
        services.reject_urgency(actor=clerk, declaration=declaration, reason="mistake")
    with pytest.raises(InvalidChange) as empty:
        services.reject_urgency(actor=colleague, declaration=declaration, reason="  ")
    assert empty.value.field == "reason"
    services.reject_urgency(
        actor=colleague, declaration=declaration, reason="The letter is not signed."
    )
    declaration.refresh_from_db()
    assert declaration.status == UrgencyStatus.REJECTED
    assert declaration.rejection_reason == "The letter is not signed."
    assert tier_in_a_ranking(seeker) == "regular"
    # Decided already: confirming the rejected one is refused by the state machine.
    with pytest.raises(NotAllowed) as refused:
        services.confirm_urgency(actor=colleague, declaration=declaration)
    assert refused.value.code == "urgency_state"


def test_the_database_refuses_a_self_confirmed_declaration() -> None:
    clerk = StaffFactory()
    declaration = propose(clerk, SeekerFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        UrgencyDeclaration.objects.filter(pk=declaration.pk).update(decided_by=clerk)


def test_a_declaration_ends_by_itself_after_its_last_day() -> None:
    seeker = SeekerFactory()
    today = timezone.localdate()
    # Valid until three days from now; the vacancy closes in a week.
    declaration = propose(StaffFactory(), seeker, valid_until=today + dt.timedelta(days=3))
    services.confirm_urgency(actor=StaffFactory(), declaration=declaration)
    assert tier_in_a_ranking(seeker) == "regular"


def test_a_declaration_past_its_last_day_cannot_be_ended_again() -> None:
    seeker = SeekerFactory()
    declaration = propose(
        StaffFactory(),
        seeker,
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2021, 1, 1),
    )
    services.confirm_urgency(actor=StaffFactory(), declaration=declaration)
    with pytest.raises(NotAllowed) as refused:
        services.end_urgency(actor=StaffFactory(), declaration=declaration, reason="moved")
    assert "ended by itself" in str(refused.value.message)


def test_staff_end_a_declaration_early_with_a_reason() -> None:
    seeker = SeekerFactory()
    declaration = propose(StaffFactory(), seeker)
    services.confirm_urgency(actor=StaffFactory(), declaration=declaration)
    clerk = StaffFactory()
    with pytest.raises(InvalidChange) as empty:
        services.end_urgency(actor=clerk, declaration=declaration, reason="")
    assert empty.value.field == "reason"
    services.end_urgency(actor=clerk, declaration=declaration, reason="Found a home elsewhere.")
    declaration.refresh_from_db()
    assert declaration.status == UrgencyStatus.ENDED
    assert declaration.ended_on == timezone.localdate()
    assert declaration.last_counting_day == timezone.localdate() - dt.timedelta(days=1)
    assert tier_in_a_ranking(seeker) == "regular"
    assert ("seeker.urgency_ended", clerk) in [(e.action, e.actor) for e in trail(seeker)]


def test_an_early_end_keeps_the_days_before_it_for_a_vacancy_that_closed_then() -> None:
    from voorrang.seekers.selectors import counting_urgencies

    seeker = SeekerFactory()
    declaration = propose(StaffFactory(), seeker)
    services.confirm_urgency(actor=StaffFactory(), declaration=declaration)
    services.end_urgency(actor=StaffFactory(), declaration=declaration, reason="moved")
    today = timezone.localdate()
    assert counting_urgencies(seeker.urgencies.all()) == [
        (seeker.pk, (declaration.valid_from, today - dt.timedelta(days=1)))
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"valid_until": dt.date(2019, 12, 31), "valid_from": dt.date(2020, 1, 1)}, "valid_until"),
        ({"valid_from": dt.date(1999, 1, 1)}, "valid_from"),
        ({"kind": "astrology"}, "kind"),
        ({"issued_by": " "}, "issued_by"),
        ({"issued_by": "x" * 201}, "issued_by"),
        ({"note": "x" * 2001}, "note"),
        ({"document": SimpleUploadedFile("a.pdf", b"not a pdf at all")}, "document"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(fields, field) -> None:
    seeker = SeekerFactory()
    with pytest.raises(InvalidChange) as refused:
        propose(StaffFactory(), seeker, **fields)
    assert refused.value.field == field
    assert not UrgencyDeclaration.objects.exists()
    assert not trail(seeker).exists()


def test_a_household_has_one_declaration_at_a_time() -> None:
    seeker = SeekerFactory()
    first = propose(
        StaffFactory(), seeker, valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2024, 12, 31)
    )
    with pytest.raises(InvalidChange) as refused:
        propose(
            StaffFactory(),
            seeker,
            valid_from=dt.date(2024, 12, 31),
            valid_until=dt.date(2025, 6, 30),
        )
    assert refused.value.field == "valid_from"
    assert "31 December 2024" in str(refused.value.message)
    # After it: allowed. A rejected one leaves its days free.
    propose(
        StaffFactory(), seeker, valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2025, 6, 30)
    )
    services.reject_urgency(actor=StaffFactory(), declaration=first, reason="wrong household")
    propose(StaffFactory(), seeker, valid_from=dt.date(2024, 2, 1), valid_until=dt.date(2024, 3, 1))


def test_the_document_is_kept_through_the_storage_api(storage_backend) -> None:
    seeker = SeekerFactory()
    declaration = propose(
        StaffFactory(), seeker, document=SimpleUploadedFile("verklaring.pdf", PDF)
    )
    name = declaration.document.name
    assert name.startswith("urgency/") and name.endswith(".pdf")
    assert "verklaring" not in name
    with default_storage.open(name) as stored:
        assert stored.read() == PDF


def test_only_an_active_registration_gets_a_declaration() -> None:
    seeker = SeekerFactory(status="housed")
    with pytest.raises(NotAllowed):
        propose(StaffFactory(), seeker)


def test_the_state_machine_allows_only_its_declared_changes() -> None:
    for old, allowed in ALLOWED_URGENCY_CHANGES.items():
        for new in UrgencyStatus.values:
            assert URGENCY_MACHINE.allows(old, new) == (new in allowed)
    assert not URGENCY_MACHINE.allows(UrgencyStatus.ENDED, UrgencyStatus.CONFIRMED)
    assert not URGENCY_MACHINE.allows(UrgencyStatus.REJECTED, UrgencyStatus.CONFIRMED)
