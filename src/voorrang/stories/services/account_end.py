"""A teller's home-seeker account ends: their stories stay only in de-identified form."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from voorrang.audit.services import record
from voorrang.stories.consent import ConsentTier
from voorrang.stories.deidentification import Kind, KnownTerms, scrub
from voorrang.stories.known import known_terms
from voorrang.stories.models import Story

# The texts of a story that may say who told it.
STORY_TEXTS = ("text", "significance", "redacted_text", "redacted_significance", "quotation")


def _own_terms(seeker: Any, story: Story) -> tuple[KnownTerms, list[str]]:
    """The teller's own names, address and numbers as the system holds them, read before the
    account's contact details are erased."""
    own = KnownTerms()
    literals = [
        seeker.registration_number,
        seeker.email,
        seeker.phone,
        story.teller_name,
        story.teller_contact,
    ]
    if story.teller_name.strip():
        own.add_name(story.teller_name, Kind.TELLER)
        for word in story.teller_name.split():
            own.add_name(word, Kind.TELLER)
    for first, last in seeker.members.values_list("first_name", "last_name"):
        own.add_person(first, last, Kind.TELLER)
        literals.append(f"{first} {last}".strip())
    user = getattr(seeker, "user", None)
    if user is not None:
        literals.append(user.email)
        if user.first_name or user.last_name:
            own.add_person(user.first_name, user.last_name, Kind.TELLER)
    if seeker.street:
        own.add_address(seeker.street, seeker.number, seeker.postcode)
        literals.append(f"{seeker.street} {seeker.number}".strip())
    return own, literals


@transaction.atomic
def deidentify_for_account_end(*, actor: Any, seeker: Any) -> list[str]:
    """Every story told by ``seeker`` whose consent was not withdrawn (withdrawal erased it
    already): the link to the registration is cut, the teller's name and contact erased, and
    every text of the story de-identified (the teller's own name, phone number, email,
    registration number and address, and every name and address the system knows, replaced
    by "[…]"). Its consent tier stays: a story given for publication may still be published,
    only in this form. Call it before the seeker's contact details are erased. Returns the
    codes of the stories."""
    known = known_terms()
    codes = []
    # A withdrawn story has no text and no link to the registration any more.
    stories = (
        Story.objects.select_for_update()
        .filter(seeker=seeker)
        .exclude(consent=ConsentTier.WITHDRAWN)
        .order_by("pk")
    )
    for story in stories:
        own, literals = _own_terms(seeker, story)

        def clean(value: str, own: KnownTerms = own, literals: list[str] = literals) -> str:
            return scrub(scrub(value, own, literals=literals), known)

        for name in STORY_TEXTS:
            setattr(story, name, clean(getattr(story, name)))
        story.teller_name = ""
        story.teller_contact = ""
        story.seeker = None
        story.save()
        for consent in story.consents.exclude(note=""):
            consent.note = clean(consent.note)
            consent.save(update_fields=["note"])
        for feedback in story.feedback.all():
            feedback.note = clean(feedback.note)
            feedback.save(update_fields=["note"])
        record(
            actor=actor,
            action="stories.deidentified_at_account_end",
            obj=story,
            after={"consent": story.consent, "state": story.state},
        )
        codes.append(story.code)
    return codes
