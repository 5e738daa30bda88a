"""Email (its server, its sender and the address its links start with) and the cache."""

from __future__ import annotations

from voorrang.config.env.declaration import Kind, Setting

SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="EMAIL_URL",
        kind=Kind.EMAIL_URL,
        default_text="unset: emails are printed to standard output (the console backend)",
        description=(
            "The SMTP server that sends emails (account confirmation, password reset, news "
            "about responses and offers), as a URL: `smtp+tls://USER:PASSWORD@HOST:587` "
            "(STARTTLS), `smtp+ssl://USER:PASSWORD@HOST:465` or `smtp://HOST:25`. "
            "Special characters in the user name or password must be percent-encoded."
        ),
    ),
    Setting(
        name="DEFAULT_FROM_EMAIL",
        kind=Kind.STRING,
        default="Voorrang <noreply@localhost>",
        description="The sender of the emails Voorrang sends.",
    ),
    Setting(
        name="CACHE_URL",
        kind=Kind.CACHE_URL,
        default_text="unset: a cache in the memory of each process",
        description=(
            "The cache that keeps the counts of the rate limits (log in, sign up, password "
            "reset, responses). With more than one server process, use a shared cache, e.g. "
            "`dbcache://voorrang_cache` (then run `voorrang manage createcachetable`) or "
            "`rediscache://127.0.0.1:6379/1` (Redis; `?key_prefix=NAME` keeps installations "
            "that share one Redis apart); with the default each process counts alone."
        ),
    ),
    Setting(
        name="VOORRANG_PUBLIC_URL",
        kind=Kind.STRING,
        default="http://127.0.0.1:8000",
        description=(
            "The address at which seekers reach Voorrang, without a trailing slash. Links in "
            "emails that are not an answer to a request (news about responses and offers) "
            "start with it. When it is unset, `voorrang demo` and `voorrang serve` set it to "
            "the address they serve on (`voorrang demo --port 8123` gives "
            "`http://127.0.0.1:8123`; `0.0.0.0` and `[::]` become `127.0.0.1` and `[::1]`, "
            "which the default `ALLOWED_HOSTS` accepts), for themselves and the processes they "
            "start. Other processes (gunicorn, `voorrang manage send_notifications` from cron) "
            "take the default: set it wherever seekers reach Voorrang from other machines, and "
            "for every process that sends emails. When it is set, it always wins."
        ),
    ),
)
