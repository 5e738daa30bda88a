"""Real addresses for the stories' pages in the access matrix walk
(tests/staff/test_access_matrix.py): a story, a round being prepared and a round with its
panel, whose members are the walk's accounts of the roles that may sit on a panel."""

from __future__ import annotations

from typing import Any

from tests.staff.accounts import account
from tests.stories.stories import domain, redacted, selection_round, shown, story, welfare
from voorrang.stories.models import SelectionRound, Story

# The accounts the matrix walk logs in with (see ACCOUNTS there) that sit on the panel.
PANEL_MEMBERS = ("policy", "staff-allocation", "staff-welfare", "researcher")


def story_args() -> dict[str, list[Any]]:
    actor = welfare("matrix-welfare")
    members = [account(f"user-{role}", role) for role in PANEL_MEMBERS]
    # Collected by the walk's researcher: a researcher reads and redacts the stories as told
    # only of the stories they collected (tests/stories/test_pages.py has the others).
    item = redacted(actor, story(actor, collector=members[PANEL_MEMBERS.index("researcher")]))
    preparing = selection_round(actor, name="Preparing")
    with_panel = shown(actor, redacted(actor, story(actor, domain=domain())), members=members)
    return {
        **{
            f"stories:{name}": [item.pk]
            for name in (
                "story",
                "story_redact",
                "story_consent",
                "story_withdraw",
                "story_themes",
                "story_feedback",
            )
        },
        **{
            f"stories:{name}": [preparing.pk]
            for name in ("round", "round_add", "round_remove", "round_open", "round_close")
        },
        "stories:round_choose": [with_panel.pk],
        "stories:panel": [with_panel.pk],
    }


def story_state() -> tuple:
    """What a refused request must leave unchanged."""
    return (
        list(Story.objects.order_by("pk").values_list("state", "consent", "redacted_text")),
        list(SelectionRound.objects.order_by("pk").values_list("state", flat=True)),
    )
