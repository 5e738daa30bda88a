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


def agreed(application: Application, actor: Any) -> CommitmentAgreement:
    approved(application, actor)
    needs = list(application.building.needs.all()[:2])
    return services.make_agreement(
        actor=actor,
        application=application,
        activities=needs,
        hours_per_month=16,
        coordinator=actor,
        starts_on=timezone.localdate(),
        signed_on=timezone.localdate(),
    )


def moved_in(application: Application, actor: Any, days_ago: int = 100) -> CommitmentAgreement:
    agreement = agreed(application, actor)
    services.start_follow_up(
        actor=actor,
        agreement=agreement,
        moved_in_on=timezone.localdate() - dt.timedelta(days=days_ago),
    )
    agreement.refresh_from_db()
    return agreement
