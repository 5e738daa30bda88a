"""Stories belong to the welfare organisation that collected them, as the targeted track's
records do: a coordinator of another organisation finds none of them (404 on every story page,
nothing in the list, the search, a round or the export). Researchers keep what consent allows."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.commitments import factories as track
from tests.staff.accounts import account, log_in
from tests.stories.stories import (
    domain,
    period,
    redacted,
    researcher,
    selection_round,
    story,
    welfare,
)
from voorrang.commitments.models import CoordinatorMembership
from voorrang.errors import DomainError
from voorrang.stories import selectors
from voorrang.stories.models import Story

pytestmark = pytest.mark.django_db

SECRET_NAME = "Noura Haddad"


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    log_in(client, user)
    return client


@pytest.fixture
def ours():
    """A coordinator of Welzijn Zeist and a redacted story they collected."""
    coordinator = welfare("welzijn-zeist")
    item = redacted(coordinator, story(coordinator))
    return coordinator, item


@pytest.fixture
def stranger():
    """A coordinator of another welfare organisation."""
    return welfare("welzijn-elders", organisation="Stichting Elders")


STORY_PAGES = ("story", "story_redact")
STORY_STEPS = {
    "story_consent": {
        "consent-tier": "analysis",
        "consent-given_on": "2023-06-01",
        "consent-how": "written",
    },
    "story_withdraw": {"withdraw-withdrawn_on": "2023-06-01", "withdraw-how": "written"},
    "story_themes": {"themes-themes": []},
    "story_feedback": {
        "feedback-given_on": "2023-06-01",
        "feedback-channel": "phone",
        "feedback-note": "x",
    },
    "story_redact": {"redacted_text": "Andere tekst.", "redacted_significance": "Anders."},
}


def _state(item: Story) -> tuple:
    item.refresh_from_db()
    return (
        item.state,
        item.consent,
        item.redacted_text,
        list(item.themes.all()),
        item.feedback.count(),
    )


def test_the_story_belongs_to_its_collectors_organisation(ours) -> None:
    coordinator, item = ours
    membership = CoordinatorMembership.objects.get(user=coordinator)
    assert item.organisation == membership.organisation


def test_a_coordinator_of_another_organisation_finds_no_story_page(ours, stranger) -> None:
    _, item = ours
    client = client_for(stranger)
    before = _state(item)
    for name in STORY_PAGES:
        assert client.get(reverse(f"stories:{name}", args=[item.pk])).status_code == 404, name
    for name, data in STORY_STEPS.items():
        response = client.post(reverse(f"stories:{name}", args=[item.pk]), data)
        assert response.status_code == 404, name
    assert _state(item) == before


def test_a_coordinator_of_another_organisation_lists_searches_and_exports_none(
    ours, stranger
) -> None:
    _, item = ours
    client = client_for(stranger)
    listing = client.get(reverse("stories:stories")).content.decode()
    assert item.code not in listing
    search = client.get(reverse("stories:stories"), {"q": "koffieochtend"}).content.decode()
    assert item.code not in search
    export = client.get(reverse("stories:export")).content.decode()
    assert item.code not in export
    assert not selectors.search(stranger, selectors.StoryQuery()).exists()
    with pytest.raises(Story.DoesNotExist):
        selectors.story_for(stranger, item.pk)
    assert not selectors.sees_original(stranger, item)


def test_the_own_organisation_reads_the_story_as_told(ours) -> None:
    _, item = ours
    colleague = welfare("collega-zeist")
    client = client_for(colleague)
    page = client.get(reverse("stories:story", args=[item.pk])).content.decode()
    assert SECRET_NAME in page
    assert item.code in client.get(reverse("stories:stories")).content.decode()
    assert item.code in client.get(reverse("stories:export")).content.decode()


def test_a_researcher_keeps_what_consent_allows(ours) -> None:
    _, item = ours
    client = client_for(researcher())
    page = client.get(reverse("stories:story", args=[item.pk]))
    assert page.status_code == 200
    assert SECRET_NAME not in page.content.decode()
    assert item.code in client.get(reverse("stories:stories")).content.decode()
    assert item.code in client.get(reverse("stories:export")).content.decode()


def test_a_round_shows_another_organisation_none_of_the_stories(ours, stranger) -> None:
    coordinator, item = ours
    chosen = selection_round(coordinator, domains=[domain()])
    client_for(coordinator).post(
        reverse("stories:round_add", args=[chosen.pk]), {"add-story": item.pk}
    )
    assert Story.objects.get(pk=item.pk).selection_round_id == chosen.pk
    client = client_for(stranger)
    page = client.get(reverse("stories:round", args=[chosen.pk])).content.decode()
    assert item.code not in page
    removed = client.post(
        reverse("stories:round_remove", args=[chosen.pk]), {"remove-story": item.pk}
    )
    assert removed.status_code == 400
    assert Story.objects.get(pk=item.pk).selection_round_id == chosen.pk


def test_another_organisations_story_cannot_be_added_to_a_round(ours, stranger) -> None:
    _, item = ours
    chosen = selection_round(stranger, domains=[domain()], name="Elders 2023")
    response = client_for(stranger).post(
        reverse("stories:round_add", args=[chosen.pk]), {"add-story": item.pk}
    )
    assert response.status_code == 400
    assert Story.objects.get(pk=item.pk).selection_round_id is None


def test_a_coordinator_of_two_organisations_says_which_one_the_story_belongs_to() -> None:
    coordinator = welfare("twee-petten")
    elders = track.organisation("Stichting Elders")
    CoordinatorMembership.objects.create(organisation=elders, user=coordinator)
    with pytest.raises(DomainError):
        story(coordinator)
    item = story(coordinator, organisation=elders)
    assert item.organisation == elders


def test_a_story_is_not_filed_under_an_organisation_the_collector_is_not_in(stranger) -> None:
    period()
    zeist = track.organisation()
    with pytest.raises(DomainError):
        story(stranger, organisation=zeist)


def test_a_coordinator_without_an_organisation_records_no_story() -> None:
    with pytest.raises(DomainError):
        story(account("los", "staff-welfare"))


def test_a_researcher_reads_no_note_about_the_teller_of_another_collectors_story(ours) -> None:
    """The notes on consent and feedback are about the teller: they go with the story as
    told (voorrang.web.access.STORED_IN), not with the redacted version."""
    import datetime as dt

    from voorrang.stories import services

    coordinator, item = ours
    services.record_consent(
        actor=coordinator,
        story=item,
        tier="analysis",
        given_on=dt.date(2023, 6, 1),
        how="written",
        note="GEHEIM-TOESTEMMING",
    )
    services.record_feedback(
        actor=coordinator,
        story=item,
        given_on=dt.date(2023, 6, 2),
        channel="phone",
        note="GEHEIM-TERUGKOPPELING",
    )
    page = client_for(researcher()).get(reverse("stories:story", args=[item.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "GEHEIM-TOESTEMMING" not in html and "GEHEIM-TERUGKOPPELING" not in html
    own = client_for(coordinator).get(reverse("stories:story", args=[item.pk])).content.decode()
    assert "GEHEIM-TOESTEMMING" in own and "GEHEIM-TERUGKOPPELING" in own
