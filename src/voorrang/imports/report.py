"""An import's result in plain words, for the command line (the staff page shows the same in
its template)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from voorrang.imports.services import CHANGED, NEW, REQUESTED, UNCHANGED, ImportResult


def summary(result: ImportResult) -> str:
    counts = result.counts
    return _(
        "%(new)s new, %(changed)s changed, %(unchanged)s unchanged, "
        "%(requested)s registration date changes waiting for a second staff member"
    ) % {
        "new": counts[NEW],
        "changed": counts[CHANGED],
        "unchanged": counts[UNCHANGED],
        "requested": counts[REQUESTED],
    }


def lines(result: ImportResult, *, limit: int = 200) -> list[str]:
    """One line per new, changed or requested row (field: old → new), at most ``limit``."""
    shown = []
    for outcome in result.outcomes:
        if outcome.action == UNCHANGED:
            continue
        label = {NEW: _("new"), CHANGED: _("changed"), REQUESTED: _("date change requested")}[
            outcome.action
        ]
        changes = "; ".join(f"{k}: {old} → {new}" for k, (old, new) in outcome.changes.items())
        shown.append(
            _("row %(row)s, %(key)s: %(what)s")
            % {"row": outcome.row, "key": outcome.key, "what": label}
            + (f" ({changes})" if changes else "")
        )
        if len(shown) >= limit:
            break
    return shown
