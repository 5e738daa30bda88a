"""The names and addresses the system holds, for the de-identification check of a story."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from voorrang import snapshots
from voorrang.housing.models import Unit
from voorrang.seekers.models import HouseholdMember, Seeker
from voorrang.stories.deidentification import Flag, Kind, KnownTerms, check
from voorrang.stories.models import Story


def known_terms() -> KnownTerms:
    """Every home seeker's household, every named account, every unit's and seeker's address:
    read once in a process for each version of those records (voorrang.snapshots), since in a
    region of 200,000 seekers reading them takes seconds. Do not change what it returns."""
    return snapshots.kept_value(
        "stories-known-terms",
        record_models=[HouseholdMember, Seeker, get_user_model(), Unit],
        build=_read_known_terms,
    )


def _read_known_terms() -> KnownTerms:
    known = KnownTerms()
    for first, last in HouseholdMember.objects.values_list("first_name", "last_name").distinct():
        known.add_person(first, last, Kind.SEEKER)
    for first, last in (
        get_user_model()
        .objects.exclude(first_name="", last_name="")
        .values_list("first_name", "last_name")
    ):
        known.add_person(first, last, Kind.STAFF)
    for street, number, postcode in Unit.objects.values_list("street", "number", "postcode"):
        known.add_address(street, number, postcode)
    for street, number, postcode in Seeker.objects.exclude(street="").values_list(
        "street", "number", "postcode"
    ):
        known.add_address(street, number, postcode)
    return known


def teller_terms(story: Story) -> KnownTerms:
    """The teller's own name (as the collector wrote it, and the household of the teller's
    registration when there is one)."""
    known = KnownTerms()
    if story.teller_name.strip():
        known.add_name(story.teller_name, Kind.TELLER)
        for word in story.teller_name.split():
            known.add_name(word, Kind.TELLER)
    if story.seeker_id is not None:
        for first, last in HouseholdMember.objects.filter(seeker_id=story.seeker_id).values_list(
            "first_name", "last_name"
        ):
            known.add_person(first, last, Kind.TELLER)
    return known


def redacted_texts(story: Story) -> dict[str, str]:
    return {
        "text": story.redacted_text,
        "significance": story.redacted_significance,
        "quotation": story.quotation,
    }


def flags_of(
    story: Story,
    *,
    texts: dict[str, str] | None = None,
    accepted: list[str] | None = None,
    known: KnownTerms | None = None,
) -> list[Flag]:
    """The names and addresses still in the redacted texts of ``story`` (or in ``texts``, a
    redaction about to be saved), less the terms the collector judged harmless."""
    texts = redacted_texts(story) if texts is None else texts
    if accepted is None:
        accepted = [entry["term"] for entry in story.accepted_terms]
    own = check(texts, teller_terms(story), accepted=accepted)
    others = check(texts, known if known is not None else known_terms(), accepted=accepted)
    seen = {(flag.field, flag.term.lower()) for flag in own}
    return own + [flag for flag in others if (flag.field, flag.term.lower()) not in seen]
