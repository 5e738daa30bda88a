"""What `voorrang manage`, `voorrang serve` and `voorrang demo` run.

The CLI imports this module only for those commands, so that `voorrang rank` and `voorrang
label` never load Django."""

from __future__ import annotations

import os
import sys
from typing import Any

SETTINGS_MODULE = "voorrang.config.settings"
DEFAULT_ADDRPORT = "127.0.0.1:8000"
ADMIN_USERNAME = "admin"


def _use_our_settings() -> None:
    # setdefault, as manage.py does: an installation may point at settings of its own.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    # Like the interpreter does with sys.exit("message"): print it, exit 1.
    print(exc.code, file=sys.stderr)
    return 1


def manage(argv: list[str]) -> int:
    """Run a Django management command, as ``manage.py`` would."""
    from django.core.management import execute_from_command_line

    _use_our_settings()
    try:
        # argv[0] is the program name Django shows in its usage and help texts.
        execute_from_command_line(["voorrang manage", *argv])
    except SystemExit as exc:
        return _exit_code(exc)
    return 0


def serve(addrport: str = DEFAULT_ADDRPORT) -> int:
    """Run Django's development server on ``addrport``; it does not migrate.

    Without the autoreloader: it watches source files for developers who edit them, and would
    run the server in a second, restarting process. Static files come from WhiteNoise, so
    they are served with DEBUG off too."""
    links_lead_to(addrport)
    return manage(["runserver", "--noreload", addrport])


def browser_url(addrport: str) -> str:
    """The address to open in a browser for a server started on ``addrport``."""
    host, _, port = addrport.rpartition(":")
    if not host:
        host = "127.0.0.1"
    # A server listening on every interface is reached locally through the loopback address.
    host = {"0.0.0.0": "127.0.0.1", "0": "127.0.0.1", "[::]": "[::1]"}.get(host, host)  # noqa: S104
    return f"http://{host}:{port}/"


def public_url(addrport: str) -> str:
    """The address that links in emails start with, for a server started on ``addrport``:
    the one the demo tells to open in a browser. A server on every interface (0.0.0.0, [::])
    gets the loopback address, which the default ALLOWED_HOSTS accepts; the machine's host
    name might not resolve elsewhere and is refused by that default. An installation that
    others reach sets VOORRANG_PUBLIC_URL (and ALLOWED_HOSTS)."""
    return browser_url(addrport).rstrip("/")


def links_lead_to(addrport: str) -> None:
    """Make emailed links lead to the server on ``addrport``, unless VOORRANG_PUBLIC_URL is
    set (it always wins). Put in the environment before the settings load, so that a process
    started from this one (a worker) writes the same links."""
    if not os.environ.get("VOORRANG_PUBLIC_URL"):
        os.environ["VOORRANG_PUBLIC_URL"] = public_url(addrport)


def describe_database(database: dict[str, Any]) -> str:
    """One line saying which database is used, without its password."""
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"SQLite database {database['NAME']}"
    where = f"{database.get('HOST') or 'localhost'}:{database.get('PORT') or 'default port'}"
    return f"{engine} database {database['NAME']!r} on {where} (from DATABASE_URL)"


def with_port(addrport: str, port: int | None) -> str:
    """``addrport`` with its port replaced by ``port`` (when given)."""
    if port is None:
        return addrport
    host, separator, _ = addrport.rpartition(":")
    if not separator:
        # Only a port was given, as runserver accepts: it is replaced.
        return str(port)
    return f"{host}:{port}"


def _forget_sqlite_database(database: dict[str, Any]) -> bool:
    """Delete the SQLite file with its write-ahead log, so that the demo starts over; False
    when there was none."""
    from django.db import connections

    connections.close_all()
    name = str(database["NAME"])
    existed = os.path.exists(name)
    for path in (name, f"{name}-wal", f"{name}-shm", f"{name}-journal"):
        if os.path.exists(path):
            os.remove(path)
    return existed


def _print_accounts(accounts: list[Any], known_password: bool) -> None:
    admin = next(a for a in accounts if a.username == ADMIN_USERNAME)
    others = [a for a in accounts if a.username != ADMIN_USERNAME]
    if admin.password is not None:
        print(f"Created the administrator '{admin.username}' with the password:")
        print()
        print(f"    {admin.password}")
        print()
    elif not known_password:
        print(f"The administrator '{admin.username}' exists already; its password is unchanged.")
        print(f"To set a new one: voorrang manage changepassword {admin.username}")
    created = [a for a in others if a.password is not None]
    if created:
        print("Created an account for each role, with these passwords:")
        print()
        width = max(len(a.username) for a in created)
        for account in created:
            print(f"    {account.username:<{width}}  {account.password}  ({account.role})")
        print()
    if admin.password is not None or created:
        print("Write them down now: they are shown only this once.")
    existing = [a.username for a in others if not a.created]
    if existing and not known_password:
        print(f"The accounts {', '.join(existing)} exist already; their passwords are unchanged.")
        print("To give every demo account one known password: voorrang demo --demo-password PW")
    if known_password:
        print(
            "Every demo account (admin, "
            + ", ".join(a.username for a in others)
            + ") has the password given with --demo-password."
        )
    _print_second_factors(accounts, known_password)


def _print_second_factors(accounts: list[Any], known_password: bool) -> None:
    """What each staff account needs after its password: the authenticator key (to type in
    an app), the otpauth:// link (to open on a phone, or to turn into a QR code) and a few
    single-use recovery codes (the quickest way in, without an app)."""
    from voorrang.accounts.second_factor import grouped

    issued = [a for a in accounts if getattr(a, "second_factor", None) is not None]
    if not issued:
        return
    print()
    print("Staff accounts also need a code after the password (the second factor). For each:")
    print("add the key to an authenticator app (or open its otpauth:// link on a phone), or")
    print("log in with one of its recovery codes, which work once each.")
    print()
    for account in issued:
        factor = account.second_factor
        print(f"    {account.username}")
        print(f"        key:             {grouped(factor.key)}")
        print(f"        app link:        {factor.otpauth_uri}")
        print(f"        recovery codes:  {' '.join(factor.recovery_codes)}")
    print()
    if known_password:
        print(
            "With --demo-password the key follows from the password: the same at every run "
            "with that password. The recovery codes are new at every run."
        )
    else:
        print("Write them down now: they are shown only this once.")


def _check_demo_password(password: str) -> str | None:
    """A problem with the password for every demo account, or None."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password)
    except ValidationError as exc:
        return " ".join(str(message) for message in exc.messages)
    return None


def demo(
    addrport: str = DEFAULT_ADDRPORT,
    serve_after: bool = True,
    *,
    port: int | None = None,
    seed: int | None = None,
    scale: float = 1.0,
    fresh: bool = False,
    demo_password: str | None = None,
    with_worker: bool = True,
) -> int:
    """Migrate, generate the synthetic Vollenhove into an empty database (or reuse the data
    that is there), create an account per role (passwords shown once) and serve."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    _use_our_settings()
    # The demo lets seekers log in with the mock DigiD (any BSN), unless told otherwise.
    os.environ.setdefault("VOORRANG_DIGID", "mock")
    addrport = with_port(addrport, port)
    links_lead_to(addrport)
    django.setup()
    from voorrang.accounts.services import ensure_administrator
    from voorrang.demo.accounts import AccountResult, demo_accounts_exist, ensure_demo_accounts
    from voorrang.demo.generate import DEFAULT_SEED, generate_demo, has_data

    database = settings.DATABASES["default"]
    print(f"Using the {describe_database(database)}.")
    if demo_password is not None:
        problem = _check_demo_password(demo_password)
        if problem:
            print(f"voorrang demo: --demo-password: {problem}", file=sys.stderr)
            return 2
    if fresh:
        if database["ENGINE"] != "django.db.backends.sqlite3":
            print(
                "voorrang demo: --fresh deletes the demo's SQLite file, and DATABASE_URL points "
                "at another database; it is left alone. Empty it yourself, or unset "
                "DATABASE_URL to use the SQLite demo database.",
                file=sys.stderr,
            )
            return 2
        if _forget_sqlite_database(database):
            print(f"Deleted {database['NAME']}: starting over.")
    call_command("migrate", interactive=False, verbosity=1)
    print()
    made_by_demo = True
    if has_data():
        print(
            "The database holds data already: it is used as it is. "
            "To generate the demo anew: voorrang demo --fresh"
        )
        if seed is not None or scale != 1.0:
            print("(--seed and --scale apply only when the demo is generated.)")
        if demo_accounts_exist():
            accounts = ensure_demo_accounts(password=demo_password)
        else:
            # Data that the demo did not make: no role accounts and no known password on it,
            # only the administrator, as ever.
            if demo_password is not None:
                print(
                    "voorrang demo: --demo-password: this database was not made by the demo; "
                    "its accounts are left alone.",
                    file=sys.stderr,
                )
                return 2
            made_by_demo = False
            admin = ensure_administrator(username=ADMIN_USERNAME)
            accounts = [AccountResult(admin.username, "admin", admin.created, admin.password)]
    else:
        seed = DEFAULT_SEED if seed is None else seed
        print(f"Generating the synthetic Vollenhove (seed {seed}); this takes about a minute.")
        result = generate_demo(seed=seed, scale=scale, password=demo_password)
        summary = result.summary
        accounts = result.accounts
        print(
            f"Generated in {summary.seconds:.0f} s: {summary.units} homes in "
            f"{summary.buildings} buildings, {summary.seekers} seekers, "
            f"{summary.vacancies} vacancies, {summary.responses} responses, "
            f"{summary.allocations} allocations ({summary.targeted_until_reported} targeted "
            "allocations in the L-flat up to 30 September 2023)."
        )
    print()
    _print_accounts(accounts, known_password=demo_password is not None)
    url = browser_url(addrport)
    if made_by_demo:
        from voorrang.demo.api_clients import describe_api_clients, ensure_demo_api_clients

        print()
        print("\n".join(describe_api_clients(ensure_demo_api_clients(), url)))
    print()
    print(f"Voorrang:        {url}")
    print(f"Administration:  {url}admin/")
    if settings.VOORRANG_DIGID == "mock":
        print("DigiD (mock):    any BSN that passes the eleven-test, e.g. 111222333")
    if not serve_after:
        return 0
    print()
    if not with_worker:
        return serve(addrport)
    from voorrang.config.worker_child import worker_beside

    with worker_beside():
        return serve(addrport)
    return 0  # interrupted before the server was up
