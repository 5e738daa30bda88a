"""What production runs: two application servers, each a host of its own (a network
namespace), HAProxy in front, one PostgreSQL and one Redis (tests/deployment/installation.py).

Evidence uploaded through one server is read through the other; and under a load of response
submissions one server is killed (SIGKILL, master and workers): every submission a client saw
acknowledged is stored exactly once, the others got an error and are safe to send again, and
the sessions go on through the other server.

The servers use the test database, which pytest-django made and migrated for this run; the
test makes its records with the project's factories and services and checks the outcome in
the database. On PostgreSQL only (the SQLite leg of CI skips it): SQLite is one file on one
machine."""

from __future__ import annotations

import collections
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection

from tests.allocation.flow import published
from tests.deployment.conftest import skip_unless_postgres
from tests.deployment.hosts import Network, leftovers
from tests.deployment.installation import SERVED_BY, Installation
from tests.deployment.visitor import Attempt, Visitor
from tests.factories import BuildingFactory, StaffFactory, UnitFactory
from tests.portal.helpers import PDF, seeker_with_account
from voorrang.allocation.models import Response
from voorrang.audit.models import AuditEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.netns,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_leg"),
]

PASSWORD = "correct horse battery staple"
SEEKERS = 12
VACANCIES = 8
CLIENTS = 6
# What a client may see of a submission that a dying server took with it: the proxy's
# answer (502 bad gateway, 503 no server, 504 timeout) or a broken connection.
LOST_ON_THE_WAY = {
    *(f"{where} {status}" for where in ("page", "status") for status in (502, 503, 504)),
    "ConnectionError",
    "ChunkedEncodingError",
}


@pytest.fixture(scope="module")
def installation(django_db_setup, tmp_path_factory) -> Iterator[Installation]:
    """Two hosts, the proxy, Redis and two gunicorns; all stopped and removed at the end."""
    skip_unless_postgres()  # before anything starts: a module's fixtures come first
    settings = connection.settings_dict
    folder = tmp_path_factory.mktemp("two-servers")
    network = Network(("a", "b"))
    with network:
        installation = Installation(
            network=network,
            folder=folder,
            database={
                "host": settings["HOST"] or "127.0.0.1",
                "port": str(settings["PORT"] or 5432),
                "user": settings["USER"] or "postgres",
                "password": f":{settings['PASSWORD']}" if settings["PASSWORD"] else "",
                "name": settings["NAME"],
            },
        )
        try:
            installation.start()
            yield installation
        finally:
            installation.stop()
    assert leftovers(network.token) == []


@pytest.fixture(autouse=True)
def both_servers_up(installation: Installation) -> Installation:
    """A test starts with both servers running, whatever the one before it killed."""
    stopped = [server for server in installation.servers.values() if not server.running()]
    for server in stopped:
        server.start()
    for server in stopped:
        server.wait_ready()
    if stopped:
        installation.wait_for_proxy(up=set(installation.servers))
    return installation


def seekers_who_can_log_in(prefix: str, count: int) -> list[str]:
    """``count`` seekers with an account and a registration; their user names. The password
    is hashed with the servers' own hasher (Argon2): the test process uses a fast one. One
    hash for all: hashing each would take a fifth of a second."""
    names = [f"{prefix}{i}@example.org" for i in range(count)]
    users = [seeker_with_account(name)[0] for name in names]
    hasher = Argon2PasswordHasher()
    get_user_model().objects.filter(pk__in=[u.pk for u in users]).update(
        password=hasher.encode(PASSWORD, hasher.salt())
    )
    return names


def open_vacancies(count: int) -> list[str]:
    staff = StaffFactory()
    building = BuildingFactory(name="Twee Servers", designated=False)
    return [published(staff, unit=UnitFactory(building=building)).reference for _ in range(count)]


def test_evidence_uploaded_through_one_server_is_read_through_the_other(
    installation: Installation,
) -> None:
    [name] = seekers_who_can_log_in("evidence", 1)
    visitor = Visitor(installation.url, name)
    visitor.log_in(PASSWORD)

    uploaded = visitor.post_form(
        "/my/details/income/",
        "/my/details/income/",
        {
            "income": "31000",
            "income_evidence_kind": "payslip",
            "income_evidence_date": "2025-01-01",
        },
        files={"evidence": ("ib60.pdf", PDF, "application/pdf")},
        server="a",
    )
    assert uploaded.status_code == 302, uploaded.text[-2000:]
    assert uploaded.headers[SERVED_BY] == "a"

    details = visitor.get("/my/details/", server="b")
    assert details.status_code == 200 and details.headers[SERVED_BY] == "b"
    [link] = set(re.findall(r'href="(/my/evidence/\d+/)"', details.text))
    read = visitor.get(link, server="b")
    assert read.status_code == 200, read.status_code
    assert read.headers[SERVED_BY] == "b"
    assert read.content == PDF
    # Neither server keeps the file on its own disk.
    for server in ("a", "b"):
        assert not [
            p
            for p in (installation.folder / server).rglob("*")
            if p.is_file() and p.read_bytes() == PDF
        ]


def test_a_server_killed_under_load_loses_no_acknowledged_response_and_doubles_none(
    installation: Installation,
) -> None:
    names = seekers_who_can_log_in("load", SEEKERS)
    references = open_vacancies(VACANCIES)
    visitors = [Visitor(installation.url, name) for name in names]
    with ThreadPoolExecutor(CLIENTS) as pool:
        logged_in_by = collections.Counter(
            answer.headers[SERVED_BY] for answer in pool.map(lambda v: v.log_in(PASSWORD), visitors)
        )
    # Round robin: both servers made sessions, and the killed server's go on at the other.
    assert set(logged_in_by) == {"a", "b"}, logged_in_by

    # Each client sends its seekers' submissions one after the other; one server is killed
    # once a third of them has been acknowledged.
    total = SEEKERS * VACANCIES
    attempts: list[Attempt] = []
    recorded = threading.Lock()
    killed_at: list[float] = []

    def client(mine: list[Visitor]) -> None:
        for visitor in mine:
            for reference in references:
                attempt = visitor.respond(reference)
                with recorded:
                    attempts.append(attempt)

    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        running = [pool.submit(client, visitors[i::CLIENTS]) for i in range(CLIENTS)]
        while sum(a.acknowledged for a in list(attempts)) < total // 3:
            assert not all(r.done() for r in running), [r.exception() for r in running]
            time.sleep(0.005)
        killed = installation.servers["a"].kill()
        killed_at.append(time.monotonic())
        for result in running:
            result.result()
    load_seconds = time.monotonic() - started
    assert len(killed) == 1 + 2, killed  # the master and its two workers
    installation.wait_for_proxy(up={"b"})

    assert len(attempts) == total
    refused = [a for a in attempts if a.outcome and not a.acknowledged]
    assert refused == [], refused
    lost = [a for a in attempts if not a.acknowledged]
    unexpected = [a for a in lost if a.error not in LOST_ON_THE_WAY]
    assert unexpected == [], unexpected
    served = collections.Counter(a.served_by for a in attempts if a.acknowledged)
    assert served["a"] > 0 and served["b"] > 0, served
    # What was sent once the server was dead went to the other one.
    assert not [a for a in attempts if a.served_by == "a" and a.sent > killed_at[0]]

    # Every acknowledged submission is stored exactly once; nothing is stored twice.
    stored = collections.Counter(
        Response.objects.values_list("seeker__user__username", "vacancy__reference")
    )
    acknowledged = {(a.seeker, a.vacancy) for a in attempts if a.acknowledged}
    assert [pair for pair in acknowledged if stored[pair] != 1] == []
    assert [pair for pair, n in stored.items() if n > 1] == []

    # The ones that were lost on the way are sent again, by the same visitors (the same
    # cookie jars), through the proxy, which now has one server.
    # Some of them the dead server had stored before it died: sending them again is safe.
    stored_already = sum(stored[(a.seeker, a.vacancy)] for a in lost)
    by_name = {v.username: v for v in visitors}
    retried = [by_name[a.seeker].respond(a.vacancy) for a in lost]
    assert [r for r in retried if not r.acknowledged or r.served_by != "b"] == []
    # And what the killed server had stored and acknowledged, sent again, stays one response.
    again = [by_name[a.seeker].respond(a.vacancy) for a in attempts if a.served_by == "a"]
    assert {r.outcome for r in again} == {"already"}, again
    stored = collections.Counter(
        Response.objects.values_list("seeker__user__username", "vacancy__reference")
    )
    assert stored == {(name, reference): 1 for name in names for reference in references}
    assert AuditEvent.objects.filter(action="response.created").count() == total

    # Every session goes on through the other server, those made by the killed one too.
    for visitor in visitors:
        page = visitor.get("/my/responses/")
        assert page.status_code == 200 and page.headers[SERVED_BY] == "b"
        assert all(reference in page.text for reference in references)
    # The rate limits were counted in the shared Redis.
    import redis

    counts = redis.Redis.from_url(installation.redis_url).keys("*ratelimit:response*")
    assert counts

    print(
        f"\n{total} submissions by {CLIENTS} clients in {load_seconds:.1f} s; server a killed "
        f"after {killed_at[0] - started:.1f} s; acknowledged {len(acknowledged)} "
        f"(a {served['a']}, b {served['b']}); lost on the way {len(lost)} "
        f"({collections.Counter(a.error for a in lost)}; {stored_already} of them stored already), "
        "each stored once after the retry"
    )
