"""Response intake under load: seekers respond at 200 per second for 60 seconds against
gunicorn and PostgreSQL, and afterwards not one response is lost or doubled.

Run: ``uv run python benchmarks/bench_intake_load.py [--accounts 10000] [--vacancies 20]
[--rate 200] [--duration 60] [--workers N] [--server postgres://postgres@127.0.0.1:5432]
[--cache rediscache://127.0.0.1:6379/15 | local] [--keep] [--answers FILE]
[--database-options "&server_side_binding=false"]``.

1. Creates a temporary PostgreSQL database and migrates it.
2. Fills it with bulk inserts: ``--accounts`` seeker accounts, each with a registration (one
   adult, an income that fits social rent), a logged-in session made beforehand, and
   ``--vacancies`` open vacancies (plus one whose closing date has passed, which must refuse
   every response). Log-in is kept out of the measured path: the simulated seekers carry the
   session cookies, as a seeker who logged in earlier does; the CSRF cookie and token are
   made beforehand too (a browser gets them with the page that holds the form). Then the
   database is vacuumed and a checkpoint written, as a database in service has them.
3. Starts gunicorn with the production settings (``voorrang.config.gunicorn``: the
   application loaded and warmed before the fork; ``--workers``, default cores + 1
   synchronous workers; persistent database connections; the rate limits counted in a shared
   Redis cache, ``--cache``) on 127.0.0.1, and sends every
   worker a few warm-up requests that store nothing. Then runs locust headless with
   ``--rate`` simulated seekers, each sending one response attempt a second on a schedule of
   its own that starts at a random moment of the first second, so that the attempts arrive
   spread over each second. An attempt is a POST of the response form, answered with a
   redirect and a ``Voorrang-Outcome`` header. The attempts follow a plan: 1 or 2 vacancies
   per seeker, 5 % double clicks (the same POST twice at the same moment on two
   connections), 2 % stale pages submitted again after the answer, 2 % to the vacancy that
   has closed.
4. Prints throughput, p50/p95/p99 and errors, one figure a line (and p50/p95 for each 5 s of
   the run, and where the CPU went: the machine's busy share, the gunicorn workers' and
   PostgreSQL's CPU per request; the autovacuum runs and checkpoints meanwhile), and
   checks the database: exactly one response for every (seeker, vacancy) that got a success
   answer ("received" or "already"), none where every answer was a refusal, one audit event
   and one queued receipt per response, and one response per double click.
5. Stops gunicorn and drops the database (unless ``--keep``).

The figures depend on the machine and on what else runs on it: take them on an idle machine.
The exit code is 1 when a response was lost or doubled, else 0; timings never fail the run."""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = Path(__file__).resolve().parent / "intake_locustfile.py"
SUCCESS = {"received", "already"}
REFUSALS = {"limit", "closed", "not-eligible", "too-fast", "refused"}
P95_TARGET_MS = 250
WARM_ACCOUNTS = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def line(name: str, value: str) -> None:
    print(f"{name:<44} {value}")


# --- Filling the database ---------------------------------------------------------------


def fill(args: argparse.Namespace) -> dict:
    """Accounts, registrations, sessions and vacancies; returns the plan of attempts."""
    import datetime as dt
    from decimal import Decimal

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.utils import timezone

    from voorrang.accounts.roles import Role
    from voorrang.allocation import services
    from voorrang.allocation.models import Vacancy
    from voorrang.housing.models import Building, Complex, Unit
    from voorrang.seekers.models import HouseholdMember, Seeker

    rnd = random.Random(args.seed)
    today = timezone.localdate()
    # One Argon2 hash for every account: hashing 10,000 passwords would take minutes, and
    # log-in is not what is measured.
    password = make_password(secrets.token_urlsafe(16))
    users = User.objects.bulk_create(
        [
            User(
                username=f"seeker{i}@load.example",
                email=f"seeker{i}@load.example",
                password=password,
            )
            for i in range(args.accounts + WARM_ACCOUNTS)
        ],
        batch_size=2_000,
    )
    group = Group.objects.get_or_create(name=Role.SEEKER)[0]
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=5_000
    )
    seekers = Seeker.objects.bulk_create(
        [
            Seeker(
                registration_number=f"L{i:07d}",
                registered_on=dt.date(2000, 1, 1) + dt.timedelta(days=rnd.randrange(9_000)),
                income=Decimal(rnd.randrange(18_000, 28_000)),
                email=u.email,
                user_id=u.pk,
            )
            for i, u in enumerate(users)
        ],
        batch_size=2_000,
    )
    HouseholdMember.objects.bulk_create(
        [
            HouseholdMember(
                seeker_id=s.pk,
                first_name=f"Naam{i}",
                last_name="Last",
                birth_date=dt.date(1960, 1, 1) + dt.timedelta(days=rnd.randrange(12_000)),
                is_main_applicant=True,
            )
            for i, s in enumerate(seekers)
        ],
        batch_size=5_000,
    )
    # A session per account, as Django's log-in stores it.
    store = SessionStore()
    expires = timezone.now() + dt.timedelta(days=1)
    sessions = {}
    rows = []
    for user in users:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        sessions[user.pk] = key
    Session.objects.bulk_create(rows, batch_size=5_000)

    staff = User.objects.create(username="load-staff", is_staff=True)
    complex_ = Complex.objects.create(name="Loadtest", town="Zeist")
    building = Building.objects.create(
        name="Loadflat", complex=complex_, street="Proefweg", town="Zeist", designated=False
    )
    references = []
    for i in range(args.vacancies + 1):
        unit = Unit.objects.create(
            building=building,
            street="Proefweg",
            number=i + 1,
            postcode="3701 AA",
            town="Zeist",
            rooms=2,
            floor=i % 5,
            lift=True,
            surface_m2=55,
            rent=Decimal("600.00"),
            max_household=4,
        )
        vacancy = Vacancy.objects.create(
            reference=f"V-LOAD-{i:03d}",
            unit=unit,
            rent=unit.rent,
            closes_on=today + dt.timedelta(days=14),
        )
        services.publish_vacancy(actor=staff, vacancy=vacancy)
        references.append(vacancy.reference)
    closed = references.pop()
    # Its closing date has passed; staff have not closed it yet. Every response is refused.
    Vacancy.objects.filter(reference=closed).update(closes_on=today - dt.timedelta(days=1))
    # A database in service has its tables vacuumed and its pages written out; one just
    # filled with bulk inserts has neither, and autovacuum and the checkpointer would do
    # that work during the measured minute (an insert-triggered vacuum of each filled table
    # within autovacuum_naptime). Done here, before the run, as a running installation has.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")

    # The plan: each seeker responds to one vacancy, then (when the run is long enough) a
    # second; a few attempt the closed one; some attempts are double clicks or resubmitted.
    needed = int(args.rate * args.duration * 1.15) + args.rate * 5
    # The last few accounts only warm the server up before the run (warm_up); the plan
    # leaves them out, so their requests count against no seeker's rate limit.
    warm_sessions = [sessions[s.user_id] for s in seekers[-WARM_ACCOUNTS:]]
    seeker_ids = [s.pk for s in seekers[:-WARM_ACCOUNTS]]
    user_of = {s.pk: s.user_id for s in seekers}
    attempts = []
    chosen: dict[int, list[str]] = collections.defaultdict(list)
    while len(attempts) < needed:
        rnd.shuffle(seeker_ids)
        for seeker_id in seeker_ids:
            draw = rnd.random()
            left = [r for r in references if r not in chosen[seeker_id]]
            if draw < 0.02 or not left:
                vacancy = closed
            else:
                vacancy = rnd.choice(left)
                chosen[seeker_id].append(vacancy)
            kind = "double-click" if draw > 0.95 else "resubmitted" if draw > 0.93 else "once"
            attempts.append(
                {
                    "seeker": seeker_id,
                    "vacancy": vacancy,
                    "session": sessions[user_of[seeker_id]],
                    "kind": kind,
                }
            )
            if len(attempts) >= needed:
                break
    return {
        "attempts": attempts,
        "csrf": secrets.token_hex(16),  # 32 characters: Django's unmasked secret length
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "closed": closed,
        "warm": warm_sessions,
    }


# --- Running the load ---------------------------------------------------------------------


@contextlib.contextmanager
def temporary_database(server: str, name: str, keep: bool = False) -> Iterator[str]:
    """A new database ``name`` on the PostgreSQL ``server``, dropped at the end with its
    connections (unless ``keep``: then its address is printed); yields its address."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        if keep:
            print(f"database kept: {server}/{name}")
        else:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_environment(
    database: str, folder: Path, cache: str, prefix: str, database_options: str = ""
) -> dict[str, str]:
    """The settings of a production installation for a run against ``database``, with its
    data folder in ``folder``; the rate limits counted in ``cache`` (or, with "local", in each
    process's memory)."""
    env = {
        # Persistent connections, as a production installation should have them.
        "DATABASE_URL": f"{database}?conn_max_age=600{database_options}",
        "VOORRANG_DATA_DIR": str(folder / "data"),
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_SETTINGS_MODULE": "voorrang.config.settings",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
        # Nothing is sent during the run (receipts wait for send_notifications).
        "EMAIL_URL": "dummymail://",
    }
    if cache != "local":
        # The rate limits count in the shared cache, as on a production installation with
        # more than one worker (docs/deployment.md); a prefix of this run's own keeps the
        # counts of an earlier run out.
        separator = "&" if "?" in cache else "?"
        env["CACHE_URL"] = f"{cache}{separator}key_prefix={prefix}"
    return env


def start_gunicorn(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    # The production settings (voorrang.config.gunicorn: preloaded and warmed application,
    # synchronous workers), on a free loopback port.
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:voorrang.config.gunicorn",
        "voorrang.config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
        if server.poll() is not None:
            break
    server.terminate()
    raise SystemExit(f"gunicorn did not start; see {log}:\n{log.read_text()[-2000:]}")


def warm_up(port: int, plan: dict, workers: int) -> int:
    """Before the run, every worker answers a few requests of the measured kind, as a server
    that has been running for a while has: a logged-in seeker's vacancy page and a response
    to the vacancy past its closing date (refused, so nothing is stored). The first request
    of a process opens its database connection and loads what was not loaded before the
    fork. Returns the number of warm-up requests."""
    import concurrent.futures
    import http.client

    def one(session: str) -> None:
        cookie = f"{plan['session_cookie']}={session}; csrftoken={plan['csrf']}"
        for method, path, body in (
            ("GET", f"/homes/{plan['closed']}/", None),
            ("POST", f"/homes/{plan['closed']}/respond/", f"csrfmiddlewaretoken={plan['csrf']}"),
        ):
            client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
            client.request(method, path, body=body, headers=headers)
            client.getresponse().read()
            client.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, plan["warm"]))
    return 2 * len(plan["warm"])


def run_locust(env: dict, port: int, args: argparse.Namespace, folder: Path) -> Path:
    answers = folder / "answers.jsonl"
    locust_env = {
        **env,
        "INTAKE_PLAN": str(folder / "plan.json"),
        "INTAKE_ANSWERS": str(answers),
        "INTAKE_PER_USER": "1",
    }
    users = args.rate  # each sends one attempt a second
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{args.duration}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "30",
    ]
    completed = subprocess.run(
        command, env=locust_env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if not answers.exists():
        raise SystemExit(f"locust wrote no answers:\n{completed.stdout}\n{completed.stderr}")
    return answers


# --- Where the CPU went -------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of one process, 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def cpu_snapshot(server_pid: int) -> dict:
    """CPU seconds so far of the machine (busy, all), of gunicorn's workers (by process) and
    of PostgreSQL's processes. Linux only (``/proc``); elsewhere empty."""
    if not Path("/proc/stat").exists():
        return {}
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children")
    workers = [int(p) for p in children.read_text().split()] if children.exists() else []
    postgres = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    postgres += _process_cpu(int(entry.name))
            except OSError:
                continue
    return {
        "busy": (sum(ticks) - idle) / TICK,
        "all": sum(ticks) / TICK,
        "workers": {pid: _process_cpu(pid) for pid in workers},
        "postgres": postgres,
    }


def cpu_figures(before: dict, after: dict, requests: int) -> None:
    if not before or not after or not requests:
        return
    busy = (after["busy"] - before["busy"]) / max(after["all"] - before["all"], 1e-9)
    # A worker that was replaced during the run is missing from one of the snapshots; only
    # the workers in both count (the figure says how many).
    both = before["workers"].keys() & after["workers"].keys()
    workers = sum(after["workers"][p] - before["workers"][p] for p in both)
    postgres = after["postgres"] - before["postgres"]
    line("machine CPU busy during the run", f"{busy:.0%} of {os.cpu_count()} cores")
    line(
        "gunicorn workers' CPU per request",
        f"{workers / requests * 1000:.2f} ms ({len(both)} of {len(after['workers'])} workers"
        " ran throughout)",
    )
    line("PostgreSQL's CPU per request", f"{postgres / requests * 1000:.2f} ms")


# --- What PostgreSQL did in the background ------------------------------------------------


def background_snapshot() -> dict:
    """PostgreSQL's own counts of autovacuum and autoanalyze runs per table and of
    checkpoints, to tell a stall caused by background work from one caused by the load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables"
        )
        tables = {name: (vacuums, analyzes) for name, vacuums, analyzes in cursor.fetchall()}
        # PostgreSQL 17 moved the checkpoint counts to a view of their own.
        if connection.pg_version >= 170000:
            cursor.execute("SELECT num_timed + num_requested FROM pg_stat_checkpointer")
        else:
            cursor.execute("SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter")
        checkpoints = cursor.fetchone()[0]
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
    return {"tables": tables, "checkpoints": checkpoints, "autovacuum": autovacuum}


def background_figures(before: dict, after: dict) -> None:
    vacuums, analyzes = [], []
    for name, (vacuum_count, analyze_count) in sorted(after["tables"].items()):
        was = before["tables"].get(name, (0, 0))
        if vacuum_count > was[0]:
            vacuums.append(f"{name} x{vacuum_count - was[0]}")
        if analyze_count > was[1]:
            analyzes.append(f"{name} x{analyze_count - was[1]}")
    # "none" means little where the server has autovacuum switched off.
    line("autovacuum on the server", after["autovacuum"])
    line("autovacuum runs during the load", ", ".join(vacuums) or "none")
    line("autoanalyze runs during the load", ", ".join(analyzes) or "none")
    line("checkpoints begun during the load", f"{after['checkpoints'] - before['checkpoints']}")


# --- Figures and checks -------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def figures(answers: list[dict], duration: int) -> None:
    # A request cut off when the run stopped has no answer time: it counts as an error below.
    interrupted = sum(1 for a in answers if a.get("error") == "interrupted")
    answers = [a for a in answers if a.get("error") != "interrupted"]
    times = [a["ms"] for a in answers]
    started = min(a["at"] - a["ms"] / 1000 for a in answers)
    ended = max(a["at"] for a in answers)
    span = max(ended - started, 1e-9)
    outcomes = collections.Counter(
        a["outcome"] or f"error {a.get('error') or a['status']}" for a in answers
    )
    errors = sum(1 for a in answers if not a["outcome"])
    attempts = len({(a["seeker"], a["vacancy"], a["kind"], round(a["at"])) for a in answers})
    # Sustained rate: requests answered in each whole second after the first 5 (ramp-up).
    per_second = collections.Counter(int(a["at"] - started) for a in answers)
    steady = [per_second.get(s, 0) for s in range(5, int(span))]
    line("requests answered", f"{len(answers):,} in {span:.1f} s (run time {duration} s)")
    line("throughput, all requests", f"{len(answers) / span:.1f} requests/s")
    if steady:
        line(
            "throughput per second after ramp-up",
            f"min {min(steady)}  median {statistics.median(steady):.0f}  max {max(steady)}",
        )
    line("response attempts (double click = 1)", f"{attempts:,}")
    line("latency p50", f"{percentile(times, 50):.1f} ms")
    p95 = percentile(times, 95)
    verdict = "within" if p95 < P95_TARGET_MS else "OVER"
    line("latency p95", f"{p95:.1f} ms ({verdict} target {P95_TARGET_MS} ms)")
    line("latency p99", f"{percentile(times, 99):.1f} ms")
    line("latency max", f"{max(times):.1f} ms")
    line("errors (no answer or no outcome)", f"{errors}")
    line("requests cut off when the run stopped", f"{interrupted}")
    for outcome, count in sorted(outcomes.items()):
        line(f"answers '{outcome}'", f"{count:,}")
    # Latency over the run, 5 s at a time: a stall shows as one slow window, a server that
    # cannot keep up as windows that grow slower and slower.
    windows: dict[int, list[float]] = collections.defaultdict(list)
    for a in answers:
        windows[int((a["at"] - started) // 5)].append(a["ms"])
    for window, values in sorted(windows.items()):
        line(
            f"  {window * 5:>3}-{window * 5 + 5:<3} s: answers, p50, p95, max",
            f"{len(values):>5}  {percentile(values, 50):7.1f}  {percentile(values, 95):7.1f}"
            f"  {max(values):7.1f} ms",
        )
    failed_kinds = collections.Counter(a["kind"] for a in answers if not a["outcome"])
    for kind, count in sorted(failed_kinds.items()):
        line(f"errors on attempts of kind '{kind}'", f"{count:,}")


def check(answers: list[dict]) -> bool:
    from django.db.models import Count

    from voorrang.allocation.models import Response
    from voorrang.audit.models import AuditEvent
    from voorrang.notifications.models import PendingBatch

    by_pair: dict[tuple[int, str], list[dict]] = collections.defaultdict(list)
    for answer in answers:
        by_pair[(answer["seeker"], answer["vacancy"])].append(answer)
    stored = collections.Counter(
        Response.objects.filter(vacancy__reference__startswith="V-LOAD-").values_list(
            "seeker_id", "vacancy__reference"
        )
    )
    lost = [
        p for p, a in by_pair.items() if any(x["outcome"] in SUCCESS for x in a) and not stored[p]
    ]
    doubled = [p for p, n in stored.items() if n > 1]
    # Stored although every answer said no (an answer that never came proves nothing).
    stored_after_no = [
        p for p, a in by_pair.items() if stored[p] and all(x["outcome"] in REFUSALS for x in a)
    ]
    received_twice = [
        p for p, a in by_pair.items() if sum(x["outcome"] == "received" for x in a) > 1
    ]
    unknown = [p for p, a in by_pair.items() if any(not x["outcome"] for x in a)]
    not_answered = [p for p in stored if p not in by_pair]
    # Double clicks whose answers all came (one whose answer was lost proves nothing).
    doubles = [
        p
        for p, a in by_pair.items()
        if any(x["kind"] == "double-click" for x in a) and all(x["outcome"] for x in a)
    ]
    double_ok = [
        p
        for p in doubles
        if (stored[p] == 1 and sum(x["outcome"] == "received" for x in by_pair[p]) == 1)
        or (stored[p] == 0 and all(x["outcome"] in REFUSALS for x in by_pair[p]))
    ]
    rows = sum(stored.values())
    events = AuditEvent.objects.filter(
        action="response.created", object_type="allocation.response"
    ).count()
    per_object = (
        AuditEvent.objects.filter(action="response.created")
        .values("object_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    receipts = PendingBatch.objects.filter(event="response_received").count()
    line("responses stored", f"{rows:,}")
    line("lost (success answer, no response)", f"{len(lost)}")
    line("duplicated (two responses, one pair)", f"{len(doubled)}")
    line("stored after a refusal", f"{len(stored_after_no)}")
    line("'received' answered twice for one pair", f"{len(received_twice)}")
    line("stored without any answer recorded", f"{len(not_answered)}")
    line("pairs with an answer that never came", f"{len(unknown)}")
    line("double clicks with one response", f"{len(double_ok)} of {len(doubles)}")
    line(
        "audit events 'response.created'",
        f"{events:,} (per response: {'one' if events == rows and not per_object else 'NOT one'})",
    )
    line("receipts queued for send_notifications", f"{receipts:,}")
    ok = not (lost or doubled or stored_after_no or received_twice or not_answered)
    ok = ok and len(double_ok) == len(doubles) and events == rows and receipts == rows
    line("zero lost and zero duplicated", "yes" if ok else "NO")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--vacancies", type=int, default=20)
    parser.add_argument("--rate", type=int, default=200, help="response attempts per second")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument(
        "--workers",
        type=int,
        default=(os.cpu_count() or 1) + 1,
        help="gunicorn workers (default: as voorrang.config.gunicorn, cores + 1)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--server",
        default="postgres://postgres@127.0.0.1:5432",
        help="a PostgreSQL server where a temporary database may be created",
    )
    parser.add_argument(
        "--cache",
        default="rediscache://127.0.0.1:6379/15",
        help="the shared cache of the rate limits (CACHE_URL), as production has it; "
        "'local' for a cache in each worker's memory",
    )
    parser.add_argument(
        "--database-options",
        default="",
        help="more of DATABASE_URL's query, e.g. '&server_side_binding=false'",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--answers", help="also write every answer (JSON lines: seeker, vacancy, kind, ms, at) here"
    )
    args = parser.parse_args()
    server = args.server.rstrip("/")
    name = f"voorrang_intake_{os.getpid()}"
    # gunicorn stops (the inner finally) before the database is dropped.
    with temporary_database(server, name, keep=args.keep) as database:
        gunicorn = None
        ok = False
        try:
            with tempfile.TemporaryDirectory() as folder_name:
                folder = Path(folder_name)
                env = {
                    **os.environ,
                    **production_environment(
                        database, folder, args.cache, name, args.database_options
                    ),
                }
                os.environ.update(env)
                import django

                django.setup()
                from django.core.management import call_command

                print(f"temporary database {name} on {server}")
                started = time.perf_counter()
                call_command("migrate", verbosity=0)
                plan = fill(args)
                (folder / "plan.json").write_text(json.dumps(plan))
                line(
                    "database",
                    f"{args.accounts:,} accounts with registrations and sessions, "
                    f"{args.vacancies} open vacancies + 1 past its closing date; "
                    f"built in {time.perf_counter() - started:.1f} s",
                )
                from django.db import connections

                connections.close_all()
                port = free_port()
                gunicorn = start_gunicorn(env, port, args.workers, folder / "gunicorn.log")
                line("server", f"gunicorn, {args.workers} sync workers, 127.0.0.1:{port}")
                line("rate-limit cache", env.get("CACHE_URL", "each worker's own memory"))
                line("warm-up", f"{warm_up(port, plan, args.workers)} requests before the run")
                line("load", f"{args.rate} simulated seekers x 1 attempt/s for {args.duration} s")
                background_before = background_snapshot()
                connections.close_all()
                cpu_before = cpu_snapshot(gunicorn.pid)
                answers_file = run_locust(env, port, args, folder)
                cpu_after = cpu_snapshot(gunicorn.pid)
                # The statistics collector reports a finished autovacuum within a second or so.
                time.sleep(1)
                background_after = background_snapshot()
                gunicorn.send_signal(signal.SIGTERM)
                gunicorn.wait(timeout=30)
                gunicorn = None
                if args.answers:
                    shutil.copy(answers_file, args.answers)
                answers = [json.loads(x) for x in answers_file.read_text().splitlines() if x]
                if not answers:
                    raise SystemExit("no answers were recorded")
                figures(answers, args.duration)
                cpu_figures(cpu_before, cpu_after, len(answers))
                background_figures(background_before, background_after)
                ok = check(answers)
                connections.close_all()
        finally:
            if gunicorn is not None:
                gunicorn.send_signal(signal.SIGTERM)
                gunicorn.wait(timeout=30)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
