"""The reference lists of the stories: domains of change, reporting periods and themes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.errors import InvalidChange
from voorrang.stories.models import Domain, ReportingPeriod, Theme
from voorrang.text_limits import required_text


@transaction.atomic
def create_domain(*, actor: Any, name: str, description: str = "", position: int = 0) -> Domain:
    name = required_text(name, "name", _("Give the domain a name."))
    if Domain.objects.filter(name__iexact=name).exists():
        raise InvalidChange(_("A domain with this name exists already."), field="name")
    domain = Domain.objects.create(name=name, description=description.strip(), position=position)
    record(actor=actor, action="stories.domain_created", obj=domain, after={"name": name})
    return domain


@transaction.atomic
def create_period(*, actor: Any, name: str, starts_on: date, ends_on: date) -> ReportingPeriod:
    name = required_text(name, "name", _("Give the reporting period a name."))
    if ends_on < starts_on:
        raise InvalidChange(_("The period cannot end before it starts."), field="ends_on")
    if ReportingPeriod.objects.filter(name__iexact=name).exists():
        raise InvalidChange(_("A reporting period with this name exists already."), field="name")
    overlap = ReportingPeriod.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
    if overlap is not None:
        raise InvalidChange(
            _("This period overlaps with %(other)s: a story belongs to one period.")
            % {"other": overlap.name},
            field="starts_on",
        )
    period = ReportingPeriod.objects.create(name=name, starts_on=starts_on, ends_on=ends_on)
    record(
        actor=actor,
        action="stories.period_created",
        obj=period,
        after={"name": name, "starts_on": starts_on, "ends_on": ends_on},
    )
    return period


@transaction.atomic
def create_theme(*, actor: Any, name: str, description: str = "") -> Theme:
    name = required_text(name, "name", _("Give the theme a name."))
    if Theme.objects.filter(name__iexact=name).exists():
        raise InvalidChange(_("A theme with this name exists already."), field="name")
    theme = Theme.objects.create(name=name, description=description.strip())
    record(actor=actor, action="stories.theme_created", obj=theme, after={"name": name})
    return theme
