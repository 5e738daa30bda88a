"""The commitment agreement made with an approved seeker: the activities, the hours a month,
the coordinator and the period."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorrang.commitments.models import (
    Application,
    BuildingNeed,
    CommitmentAgreement,
    CoordinatorMembership,
    StatusPeriod,
)
from voorrang.commitments.services._shared import _audit, _locked
from voorrang.commitments.services.application import MAX_HOURS_PER_MONTH
from voorrang.commitments.services.letting import follow_up_of_new_agreement
from voorrang.commitments.states import ApplicationStatus, FollowUpStatus
from voorrang.errors import InvalidChange, NotAllowed

DEFAULT_DURATION_MONTHS = 24


@transaction.atomic
def make_agreement(
    *,
    actor: Any,
    application: Application,
    activities: Iterable[BuildingNeed],
    hours_per_month: int,
    coordinator: Any,
    starts_on: date,
    signed_on: date,
    duration_months: int = DEFAULT_DURATION_MONTHS,
) -> CommitmentAgreement:
    application = _locked(application)
    if application.status != ApplicationStatus.APPROVED:
        raise NotAllowed(
            _("An agreement is made with an approved seeker only."), code="application_state"
        )
    if CommitmentAgreement.objects.filter(application=application).exists():
        raise NotAllowed(_("This application has an agreement already."), code="has_agreement")
    activities = list(activities)
    if not activities:
        raise InvalidChange(_("Choose at least one activity."), field="activities")
    if any(a.building_id != application.building_id or not a.active for a in activities):
        raise InvalidChange(
            _("Choose activities from this building's catalogue."), field="activities"
        )
    if not 1 <= int(hours_per_month) <= MAX_HOURS_PER_MONTH:
        raise InvalidChange(
            _("Give a number of hours from 1 to %(max)s.") % {"max": MAX_HOURS_PER_MONTH},
            field="hours_per_month",
        )
    if int(duration_months) < 1:
        raise InvalidChange(_("The duration is at least one month."), field="duration_months")
    if signed_on > timezone.localdate():
        raise InvalidChange(_("The signing date cannot be in the future."), field="signed_on")
    if (
        coordinator is not None
        and not CoordinatorMembership.objects.filter(
            organisation=application.organisation, user=coordinator
        ).exists()
    ):
        raise InvalidChange(
            _("The coordinator must work for this organisation."), field="coordinator"
        )
    agreement = CommitmentAgreement.objects.create(
        application=application,
        hours_per_month=int(hours_per_month),
        duration_months=int(duration_months),
        coordinator=coordinator,
        starts_on=starts_on,
        signed_on=signed_on,
    )
    agreement.activities.set(activities)
    # Signed before any home is let, the agreement waits: it becomes active at the tenancy's
    # start of a home let through the commitment tier in the building (services.letting).
    StatusPeriod.objects.create(
        agreement=agreement, status=FollowUpStatus.WAITING, starts_on=starts_on
    )
    _audit(
        actor,
        "track.agreement_signed",
        application,
        None,
        {
            "hours_per_month": agreement.hours_per_month,
            "duration_months": agreement.duration_months,
            "activities": sorted(a.name for a in activities),
            "starts_on": starts_on.isoformat(),
            "status": agreement.status,
        },
    )
    follow_up_of_new_agreement(actor=actor, agreement=agreement)
    agreement.refresh_from_db()
    return agreement
