"""Steps of the allocation workflow that many tests share."""

from __future__ import annotations

import datetime as dt

from voorrang.allocation import services
from voorrang.allocation.models import Vacancy


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
