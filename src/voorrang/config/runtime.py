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
    return manage(["runserver", "--noreload", addrport])


def browser_url(addrport: str) -> str:
    """The address to open in a browser for a server started on ``addrport``."""
    host, _, port = addrport.rpartition(":")
    if not host:
        host = "127.0.0.1"
    # A server listening on every interface is reached locally through the loopback address.
    host = {"0.0.0.0": "127.0.0.1", "0": "127.0.0.1", "[::]": "[::1]"}.get(host, host)  # noqa: S104
    return f"http://{host}:{port}/"


def describe_database(database: dict[str, Any]) -> str:
    """One line saying which database is used, without its password."""
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"SQLite database {database['NAME']}"
    where = f"{database.get('HOST') or 'localhost'}:{database.get('PORT') or 'default port'}"
    return f"{engine} database {database['NAME']!r} on {where} (from DATABASE_URL)"


def demo(addrport: str = DEFAULT_ADDRPORT, serve_after: bool = True) -> int:
    """Migrate, create the administrator (password shown once) and serve."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    _use_our_settings()
    django.setup()
    from voorrang.accounts.services import ensure_administrator

    print(f"Using the {describe_database(settings.DATABASES['default'])}.")
    call_command("migrate", interactive=False, verbosity=1)

    account = ensure_administrator(username=ADMIN_USERNAME)
    url = browser_url(addrport)
    print()
    if account.password is not None:
        print(f"Created the administrator '{account.username}' with the password:")
        print()
        print(f"    {account.password}")
        print()
        print("Write it down now: it is shown only this once.")
    else:
        print(f"The administrator '{account.username}' exists already; its password is unchanged.")
        print(f"To set a new one: voorrang manage changepassword {account.username}")
    print()
    print(f"Voorrang:        {url}")
    print(f"Administration:  {url}admin/")
    if not serve_after:
        return 0
    print()
    return serve(addrport)
