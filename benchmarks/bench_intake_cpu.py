"""What one response costs, in-process: CPU per request and database statements, without the
noise of a load generator on the same cores.

Run: ``uv run python benchmarks/bench_intake_cpu.py [--requests 2000] [--accounts 3000]
[--rounds 5] [--server postgres://postgres@127.0.0.1:5432]
[--cache rediscache://127.0.0.1:6379/15 | local] [--profile]``.

Builds a temporary PostgreSQL database as ``bench_intake_load.py`` does (its ``fill``: seeker
accounts with registrations and sessions, open vacancies), then sends ``--requests`` first
responses, each of another seeker, through the production WSGI application in this process
(the settings of the load benchmark: persistent connection, prepared statements, rate limits
in Redis), in ``--rounds`` rounds. Prints the CPU time per request (the least, median and most
of the rounds) and the wall time, the statements one response runs, and with ``--profile`` the
functions that took the most time (cProfile, which slows the run about twice). Then drops the
database.

The load benchmark answers "does the server keep up"; this one answers "what does the request
itself cost, and where", without the load generator and the queueing. On a shared virtual
machine the CPU time still moves with the host (three runs one after the other on one day:
least of the rounds 3.1, 3.3 and 4.5 ms): compare a change with a run made just before it, and
read the least of the rounds. Every request must be answered "received"; else the exit code is
1."""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_intake_load import WARM_ACCOUNTS, line, production_environment, temporary_database
from bench_intake_load import fill as fill_load

WARM = 50


def plan_of(args: argparse.Namespace) -> tuple[list[tuple[str, str]], str, str]:
    """(session, vacancy) of each request, each of another seeker; the CSRF secret; the
    session cookie's name."""
    needed = args.requests + WARM
    # The load benchmark's plan gives every seeker one attempt before any gets a second.
    plan = fill_load(
        argparse.Namespace(
            accounts=args.accounts, vacancies=20, rate=needed, duration=1, seed=args.seed
        )
    )
    seen: set[int] = set()
    requests = []
    for attempt in plan["attempts"]:
        if attempt["vacancy"] == plan["closed"] or attempt["seeker"] in seen:
            continue
        seen.add(attempt["seeker"])
        requests.append((attempt["session"], attempt["vacancy"]))
    if len(requests) < needed:
        raise SystemExit(f"the plan has {len(requests)} seekers to respond, not {needed}")
    return requests[:needed], plan["csrf"], plan["session_cookie"]


def measure(args: argparse.Namespace) -> bool:
    from django.db import connection

    from voorrang.config.wsgi import application

    requests, csrf, cookie_name = plan_of(args)
    body = f"csrfmiddlewaretoken={csrf}".encode()
    answer: dict = {}

    def start_response(status: str, headers: list, exc_info: object = None) -> None:
        answer["status"] = status
        answer["headers"] = dict(headers)

    def call(session: str, reference: str) -> str:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": f"/homes/{reference}/respond/",
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_COOKIE": f"{cookie_name}={session}; csrftoken={csrf}",
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        result = application(environ, start_response)
        b"".join(result)
        result.close()
        return answer["headers"].get("Voorrang-Outcome", answer["status"])

    # As a gunicorn worker that has answered for a while: connection open, statements
    # prepared, the application's objects frozen out of the collector's way (gunicorn.py).
    warm, measured = requests[:WARM], requests[WARM:]
    for session, reference in warm[:-1]:
        call(session, reference)
    statements: list[str] = []

    def summary(sql: str) -> str:
        # "SELECT … FROM table [FOR …]" or "INSERT INTO table": what it reads or writes.
        verb = sql.split(None, 1)[0].upper()
        table = re.search(r"\b(?:FROM|INTO|UPDATE)\s+(\S+)", sql, re.IGNORECASE)
        lock = " FOR UPDATE/SHARE" if re.search(r"\bFOR (UPDATE|SHARE)\b", sql) else ""
        return f"{verb} {table.group(1).strip(chr(34)) if table else ''}{lock}"

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements.append(summary(sql))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call(*warm[-1])
    gc.collect()
    gc.freeze()
    outcomes: dict[str, int] = {}
    profile = cProfile.Profile() if args.profile else None
    if profile:
        profile.enable()
    # In rounds: the least CPU of a round is the figure least disturbed by whatever else ran
    # on the machine meanwhile (the spread is printed too).
    rounds = [measured[i :: args.rounds] for i in range(args.rounds)]
    cpu_ms, wall_ms = [], []
    for requests_of_round in rounds:
        wall, cpu = time.perf_counter(), time.process_time()
        for session, reference in requests_of_round:
            outcome = call(session, reference)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        cpu_ms.append(1000 * cpu / len(requests_of_round))
        wall_ms.append(1000 * wall / len(requests_of_round))
    if profile:
        profile.disable()
    n = len(measured)
    line("requests", f"{n:,} first responses, each of another seeker, in {args.rounds} rounds")
    line("outcomes", ", ".join(f"{k} {v:,}" for k, v in sorted(outcomes.items())))
    line(
        "CPU per request (this process)",
        f"least {min(cpu_ms):.2f} ms, median {statistics.median(cpu_ms):.2f} ms, "
        f"most {max(cpu_ms):.2f} ms of the rounds",
    )
    line("wall time per request", f"median {statistics.median(wall_ms):.2f} ms of the rounds")
    line(
        "statements per response",
        f"{len(statements)} (and the transaction's BEGIN and COMMIT): " + "; ".join(statements),
    )
    if profile:
        print()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile_lines)
    return outcomes == {"received": n}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--accounts", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--cache", default="rediscache://127.0.0.1:6379/15")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="also print a cProfile")
    parser.add_argument("--profile-lines", type=int, default=40)
    args = parser.parse_args()
    if args.accounts < args.requests + WARM + WARM_ACCOUNTS:
        # The load benchmark's plan leaves its own warm-up accounts out.
        parser.error(
            f"--accounts must be at least --requests + {WARM + WARM_ACCOUNTS} "
            f"({args.requests + WARM + WARM_ACCOUNTS})"
        )
    server = args.server.rstrip("/")
    name = f"voorrang_intake_cpu_{os.getpid()}"
    with (
        temporary_database(server, name) as database,
        tempfile.TemporaryDirectory() as folder,
    ):
        os.environ.update(production_environment(database, Path(folder), args.cache, name))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"temporary database {name} on {server}")
        ok = measure(args)
        line("run time", f"{time.perf_counter() - started:.1f} s with the filling")
        connections.close_all()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
