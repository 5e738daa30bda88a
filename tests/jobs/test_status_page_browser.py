"""The status page of the background work reads at 320 CSS px and passes axe, with a worker
alive and duties done and failed, and with the warning that no worker runs. (The reflow walk of
every page, tests/browser/test_reflow.py, opens it too.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.test_reflow import Walk
from tests.staff.accounts import account
from voorrang.jobs import leases, presence
from voorrang.jobs.duties import DUTIES
from voorrang.jobs.models import WorkerProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_status_page_reads_at_320_px_and_passes_axe(chromium, live_server) -> None:
    now = timezone.now()
    leases.ensure_duties([duty.name for duty in DUTIES], now=now - dt.timedelta(hours=1))
    leases.claim(name="expire_offers", worker="vm-1:4242", lease=dt.timedelta(minutes=2))
    leases.finish(
        name="expire_offers",
        worker="vm-1:4242",
        next_run_at=now + dt.timedelta(minutes=1),
        counts={"expired": 3},
    )
    leases.claim(name="send_notifications", worker="vm-1:4242", lease=dt.timedelta(minutes=2))
    leases.finish(
        name="send_notifications",
        worker="vm-1:4242",
        next_run_at=now + dt.timedelta(minutes=1),
        error="SMTPServerDisconnected: Connection unexpectedly closed by the mail server",
    )
    walk = Walk(chromium, live_server)
    for language in ("nl", "en"):
        who = f"manager-{language}"
        page = walk.page_of(who, account(f"beheer-{language}", "admin"))
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        walk.check(who, "/staff/background/", axe_key=f"without a worker {language}")
        presence.sign_on(name="vm-1:4242", runs_jobs=True, runs_duties=True)
        walk.check(who, "/staff/background/", axe_key=f"with a worker {language}")
        WorkerProcess.objects.all().delete()
    assert walk.visited == 4
    assert walk.problems == [], "\n".join(walk.problems)
