"""Walk the audit trail's hash chain and find the first place where it breaks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from voorrang.audit import chain
from voorrang.audit.models import AuditEvent, DailyRoot


@dataclass(frozen=True)
class Break:
    """The first event where the chain does not hold, and why."""

    event_id: int | None
    sequence: int | None
    at: dt.datetime | None
    action: str
    why: str


@dataclass(frozen=True)
class Verification:
    checked: int
    head_sequence: int
    head_hash: str
    last_root: DailyRoot | None
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_chain(*, chunk_size: int = 2000) -> Verification:
    """Recompute every event's hash in the chain's order and check each link, the numbering
    and the published daily roots. Stops at the first break."""
    roots = {root.day: root for root in DailyRoot.objects.all()}
    roots_by_sequence = {root.sequence: root for root in roots.values()}
    amsterdam = timezone.get_default_timezone()
    expected_sequence, previous_hash = 1, chain.GENESIS
    checked = 0
    rows = AuditEvent.objects.order_by("sequence").values_list("id", "hash", *chain.CONTENT_FIELDS)
    for row in rows.iterator(chunk_size=chunk_size):
        stored_hash = row[1]
        fields = dict(zip(chain.CONTENT_FIELDS, row[2:], strict=True))
        sequence, at = fields["sequence"], fields["at"]

        def broken(why: str, row=row, checked=checked) -> Verification:
            return Verification(
                checked=checked,
                head_sequence=row[2],
                head_hash=row[1],
                last_root=None,
                broken=Break(row[0], row[2], row[3], row[5], why),
            )

        if sequence != expected_sequence:
            missing = sequence - expected_sequence
            return broken(
                f"event missing: {missing} event(s) before this one are gone "
                f"(place {expected_sequence} expected, {sequence} found)"
                if missing > 0
                else f"event inserted: place {sequence} was taken already"
            )
        if fields["previous_hash"] != previous_hash:
            return broken(
                "link broken: the hash it holds of the event before it is not that event's hash "
                "(the event before was changed, or this one was put in)"
            )
        if chain.event_hash(chain.content(**fields)) != stored_hash:
            return broken("content changed: its hash does not match what it says")
        day = timezone.localtime(at, amsterdam).date()
        root = roots.get(day)
        if root is not None and sequence > root.sequence:
            return broken(
                f"recorded after the published root of {day.isoformat()}, "
                f"which ends that day at place {root.sequence}"
            )
        published = roots_by_sequence.get(sequence)
        if published is not None and published.hash != stored_hash:
            return broken(
                f"differs from the published root of {published.day.isoformat()} "
                f"({published.hash}): the chain up to here was rewritten"
            )
        checked += 1
        expected_sequence, previous_hash = sequence + 1, stored_hash
    beyond = [root for root in roots.values() if root.sequence >= expected_sequence]
    if beyond:
        root = min(beyond, key=lambda r: r.sequence)
        return Verification(
            checked=checked,
            head_sequence=expected_sequence - 1,
            head_hash=previous_hash,
            last_root=None,
            broken=Break(
                None,
                root.sequence,
                None,
                "",
                f"event missing: the published root of {root.day.isoformat()} names place "
                f"{root.sequence}, past the end of the trail",
            ),
        )
    return Verification(
        checked=checked,
        head_sequence=expected_sequence - 1,
        head_hash=previous_hash,
        last_root=max(roots.values(), key=lambda r: r.day) if roots else None,
        broken=None,
    )
