"""What a listing tells seekers: the description, the home's labels and service costs, and
the photos. Changed while the vacancy is a draft or published; the conditions that decide who
may respond (the staff labels) only while it is a draft, since seekers may have responded to
a published one on its conditions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from voorrang.allocation import photos
from voorrang.allocation.models import Vacancy, VacancyPhoto
from voorrang.allocation.services._locks import locked_vacancy
from voorrang.allocation.services.vacancies import STAFF_LABELS
from voorrang.allocation.states import VacancyState
from voorrang.audit.services import record
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.housing.models import AccessibilityLabel, EnergyLabel, Unit
from voorrang.text_limits import ACCOUNT, check_length, required_text

LISTING_STATES = (VacancyState.DRAFT, VacancyState.PUBLISHED)
# A listing's description is longer than a reason: a few paragraphs about the home.
DESCRIPTION_LIMIT = ACCOUNT
ALT_TEXT_LIMIT = 200  # the column's width (VacancyPhoto.alt_text)
MAX_PHOTOS = 12
# The widest the column takes (housing.models.Unit.service_costs: 7 digits, 2 decimals).
MOST_SERVICE_COSTS = Decimal("99999.99")


def _editable(vacancy: Vacancy) -> None:
    if vacancy.state not in LISTING_STATES:
        raise NotAllowed(
            _("The listing can be changed only while the vacancy is a draft or published.")
        )


def _listing_snapshot(vacancy: Vacancy, unit: Unit) -> dict[str, Any]:
    return {
        "description": vacancy.description,
        "labels": list(vacancy.labels),
        "energy_label": unit.energy_label,
        "accessibility_label": unit.accessibility_label,
        "service_costs": str(unit.service_costs),
    }


@transaction.atomic
def update_listing(
    *,
    actor: Any,
    vacancy: Vacancy,
    description: str,
    energy_label: str,
    accessibility_label: str,
    service_costs: Decimal,
    labels: list[str] | None = None,
) -> Vacancy:
    """Change the listing. The energy label, accessibility label and service costs are the
    home's own (the unit's): they stay with it for its next vacancy. ``labels`` is left as
    it is when None, and refused when it changes on a vacancy that is no longer a draft."""
    description = check_length(
        (description or "").strip(), field="description", limit=DESCRIPTION_LIMIT
    )
    if energy_label and energy_label not in EnergyLabel.values:
        raise InvalidChange(_("Choose an energy label from the list."), field="energy_label")
    if accessibility_label not in AccessibilityLabel.values:
        raise InvalidChange(
            _("Choose an accessibility label from the list."), field="accessibility_label"
        )
    if service_costs is None or service_costs < 0:
        raise InvalidChange(_("The service costs cannot be less than zero."), field="service_costs")
    if service_costs > MOST_SERVICE_COSTS:
        raise InvalidChange(
            _("The service costs are more than %(most)s a month. Check the amount.")
            % {"most": MOST_SERVICE_COSTS},
            field="service_costs",
        )
    if labels is not None and any(label not in STAFF_LABELS for label in labels):
        raise InvalidChange(_("Choose labels from the list."), field="labels")
    vacancy = locked_vacancy(vacancy)
    _editable(vacancy)
    unit = Unit.objects.select_for_update().get(pk=vacancy.unit_id)
    before = _listing_snapshot(vacancy, unit)
    if labels is not None:
        ordered = [label for label in STAFF_LABELS if label in labels]
        if ordered != list(vacancy.labels):
            if vacancy.state != VacancyState.DRAFT:
                raise NotAllowed(
                    _(
                        "The conditions of a published vacancy cannot change: seekers "
                        "responded on them."
                    ),
                    field="labels",
                )
            vacancy.labels = ordered
    vacancy.description = description
    unit.energy_label = energy_label
    unit.accessibility_label = accessibility_label
    unit.service_costs = service_costs.quantize(Decimal("0.01"))
    vacancy.save(update_fields=["description", "labels"])
    unit.save(update_fields=["energy_label", "accessibility_label", "service_costs"])
    vacancy.unit = unit
    after = _listing_snapshot(vacancy, unit)
    record(
        actor=actor,
        action="vacancy.listing_changed",
        obj=vacancy,
        before={key: value for key, value in before.items() if after[key] != value},
        after={key: value for key, value in after.items() if before[key] != value},
    )
    return vacancy


@transaction.atomic
def add_photo(
    *, actor: Any, vacancy: Vacancy, upload: UploadedFile | None, alt_text: str
) -> VacancyPhoto:
    """A photo at the end of the listing's photos, resized and without its metadata. The alt
    text says what the photo shows, for those who cannot see it."""
    alt_text = required_text(
        alt_text, "alt_text", _("Describe what the photo shows, for people who cannot see it.")
    )
    check_length(alt_text, field="alt_text", limit=ALT_TEXT_LIMIT)
    if upload is None:
        raise InvalidChange(_("Choose a photo to upload."), field=photos.FIELD)
    vacancy = locked_vacancy(vacancy)
    _editable(vacancy)
    if vacancy.photos.count() >= MAX_PHOTOS:
        raise NotAllowed(
            _("A listing has at most %(count)s photos. Remove one first.") % {"count": MAX_PHOTOS},
            field=photos.FIELD,
        )
    stored_name, resized = photos.store(upload)
    # A failure below removes the files written (in the database they would go with the
    # transaction; in the data folder they would stay).
    try:
        last = vacancy.photos.aggregate(last=Max("position"))["last"] or 0
        photo = VacancyPhoto.objects.create(
            vacancy=vacancy,
            stored_name=stored_name,
            alt_text=alt_text,
            position=last + 1,
            width=resized.width,
            height=resized.height,
            added_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(
            actor=actor,
            action="vacancy.photo_added",
            obj=vacancy,
            after={
                "photo": photo.pk,
                "alt_text": alt_text,
                "position": photo.position,
                "width": photo.width,
                "height": photo.height,
            },
        )
    except BaseException:
        photos.remove_files(stored_name)
        raise
    return photo


@transaction.atomic
def remove_photo(*, actor: Any, photo: VacancyPhoto) -> Vacancy:
    """Remove a photo from the listing; its files go once the removal is stored."""
    vacancy = locked_vacancy(photo.vacancy)
    _editable(vacancy)
    photo = VacancyPhoto.objects.select_for_update().get(pk=photo.pk, vacancy=vacancy)
    stored_name = photo.stored_name
    record(
        actor=actor,
        action="vacancy.photo_removed",
        obj=vacancy,
        before={"photo": photo.pk, "alt_text": photo.alt_text, "position": photo.position},
    )
    photo.delete()
    transaction.on_commit(lambda: photos.remove_files(stored_name))
    return vacancy


@transaction.atomic
def move_photo_forward(*, actor: Any, photo: VacancyPhoto) -> VacancyPhoto:
    """Move a photo one place forward (the first is the one on the seekers' cards)."""
    vacancy = locked_vacancy(photo.vacancy)
    _editable(vacancy)
    ordered = list(vacancy.photos.select_for_update().order_by("position", "id"))
    index = next((i for i, p in enumerate(ordered) if p.pk == photo.pk), None)
    if index is None:
        raise VacancyPhoto.DoesNotExist(photo.pk)
    if index == 0:
        raise InvalidChange(_("This photo is the first already."), field="position")
    ordered[index - 1], ordered[index] = ordered[index], ordered[index - 1]
    for position, each in enumerate(ordered, start=1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    moved = ordered[index - 1]
    record(
        actor=actor,
        action="vacancy.photo_moved",
        obj=vacancy,
        before={"photo": moved.pk, "position": index + 1},
        after={"photo": moved.pk, "position": index},
    )
    return moved
