"""The server itself: where it keeps its files, its database, its secret key, the hosts it
answers to and HTTPS, its static files and its log."""

from __future__ import annotations

from voorrang.config.env.declaration import Kind, Setting

SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="VOORRANG_DATA_DIR",
        kind=Kind.PATH,
        default="./data",
        description=(
            "Folder for the files Voorrang keeps itself: the default SQLite database, the "
            "generated development secret key, the seekers' uploaded income evidence (in "
            "`evidence/`, served only to their owner and to staff) and the results of simulation "
            "runs (in `jobs/`, served only to policy officers), unless "
            "`VOORRANG_FILE_STORAGE=database` keeps those files in the database. A relative "
            "path is taken from the working directory. The folder is created (mode 0700) only "
            "when one of those files is needed."
        ),
    ),
    Setting(
        name="VOORRANG_FILE_STORAGE",
        kind=Kind.CHOICE,
        default="local",
        choices=("local", "database"),
        description=(
            "Where the application keeps its files (income evidence, the results of "
            "simulations): `local`, the data folder of this machine, for one application "
            "server; `database`, the database itself, for more than one application server "
            'sharing the work (docs/deployment.md, "Files"). Every file is private either '
            "way, served only through pages that check access. "
            "`voorrang manage move_files --to database` (or `--to local`) copies the files kept "
            "so far to the other place."
        ),
    ),
    Setting(
        name="DATABASE_URL",
        kind=Kind.DATABASE_URL,
        default_text="`sqlite:///<VOORRANG_DATA_DIR>/voorrang.sqlite3`",
        description=(
            "The database, as a URL. For PostgreSQL (through psycopg 3): "
            "`postgres://USER:PASSWORD@HOST:PORT/NAME`, for example "
            "`postgres://postgres@127.0.0.1:5432/voorrang`. For SQLite: "
            "`sqlite:////absolute/path/to/file.sqlite3`. Add `?conn_max_age=600` to keep "
            "each server process's connection open between requests (recommended under load; "
            "the intake benchmark uses it). On PostgreSQL, parameters are bound on the server "
            "and a statement a connection has run five times is prepared, so the busy "
            "statements are planned once per connection; behind a connection pooler in "
            "transaction mode (PgBouncer) add `?server_side_binding=false`, which turns both "
            "off."
        ),
    ),
    Setting(
        name="SECRET_KEY",
        kind=Kind.STRING,
        default_text="generated once and kept in `<VOORRANG_DATA_DIR>/secret_key` (mode 0600)",
        description=(
            "Django's secret key, which signs sessions, password-reset links and CSRF tokens. "
            "Set it in production and keep it secret; changing it logs everybody out."
        ),
    ),
    Setting(
        name="DEBUG",
        kind=Kind.BOOLEAN,
        default="false",
        description=(
            "Show detailed error pages and reload templates. Only for development: never on "
            "a server that others can reach. `true`, `yes`, `on` and `1` switch it on; "
            "`false`, `no`, `off` and `0` switch it off."
        ),
    ),
    Setting(
        name="ALLOWED_HOSTS",
        kind=Kind.LIST,
        default="localhost,127.0.0.1,[::1]",
        description=(
            "Host names this installation answers to. Add the public host name when you put "
            "Voorrang on a server."
        ),
    ),
    Setting(
        name="CSRF_TRUSTED_ORIGINS",
        kind=Kind.LIST,
        default="",
        description=(
            "Origins (scheme and host, e.g. `https://voorrang.example.nl`) trusted for forms "
            "posted over HTTPS, needed when a proxy in front of Voorrang terminates TLS."
        ),
    ),
    Setting(
        name="SECURE_COOKIES",
        kind=Kind.BOOLEAN,
        default="false",
        description=(
            "Send the session and CSRF cookies over HTTPS only. Switch it on when Voorrang is "
            "served over HTTPS; leave it off for `voorrang demo` on http://127.0.0.1."
        ),
    ),
    Setting(
        name="VOORRANG_PROXY_SSL_HEADER",
        kind=Kind.STRING,
        default_text="unset: a request counts as HTTPS only when it reaches Voorrang over HTTPS",
        description=(
            "The request header in which the reverse proxy says that the visitor used HTTPS, "
            "for example `X-Forwarded-Proto` (the value must then be `https`). Behind a proxy "
            "that terminates TLS, Voorrang itself sees plain HTTP: without this setting the "
            "links in emails that answer a request (account confirmation, password reset) "
            "would start with `http://`, and `SECURE_SSL_REDIRECT` would redirect for ever. "
            "Set it only when the proxy always sets or removes this header itself: a visitor "
            "who can send it past the proxy could make a plain HTTP request pass for HTTPS."
        ),
    ),
    Setting(
        name="SECURE_SSL_REDIRECT",
        kind=Kind.BOOLEAN,
        default="false",
        description=(
            "Redirect every plain HTTP request to HTTPS. Switch it on in production (with "
            "`VOORRANG_PROXY_SSL_HEADER` behind a proxy); leave it off for `voorrang demo`."
        ),
    ),
    Setting(
        name="SECURE_HSTS_SECONDS",
        kind=Kind.INTEGER,
        default="0",
        description=(
            "How long browsers must use only HTTPS for this host (HTTP Strict Transport "
            "Security), in seconds; 0 sends no such header. Sent only with HTTPS answers. "
            "Production: `31536000` (a year). Start with a short time (`3600`) when you first "
            "switch it on: a browser keeps to it for the whole time, even if HTTPS breaks."
        ),
    ),
    Setting(
        name="SECURE_HSTS_INCLUDE_SUBDOMAINS",
        kind=Kind.BOOLEAN,
        default="false",
        description=(
            "Let HTTP Strict Transport Security apply to the host's subdomains as well. "
            "Production: `true`."
        ),
    ),
    Setting(
        name="SECURE_HSTS_PRELOAD",
        kind=Kind.BOOLEAN,
        default="false",
        description=(
            "Add `preload` to HTTP Strict Transport Security, which allows the domain onto "
            "the browsers' built-in HTTPS-only list. Production: `true`. It has effect only "
            "when the owner of the domain submits it to that list (hstspreload.org)."
        ),
    ),
    Setting(
        name="STATIC_ROOT",
        kind=Kind.PATH,
        default_text="unset",
        description=(
            "Folder that `voorrang manage collectstatic` fills, for a web server that serves "
            "static files itself. Not needed otherwise: WhiteNoise serves them from the "
            "installed package."
        ),
    ),
    Setting(
        name="LOG_LEVEL",
        kind=Kind.CHOICE,
        default="INFO",
        choices=("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
        description="The lowest level of log message that is written (to standard error).",
    ),
    Setting(
        name="LOG_FORMAT",
        kind=Kind.CHOICE,
        default="console",
        choices=("console", "json"),
        description=(
            "`console`: one readable line per event; `json`: one JSON object per line, for a "
            "log collector."
        ),
    ),
)
