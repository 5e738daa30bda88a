"""The stories' pages, per role: what the welfare coordinators, researchers, panel members and
everyone else see and can do through the browser (without JavaScript)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.factories import SeekerFactory
from tests.staff.accounts import account, log_in
from tests.stories.stories import (
    REASONS,
    domain,
    period,
    redacted,
    researcher,
    selection_round,
    shown,
    story,
    welfare,
)
from voorrang.seekers.models import HouseholdMember
from voorrang.stories.models import SelectionRound, Story
from voorrang.stories.states import RoundState, StoryState

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    log_in(client, user)
    return client


def _collect_form(**overrides) -> dict:
    data = {
        "domain": domain().pk,
        "told_on": "2023-05-10",
        "teller_role": "other_resident",
        "teller_name": "Noura Haddad",
        "prompt": "negative",
        "direction": "negative",
        "text": "Sinds de verbouwing is het lawaai op de galerij erger geworden.",
        "significance": "Ik slaap slecht.",
        "consent": "panel",
        "consent_how": "written",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_a_story_with_its_consent() -> None:
    period()
    client = client_for(welfare())
    response = client.post("/staff/stories/new/", _collect_form())
    item = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/stories/{item.pk}/"
    assert (item.prompt, item.direction, item.consent) == ("negative", "negative", "panel")
    page = client.get(response["Location"]).content.decode()
    assert "Noura Haddad" in page
    assert "What changed for the worse?" in page


def test_a_story_without_text_is_refused_naming_the_field_and_nothing_is_stored() -> None:
    period()
    client = client_for(welfare())
    response = client.post("/staff/stories/new/", _collect_form(text=""))
    assert response.status_code == 400
    assert "The story, as told" in response.content.decode()
    assert not Story.objects.exists()
    response = client.post("/staff/stories/new/", _collect_form(told_on="2019-01-01"))
    assert response.status_code == 400
    assert "No reporting period covers 1 January 2019" in response.content.decode()


def test_the_redaction_page_shows_what_the_check_still_finds() -> None:
    actor = welfare()
    item = story(actor)
    client = client_for(actor)
    assert client.get(f"/staff/stories/{item.pk}/redact/").status_code == 200
    response = client.post(
        f"/staff/stories/{item.pk}/redact/",
        {
            "redacted_text": "Noura groet nu iedereen.",
            "redacted_significance": "Minder alleen.",
            "quotation": "",
            "accepted_terms": "",
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/staff/stories/{item.pk}/redact/"
    assert "The check still finds names or addresses" in html
    assert "the teller&#x27;s name" in html
    response = client.post(
        f"/staff/stories/{item.pk}/redact/",
        {
            "redacted_text": "Noura groet nu iedereen.",
            "redacted_significance": "Minder alleen.",
            "accepted_terms": "Noura: the name of the teller's cat",
        },
    )
    assert response["Location"] == f"/staff/stories/{item.pk}/"


def test_a_researcher_reads_the_redacted_version_of_anothers_story_only() -> None:
    actor = welfare()
    item = redacted(actor, story(actor, text="Ik ben Noura Haddad en ik woon hier graag."))
    client = client_for(researcher())
    page = client.get(f"/staff/stories/{item.pk}/").content.decode()
    assert "Sinds de koffieochtend" in page
    assert "Noura" not in page
    assert client.get(f"/staff/stories/{item.pk}/redact/").status_code == 404


def test_withdrawal_through_the_page_needs_confirmation_and_erases() -> None:
    actor = welfare()
    item = redacted(actor, story(actor))
    client = client_for(actor)
    data = {"withdraw-withdrawn_on": "2024-01-10", "withdraw-how": "verbal"}
    response = client.post(f"/staff/stories/{item.pk}/withdraw/", data)
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.state == StoryState.REDACTED
    response = client.post(
        f"/staff/stories/{item.pk}/withdraw/", {**data, "withdraw-confirm": "on"}, follow=True
    )
    html = response.content.decode()
    assert "The teller withdrew consent on 10 January 2024" in html
    assert "Sinds de koffieochtend" not in html
    assert item.code not in client.get("/staff/stories/").content.decode()


def test_the_search_page_filters_and_never_lists_a_withdrawn_story() -> None:
    actor = welfare()
    a = story(actor, text="De groene groep plant bollen.")
    b = story(actor, text="Koffie op dinsdag.")
    client = client_for(actor)
    html = client.get("/staff/stories/", {"q": "groene"}).content.decode()
    assert a.code in html
    assert b.code not in html


def test_a_round_through_the_pages_from_creation_to_close() -> None:
    actor = welfare()
    member = account("wethouder-ambtenaar", "policy")
    item = redacted(actor, story(actor))
    client = client_for(actor)
    response = client.post(
        "/staff/stories/rounds/",
        {
            "name": "Panel najaar 2023",
            "period": period().pk,
            "held_on": "2023-11-20",
            "domains": [domain().pk],
            "members": [member.pk],
        },
    )
    selection = SelectionRound.objects.get()
    assert response["Location"] == f"/staff/stories/rounds/{selection.pk}/"
    base = f"/staff/stories/rounds/{selection.pk}"
    assert client.post(f"{base}/add/", {"add-story": item.pk}).status_code == 302
    # The member cannot read it while it is being prepared.
    assert client_for(member).get(f"/staff/stories/panel/{selection.pk}/").status_code == 404
    assert client.post(f"{base}/open/").status_code == 302
    assert client_for(member).get(f"/staff/stories/panel/{selection.pk}/").status_code == 200
    short = {"choose-domain": domain().pk, "choose-story": item.pk, "choose-reasons": "Mooi."}
    response = client.post(f"{base}/choose/", short)
    assert response.status_code == 400
    assert "at least 25 words" in response.content.decode()
    response = client.post(f"{base}/choose/", {**short, "choose-reasons": REASONS})
    assert response.status_code == 302
    assert client.post(f"{base}/close/").status_code == 302
    selection.refresh_from_db()
    item.refresh_from_db()
    assert (selection.state, item.state) == (RoundState.DECIDED, StoryState.SELECTED)


def test_a_panel_member_sees_only_their_rounds() -> None:
    actor = welfare()
    member = account("lid", "staff-allocation")
    outsider = account("buiten", "staff-allocation")
    panel = shown(actor, redacted(actor, story(actor)), members=[member])
    assert panel.name in client_for(member).get("/staff/stories/panel/").content.decode()
    assert panel.name not in client_for(outsider).get("/staff/stories/panel/").content.decode()
    assert client_for(outsider).get(f"/staff/stories/panel/{panel.pk}/").status_code == 404
    assert client_for(member).get("/staff/stories/").status_code == 403


def test_the_panel_page_is_refused_while_a_story_is_flagged() -> None:
    actor = welfare()
    member = account("lid", "policy")
    panel = shown(actor, redacted(actor, story(actor)), members=[member])
    SeekerFactory()
    HouseholdMember.objects.update(first_name="Sinds", last_name="Xyz")
    response = client_for(member).get(f"/staff/stories/panel/{panel.pk}/")
    html = response.content.decode()
    assert response.status_code == 409
    assert "These stories cannot be read yet" in html
    assert "koffieochtend" not in html
    assert "Sinds" not in html  # a member is not told the name itself
    manager_html = client_for(actor).get(f"/staff/stories/panel/{panel.pk}/").content.decode()
    assert "“Sinds”" in manager_html


def test_setup_adds_domains_periods_and_themes_and_names_the_wrong_field() -> None:
    client = client_for(researcher())
    assert (
        client.post(
            "/staff/stories/setup/domains/", {"domain-name": "Safety", "domain-position": 1}
        ).status_code
        == 302
    )
    assert (
        client.post(
            "/staff/stories/setup/periods/",
            {
                "period-name": "2023",
                "period-starts_on": "2023-01-01",
                "period-ends_on": "2023-12-31",
            },
        ).status_code
        == 302
    )
    response = client.post(
        "/staff/stories/setup/periods/",
        {"period-name": "B", "period-starts_on": "2023-06-01", "period-ends_on": "2023-07-01"},
    )
    assert response.status_code == 400
    assert "overlaps with 2023" in response.content.decode()
    assert (
        client.post("/staff/stories/setup/themes/", {"theme-name": "Eenzaamheid"}).status_code
        == 302
    )
    html = client.get("/staff/stories/setup/").content.decode()
    assert "Safety" in html and "Eenzaamheid" in html


@pytest.mark.parametrize(
    ("role", "link"),
    [
        ("staff-welfare", "/staff/stories/"),
        ("researcher", "/staff/stories/"),
        ("policy", "/staff/stories/panel/"),
        ("staff-allocation", "/staff/stories/panel/"),
        ("seeker", None),
        ("admin", None),
    ],
)
def test_the_header_links_to_the_stories_for_those_who_may_read_them(role, link) -> None:
    html = client_for(account(f"h-{role}", role)).get("/").content.decode()
    shown_link = 'href="/staff/stories/"' in html or 'href="/staff/stories/panel/"' in html
    if link is None:
        assert not shown_link
    else:
        assert f'href="{link}"' in html


def test_the_round_page_lists_the_stories_a_round_can_take() -> None:
    actor = welfare()
    ready = redacted(actor, story(actor))
    not_allowed = redacted(actor, story(actor, consent="quotation"))
    panel = selection_round(actor)
    html = client_for(actor).get(f"/staff/stories/rounds/{panel.pk}/").content.decode()
    assert f'value="{ready.pk}"' in html
    assert f'value="{not_allowed.pk}"' not in html
    assert dt.date(2023, 11, 20).strftime("%Y") in html
