"""One vacancy from publication to the published result, through the services."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from tests.allocation.flow import published, ranked
from tests.factories import CommitmentFactory, SeekerFactory, StaffFactory, UrgencyFactory
from voorrang.allocation import selectors, services
from voorrang.allocation.models import Allocation, PublishedResult, Ranking
from voorrang.allocation.states import OfferState, VacancyState
from voorrang.audit.models import AuditEvent
from voorrang.errors import NotAllowed
from voorrang.rules import lottery_number

pytestmark = pytest.mark.django_db


def test_from_publication_to_published_result() -> None:
    staff = StaffFactory()
    vacancy = published(staff)
    assert vacancy.state == VacancyState.PUBLISHED
    # Only the hash of the seed is known until the ranking.
    assert vacancy.seed_hash == hashlib.sha256(vacancy.seed.encode()).hexdigest()
    assert not vacancy.seed_revealed

    early = SeekerFactory(registered_on=dt.date(2009, 1, 1))
    late = SeekerFactory(registered_on=dt.date(2015, 1, 1))
    urgent = SeekerFactory(registered_on=dt.date(2020, 1, 1))
    UrgencyFactory(seeker=urgent)
    too_big = SeekerFactory(household=[dt.date(1980, 1, 1)] * 5)
    vacancy = ranked(staff, vacancy, [early, late, urgent, too_big])
    assert vacancy.state == VacancyState.RANKED and vacancy.seed_revealed

    ranking = Ranking.objects.get(vacancy=vacancy)
    entries = list(ranking.entries.order_by("position"))
    assert [(e.seeker, e.tier) for e in entries] == [
        (urgent, "urgency"),
        (early, "regular"),
        (late, "regular"),
    ]
    assert [(x.seeker, x.reasons) for x in ranking.exclusions.all()] == [
        (too_big, ["HOUSEHOLD_SIZE"])
    ]
    # Anyone can recompute the lottery numbers from the revealed seed.
    assert int(entries[0].lottery) == lottery_number(
        vacancy.seed, vacancy.reference, urgent.registration_number
    )

    offer = services.offer_next(actor=staff, vacancy=vacancy)
    assert offer.seeker == urgent and offer.state == OfferState.OPEN
    allocation = services.accept_offer(actor=staff, offer=offer)
    # Accepted is not let yet: the checks at offer and the contract come first.
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.OFFERING
    assert not PublishedResult.objects.filter(vacancy=vacancy).exists()
    services.record_checks(actor=staff, allocation=allocation, passed=True)
    allocation = services.sign_contract(
        actor=staff,
        allocation=allocation,
        starts_on=allocation.accepted_on,
        rent=vacancy.rent,
    )
    vacancy.refresh_from_db()
    urgent.refresh_from_db()
    assert vacancy.state == VacancyState.LET
    assert urgent.status == "housed"
    assert allocation == Allocation.objects.get(vacancy=vacancy)
    assert (allocation.tier, allocation.position) == ("urgency", 1)

    result = PublishedResult.objects.get(vacancy=vacancy)
    assert (result.responses, result.eligible, result.position, result.tier) == (4, 3, 1, "urgency")
    assert result.seed == vacancy.seed and result.seed_hash == vacancy.seed_hash
    # Registered on 1 January 2020: whole months since then, on the closing date.
    months = (vacancy.closes_on.year - 2020) * 12 + vacancy.closes_on.month - 1
    assert (result.registration_years, result.registration_months) == divmod(months, 12)

    actions = list(AuditEvent.objects.values_list("action", flat=True))
    for action in [
        "vacancy.published",
        "response.created",
        "vacancy.closed",
        "vacancy.ranked",
        "offer.made",
        "offer.accepted",
    ]:
        assert action in actions
    published_event = AuditEvent.objects.get(action="vacancy.published")
    assert published_event.after["seed_hash"] == vacancy.seed_hash
    assert vacancy.seed not in str(published_event.after)


def test_commitment_tier_on_a_targeted_vacancy() -> None:
    staff = StaffFactory()
    vacancy = published(staff)  # the first vacancy of the year in the L-flat: targeted
    assert vacancy.targeted
    volunteer = SeekerFactory(registered_on=dt.date(2022, 1, 1))
    CommitmentFactory(seeker=volunteer, building=vacancy.unit.building)
    veteran = SeekerFactory(registered_on=dt.date(2001, 1, 1))
    vacancy = ranked(staff, vacancy, [veteran, volunteer])
    tiers = list(vacancy.rankings.get().entries.order_by("position").values_list("seeker", "tier"))
    assert tiers == [(volunteer.pk, "commitment"), (veteran.pk, "regular")]


def test_a_unit_cannot_be_let_twice() -> None:
    staff = StaffFactory()
    vacancy = ranked(staff, published(staff), [SeekerFactory(), SeekerFactory()])
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    services.accept_offer(actor=staff, offer=offer)
    with pytest.raises(NotAllowed):
        services.accept_offer(actor=staff, offer=offer)
    with pytest.raises(NotAllowed):
        services.offer_next(actor=staff, vacancy=vacancy)
    assert Allocation.objects.filter(vacancy=vacancy).count() == 1


@pytest.mark.parametrize(
    ("registered_on", "on", "expected"),
    [
        (dt.date(2014, 6, 1), dt.date(2026, 3, 15), (11, 9)),
        (dt.date(2014, 6, 15), dt.date(2026, 3, 15), (11, 9)),
        (dt.date(2014, 6, 16), dt.date(2026, 3, 15), (11, 8)),
        (dt.date(2026, 3, 15), dt.date(2026, 3, 15), (0, 0)),
    ],
)
def test_registration_time_in_years_and_months(registered_on, on, expected) -> None:
    assert selectors.registration_time(registered_on, on) == expected
