"""Each audit event carries the hash of the one before it; ``verify_audit`` walks the chain and
names the first event where it breaks: content changed, link broken, event missing, or an
event recorded after its day's root was published."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.audit.tamper import execute
from tests.factories import SeekerFactory, StaffFactory
from voorrang.audit import chain
from voorrang.audit.models import AuditEvent, DailyRoot
from voorrang.audit.services import publish_daily_roots, record

pytestmark = pytest.mark.django_db


def verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exit_info:
        return int(exit_info.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def trail(count: int = 5) -> list[AuditEvent]:
    staff, seeker = StaffFactory(), SeekerFactory()
    before = AuditEvent.objects.count()
    for i in range(count):
        record(
            actor=staff,
            action="seeker.viewed",
            obj=seeker,
            summary=f"view {i}",
            # Numbers that a database may give back in another form (jsonb: 1e20 as an integer).
            after={"rent": 612.5, "i": i, "é": ["ü", None, True], "whole": 600.0, "big": 1e20},
        )
    return list(AuditEvent.objects.order_by("sequence")[before:])


def test_each_event_carries_the_hash_of_the_one_before() -> None:
    events = list(AuditEvent.objects.order_by("sequence")) + trail()
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert events[0].previous_hash == chain.GENESIS
    for earlier, later in itertools.pairwise(events):
        assert later.previous_hash == earlier.hash
    assert len({e.hash for e in events}) == len(events)
    code, out, _ = verify()
    assert code == 0
    assert f"{len(events)} audit events checked" in out
    assert events[-1].hash in out


def test_an_event_stored_in_bulk_is_chained_too() -> None:
    first = trail(1)[0]
    seeker = SeekerFactory()
    AuditEvent.objects.bulk_create(
        AuditEvent(action="seeker.registered", object_type="seekers.seeker", object_id=str(n))
        for n in (seeker.pk, seeker.pk + 1)
    )
    made = AuditEvent.objects.create(action="x.made", object_type="t", object_id="1")
    last_three = list(AuditEvent.objects.filter(sequence__gt=first.sequence).order_by("sequence"))
    assert [e.previous_hash for e in last_three] == [first.hash, *(e.hash for e in last_three[:2])]
    assert last_three[-1].pk == made.pk
    assert verify()[0] == 0


def test_data_changed_with_raw_sql_is_found_at_that_event() -> None:
    events = trail()
    target = events[2]
    execute(
        "UPDATE audit_auditevent SET summary = %s WHERE id = %s",
        ["view of someone else", target.pk],
    )
    code, _, err = verify()
    assert code == 1
    assert f"event {target.pk} " in err and "seeker.viewed" in err
    assert "content changed" in err


def test_json_data_changed_with_raw_sql_is_found_too() -> None:
    events = trail()
    target = events[1]
    after = json.dumps({"rent": 612.5, "i": 1, "é": ["ü", None, False], "whole": 600, "big": 1e20})
    execute("UPDATE audit_auditevent SET after = %s WHERE id = %s", [after, target.pk])
    code, _, err = verify()
    assert code == 1 and f"event {target.pk} " in err and "content changed" in err


def test_a_rewritten_event_with_a_fresh_hash_breaks_the_next_link() -> None:
    events = trail()
    target, following = events[2], events[3]
    content = chain.content_of(target)
    content["summary"] = "rewritten"
    execute(
        "UPDATE audit_auditevent SET summary = %s, hash = %s WHERE id = %s",
        ["rewritten", chain.event_hash(content), target.pk],
    )
    code, _, err = verify()
    assert code == 1
    assert f"event {following.pk} " in err and "link broken" in err


def test_a_deleted_event_is_found_at_the_one_after_it() -> None:
    events = trail()
    missing, following = events[2], events[3]
    if connection.vendor == "postgresql":
        execute("DELETE FROM audit_auditevent WHERE id = %s", [missing.pk])
    else:  # SQLite guards deletion in the model only
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [missing.pk])
    code, _, err = verify()
    assert code == 1
    assert f"event {following.pk} " in err and "event missing" in err


def test_an_event_inserted_with_a_made_up_link_is_found() -> None:
    events = trail()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, action, object_type, object_id, summary, reason, "
            "sequence, previous_hash, hash) VALUES (%s, %s, %s, %s, '', '', %s, %s, %s)",
            [
                timezone.now(),
                "seeker.deleted",
                "seekers.seeker",
                "1",
                events[-1].sequence + 1,
                events[1].hash,  # forked from the middle of the chain
                "0" * 64,
            ],
        )
    inserted = AuditEvent.objects.get(action="seeker.deleted")
    code, _, err = verify()
    assert code == 1
    assert f"event {inserted.pk} " in err and "seeker.deleted" in err


def test_an_event_slipped_into_a_published_day_is_found_though_its_hashes_are_right() -> None:
    trail()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    (root,) = publish_daily_roots(today=tomorrow)
    assert root.day == timezone.localdate()
    # Someone who knows the chain appends an event dated in the published day, with the
    # right links: the chain alone holds, the published root does not.
    slipped = trail(1)[0]
    code, _, err = verify()
    assert code == 1
    assert f"event {slipped.pk} " in err
    assert f"after the published root of {root.day.isoformat()}" in err


def test_a_published_root_keeps_the_event_it_named() -> None:
    events = trail()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    (root,) = publish_daily_roots(today=tomorrow)
    assert (root.sequence, root.hash) == (events[-1].sequence, events[-1].hash)
    # Rewriting the whole chain from some event on, hashes included, agrees with itself but
    # not with the root that was published.
    rewritten = list(AuditEvent.objects.order_by("sequence"))
    previous = rewritten[0].previous_hash
    for event in rewritten:
        content = chain.content_of(event)
        content["previous_hash"] = previous
        if event.pk == events[0].pk:
            content["summary"] = "rewritten"
        digest = chain.event_hash(content)
        execute(
            "UPDATE audit_auditevent SET summary = %s, previous_hash = %s, hash = %s WHERE id = %s",
            [content["summary"], previous, digest, event.pk],
        )
        previous = digest
    code, _, err = verify()
    assert code == 1
    assert f"event {events[-1].pk} " in err and f"published root of {root.day}" in err


def test_daily_roots_are_the_last_event_of_each_day_in_amsterdam(monkeypatch) -> None:
    amsterdam = timezone.get_default_timezone()
    days = [dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 4)]
    last_of_day = {}
    for day in days:
        for hour in (0, 12, 23):
            moment = dt.datetime.combine(day, dt.time(hour, 30), tzinfo=amsterdam)
            monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
            last_of_day[day] = trail(1)[0]
    monkeypatch.undo()
    roots = publish_daily_roots(today=dt.date(2026, 3, 4))
    assert [(r.day, r.hash) for r in roots] == [(d, last_of_day[d].hash) for d in days[:2]]
    # Published once: a second run adds only the days since.
    assert publish_daily_roots(today=dt.date(2026, 3, 4)) == []
    assert [r.day for r in publish_daily_roots(today=dt.date(2026, 3, 5))] == [days[2]]
    assert DailyRoot.objects.count() == 3
    code, out, _ = verify()
    assert code == 0 and "2026-03-04" in out and last_of_day[days[2]].hash in out


def test_a_published_root_cannot_be_changed_or_deleted() -> None:
    from voorrang.audit.models import AppendOnlyError

    trail(1)
    (root,) = publish_daily_roots(today=timezone.localdate() + dt.timedelta(days=1))
    root.hash = "0" * 64
    with pytest.raises(AppendOnlyError):
        root.save()
    with pytest.raises(AppendOnlyError):
        root.delete()


def test_the_daily_command_publishes_the_days_before_today(monkeypatch) -> None:
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: yesterday)
    last = trail(2)[-1]
    monkeypatch.undo()
    trail(1)  # today's: published tomorrow
    out = io.StringIO()
    call_command("publish_audit_roots", stdout=out)
    assert f"{yesterday.date().isoformat()} {last.hash}" in out.getvalue()
    assert "1 daily root(s) published" in out.getvalue()
    assert list(DailyRoot.objects.values_list("day", "hash")) == [(yesterday.date(), last.hash)]
