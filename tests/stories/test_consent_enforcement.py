"""The teller's consent, enforced everywhere: the panel, search, the export and the report; a
withdrawal erases the story and takes it out of all of them at once."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from tests.staff.accounts import log_in
from tests.stories.stories import (
    REASONS,
    domain,
    redacted,
    researcher,
    selection_round,
    shown,
    story,
    welfare,
)
from voorrang.audit.models import AuditEvent
from voorrang.errors import NotAllowed
from voorrang.stories import consent as tiers
from voorrang.stories import report, selectors, services
from voorrang.stories.consent import ConsentTier
from voorrang.stories.export import export_rows
from voorrang.stories.models import ConsentRecord, Story

pytestmark = pytest.mark.django_db

SECRET = "Koffie op de galerij met de buurvrouw van drie hoog."


def test_the_tiers_are_ordered_and_each_includes_the_ones_before() -> None:
    assert tiers.allows(ConsentTier.PUBLICATION, ConsentTier.QUOTATION)
    assert tiers.allows(ConsentTier.PANEL, ConsentTier.QUOTATION)
    assert not tiers.allows(ConsentTier.QUOTATION, ConsentTier.PANEL)
    assert not tiers.allows(ConsentTier.ANALYSIS, ConsentTier.QUOTATION)
    assert not tiers.allows(ConsentTier.WITHDRAWN, ConsentTier.ANALYSIS)
    assert tiers.lower(ConsentTier.PUBLICATION, ConsentTier.ANALYSIS) == ConsentTier.ANALYSIS


def _consent(actor, item: Story, tier: str, on=dt.date(2023, 6, 1)) -> None:
    services.record_consent(
        actor=actor, story=item, tier=tier, given_on=on, how=ConsentRecord.How.VERBAL
    )


def _withdraw(actor, item: Story, on=dt.date(2024, 2, 1)) -> None:
    services.withdraw_consent(
        actor=actor, story=item, withdrawn_on=on, how=ConsentRecord.How.EMAIL, note="per mail"
    )


# --- The panel -----------------------------------------------------------------------------


@pytest.mark.parametrize("tier", [ConsentTier.ANALYSIS, ConsentTier.QUOTATION])
def test_a_story_without_consent_for_a_panel_is_not_put_before_one(tier: str) -> None:
    actor = welfare()
    item = redacted(actor, story(actor, consent=tier))
    with pytest.raises(NotAllowed) as refused:
        services.add_story_to_round(actor=actor, selection_round=selection_round(actor), story=item)
    assert refused.value.code == "consent"


def test_a_narrower_consent_takes_the_story_out_of_the_panels_reading_at_once() -> None:
    actor = welfare()
    item = redacted(actor, story(actor, consent=ConsentTier.PANEL))
    other = redacted(actor, story(actor, consent=ConsentTier.PUBLICATION))
    panel = shown(actor, item, other)
    assert [entry.code for entry in selectors.panel_view(panel).items] == sorted(
        [item.code, other.code]
    )
    _consent(actor, item, ConsentTier.QUOTATION)
    assert [entry.code for entry in selectors.panel_view(panel).items] == [other.code]
    with pytest.raises(NotAllowed):
        services.record_selection(
            actor=actor, selection_round=panel, domain=domain(), story=item, reasons=REASONS
        )


def test_a_withdrawn_story_leaves_the_panel_and_its_text_is_gone() -> None:
    actor = welfare()
    item = redacted(actor, story(actor, text=SECRET))
    other = redacted(actor, story(actor))
    panel = shown(actor, item, other)
    _withdraw(actor, item)
    view = selectors.panel_view(panel)
    assert [entry.code for entry in view.items] == [other.code]
    item.refresh_from_db()
    assert item.state == "withdrawn"
    assert "" == item.text == item.significance == item.redacted_text == item.teller_name


def test_the_panel_reads_only_the_redacted_text_never_the_teller() -> None:
    actor = welfare()
    item = redacted(actor, story(actor, teller_name="Noura Haddad"))
    panel = shown(actor, item)
    (entry,) = selectors.panel_view(panel).items
    assert entry.text == "Sinds de koffieochtend groet ik de buren op de galerij."
    assert "Noura" not in repr(entry)
    member_page = _panel_page(panel, "policy")
    assert "Sinds de koffieochtend" in member_page
    assert "Noura" not in member_page
    assert item.text not in member_page


def _panel_page(panel, role: str) -> str:
    from tests.staff.accounts import account

    member = account(f"member-{role}", role)
    panel.members.add(member)
    client = Client(headers={"accept-language": "en"})
    log_in(client, member)
    response = client.get(f"/staff/stories/panel/{panel.pk}/")
    assert response.status_code == 200
    return response.content.decode()


# --- Search --------------------------------------------------------------------------------


def test_search_never_finds_a_withdrawn_story() -> None:
    actor = welfare()
    kept = story(actor, text="De groene groep plant bollen.")
    gone = story(actor, text="De groene groep plant bomen.")
    query = selectors.StoryQuery(text="groene groep")
    assert set(selectors.search(actor, query)) == {kept, gone}
    _withdraw(actor, gone)
    assert list(selectors.search(actor, query)) == [kept]
    assert gone not in selectors.search(actor, selectors.StoryQuery())


def test_a_researcher_searches_the_redacted_text_of_others_stories_only() -> None:
    collector = welfare()
    reader = researcher()
    item = redacted(
        collector,
        story(collector, text="Noura Haddad vertelt over de moestuin."),
        redacted_text="Een bewoner vertelt over de moestuin.",
        quotation="",
    )
    assert list(selectors.search(collector, selectors.StoryQuery(text="Haddad"))) == [item]
    assert list(selectors.search(reader, selectors.StoryQuery(text="Haddad"))) == []
    assert list(selectors.search(reader, selectors.StoryQuery(text="moestuin"))) == [item]
    assert not selectors.sees_original(reader, item)
    # Their own stories they read as told.
    own = story(reader, text="Haddad en de moestuin.")
    assert list(selectors.search(reader, selectors.StoryQuery(text="Haddad"))) == [own]


def test_search_by_domain_theme_role_period_and_direction() -> None:
    actor = welfare()
    theme = services.create_theme(actor=actor, name="Eenzaamheid")
    a = story(
        actor, themes=[theme], teller_role="professional", direction="negative", prompt="negative"
    )
    b = story(actor, domain=domain("Safety", 1))
    by = lambda **kw: list(selectors.search(actor, selectors.StoryQuery(**kw)))  # noqa: E731
    assert by(theme=theme.pk) == [a]
    assert by(teller_role="professional") == [a]
    assert by(direction="negative") == [a]
    assert by(domain=b.domain_id) == [b]
    assert set(by(period=a.period_id)) == {a, b}


def test_people_without_the_role_find_nothing() -> None:
    from tests.staff.accounts import account

    actor = welfare()
    story(actor)
    for role in ("policy", "staff-allocation", "admin", "seeker"):
        assert list(selectors.search(account(f"x-{role}", role), selectors.StoryQuery())) == []


# --- Export --------------------------------------------------------------------------------


def test_the_export_holds_redacted_text_only_and_no_withdrawn_story() -> None:
    actor = welfare()
    item = redacted(actor, story(actor, text=SECRET, teller_name="Noura Haddad"))
    gone = redacted(actor, story(actor))
    _withdraw(actor, gone)
    rows = list(export_rows(actor))
    assert [row[0] for row in rows[1:]] == [item.code]
    flat = " ".join(" ".join(row) for row in rows)
    assert "Noura" not in flat
    assert SECRET not in flat
    assert "Sinds de koffieochtend groet ik de buren" in flat
    assert rows[1][3] == "2023-05"  # the month, not the day


def test_the_export_page_gives_csv_to_managers() -> None:
    actor = researcher()
    redacted(actor, story(actor))
    client = Client()
    log_in(client, actor)
    response = client.get("/staff/stories/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "code"
    assert len(rows) == 2


# --- The report ----------------------------------------------------------------------------


def _selected(actor, **overrides) -> Story:
    item = redacted(actor, story(actor, **overrides))
    panel = shown(actor, item, name=f"Panel {item.code}")
    services.record_selection(
        actor=actor, selection_round=panel, domain=item.domain, story=item, reasons=REASONS
    )
    services.close_round(actor=actor, selection_round=panel)
    item.refresh_from_db()
    return item


def _report_entries(as_of=dt.date(2024, 12, 31)) -> list[dict]:
    return [entry for d in report.section(as_of=as_of)["domains"] for entry in d["selections"]]


def test_the_report_shows_a_published_story_in_full_and_a_panel_story_as_a_quotation() -> None:
    actor = welfare()
    published = _selected(actor, consent=ConsentTier.PUBLICATION)
    quoted = _selected(actor, consent=ConsentTier.PANEL)
    entries = {entry["code"]: entry for entry in _report_entries()}
    assert entries[published.code]["text"] == published.redacted_text
    assert entries[published.code]["significance"] == published.redacted_significance
    assert entries[quoted.code]["text"] == "groet ik de buren op de galerij"
    assert entries[quoted.code]["significance"] == ""
    assert entries[quoted.code]["published"] is False


def test_the_report_leaves_out_a_story_whose_consent_was_narrowed_or_withdrawn() -> None:
    actor = welfare()
    narrowed = _selected(actor)
    withdrawn = _selected(actor)
    kept = _selected(actor)
    _consent(actor, narrowed, ConsentTier.ANALYSIS, on=dt.date(2024, 3, 1))
    _withdraw(actor, withdrawn)
    assert [entry["code"] for entry in _report_entries()] == [kept.code]
    # Rebuilt for a date before the change: the narrower consent still wins.
    assert [entry["code"] for entry in _report_entries(dt.date(2023, 12, 31))] == [kept.code]
    counts = report.section(as_of=dt.date(2024, 12, 31))["counts"]
    assert counts["total"] == 2  # the withdrawn story is not counted


def test_the_audit_trail_of_a_withdrawn_story_holds_no_text() -> None:
    actor = welfare()
    item = redacted(actor, story(actor, text=SECRET, teller_name="Noura Haddad"))
    _withdraw(actor, item)
    for event in AuditEvent.objects.filter(object_type="stories.story"):
        blob = f"{event.summary} {event.reason} {event.before} {event.after}"
        assert "Noura" not in blob
        assert "galerij" not in blob
    assert list(item.consents.values_list("note", flat=True)) == ["", "per mail"]
