"""The periodic duties, declared once: what each calls, when, and how its outcome reads.

Each duty calls the same service function as its management command (which stays usable from
cron), and returns what it did as counts; the status page puts the counts into words in the
reader's language. The services are imported when a duty runs, so that reading this list loads
no other app.

The daily ones run at night, outside the hour the clocks skip in spring, and the audit roots
just after midnight, when the day before has finished; the check-in reminders in the morning,
when people read their email."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from voorrang.jobs.schedules import DailyAt, Every, Schedule

Counts = dict[str, int]


@dataclass(frozen=True)
class DutySpec:
    name: str
    title: Any  # lazily translated
    schedule: Schedule
    run: Callable[[], Counts]
    describe: Callable[[Counts], str]
    command: str  # the management command that runs the same from cron


def _expire_offers() -> Counts:
    from voorrang.allocation.services import expire_due_offers

    return {"expired": expire_due_offers()}


def _send_notifications() -> Counts:
    from voorrang.notifications.emails import send_pending

    return {"sent": send_pending()}


def _send_reminders() -> Counts:
    from voorrang.commitments.services import send_reminders

    return {"reminded": send_reminders()}


def _tell_overdue_check_ins() -> Counts:
    from voorrang.commitments.services import tell_overdue_check_ins

    return tell_overdue_check_ins()


def _erase_ended_registrations() -> Counts:
    from voorrang.portal.services import erase_finished_registrations

    return {"erased": len(erase_finished_registrations())}


def _apply_retention() -> Counts:
    from voorrang.commitments.services import apply_retention

    return {"erased": apply_retention()}


def _clean_abandoned_evidence() -> Counts:
    from voorrang.seekers.services import clean_abandoned_evidence

    result = clean_abandoned_evidence()
    return {"records": result.abandoned, "files": result.files, "strays": result.strays}


def _publish_audit_roots() -> Counts:
    from voorrang.audit.services import publish_daily_roots

    return {"published": len(publish_daily_roots())}


def _refresh_figures() -> Counts:
    from voorrang.snapshots import refresh

    return refresh()


def _count(counts: Counts, key: str) -> int:
    return int(counts.get(key, 0))


DUTIES: tuple[DutySpec, ...] = (
    DutySpec(
        name="expire_offers",
        title=_("Expire overdue offers and offer the home to the next candidate"),
        schedule=Every(timedelta(minutes=1)),
        run=_expire_offers,
        describe=lambda c: (
            ngettext("%(count)d offer expired", "%(count)d offers expired", _count(c, "expired"))
            % {"count": _count(c, "expired")}
        ),
        command="expire_offers",
    ),
    DutySpec(
        name="send_notifications",
        title=_("Send the waiting emails"),
        schedule=Every(timedelta(minutes=1)),
        run=_send_notifications,
        describe=lambda c: (
            ngettext("%(count)d email sent", "%(count)d emails sent", _count(c, "sent"))
            % {"count": _count(c, "sent")}
        ),
        command="send_notifications",
    ),
    DutySpec(
        name="send_reminders",
        title=_("Remind tenants and coordinators of check-ins that are due"),
        schedule=DailyAt(time(7, 0)),
        run=_send_reminders,
        describe=lambda c: (
            ngettext(
                "%(count)d check-in reminded", "%(count)d check-ins reminded", _count(c, "reminded")
            )
            % {"count": _count(c, "reminded")}
        ),
        command="send_reminders",
    ),
    DutySpec(
        name="tell_overdue_check_ins",
        title=_("Tell coordinators of check-ins that are overdue"),
        schedule=DailyAt(time(7, 15)),
        run=_tell_overdue_check_ins,
        describe=lambda c: (
            ngettext(
                "%(count)d overdue check-in told",
                "%(count)d overdue check-ins told",
                _count(c, "told"),
            )
            % {"count": _count(c, "told")}
        ),
        command="tell_overdue_check_ins",
    ),
    DutySpec(
        name="erase_ended_registrations",
        title=_("Erase what was kept of ended registrations"),
        schedule=DailyAt(time(3, 15)),
        run=_erase_ended_registrations,
        describe=lambda c: (
            ngettext(
                "%(count)d registration erased",
                "%(count)d registrations erased",
                _count(c, "erased"),
            )
            % {"count": _count(c, "erased")}
        ),
        command="erase_ended_registrations",
    ),
    DutySpec(
        name="apply_retention",
        title=_("Erase the targeted track's free text after the retention period"),
        schedule=DailyAt(time(3, 30)),
        run=_apply_retention,
        describe=lambda c: (
            ngettext(
                "%(count)d application erased", "%(count)d applications erased", _count(c, "erased")
            )
            % {"count": _count(c, "erased")}
        ),
        command="apply_retention",
    ),
    DutySpec(
        name="clean_abandoned_evidence",
        title=_("Remove the evidence of registrations never submitted"),
        schedule=DailyAt(time(3, 45)),
        run=_clean_abandoned_evidence,
        describe=lambda c: (
            ngettext(
                "%(count)d abandoned upload removed",
                "%(count)d abandoned uploads removed",
                _count(c, "records"),
            )
            % {"count": _count(c, "records")}
            + "; "
            + ngettext(
                "%(count)d stray file removed", "%(count)d stray files removed", _count(c, "strays")
            )
            % {"count": _count(c, "strays")}
        ),
        command="clean_abandoned_evidence",
    ),
    DutySpec(
        name="publish_audit_roots",
        title=_("Publish the audit trail's daily root hashes"),
        schedule=DailyAt(time(0, 15)),
        run=_publish_audit_roots,
        describe=lambda c: (
            ngettext(
                "%(count)d daily root published",
                "%(count)d daily roots published",
                _count(c, "published"),
            )
            % {"count": _count(c, "published")}
        ),
        command="publish_audit_roots",
    ),
    DutySpec(
        name="refresh_figures",
        title=_("Render the figures of the evaluation and the surveys again after a change"),
        schedule=Every(timedelta(minutes=1)),
        run=_refresh_figures,
        describe=lambda c: (
            ngettext(
                "%(count)d section rendered", "%(count)d sections rendered", _count(c, "rendered")
            )
            % {"count": _count(c, "rendered")}
        ),
        command="refresh_figures",
    ),
)

BY_NAME: dict[str, DutySpec] = {duty.name: duty for duty in DUTIES}
