"""`voorrang demo` as a new user runs it: the worker starts beside the server, an offer past its
deadline expires and a queued simulation run finishes without any other command, and Ctrl+C
stops both processes."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.processes import VOORRANG, clean_environment, run_voorrang

SMALL = ("--scale", "0.02")

# An open offer of the demo made overdue, and a small simulation run queued, before the demo
# serves: the worker's first look at the schedule must settle both.
PREPARE = """
import dataclasses
from datetime import timedelta
import django
django.setup()
from django.utils import timezone
from voorrang.allocation.models import Offer
from voorrang.simulation_runs import services
from voorrang.simulation_runs.parameters import RunParameters
offer = Offer.objects.filter(state__in=["open", "viewing"]).first()
Offer.objects.filter(pk=offer.pk).update(deadline=timezone.now() - timedelta(hours=1))
run = dataclasses.replace(RunParameters.of_scenario("zeist-lflat"), replications=1, months=2)
job = services.start_run(actor=None, run=run, title="in the demo")
print(offer.pk, job.pk)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ctrl_c_as_in_a_terminal() -> None:
    # A command started with & from a script ignores SIGINT, and a child inherits that.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_demo_runs_the_worker_beside_the_server_and_stops_both(tmp_path: Path) -> None:
    environment = clean_environment(VOORRANG_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1")
    made = run_voorrang("demo", "--no-serve", "--fresh", *SMALL, cwd=tmp_path, env=environment)
    assert made.returncode == 0, made.stderr
    prepared = subprocess.run(
        [str(Path(VOORRANG).with_name("python")), "-c", PREPARE],
        cwd=tmp_path,
        env={**environment, "DJANGO_SETTINGS_MODULE": "voorrang.config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert prepared.returncode == 0, prepared.stderr
    offer, job = map(int, prepared.stdout.split()[-2:])

    port = _free_port()
    demo = subprocess.Popen(
        [VOORRANG, "demo", "--port", str(port)],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(demo.stdout), daemon=True)
    reader.start()
    database = tmp_path / "data" / "voorrang.sqlite3"

    def one(query: str, *parameters) -> tuple | None:
        with sqlite3.connect(database, timeout=10) as connection:
            return connection.execute(query, parameters).fetchone()

    worker = None
    try:
        # Generous for a loaded machine: on an idle one it all takes about 20 seconds.
        deadline = time.monotonic() + 150
        while True:
            found = re.search(r"Background worker: started .* \(process (\d+)\)", "".join(lines))
            offer_state = one("select state from allocation_offer where id = ?", offer)
            job_status = one("select status from jobs_job where id = ?", job)
            if found and offer_state == ("expired",) and job_status == ("done",):
                worker = int(found.group(1))
                break
            assert time.monotonic() < deadline, (offer_state, job_status, "".join(lines))
            time.sleep(0.5)
        # The worker signed on with its process id; the server answers beside it.
        assert one("select runs_jobs, runs_duties from jobs_workerprocess where pid = ?", worker)
        assert one("select last_outcome from jobs_duty where name = 'expire_offers'") == ("ok",)
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    assert answer.status == 200
                    break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline + 20, "".join(lines)
                time.sleep(0.3)
    finally:
        demo.send_signal(signal.SIGINT)
        try:
            demo.wait(timeout=40)
        finally:
            if demo.poll() is None:
                demo.kill()
    reader.join(timeout=5)
    assert demo.returncode == 0, "".join(lines)
    assert _gone(demo.pid)
    assert _gone(worker), "the worker outlived the demo"
    assert one("select stopped_at is not null from jobs_workerprocess where pid = ?", worker) == (
        1,
    )
