"""What some tests need from outside Python: a PostgreSQL server, Debian's chromium, a Redis
server (the shared cache of a production installation), and for the test of two application
servers network namespaces, HAProxy and redis-server.

A test marked ``@pytest.mark.postgres``, ``@pytest.mark.browser``, ``@pytest.mark.redis`` or
``@pytest.mark.netns`` (or ``@pytest.mark.pg_dump``: PostgreSQL with its pg_dump and
pg_restore) is skipped, with the reason,
on a machine that lacks what it needs. Under ``CI=true`` it fails instead: a CI run that lost
its database or its browser must not turn green by skipping the tests that use them."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Headless as root in CI, and nothing in the background that would reach the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
POSTGRES_SCHEMES = ("postgres://", "postgresql://")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def postgres_url() -> str:
    """The server of DATABASE_URL when it names PostgreSQL, else the local default. Without
    the URL's query: that holds Django's settings (``conn_max_age``, ``server_side_binding``),
    which the PostgreSQL client library refuses."""
    url = os.environ.get("DATABASE_URL", "").strip()
    return url.split("?", 1)[0] if url.startswith(POSTGRES_SCHEMES) else DEFAULT_POSTGRES_URL


@functools.cache
def postgres_missing(url: str) -> str | None:
    """Why PostgreSQL at ``url`` cannot be used, or None when it can."""
    try:
        with psycopg.connect(url, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"PostgreSQL is not reachable at {url}: {first_line}"


def chromium_missing() -> str | None:
    """Why the browser tests cannot run, or None when they can."""
    if CHROMIUM.exists():
        return None
    return f"{CHROMIUM} is missing (Debian package 'chromium')"


REDIS_URL = os.environ.get("VOORRANG_TEST_REDIS", "redis://127.0.0.1:6379/15")


@functools.cache
def redis_missing() -> str | None:
    """Why the Redis tests cannot run (at VOORRANG_TEST_REDIS, default database 15 of the
    local server), or None when they can."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
        return None
    except redis.RedisError as exc:
        return f"Redis is not reachable at {REDIS_URL}: {exc}"


def gettext_missing() -> str | None:
    """Why Django's makemessages cannot run, or None when it can."""
    if shutil.which("xgettext") and shutil.which("msgmerge"):
        return None
    return "GNU gettext (xgettext, msgmerge) is missing (Debian package 'gettext')"


def postgres_client_missing() -> str | None:
    """Why the tests of dumping and restoring cannot run, or None when they can."""
    missing = [program for program in ("pg_dump", "pg_restore") if shutil.which(program) is None]
    if not missing:
        return postgres_missing(postgres_url())
    return f"{' and '.join(missing)} not found (Debian package 'postgresql-client')"


# Where Debian puts HAProxy and ip; not always on the PATH of an unprivileged shell.
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def program(name: str) -> str | None:
    """The path of the program ``name``, on the PATH or in the system's folders."""
    return shutil.which(name) or shutil.which(name, path=SYSTEM_PATH)


@functools.cache
def netns_missing() -> str | None:
    """Why two application servers cannot be run as hosts of their own (tests/deployment),
    or None when they can: ``ip netns`` must be allowed (root), and HAProxy and redis-server
    installed (Debian packages 'iproute2', 'haproxy', 'redis-server')."""
    missing = [
        f"{name} (Debian package '{package}')"
        for name, package in (
            ("ip", "iproute2"),
            ("haproxy", "haproxy"),
            ("redis-server", "redis-server"),
        )
        if program(name) is None
    ]
    if missing:
        return "missing: " + ", ".join(missing)
    probe = f"voorrang-probe-{os.getpid()}"
    made = subprocess.run(
        [program("ip"), "netns", "add", probe], capture_output=True, text=True, check=False
    )
    if made.returncode != 0:
        reason = made.stderr.strip().splitlines()[-1] if made.stderr.strip() else "refused"
        return f"`ip netns add` is not allowed here (it needs root): {reason}"
    subprocess.run([program("ip"), "netns", "del", probe], capture_output=True, check=False)
    return None


MISSING: dict[str, Callable[[], str | None]] = {
    "postgres": lambda: postgres_missing(postgres_url()),
    "pg_dump": postgres_client_missing,
    "browser": chromium_missing,
    "gettext": gettext_missing,
    "redis": redis_missing,
    "netns": netns_missing,
}


def enforce(marker: str) -> None:
    """Skip, or under CI fail, the current test when what ``marker`` stands for is missing."""
    reason = MISSING[marker]()
    if reason is None:
        return
    if in_ci():
        pytest.fail(
            f"{reason}; under CI=true a test that needs it fails instead of skipping",
            pytrace=False,
        )
    pytest.skip(reason)
