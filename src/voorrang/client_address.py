"""The network address of the client that sent a request: the one answer the rate limits, the
logs and the audit use.

Without a reverse proxy it is the connection's address (``REMOTE_ADDR``). Behind one, every
connection comes from the proxy, so the proxy passes the client's address on in a header
(``VOORRANG_CLIENT_IP_HEADER``). A client can send that header too, with any address in it;
the proxy appends the address it saw at the right. So the header is read only on a request
from a trusted proxy (``VOORRANG_TRUSTED_PROXIES``), from the right, and the first entry that
is not a trusted proxy is the client: everything left of it was written by the client."""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# Longer than any address; what is longer came from a misconfigured proxy and is cut.
_LONGEST = 64


def client_address(request: HttpRequest) -> str:
    """The client's address as text (IPv6 in its short form), or ``"unknown"``."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    header = settings.VOORRANG_CLIENT_IP_HEADER
    if not header:
        return remote
    trusted = _trusted_networks(tuple(settings.VOORRANG_TRUSTED_PROXIES))
    if not _is_trusted(remote, trusted):
        return remote
    entries = request.META.get(_meta_key(header), "").split(",")
    client = remote
    for entry in reversed(entries):
        entry = entry.strip()
        if not entry:
            continue
        if not _is_trusted(entry, trusted):
            return _normalised(entry)
        client = entry
    # Every entry is a trusted proxy: the request started at one of them.
    return _normalised(client)


@functools.cache
def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


@functools.cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    parsed = _parsed(address)
    return parsed is not None and any(parsed in network for network in trusted)


def _normalised(address: str) -> str:
    parsed = _parsed(address)
    return address[:_LONGEST] if parsed is None else str(parsed)


def _parsed(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    # A server listening on IPv6 sees an IPv4 client as ::ffff:a.b.c.d: the same client.
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped
    return parsed
