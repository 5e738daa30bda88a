"""What one response costs, in-process: CPU per request and database statements, without the
noise of a load generator on the same cores.

Run: ``uv run python benchmarks/bench_intake_cpu.py [--requests 2000] [--accounts 3000]
[--rounds 5] [--server postgres://postgres@127.0.0.1:5432]
[--cache rediscache://127.0.0.1:6379/15 | local] [--compose rows|orm|both] [--profile]``.

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
1.

``--compose orm`` runs the request's reads and inserts that ``voorrang.rows`` composes (the
session, the account with its registration, the vacancy with its home, the household, and the
inserts of the response, its audit event and its queued receipt) through the ORM instead, the
same statements composed by Django's query compiler; ``--compose both`` alternates the two
round by round, so that the host's noise falls on both alike (docs/decisions/0004)."""

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
    needed = args.requests + WARM * (2 if args.compose == "both" else 1)
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
    variants = ["rows", "orm"] if args.compose == "both" else [args.compose]
    compose = Compose()
    warm, measured = requests[: WARM * len(variants)], requests[WARM * len(variants) :]
    for k, (session, reference) in enumerate(warm[: -len(variants)]):
        compose.use(variants[k % len(variants)])
        call(session, reference)
    statements: dict[str, list[str]] = {variant: [] for variant in variants}

    def summary(sql: str) -> str:
        # "SELECT … FROM table [FOR …]" or "INSERT INTO table": what it reads or writes.
        verb = sql.split(None, 1)[0].upper()
        table = re.search(r"\b(?:FROM|INTO|UPDATE)\s+(\S+)", sql, re.IGNORECASE)
        lock = " FOR UPDATE/SHARE" if re.search(r"\bFOR (UPDATE|SHARE)\b", sql) else ""
        return f"{verb} {table.group(1).strip(chr(34)) if table else ''}{lock}"

    for variant, (session, reference) in zip(variants, warm[-len(variants) :], strict=True):

        def count(execute, sql, params, many, context, variant=variant):  # type: ignore[no-untyped-def]
            statements[variant].append(summary(sql))
            return execute(sql, params, many, context)

        compose.use(variant)
        with connection.execute_wrapper(count):
            call(session, reference)
    gc.collect()
    gc.freeze()
    outcomes: dict[str, int] = {}
    profile = cProfile.Profile() if args.profile else None
    if profile:
        profile.enable()
    # In rounds: the least CPU of a round is the figure least disturbed by whatever else ran
    # on the machine meanwhile (the spread is printed too).
    # With both ways, the rounds alternate between them, so that the host's noise falls on
    # both alike.
    count = args.rounds * len(variants)
    rounds = [measured[i::count] for i in range(count)]
    cpu_ms: dict[str, list[float]] = {variant: [] for variant in variants}
    wall_ms: dict[str, list[float]] = {variant: [] for variant in variants}
    for k, requests_of_round in enumerate(rounds):
        variant = variants[k % len(variants)]
        compose.use(variant)
        wall, cpu = time.perf_counter(), time.process_time()
        for session, reference in requests_of_round:
            outcome = call(session, reference)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        cpu_ms[variant].append(1000 * cpu / len(requests_of_round))
        wall_ms[variant].append(1000 * wall / len(requests_of_round))
    if profile:
        profile.disable()
    compose.use("rows")
    n = len(measured)
    line("requests", f"{n:,} first responses, each of another seeker, in {count} rounds")
    line("outcomes", ", ".join(f"{k} {v:,}" for k, v in sorted(outcomes.items())))
    for variant in variants:
        way = f" ({variant})" if len(variants) > 1 else ""
        cpu = cpu_ms[variant]
        line(
            f"CPU per request{way}",
            f"least {min(cpu):.2f} ms, median {statistics.median(cpu):.2f} ms, "
            f"most {max(cpu):.2f} ms of the rounds",
        )
        line(f"wall time per request{way}", f"median {statistics.median(wall_ms[variant]):.2f} ms")
        line(
            f"statements per response{way}",
            f"{len(statements[variant])} (and the transaction's BEGIN and COMMIT): "
            + "; ".join(statements[variant]),
        )
    if profile:
        print()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile_lines)
    return outcomes == {"received": n}


# --- The same reads and inserts through the ORM (--compose orm) -----------------------------
# What the code would be without voorrang.rows: each function below is what the function it
# stands in for did before (or would do) with Django's query compiler. ``use`` switches all of
# them at once, so that both ways can be measured in one process, round after round.


def orm_variants() -> dict[tuple[object, str], object]:
    """(owner, attribute) -> the ORM's version of it."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
    from django.db.models import Exists, Model, OuterRef

    from voorrang import rows
    from voorrang.accounts import backends, sessions
    from voorrang.accounts.roles import Role
    from voorrang.portal import eligibility, selectors
    from voorrang.seekers.models import HouseholdMember

    def get_user(self, user_id):  # type: ignore[no-untyped-def]
        model = get_user_model()
        staff_role = model.groups.through.objects.filter(user=OuterRef("pk")).exclude(
            group__name=Role.SEEKER.value
        )
        try:
            user = (
                model._default_manager.select_related("seeker")
                .annotate(has_staff_role=Exists(staff_role))
                .get(pk=user_id)
            )
        except (model.DoesNotExist, ValueError, TypeError):
            return None
        user._voorrang_has_staff_role = user.has_staff_role
        return user if self.user_can_authenticate(user) else None

    def vacancy_with_home(reference):  # type: ignore[no-untyped-def]
        return (
            selectors.Vacancy.objects.select_related("unit__building")
            .filter(reference=reference)
            .first()
        )

    def members(seeker_id):  # type: ignore[no-untyped-def]
        return list(
            HouseholdMember.objects.filter(seeker_id=seeker_id).values_list(
                "is_main_applicant", "birth_date"
            )
        )

    def insert(obj, using="default"):  # type: ignore[no-untyped-def]
        # Model.save itself: the audit event's own save() would link it to the chain twice.
        Model.save(obj, force_insert=True, using=using)
        return obj

    return {
        (sessions.SessionStore, "_get_session_from_db"): DatabaseStore._get_session_from_db,
        (backends.AccountBackend, "get_user"): get_user,
        (selectors, "vacancy_with_home"): vacancy_with_home,
        (eligibility, "_members"): members,
        (rows, "insert"): insert,
    }


class Compose:
    """Switches the request between voorrang.rows (the code as it is) and the ORM."""

    def __init__(self) -> None:
        self.orm = orm_variants()
        self.rows = {key: getattr(owner, name) for key in self.orm for owner, name in [key]}

    def use(self, variant: str) -> None:
        for (owner, name), function in (self.orm if variant == "orm" else self.rows).items():
            setattr(owner, name, function)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--accounts", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--cache", default="rediscache://127.0.0.1:6379/15")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--compose",
        choices=("rows", "orm", "both"),
        default="rows",
        help="the statements of the request composed by voorrang.rows (the code as it is), "
        "by the ORM, or both in alternating rounds",
    )
    parser.add_argument("--profile", action="store_true", help="also print a cProfile")
    parser.add_argument("--profile-lines", type=int, default=40)
    args = parser.parse_args()
    warm = WARM * (2 if args.compose == "both" else 1)
    if args.accounts < args.requests + warm + WARM_ACCOUNTS:
        # The load benchmark's plan leaves its own warm-up accounts out.
        parser.error(
            f"--accounts must be at least --requests + {warm + WARM_ACCOUNTS} "
            f"({args.requests + warm + WARM_ACCOUNTS})"
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
