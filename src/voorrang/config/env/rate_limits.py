"""The rate limits, and the client's address behind a reverse proxy, by which they count."""

from __future__ import annotations

from voorrang.config.env.declaration import Kind, Setting

SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="VOORRANG_LOGIN_ATTEMPTS",
        kind=Kind.INTEGER,
        default="10",
        description=(
            "Failed log-in attempts allowed per 15 minutes, counted per account name and per "
            "network address; then logging in waits. Also the number of sign-ups and "
            "password-reset requests per network address per 15 minutes."
        ),
    ),
    Setting(
        name="VOORRANG_LOGIN_DELAY_MAX_SECONDS",
        kind=Kind.INTEGER,
        default="300",
        description=(
            "The longest wait between two log-in attempts on one account name from a network "
            "address that failed on it before. After three failed attempts on an account "
            "name (from anywhere), each address that failed on it waits 2 seconds before its "
            "next attempt, then 4, 8 and so on, up to this number; a successful log-in ends "
            "the waiting. An address that has not failed on the account name is not held up, "
            "so that someone who guesses passwords for an account cannot keep its owner out."
        ),
    ),
    Setting(
        name="VOORRANG_CLIENT_IP_HEADER",
        kind=Kind.HTTP_HEADER,
        default_text="unset: the address of the connection (`REMOTE_ADDR`)",
        description=(
            "Behind a reverse proxy, the request header in which the proxy passes on the "
            "client's address, e.g. `X-Forwarded-For` (nginx: `proxy_set_header "
            "X-Forwarded-For $proxy_add_x_forwarded_for;`) or `X-Real-IP`. The rate limits "
            "and the logs count by this address. The header is read only on requests that "
            "come from one of `VOORRANG_TRUSTED_PROXIES`; of its comma-separated entries the "
            "right-most one that is not a trusted proxy is the client, so an address a client "
            "writes in the header itself is never used. Leave it unset when clients connect "
            "to Voorrang directly: then every client could choose its own address."
        ),
    ),
    Setting(
        name="VOORRANG_TRUSTED_PROXIES",
        kind=Kind.NETWORK_LIST,
        default="127.0.0.1,::1",
        description=(
            "The reverse proxies whose `VOORRANG_CLIENT_IP_HEADER` is believed: addresses or "
            "networks (`10.0.0.0/8`). The default fits a proxy on the same machine. Name "
            "every proxy a request passes through (a load balancer and nginx behind it). "
            "Without `VOORRANG_CLIENT_IP_HEADER` this list is not used."
        ),
    ),
    Setting(
        name="VOORRANG_RESPONSE_ATTEMPTS",
        kind=Kind.INTEGER,
        default="20",
        description=(
            "Responses and withdrawals a seeker may send per minute; more are refused with a "
            "request to wait a minute. Counted per account, not per network address, so that "
            "many seekers behind one address (a library, a mobile network) are not held up."
        ),
    ),
)
