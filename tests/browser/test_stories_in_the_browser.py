"""A story from collection to the panel's reading through the pages in a real browser, without
JavaScript; and axe-core finds no accessibility violations on the stories' pages."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.test_vacancy_through_the_staff_pages import check_accessibility
from tests.staff.accounts import PASSWORD, account, pass_second_factor
from tests.stories.stories import REASONS, domain, period, redacted, shown, story, welfare
from voorrang.stories.models import SelectionRound, Story
from voorrang.stories.states import RoundState, StoryState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url: str, username: str, start: str) -> None:
    page.goto(f"{base_url}{start}")
    assert "/accounts/login/" in page.url
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    pass_second_factor(page, username)
    assert page.url == f"{base_url}{start}"


def test_a_story_from_collection_to_the_panel(chromium, live_server, screenshots) -> None:
    welfare("welzijn")
    member = account("panellid", "policy")
    period("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    domain("Contact between neighbours")
    base = live_server.url
    context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "welzijn", "/staff/stories/")

    page.get_by_role("link", name="Record a story").first.click()
    page.get_by_label("Domain of change").select_option(label="Contact between neighbours")
    page.get_by_label("Date told").fill("2023-05-10")
    page.get_by_label("other resident").check()
    page.get_by_label("Teller's name").fill("Noura Haddad")
    page.get_by_label("What was the most significant change for you?").check()
    page.get_by_label("change for the better").check()
    page.get_by_label("The story, as told").fill(
        "Ik ben Noura. Sinds de koffieochtend groet ik de buren op de galerij."
    )
    page.get_by_label("Why this change is significant to the teller").fill("Minder alleen.")
    page.get_by_label("shown to a selection panel").check()
    page.get_by_role("button", name="Record the story").click()
    story = Story.objects.get()
    assert page.url == f"{base}/staff/stories/{story.pk}/"

    # The redaction keeps the teller's name: the check says so, and nothing goes further.
    page.get_by_role("link", name="Remove names and addresses").click()
    page.get_by_role("button", name="Save and check").click()
    page.get_by_text("The check still finds names or addresses").wait_for()
    page.get_by_label("The story without names and addresses").fill(
        "Sinds de koffieochtend groet ik de buren op de galerij."
    )
    page.get_by_role("button", name="Save and check").click()
    assert page.url == f"{base}/staff/stories/{story.pk}/"
    story.refresh_from_db()
    assert story.state == StoryState.REDACTED

    page.get_by_role("link", name="Selection rounds").first.click()
    page.locator("#id_name").fill("Panel 2023")
    page.get_by_label("Reporting period").select_option(label="2023")
    page.get_by_label("Date of the panel").fill("2023-11-20")
    page.get_by_label("Contact between neighbours").check()
    page.get_by_label("panellid").check()
    page.get_by_role("button", name="Create the round").click()
    page.locator("#id_add-story").select_option(str(story.pk))
    page.get_by_role("button", name="Add the story").click()
    page.get_by_role("button", name="Show to the panel").click()
    page.get_by_text("The stories are now shown to the panel.").wait_for()
    selection_round = SelectionRound.objects.get()
    assert selection_round.state == RoundState.WITH_PANEL

    panel_context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    panel_page = panel_context.new_page()
    log_in(panel_page, base, member.username, "/staff/stories/panel/")
    panel_page.get_by_role("link", name="Panel 2023").click()
    panel_page.get_by_text("Sinds de koffieochtend groet ik de buren").wait_for()
    assert "Noura" not in panel_page.content()

    page.get_by_label("The story the panel chose").select_option(str(story.pk))
    page.locator("#id_choose-domain").select_option(label="Contact between neighbours")
    page.get_by_label("The panel's reasons, in full sentences").fill(REASONS)
    page.get_by_role("button", name="Record the choice").click()
    page.get_by_role("button", name="Close the round").click()
    page.get_by_text("The round was closed").wait_for()
    story.refresh_from_db()
    assert story.state == StoryState.SELECTED
    context.close()
    panel_context.close()


def test_the_stories_pages_have_no_accessibility_violations(
    chromium, live_server, screenshots
) -> None:
    actor = welfare("welzijn")
    member = account("panellid", "policy")
    item = redacted(actor, story(actor))
    flagged = story(actor)
    from voorrang.stories import services

    services.redact_story(
        actor=actor, story=flagged, redacted_text="Noura groet.", redacted_significance="Alleen."
    )
    panel = shown(actor, item, members=[member])
    base = live_server.url
    # axe-core runs in the page: JavaScript on here (the flows above run without it).
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    log_in(page, base, "welzijn", "/staff/stories/")
    pages = {
        "stories-list": "/staff/stories/",
        "story-create": "/staff/stories/new/",
        "story": f"/staff/stories/{item.pk}/",
        "story-flagged": f"/staff/stories/{flagged.pk}/",
        "story-redact": f"/staff/stories/{flagged.pk}/redact/",
        "rounds": "/staff/stories/rounds/",
        "round": f"/staff/stories/rounds/{panel.pk}/",
        "setup": "/staff/stories/setup/",
        "panel": f"/staff/stories/panel/{panel.pk}/",
    }
    for name, path in pages.items():
        page.goto(f"{base}{path}")
        check_accessibility(page, name, screenshots)
    page.goto(f"{base}/staff/stories/new/")
    page.locator("main form button[type=submit]").click()
    check_accessibility(page, "story-create-errors", screenshots)
    context.close()
