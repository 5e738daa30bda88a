"""The welfare organisation, its rubric of criteria and the buildings' catalogues of needs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voorrang.commitments.models import (
    BuildingNeed,
    CoordinatorMembership,
    RubricCriterion,
    WelfareOrganisation,
)
from voorrang.commitments.rubric import DEFAULT_PASS_MARK, SCORES, default_anchors
from voorrang.commitments.services._shared import _audit
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.housing.models import Building
from voorrang.text_limits import check_length, required_text

DEFAULT_CRITERIA = (
    ("motivation", gettext_lazy("Motivation")),
    ("realism", gettext_lazy("Realism of the offer")),
    ("fit", gettext_lazy("Fit with what the building needs")),
    ("continuity", gettext_lazy("Continuity")),
)
DEFAULT_NEEDS = (
    gettext_lazy("Coffee mornings"),
    gettext_lazy("The green group"),
    gettext_lazy("Homework help"),
    gettext_lazy("Odd jobs"),
    gettext_lazy("Stairwell contact person"),
    gettext_lazy("Language buddy"),
)


@transaction.atomic
def create_organisation(
    *, actor: Any, name: str, buildings: Iterable[Building] = (), email: str = ""
) -> WelfareOrganisation:
    """A welfare organisation with the default rubric, working in ``buildings`` (each of which
    gets the default catalogue of needs when it has none)."""
    name = required_text(name, "name", _("Give the organisation's name."))
    if WelfareOrganisation.objects.filter(name=name).exists():
        raise InvalidChange(_("An organisation with this name exists already."), field="name")
    organisation = WelfareOrganisation.objects.create(name=name, email=email)
    # Stored data: in the installation's language, whatever the language of the request.
    with translation.override(settings.LANGUAGE_CODE):
        for position, (key, label) in enumerate(DEFAULT_CRITERIA):
            RubricCriterion.objects.create(
                organisation=organisation,
                key=key,
                label=str(label),
                anchors=default_anchors(key),
                pass_mark=DEFAULT_PASS_MARK,
                position=position,
            )
    for building in buildings:
        organisation.buildings.add(building)
        ensure_needs_catalogue(building)
    _audit(actor, "welfare.organisation_created", organisation, None, {"name": name})
    return organisation


def ensure_needs_catalogue(building: Building) -> None:
    """The default catalogue of needs for a building that has none yet."""
    if not building.needs.exists():
        with translation.override(settings.LANGUAGE_CODE):
            BuildingNeed.objects.bulk_create(
                BuildingNeed(building=building, name=str(name), position=i)
                for i, name in enumerate(DEFAULT_NEEDS)
            )


@transaction.atomic
def add_coordinator(*, actor: Any, organisation: WelfareOrganisation, user: Any) -> None:
    if not user.groups.filter(name="staff-welfare").exists():
        raise InvalidChange(
            _("A coordinator needs an account in the staff-welfare group."), field="user"
        )
    _membership, created = CoordinatorMembership.objects.get_or_create(
        organisation=organisation, user=user
    )
    if created:
        _audit(actor, "welfare.coordinator_added", organisation, None, {"user": user.pk})


@transaction.atomic
def add_criterion(
    *, actor: Any, organisation: WelfareOrganisation, label: str, guidance: str = ""
) -> RubricCriterion:
    label = required_text(label, "label", _("Give the criterion a name."))
    from django.utils.text import slugify

    key = slugify(label)[:40] or "criterion"
    base, n = key, 1
    while organisation.criteria.filter(key=key).exists():
        n += 1
        key = f"{base[:36]}-{n}"
    position = (
        organisation.criteria.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    with translation.override(settings.LANGUAGE_CODE):
        anchors = default_anchors(key)
    criterion = RubricCriterion.objects.create(
        organisation=organisation,
        key=key,
        label=label,
        guidance=guidance,
        anchors=anchors,
        pass_mark=DEFAULT_PASS_MARK,
        position=position,
    )
    _audit(actor, "welfare.criterion_added", organisation, None, {"criterion": key})
    return criterion


@transaction.atomic
def describe_criterion(
    *,
    actor: Any,
    criterion: RubricCriterion,
    anchors: list[str],
    pass_mark: int,
    guidance: str | None = None,
) -> RubricCriterion:
    """Set what each score 1 to 5 means on a criterion, and its pass mark (the lowest score
    that passes). Every score needs its description."""
    criterion = RubricCriterion.objects.select_for_update().get(pk=criterion.pk)
    anchors = [(text or "").strip() for text in anchors]
    if len(anchors) != len(SCORES):
        raise InvalidChange(_("Describe each score from 1 to 5."), field="anchor_1")
    for score, text in zip(SCORES, anchors, strict=True):
        if not text:
            raise InvalidChange(
                _("Describe what a score of %(score)s means.") % {"score": score},
                field=f"anchor_{score}",
            )
        check_length(text, field=f"anchor_{score}", limit=500)
    if pass_mark is None or not 1 <= int(pass_mark) <= 5:
        raise InvalidChange(_("The pass mark is a score from 1 to 5."), field="pass_mark")
    before = {"pass_mark": criterion.pass_mark, "anchors": criterion.anchors}
    criterion.anchors = anchors
    criterion.pass_mark = int(pass_mark)
    fields = ["anchors", "pass_mark"]
    if guidance is not None:
        criterion.guidance = check_length(guidance.strip(), field="guidance", limit=2000)
        fields.append("guidance")
    criterion.save(update_fields=fields)
    _audit(
        actor,
        "welfare.criterion_described",
        criterion.organisation,
        before,
        {"criterion": criterion.key, "pass_mark": criterion.pass_mark, "anchors": anchors},
    )
    return criterion


@transaction.atomic
def set_criterion_active(*, actor: Any, criterion: RubricCriterion, active: bool) -> None:
    if (
        active is False
        and criterion.organisation.criteria.filter(active=True).exclude(pk=criterion.pk).count()
        == 0
    ):
        raise NotAllowed(_("The rubric needs at least one criterion in use."), field="criterion")
    before = {"active": criterion.active}
    criterion.active = active
    criterion.save(update_fields=["active"])
    _audit(
        actor,
        "welfare.criterion_changed",
        criterion.organisation,
        before,
        {"active": active, "criterion": criterion.key},
    )


@transaction.atomic
def add_need(*, actor: Any, building: Building, name: str, description: str = "") -> BuildingNeed:
    name = required_text(name, "name", _("Give the activity a name."))
    if building.needs.filter(name=name).exists():
        raise InvalidChange(_("This activity is in the catalogue already."), field="name")
    position = (
        building.needs.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    need = BuildingNeed.objects.create(
        building=building, name=name, description=description, position=position
    )
    _audit(actor, "welfare.need_added", building, None, {"need": name})
    return need


@transaction.atomic
def set_need_active(*, actor: Any, need: BuildingNeed, active: bool) -> None:
    before = {"active": need.active}
    need.active = active
    need.save(update_fields=["active"])
    _audit(
        actor, "welfare.need_changed", need.building, before, {"active": active, "need": need.name}
    )
