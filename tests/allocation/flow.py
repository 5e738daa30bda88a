"""Steps of the allocation workflow that many tests share."""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from django.utils import timezone

from voorrang.allocation import services
from voorrang.allocation.models import Allocation, Offer, Vacancy


def published(actor, published_on: dt.date | None = None, **fields) -> Vacancy:
    from tests.factories import VacancyFactory

    vacancy = VacancyFactory(**fields)
    return services.publish_vacancy(actor=actor, vacancy=vacancy, published_on=published_on)


def ranked(actor, vacancy: Vacancy, seekers) -> Vacancy:
    """Respond with each seeker, close the day after the closing date and rank."""
    for seeker in seekers:
        services.respond(actor=actor, vacancy=vacancy, seeker=seeker)
    services.close_vacancy(
        actor=actor, vacancy=vacancy, today=vacancy.closes_on + dt.timedelta(days=1)
    )
    services.rank_vacancy(actor=actor, vacancy=vacancy)
    vacancy.refresh_from_db()
    return vacancy


def let(actor, offer: Offer, now: datetime | None = None) -> Allocation:
    """Accept the offer, pass the checks and sign the contract on the day of the acceptance:
    the home is let."""
    allocation = services.accept_offer(actor=actor, offer=offer, now=now)
    day = timezone.localdate(now) if now is not None else timezone.localdate()
    services.record_checks(actor=actor, allocation=allocation, passed=True, checked_on=day)
    return services.sign_contract(
        actor=actor,
        allocation=allocation,
        starts_on=day,
        rent=allocation.vacancy.rent,
        signed_on=day,
    )
