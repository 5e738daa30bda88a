"""With a shared cache (CACHE_URL on Redis), the rate limits count across server processes:
a seeker whose requests land on different gunicorn workers is counted once, not per worker."""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests import needs
from tests.processes import clean_environment

pytestmark = pytest.mark.redis

PROGRAM = """
import sys
import types
import django
django.setup()
from django.conf import settings
from voorrang.accounts import ratelimit
# Every count at the moment given (the limiter's clock only): see limiter_clock.
ratelimit.time = types.SimpleNamespace(time=lambda: float(sys.argv[2]))
limit = ratelimit.responses()
print(settings.CACHES["default"]["BACKEND"], limit.limit)
answers = [limit.allow("account-17") for _ in range(int(sys.argv[1]))]
print(" ".join("yes" if allowed else "no" for allowed in answers), limit.count("account-17"))
"""


def _attempts(count: int, env: dict[str, str], cwd: Path, at: float) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(count), repr(at)],
        cwd=cwd,
        env={**env, "DJANGO_SETTINGS_MODULE": "voorrang.config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    backend, answers = result.stdout.splitlines()[-2:]
    assert backend.startswith("django.core.cache.backends.redis.RedisCache")
    *allowed, count = answers.split()
    return [*allowed, int(count)]


def test_two_processes_count_one_seekers_responses_together(
    tmp_path: Path, limiter_clock: float
) -> None:
    prefix = f"test-{secrets.token_hex(6)}"  # a fresh count for this run
    env = clean_environment(
        VOORRANG_DATA_DIR=str(tmp_path / "data"),
        CACHE_URL=f"rediscache://{needs.REDIS_URL.removeprefix('redis://')}?key_prefix={prefix}",
        VOORRANG_RESPONSE_ATTEMPTS="5",
    )
    # Both processes count at one moment, whatever the time it takes them to start: they
    # would otherwise count in two windows when the minute turns between them.
    at = limiter_clock
    first = _attempts(3, env, tmp_path, at)
    second = _attempts(3, env, tmp_path, at)
    assert first == ["yes", "yes", "yes", 3]
    # The second process sees the first one's three: two more are allowed, then no.
    assert second == ["yes", "yes", "no", 6]
    # Another installation on the same Redis (another prefix) counts on its own.
    other = _attempts(3, {**env, "CACHE_URL": env["CACHE_URL"] + "x"}, tmp_path, at)
    assert other == ["yes", "yes", "yes", 3]


def test_a_count_in_redis_expires_with_its_window(tmp_path: Path, limiter_clock: float) -> None:
    import redis

    prefix = f"test-{secrets.token_hex(6)}"
    env = clean_environment(
        VOORRANG_DATA_DIR=str(tmp_path / "data"),
        CACHE_URL=f"rediscache://{needs.REDIS_URL.removeprefix('redis://')}?key_prefix={prefix}",
    )
    assert _attempts(2, env, tmp_path, limiter_clock) == ["yes", "yes", 2]
    client = redis.Redis.from_url(needs.REDIS_URL)
    keys = client.keys(f"{prefix}:*")
    assert len(keys) == 1 and b"ratelimit:response" in keys[0]
    assert 0 < client.ttl(keys[0]) <= 60


def test_every_count_in_a_process_goes_through_one_redis_client(settings, limiter_clock) -> None:
    """Django's Redis cache makes a new client for each call, and a new client builds its
    table of reply handlers again; the counter keeps one per connection pool."""
    from voorrang.accounts import ratelimit

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": needs.REDIS_URL,
            "KEY_PREFIX": f"test-{secrets.token_hex(6)}",
        }
    }
    limit = ratelimit.Limit("response", 3, 60)

    answers = [limit.allow("account-17") for _ in range(4)]

    assert answers == [True, True, True, False]
    assert limit.count("account-17") == 4
    assert ratelimit._redis_client() is ratelimit._redis_client()
