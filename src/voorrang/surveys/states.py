"""The state machine of a survey wave: every service checks it here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.transitions import StateMachine


class WaveState(models.TextChoices):
    PLANNED = "planned", _("planned")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


ALLOWED_WAVE_CHANGES: dict[str, frozenset[str]] = {
    WaveState.PLANNED: frozenset({WaveState.OPEN}),
    # Answers are taken (online and on paper) only while a wave is open.
    WaveState.OPEN: frozenset({WaveState.CLOSED}),
    WaveState.CLOSED: frozenset(),
}

WAVE_MACHINE = StateMachine(
    field="state",
    allowed=ALLOWED_WAVE_CHANGES,
    states=WaveState,
    message=_("A survey wave that is %(old)s cannot become %(new)s."),
    code="wave_state",
)
