"""A small rate limiter on Django's cache: fixed windows, counted per scope and key.

Keys (account names, network addresses) are hashed before they reach the cache, so that the
cache holds no email addresses. With more than one server process the cache must be shared
(``CACHE_URL``), or each process counts on its own."""

from __future__ import annotations

import functools
import hashlib
import math
import time
import weakref
from dataclasses import dataclass
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window_seconds: int

    def _key(self, key: str) -> str:
        window = int(time.time() // self.window_seconds)
        return f"voorrang:ratelimit:{self.scope}:{window}:{digest(key)}"

    def count(self, key: str) -> int:
        return cache.get(self._key(key), 0)

    def exceeded(self, key: str) -> bool:
        return self.count(key) >= self.limit

    def hit(self, key: str) -> int:
        """Count one attempt; returns the count in the current window."""
        cache_key = self._key(key)
        client = _redis_client()
        if client is not None:
            # One round trip instead of Django's three (add; exists and incr): a script that
            # counts and, on the window's first count, sets the expiry. The key holds its
            # window's number, so a count never outlives its window by more than one window.
            full_key = cache.make_and_validate_key(cache_key)
            return int(_count_script()(keys=[full_key], args=[self.window_seconds], client=client))
        cache.add(cache_key, 0, self.window_seconds)
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, self.window_seconds)
            return 1

    def allow(self, key: str) -> bool:
        """Count one attempt and say whether it is within the limit."""
        return self.hit(key) <= self.limit

    def reset(self, key: str) -> None:
        """Forget the count of ``key`` in the current window."""
        cache.delete(self._key(key))

    def seconds_left(self) -> int:
        """Whole seconds until the current window ends and its counts start again."""
        return math.ceil(self.window_seconds - now() % self.window_seconds)


def now() -> float:
    """The limiter's clock (tests fix it: ``limiter_clock``)."""
    return time.time()


def digest(key: str) -> str:
    """What the cache holds of an account name or address: never the name itself."""
    return hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]


_COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


@functools.cache
def _count_script() -> Any:
    """The counting script, sent to Redis once and afterwards called by its hash."""
    from redis.commands.core import Script

    return Script(None, _COUNT.encode())


# One Redis client per connection pool of Django's Redis cache. Django makes a new client for
# each call (``get_client``), and a new client builds its table of reply handlers again: about
# half a millisecond of CPU, on every response a seeker sends. A client is safe to share
# between threads; its pool opens connections anew in a forked process.
_CLIENTS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _redis_client() -> Any:
    """The Redis client on the connection pool of Django's Redis cache backend, or None for
    any other cache. (Django's RedisCache keeps its client in ``_cache``; the counts it writes
    are plain integers, which ``cache.get`` reads back.)"""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return None
    pool = backend._cache._get_connection_pool(True)  # the server that counts are written to
    client = _CLIENTS.get(pool)
    if client is None:
        client = _CLIENTS[pool] = backend._cache._client(connection_pool=pool)
    return client


def account_emails() -> Limit:
    """Sign-ups and password-reset requests per network address: each sends an email, so
    they are limited too."""
    from django.conf import settings

    return Limit("account-email", settings.VOORRANG_LOGIN_ATTEMPTS, 15 * 60)


def emails_to_one_address() -> Limit:
    """Sign-up and password-reset emails to one email address, from whichever network
    address they are asked for: nobody can fill someone else's mailbox with them."""
    return Limit("email-recipient", 5, 60 * 60)


def responses() -> Limit:
    from django.conf import settings

    return Limit("response", settings.VOORRANG_RESPONSE_ATTEMPTS, 60)
