"""The periodic duties: a due duty is claimed by one worker, a lapsed lease is taken over, and
each run's outcome (what it did, or its error) and next run are recorded; a failing duty does
not stop the others.

The duties here count their runs in memory and touch no database, so their threads need no
connection of their own (SQLite's in-memory test database serves one thread at a time); the
real duties run in tests/jobs/test_duties_beside_jobs.py (PostgreSQL) and in the demo
(test_demo_worker.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from voorrang.jobs import leases
from voorrang.jobs.duties import BY_NAME, DUTIES, DutySpec
from voorrang.jobs.models import Duty, DutyOutcome
from voorrang.jobs.scheduler import LEASE, RETRY_AFTER, DutyScheduler
from voorrang.jobs.schedules import DailyAt, Every

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def counting(name: str, schedule, *, fail: bool = False) -> tuple[DutySpec, list[int]]:
    runs: list[int] = []

    def run() -> dict[str, int]:
        runs.append(1)
        if fail:
            raise ValueError("the mail server refused the connection")
        return {"done": len(runs)}

    spec = DutySpec(
        name=name,
        title=name,
        schedule=schedule,
        run=run,
        describe=lambda counts: f"{counts.get('done', 0)} done",
        command=name,
    )
    return spec, runs


def settle(scheduler: DutyScheduler) -> None:
    """Wait for the duties started to end, then record them."""
    for entry in list(scheduler.running.values()):
        entry.thread.join(timeout=10)
    scheduler.step(start_new=False)


# --- the schedules (no database) ----------------------------------------------------------


def test_a_minute_duty_runs_a_minute_after_its_last_start() -> None:
    assert Every(dt.timedelta(minutes=1)).next_after(NOW, AMSTERDAM) == NOW + dt.timedelta(
        minutes=1
    )


def test_a_daily_duty_runs_at_its_local_time_today_or_else_tomorrow() -> None:
    night = DailyAt(dt.time(3, 30))
    morning = dt.datetime(2026, 7, 1, 1, 0, tzinfo=AMSTERDAM)
    assert night.next_after(morning, AMSTERDAM) == dt.datetime(2026, 7, 1, 3, 30, tzinfo=AMSTERDAM)
    later = dt.datetime(2026, 7, 1, 3, 30, tzinfo=AMSTERDAM)
    assert night.next_after(later, AMSTERDAM) == dt.datetime(2026, 7, 2, 3, 30, tzinfo=AMSTERDAM)


def test_a_daily_duty_keeps_its_local_time_over_the_change_to_summer_time() -> None:
    # The clocks go forward on 29 March 2026: 03:30 is 01:30 UTC after, 02:30 UTC before.
    night = DailyAt(dt.time(3, 30))
    before = dt.datetime(2026, 3, 27, 12, 0, tzinfo=dt.UTC)
    first = night.next_after(before, AMSTERDAM)
    second = night.next_after(first, AMSTERDAM)
    assert first.astimezone(dt.UTC).hour == 2
    assert second.astimezone(dt.UTC).hour == 1
    assert second.astimezone(AMSTERDAM).time() == dt.time(3, 30)


def test_every_declared_duty_has_its_command_and_no_daily_one_falls_in_the_skipped_hour() -> None:
    from django.core.management import get_commands

    commands = get_commands()
    assert {duty.command for duty in DUTIES} <= set(commands)
    assert set(BY_NAME) == {duty.name for duty in DUTIES}
    for duty in DUTIES:
        if isinstance(duty.schedule, DailyAt):
            assert duty.schedule.at.hour != 2, duty.name
    assert BY_NAME["publish_audit_roots"].schedule.at < dt.time(1)
    assert BY_NAME["expire_offers"].schedule == Every(dt.timedelta(minutes=1))
    assert BY_NAME["send_notifications"].schedule == Every(dt.timedelta(minutes=1))


# --- leases --------------------------------------------------------------------------------

uses_the_database = pytest.mark.django_db


@uses_the_database
def test_a_due_duty_is_claimed_by_one_worker_and_not_by_a_second() -> None:
    leases.ensure_duties(["expire_offers"], now=NOW)
    assert leases.claim(name="expire_offers", worker="a", lease=LEASE, now=NOW)
    assert not leases.claim(name="expire_offers", worker="b", lease=LEASE, now=NOW)
    duty = Duty.objects.get()
    assert (duty.lease_holder, duty.lease_until, duty.last_started_at) == ("a", NOW + LEASE, NOW)


@uses_the_database
def test_a_duty_that_is_not_due_is_not_claimed() -> None:
    leases.ensure_duties(["expire_offers"], now=NOW)
    assert not leases.claim(
        name="expire_offers", worker="a", lease=LEASE, now=NOW - dt.timedelta(seconds=1)
    )


@uses_the_database
def test_a_lapsed_lease_is_taken_over_and_the_old_holder_can_no_longer_record() -> None:
    leases.ensure_duties(["apply_retention"], now=NOW)
    assert leases.claim(name="apply_retention", worker="dead", lease=LEASE, now=NOW)
    # Not before the lease lapses.
    assert not leases.claim(
        name="apply_retention", worker="b", lease=LEASE, now=NOW + LEASE - dt.timedelta(seconds=1)
    )
    later = NOW + LEASE + dt.timedelta(seconds=1)
    assert leases.claim(name="apply_retention", worker="b", lease=LEASE, now=later)
    assert not leases.renew(name="apply_retention", worker="dead", lease=LEASE, now=later)
    assert not leases.finish(
        name="apply_retention", worker="dead", next_run_at=later, counts={"erased": 9}
    )
    assert leases.finish(
        name="apply_retention", worker="b", next_run_at=later, counts={"erased": 1}, now=later
    )
    duty = Duty.objects.get()
    assert (duty.last_worker, duty.last_counts, duty.runs) == ("b", {"erased": 1}, 1)


@uses_the_database
def test_two_workers_starting_together_make_each_duty_once() -> None:
    leases.ensure_duties(["a", "b"], now=NOW)
    leases.ensure_duties(["a", "b"], now=NOW + dt.timedelta(hours=1))
    assert sorted(Duty.objects.values_list("name", "next_run_at")) == [("a", NOW), ("b", NOW)]


# --- the scheduler ---------------------------------------------------------------------------


@uses_the_database
def test_a_run_is_recorded_with_what_it_did_and_its_next_run() -> None:
    minute, minute_runs = counting("minute", Every(dt.timedelta(minutes=1)))
    night, night_runs = counting("night", DailyAt(dt.time(3, 30)))
    clock = Clock()
    scheduler = DutyScheduler(name="w1", duties=[minute, night], clock=clock)
    scheduler.step()
    clock.now = NOW + dt.timedelta(seconds=2)
    settle(scheduler)

    assert (minute_runs, night_runs) == ([1], [1])
    duty = Duty.objects.get(name="minute")
    assert duty.last_outcome == DutyOutcome.OK
    assert duty.last_counts == {"done": 1}
    assert (duty.last_started_at, duty.last_finished_at) == (NOW, clock.now)
    assert duty.next_run_at == NOW + dt.timedelta(minutes=1)
    assert (duty.lease_holder, duty.lease_until, duty.last_worker) == ("", None, "w1")
    night_duty = Duty.objects.get(name="night")
    assert night_duty.next_run_at == dt.datetime(2026, 3, 11, 3, 30, tzinfo=AMSTERDAM)

    # Not again before it is due; then again.
    clock.now = NOW + dt.timedelta(seconds=30)
    scheduler.step()
    assert not scheduler.running
    clock.now = NOW + dt.timedelta(minutes=1)
    scheduler.step()
    settle(scheduler)
    assert (minute_runs, night_runs) == ([1, 1], [1])
    assert Duty.objects.get(name="minute").runs == 2


@uses_the_database
def test_a_failing_duty_is_recorded_with_its_error_and_the_others_go_on() -> None:
    broken, broken_runs = counting("broken", DailyAt(dt.time(3, 30)), fail=True)
    fine, fine_runs = counting("fine", Every(dt.timedelta(minutes=1)))
    clock = Clock()
    scheduler = DutyScheduler(name="w1", duties=[broken, fine], clock=clock)
    scheduler.step()
    settle(scheduler)

    duty = Duty.objects.get(name="broken")
    assert duty.last_outcome == DutyOutcome.FAILED
    assert duty.last_error == "ValueError: the mail server refused the connection"
    assert (duty.last_counts, duty.failures_in_a_row, duty.lease_holder) == ({}, 1, "")
    # A failed daily duty is tried again soon, not only tomorrow.
    assert duty.next_run_at == NOW + RETRY_AFTER
    assert Duty.objects.get(name="fine").last_outcome == DutyOutcome.OK

    clock.now = NOW + RETRY_AFTER
    scheduler.step()
    settle(scheduler)
    assert len(broken_runs) == 2
    assert Duty.objects.get(name="broken").failures_in_a_row == 2
    assert len(fine_runs) == 2


@uses_the_database
def test_the_lease_of_a_long_duty_is_renewed_while_it_runs() -> None:
    import threading

    release = threading.Event()
    slow = DutySpec(
        name="slow",
        title="slow",
        schedule=DailyAt(dt.time(3, 30)),
        run=lambda: release.wait(10) and {},
        describe=str,
        command="slow",
    )
    clock = Clock()
    scheduler = DutyScheduler(name="w1", duties=[slow], clock=clock)
    scheduler.step()
    clock.now = NOW + LEASE / 2
    scheduler.step()
    assert Duty.objects.get().lease_until == clock.now + LEASE
    # Another worker looking after the first lease would have lapsed finds it held.
    assert not leases.claim(name="slow", worker="w2", lease=LEASE, now=NOW + LEASE)
    release.set()
    settle(scheduler)
    assert Duty.objects.get().lease_holder == ""


@uses_the_database
def test_the_next_run_of_a_duty_is_never_before_it_ended_when_it_failed() -> None:
    leases.ensure_duties(["x"], now=NOW)
    leases.claim(name="x", worker="w", lease=LEASE, now=NOW)
    later = NOW + dt.timedelta(minutes=5)
    leases.finish(name="x", worker="w", next_run_at=NOW, error="E", now=later)
    assert Duty.objects.get().next_run_at == later


def test_the_scheduler_reads_the_installations_time_zone() -> None:
    assert str(timezone.get_default_timezone()) == "Europe/Amsterdam"
