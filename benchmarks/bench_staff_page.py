"""Close and rank a vacancy with 2,000 responses among 50,000 seekers on PostgreSQL, and the
server time of the staff vacancy page that shows the ranking.

Run: ``uv run python benchmarks/bench_staff_page.py [--seekers N] [--responses N] [--repeat K]
[--server postgres://postgres@127.0.0.1:5432]``.

Creates a temporary database on the server, migrates it, fills it with bulk inserts, and drops
it at the end. Times ``close_vacancy`` + ``rank_vacancy`` together for K vacancies (target
under 0.5 s), then requests the staff vacancy page of one of them through Django's test client
(the whole server side: middleware, session, queries, template) K times per page of the
ranking (target under 300 ms, the median)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.staff.bulk, the bulk builder the tests share

CLOSE_AND_RANK_TARGET = 0.5
PAGE_TARGET = 0.3


def report(name: str, times: list[float], target: float) -> None:
    best, median = min(times), statistics.median(times)
    verdict = "within" if median < target else "OVER"
    print(
        f"{name:<52} best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms  "
        f"({verdict} target {target * 1000:.0f} ms)"
    )


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from tests.staff import bulk
    from tests.staff.accounts import account

    from voorrang.allocation import services

    # The test client's host, and emails kept in memory instead of printed.
    setup_test_environment()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    staff = account("benchmark", "staff-allocation")
    seekers = bulk.seekers(args.seekers, email_share=args.email_share)
    vacancies = []
    for i in range(args.repeat):
        vacancy = bulk.published_vacancy(staff, reference=f"V-BENCH-{i:04d}")
        bulk.respond_in_bulk(vacancy, seekers, args.responses, seed=i)
        vacancies.append(vacancy)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"database: {args.seekers:,} seekers, {args.repeat} vacancies with "
        f"{args.responses:,} responses each; built in {time.perf_counter() - started:.1f} s"
    )

    times = []
    profiler = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
    for vacancy in vacancies:
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        services.close_vacancy(actor=staff, vacancy=vacancy)
        ranking = services.rank_vacancy(actor=staff, vacancy=vacancy)
        if profiler:
            profiler.disable()
        times.append(time.perf_counter() - start)
    if profiler:
        profiler.dump_stats(os.environ["BENCH_PROFILE"])
    ranked, excluded = ranking.entries.count(), ranking.exclusions.count()
    print(f"ranking: {ranked:,} ranked, {excluded:,} excluded")
    report(f"close + rank, {args.responses:,} responses", times, CLOSE_AND_RANK_TARGET)

    vacancy = vacancies[-1]
    services.offer_next(actor=staff, vacancy=vacancy)
    client = Client()
    client.force_login(staff)
    url = f"/staff/vacancies/{vacancy.reference}/"
    last_page = (ranked + 49) // 50
    for label, query in [("first page", ""), (f"page {last_page}", f"?page={last_page}")]:
        client.get(url + query)  # templates compiled, caches warm
        page_times = []
        for _ in range(max(args.repeat, 5) * 3):
            start = time.perf_counter()
            response = client.get(url + query)
            page_times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
        report(f"staff vacancy page, {label}", page_times, PAGE_TARGET)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(f"queries per page: {len(queries)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=50_000)
    parser.add_argument("--responses", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--email-share",
        type=float,
        default=0.9,
        help="the share of seekers with an email address, who are notified of their position",
    )
    parser.add_argument(
        "--server",
        default="postgres://postgres@127.0.0.1:5432",
        help="a PostgreSQL server where a temporary database may be created",
    )
    args = parser.parse_args()
    server = args.server.rstrip("/")
    name = f"voorrang_bench_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            os.environ.update(
                {
                    "DATABASE_URL": f"{server}/{name}",
                    "VOORRANG_DATA_DIR": data_dir,
                    "DJANGO_SETTINGS_MODULE": "voorrang.config.settings",
                    "LOG_LEVEL": "WARNING",
                }
            )
            print(f"temporary database {name} on {server}")
            run(args)
            from django.db import connections

            connections.close_all()
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
