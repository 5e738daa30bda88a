"""The status page of the background work, for the application manager only: every duty with
its schedule, last run, outcome and next run; the workers alive, or a plain warning that none
runs; the job queue. And where staff queue a simulation or a report, the page says so when no
worker would take it up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.factories import UserFactory
from tests.staff.accounts import account, log_in
from voorrang.jobs import leases, presence, services
from voorrang.jobs.duties import DUTIES
from voorrang.jobs.models import Duty, WorkerProcess
from voorrang.web.access import ACCESS, APPLICATION_MANAGER

pytestmark = pytest.mark.django_db

URL = "/staff/background/"
NO_WORKER = "No worker runs: simulations and emails wait"


def client_of(*groups: str, superuser: bool = False, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    log_in(client, account(f"user-{'-'.join(groups) or 'super'}", *groups, superuser=superuser))
    return client


def test_the_status_page_is_the_application_managers_alone() -> None:
    assert reverse("jobs:status") == URL
    assert ACCESS["jobs:status"] == APPLICATION_MANAGER == {"admin"}
    assert client_of("admin").get(URL).status_code == 200
    assert client_of(superuser=True).get(URL).status_code == 200
    for role in ("staff-allocation", "staff-welfare", "policy", "researcher", "seeker"):
        assert client_of(role).get(URL).status_code == 403, role
    assert Client().get(URL).status_code == 302


def test_without_a_worker_the_page_says_plainly_that_work_waits() -> None:
    html = client_of("admin").get(URL).content.decode()
    assert NO_WORKER in html
    for duty in DUTIES:
        assert str(escape(duty.title)) in html
        assert f"<code>{duty.command}</code>" in html
    assert "every minute" in html
    assert "daily at 03:30" in html or "daily at 3:30" in html
    assert html.count("when a worker starts") == len(DUTIES)


def test_the_page_shows_the_workers_alive_the_queue_and_each_duty_as_it_ran() -> None:
    presence.sign_on(name="host-a:12", runs_jobs=True, runs_duties=True)
    stopped = presence.sign_on(name="host-b:13", runs_jobs=True, runs_duties=True)
    presence.sign_off(name=stopped.name)
    gone = presence.sign_on(name="host-c:14", runs_jobs=True, runs_duties=True)
    WorkerProcess.objects.filter(pk=gone.pk).update(
        last_seen_at=timezone.now() - dt.timedelta(minutes=5)
    )
    user = UserFactory()
    for _ in range(2):
        services.enqueue(actor=user, kind="test.numbers", parameters={"steps": 1})
    running = services.enqueue(actor=user, kind="test.numbers", parameters={"steps": 1})
    services.claim_next(worker="host-a:12")
    assert running  # the first queued one is running now
    now = timezone.now()
    leases.ensure_duties([duty.name for duty in DUTIES], now=now - dt.timedelta(hours=1))
    leases.claim(name="expire_offers", worker="host-a:12", lease=dt.timedelta(minutes=2))
    leases.finish(
        name="expire_offers",
        worker="host-a:12",
        next_run_at=now + dt.timedelta(minutes=1),
        counts={"expired": 3},
    )
    leases.claim(name="send_notifications", worker="host-a:12", lease=dt.timedelta(minutes=2))
    leases.finish(
        name="send_notifications",
        worker="host-a:12",
        next_run_at=now + dt.timedelta(minutes=1),
        error="SMTPConnectError: the mail server refused",
    )
    leases.claim(name="apply_retention", worker="host-a:12", lease=dt.timedelta(minutes=2))

    html = client_of("admin").get(URL).content.decode()
    assert NO_WORKER not in html
    assert "host-a:12" in html
    assert "host-b:13" not in html and "host-c:14" not in html
    assert "jobs and duties" in html
    assert "<dt>Queued</dt><dd>2</dd>" in html
    assert "<dt>Running</dt><dd>1</dd>" in html
    assert "done: 3 offers expired" in html
    assert "failed:</strong> SMTPConnectError: the mail server refused" in html
    assert "running now in host-a:12" in html
    # The duties nobody ran for an hour are late.
    assert html.count("(late)") == len(DUTIES) - 3


def test_the_page_reads_in_dutch() -> None:
    leases.ensure_duties([duty.name for duty in DUTIES])
    leases.claim(name="expire_offers", worker="w", lease=dt.timedelta(minutes=2))
    leases.finish(
        name="expire_offers",
        worker="w",
        next_run_at=timezone.now() + dt.timedelta(minutes=1),
        counts={"expired": 1},
    )
    presence.sign_on(name="vm-1:4242", runs_jobs=True, runs_duties=True)
    html = client_of("admin", language="nl").get(URL).content.decode()
    # What a worker takes on, not the simulation runs' word for "Runs".
    assert '<th scope="col">Voert uit</th>' in html
    assert "wachtrij en vaste taken" in html
    WorkerProcess.objects.all().delete()
    html = client_of("admin", language="nl").get(URL).content.decode()
    assert "Achtergrondwerk" in html
    assert "Er draait geen verwerker: simulaties en e-mails wachten" in html
    assert "elke minuut" in html
    assert "1 aanbieding verlopen" in html
    assert Duty.objects.count() == len(DUTIES)


@pytest.mark.parametrize("alive", [False, True])
def test_queueing_a_simulation_says_when_no_worker_would_take_it_up(alive: bool) -> None:
    from tests.simulation_runs.conftest import queued_run

    if alive:
        presence.sign_on(name="w:1", runs_jobs=True, runs_duties=True)
    client = client_of("policy")
    job = queued_run(UserFactory())
    pages = [
        reverse("simulations:run", args=[job.pk]),
        reverse("simulations:new") + "?scenario=zeist-lflat",
        reverse("evaluation:report"),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert ("No background worker runs at the moment" in html) is not alive, page
