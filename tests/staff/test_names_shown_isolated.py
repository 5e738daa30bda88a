"""A name stored with a right-to-left override (from before names were cleaned) is shown
inside an isolating element, so that it cannot turn the rest of the line around."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test import Client

from tests.factories import SeekerFactory
from voorrang.seekers.models import HouseholdMember

pytestmark = pytest.mark.django_db


def test_the_filter_isolates_and_escapes() -> None:
    html = Template("{% load person_names %}{{ name|person_name }}").render(
        Context({"name": "<b>Anna</b>\u202e"})
    )
    assert html == "<bdi>&lt;b&gt;Anna&lt;/b&gt;\u202e</bdi>"


def test_the_filter_shows_nothing_for_no_name() -> None:
    assert Template("{% load person_names %}{{ name|person_name }}").render(Context({})) == ""


def test_a_stored_name_with_an_override_is_isolated_on_the_seeker_page(
    staff_client: Client,
) -> None:
    seeker = SeekerFactory()
    HouseholdMember.objects.filter(seeker=seeker).update(first_name="Anna\u202eredbew")
    response = staff_client.get(f"/staff/seekers/{seeker.registration_number}/")
    html = response.content.decode()
    assert re.search("<bdi>Anna\u202eredbew [^<]*</bdi>", html)
