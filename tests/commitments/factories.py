"""Records of the targeted track, built through the services (so that they are what the
pages and commands meet in real use)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.factories import BuildingFactory, SeekerFactory
from tests.staff.accounts import account
from voorrang.commitments import services
from voorrang.commitments.consent import CONSENT_STATEMENTS
from voorrang.commitments.models import Application, CommitmentAgreement, WelfareOrganisation


def organisation(name: str = "Welzijn Zeist", building: Any = None) -> WelfareOrganisation:
    building = building or BuildingFactory()
    existing = WelfareOrganisation.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return services.create_organisation(actor=None, name=name, buildings=[building])


def coordinator(org: WelfareOrganisation, username: str = "coordinator"):
    user = account(username, "staff-welfare")
    user.first_name, user.last_name = "Samira", "Ouali"
    user.save()
    services.add_coordinator(actor=None, organisation=org, user=user)
    return user


def applied(org: WelfareOrganisation, seeker: Any = None, **overrides: Any) -> Application:
    building = org.buildings.first()
    data = {
        "motivation": "Koffieochtenden organiseren voor de buren.",
        "skills": "Koken, organiseren",
        "experience": "Vrijwilliger bij de voedselbank",
        "hours_per_month": 16,
        "available_from": timezone.localdate(),
        "consents": list(CONSENT_STATEMENTS),
        **overrides,
    }
    return services.submit_application(
        actor=None,
        seeker=seeker or SeekerFactory(email="zoeker@example.org"),
        building=building,
        **data,
    )


def scheduled(application: Application, actor: Any) -> Application:
    services.schedule_intake(
        actor=actor,
        application=application,
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="Buurthuis De Clomp",
    )
    application.refresh_from_db()
    return application


def held(application: Application, actor: Any) -> Application:
    scheduled(application, actor)
    services.record_intake(
        actor=actor,
        application=application,
        held_on=timezone.localdate(),
        notes="Gemotiveerd, wil graag koffieochtenden doen.",
    )
    application.refresh_from_db()
    return application


def assessed(application: Application, actor: Any, score: int = 4) -> Application:
    held(application, actor)
    scores = {c.pk: (score, "Goed onderbouwd") for c in application.organisation.criteria.all()}
    services.assess(actor=actor, application=application, scores=scores)
    return application


def approved(application: Application, actor: Any) -> Application:
    assessed(application, actor)
    services.decide(actor=actor, application=application, approve=True, reasons="Past goed.")
    application.refresh_from_db()
    return application


def declined(application: Application, actor: Any) -> Application:
    held(application, actor)
    services.decide(actor=actor, application=application, approve=False, reasons="Te weinig tijd.")
    application.refresh_from_db()
    return application


def agreed(
    application: Application, actor: Any, signed_on: dt.date | None = None
) -> CommitmentAgreement:
    approved(application, actor)
    signed_on = signed_on or timezone.localdate()
    needs = list(application.building.needs.all()[:2])
    return services.make_agreement(
        actor=actor,
        application=application,
        activities=needs,
        hours_per_month=16,
        coordinator=actor,
        starts_on=signed_on,
        signed_on=signed_on,
    )


def let_through_commitment(
    application: Application, *, starts_on: dt.date | None = None, seekers: Any = ()
) -> Any:
    """A targeted home in the application's building, let to its seeker through the
    commitment tier with the real allocation services: accepted, checked and signed on
    ``starts_on`` (today unless given), the tenancy starting that day. Returns the allocation."""
    allocation = let_home(
        application.seeker, building=application.building, targeted=True, starts_on=starts_on
    )
    assert allocation.via_commitment
    return allocation


def let_home(
    seeker: Any,
    *,
    building: Any = None,
    targeted: bool = False,
    starts_on: dt.date | None = None,
    signed_on: dt.date | None = None,
) -> Any:
    """A home (in ``building``, else a new one) let to ``seeker`` with the real allocation
    services, targeted or not: the acceptance and the checks on ``signed_on``, the contract
    signed then and starting on ``starts_on`` (both today unless given)."""
    from tests.allocation.flow import ranked
    from tests.factories import UnitFactory, VacancyFactory
    from voorrang.allocation import services as allocation

    staff = _letting_staff()
    start = starts_on or timezone.localdate()
    day = signed_on or min(start, timezone.localdate())
    unit = UnitFactory(building=building) if building is not None else UnitFactory()
    vacancy = allocation.publish_vacancy(
        actor=staff,
        vacancy=VacancyFactory(unit=unit),
        override_targeted=targeted,
        override_reason="Voor de test",
    )
    vacancy = ranked(staff, vacancy, [seeker])
    offer = allocation.offer_next(actor=staff, vacancy=vacancy)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    accepted = allocation.accept_offer(actor=staff, offer=offer, now=min(moment, timezone.now()))
    allocation.record_checks(actor=staff, allocation=accepted, passed=True, checked_on=day)
    return allocation.sign_contract(
        actor=staff, allocation=accepted, starts_on=start, rent=vacancy.rent, signed_on=day
    )


def _letting_staff() -> Any:
    from django.contrib.auth import get_user_model

    existing = get_user_model().objects.filter(username="verhuur-fabriek").first()
    return existing or account("verhuur-fabriek", "staff-allocation")


def moved_in(application: Application, actor: Any, days_ago: int = 100) -> CommitmentAgreement:
    """An agreement whose follow-up started by itself: a home in the building was let through
    the commitment tier, its tenancy starting ``days_ago`` days ago."""
    start = timezone.localdate() - dt.timedelta(days=days_ago)
    agreement = agreed(application, actor, signed_on=start - dt.timedelta(days=30))
    let_through_commitment(application, starts_on=start)
    agreement.refresh_from_db()
    return agreement
