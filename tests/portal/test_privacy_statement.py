"""The privacy statement names the controllers of the deployment and covers the targeted
track, the surveys and the stories, with the legal basis and how long each is kept."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.commitments.factories import organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@override_settings(
    VOORRANG_CONTROLLER_NAME="Woonstichting Vollenhove",
    VOORRANG_EVALUATION_CONTROLLER_NAME="Gemeente Vollenhove",
    VOORRANG_RETENTION_MONTHS=12,
)
def test_the_statement_names_the_controllers_and_covers_track_surveys_and_stories(
    client: Client,
) -> None:
    organisation("Welzijn Zeist")
    page = client.get("/privacy").content.decode()
    assert "Woonstichting Vollenhove lets the homes." in page
    assert "The welfare organisation (Welzijn Zeist) runs the targeted track" in page
    assert "Gemeente Vollenhove has the project evaluated." in page
    for heading in ("The targeted track", "Surveys", "Stories"):
        assert f"<h2>{heading}</h2>" in page
    assert "12 months after the agreement or the application ends" in page
    assert "point a" in page and "point e" in page


def test_without_names_the_statement_speaks_of_the_roles(client: Client) -> None:
    page = client.get("/privacy").content.decode()
    assert "The housing corporation lets the homes." in page
    assert "The municipality has the project evaluated." in page
