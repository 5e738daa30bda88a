"""A story's texts and its teller's name have limits, and the name comes in cleaned."""

from __future__ import annotations

import pytest

from tests.stories.stories import story, welfare
from voorrang.errors import InvalidChange
from voorrang.stories.models import Story
from voorrang.text_limits import TEXT_LIMITS

pytestmark = pytest.mark.django_db


def test_a_story_over_its_limit_is_refused_and_nothing_stored() -> None:
    with pytest.raises(InvalidChange) as caught:
        story(welfare("w"), text="x" * (TEXT_LIMITS["text"] + 1))
    assert caught.value.field == "text"
    assert not Story.objects.exists()


def test_a_story_at_its_limit_is_kept() -> None:
    assert len(story(welfare("w"), text="x" * TEXT_LIMITS["text"]).text) == TEXT_LIMITS["text"]


def test_the_tellers_name_comes_in_without_a_bidi_override() -> None:
    assert story(welfare("w"), teller_name="Noura\u202e Haddad").teller_name == "Noura Haddad"


def test_a_respondents_pseudonym_over_its_limit_is_refused() -> None:
    from tests.factories import BuildingFactory
    from voorrang.surveys import services as surveys

    with pytest.raises(InvalidChange) as caught:
        surveys.add_respondent(
            actor=welfare("w"), building=BuildingFactory(), cohort="targeted", pseudonym="P" * 21
        )
    assert caught.value.field == "pseudonym"
