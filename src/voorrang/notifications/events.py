"""The names of the queued events (kept apart from the models so that importing the
notification functions does not load the models before the apps are ready)."""

from __future__ import annotations


class PendingBatchEvent:
    POSITION_KNOWN = "position_known"
    VACANCY_WITHDRAWN = "vacancy_withdrawn"
    RESPONSE_RECEIVED = "response_received"
