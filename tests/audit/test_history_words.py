"""A history reads as words: every audit code the source records has a sentence, with the
actor's name; a code without one reads as "Change recorded", never as the code."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.audit.recorded_codes import recorded_codes
from tests.factories import SeekerFactory, UserFactory
from voorrang.audit import history
from voorrang.audit.services import record


def test_every_code_the_source_records_has_a_sentence() -> None:
    codes, unread = recorded_codes()
    assert unread == []
    # The reading itself works: it finds the codes of every app that records.
    assert {"seeker.evidence_added", "offer.expired", "track.approved", "job.done"} <= set(codes)
    missing = {
        code: sorted(where) for code, where in codes.items() if code not in history.sentences()
    }
    assert missing == {}, "give these codes a sentence in their app's history.py"


def test_every_sentence_is_translated_into_dutch() -> None:
    untranslated = []
    for code, phrase in [*history.sentences().items(), ("", history.FALLBACK)]:
        with translation.override("en"):
            english = str(phrase)
        with translation.override("nl"):
            if str(phrase) == english:
                untranslated.append(code)
    assert untranslated == []


@pytest.mark.django_db
def test_an_event_reads_as_what_happened_by_whom() -> None:
    seeker = SeekerFactory()
    anna = UserFactory(username="avries", first_name="Anna", last_name="de Vries")
    event = record(actor=anna, action="seeker.evidence_added", obj=seeker)
    with translation.override("nl"):
        assert history.event_text(event) == "Bewijsstuk toegevoegd door Anna de Vries"
        assert str(history.event_sentence(event)) == (
            "Bewijsstuk toegevoegd door <bdi>Anna de Vries</bdi>"
        )
    with translation.override("en"):
        assert history.event_text(event) == "Evidence added by Anna de Vries"


@pytest.mark.django_db
def test_an_event_without_a_person_reads_as_what_happened() -> None:
    event = record(actor=None, action="offer.expired", obj=SeekerFactory())
    with translation.override("nl"):
        assert history.event_text(event) == "Aanbieding verlopen"


@pytest.mark.django_db
def test_an_unknown_code_reads_as_a_change_recorded_never_as_the_code() -> None:
    user = UserFactory(username="jbakker", first_name="", last_name="")
    event = record(actor=user, action="seeker.something_new", obj=SeekerFactory())
    with translation.override("nl"):
        assert history.event_text(event) == "Wijziging vastgelegd door jbakker"


@pytest.mark.django_db
def test_a_name_with_markup_is_escaped_in_the_sentence() -> None:
    user = UserFactory(username="x", first_name="<b>Eva</b>", last_name="")
    event = record(actor=user, action="seeker.registered", obj=SeekerFactory())
    assert "&lt;b&gt;Eva&lt;/b&gt;" in history.event_sentence(event)
