"""The environment variables Voorrang reads: one declarative list, read through one reader.

``settings.py`` reads every variable through :class:`Environment`, which refuses a name that
is not declared in :data:`SETTINGS`. ``voorrang manage settings_reference`` writes
``docs/settings.md`` from the same list, so the reference cannot miss a setting."""

from __future__ import annotations

import enum
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured


class Kind(enum.StrEnum):
    """How the text of a variable is read; the value is the name shown in the reference."""

    STRING = "string"
    INTEGER = "whole number"
    BOOLEAN = "boolean"
    LIST = "comma-separated list"
    PATH = "path"
    DATABASE_URL = "database URL"
    EMAIL_URL = "email URL"
    CACHE_URL = "cache URL"
    CHOICE = "one of"
    HTTP_HEADER = "HTTP header name"
    NETWORK_LIST = "comma-separated list of IP addresses or networks"


@dataclass(frozen=True)
class Setting:
    name: str
    kind: Kind
    description: str
    # The text used when the variable is unset or empty, read exactly like a value from the
    # environment. None when there is no such text (settings.py computes the default, or
    # leaves the setting unset); default_text then says what happens.
    default: str | None = None
    default_text: str = ""
    choices: tuple[str, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="VOORRANG_DATA_DIR",
        kind=Kind.PATH,
        default="./data",
        description=(
            "Folder for the files Voorrang keeps itself: the default SQLite database, the "
            "generated development secret key, the seekers' uploaded income evidence (in "
            "`evidence/`, served only to their owner and to staff) and the results of simulation "
            "runs (in `jobs/`, served only to policy officers). A relative path is taken "
            "from the working directory. The folder is created (mode 0700) only when one of "
            "those files is needed."
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

SETTINGS += (
    Setting(
        name="VOORRANG_POLICY_FAMILY",
        kind=Kind.STRING,
        default="zeist",
        description=(
            "Which shipped policy files apply: a vacancy uses `<family>-<year>` for the year of "
            "its closing date (or the latest earlier year that has a file)."
        ),
    ),
    Setting(
        name="VOORRANG_MAX_OPEN_RESPONSES",
        kind=Kind.INTEGER,
        default="2",
        description="How many open responses (to published vacancies) a seeker may have at once.",
    ),
    Setting(
        name="VOORRANG_OFFER_DAYS",
        kind=Kind.INTEGER,
        default="3",
        description="Days a candidate has to accept or refuse an offer before it expires.",
    ),
)

SETTINGS += (
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
            "start with it."
        ),
    ),
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
    Setting(
        name="VOORRANG_RESEARCH_KEY",
        kind=Kind.STRING,
        default_text="unset: the research export refuses to run",
        description=(
            "The controller's key (at least 32 characters) for the pseudonyms of the research "
            "export: HMAC-SHA256 of each record's number. Keep it with the corporation, never "
            "with the researchers; the same key gives the same pseudonyms in every export. "
            "Generate one with `python -c 'import secrets; print(secrets.token_hex(32))'`."
        ),
    ),
    Setting(
        name="VOORRANG_EVIDENCE_MAX_MB",
        kind=Kind.INTEGER,
        default="10",
        description=(
            "Largest upload of income evidence, in megabytes. Uploads are kept in "
            "`<VOORRANG_DATA_DIR>/evidence`, never among the public static files."
        ),
    ),
    Setting(
        name="VOORRANG_ABANDONED_EVIDENCE_DAYS",
        kind=Kind.INTEGER,
        default="30",
        description=(
            "Days after its upload after which `voorrang manage clean_abandoned_evidence` "
            "removes an income evidence file of a registration that was started but never "
            "submitted (the file and its record). Files in the evidence folder that no record "
            "refers to are removed a day after they were written."
        ),
    ),
    Setting(
        name="VOORRANG_APPROVAL_MONTHS",
        kind=Kind.INTEGER,
        default="12",
        description=(
            "How long an approval of the targeted track is valid, in months, counted from the "
            "decision or the renewal. While valid, the seeker is in the commitment tier of "
            "the building's targeted vacancies."
        ),
    ),
    Setting(
        name="VOORRANG_RETENTION_MONTHS",
        kind=Kind.INTEGER,
        default="12",
        description=(
            "Months after a commitment ends (or an application is declined or withdrawn) after "
            "which `voorrang manage apply_retention` erases the intake notes, check-in answers "
            "and other free text of the targeted track, and replaces the seeker by a pseudonym."
        ),
    ),
)

SETTINGS += (
    Setting(
        name="VOORRANG_DIGID",
        kind=Kind.CHOICE,
        default="off",
        choices=("off", "mock", "real"),
        description=(
            "Logging in with DigiD for seekers. `off`: only email and password. `mock`: the "
            "mock DigiD of django-digid-eherkenning, where anyone types any BSN; for the demo "
            "and the tests only, never on a server that others can reach (`voorrang demo` "
            "switches it on). `real`: DigiD of Logius over SAML; needs "
            "`VOORRANG_BSN_KEY` and the `VOORRANG_DIGID_*` settings below (docs/identity.md)."
        ),
    ),
    Setting(
        name="VOORRANG_BSN_KEY",
        kind=Kind.STRING,
        default_text=(
            "with `mock`: generated once and kept in `<VOORRANG_DATA_DIR>/bsn_key` (mode "
            "0600); with `real`: required"
        ),
        description=(
            "The key (at least 32 characters) of the hash under which a seeker's BSN is kept: "
            "HMAC-SHA256 of the BSN, never the number itself. Keep it secret and keep it "
            "safe: with another key no seeker's DigiD matches their account any more (they "
            "link it again by email). Generate one with "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`."
        ),
    ),
    Setting(
        name="VOORRANG_DIGID_ENTITY_ID",
        kind=Kind.STRING,
        default_text="unset; required with `VOORRANG_DIGID=real`",
        description=(
            "The SAML entity ID of this installation as a DigiD service provider, as agreed "
            "with Logius (often the public address, e.g. `https://voorrang.example.nl`). "
            "The DigiD pages use `VOORRANG_PUBLIC_URL` as the base of their addresses."
        ),
    ),
    Setting(
        name="VOORRANG_DIGID_KEY_FILE",
        kind=Kind.PATH,
        default_text="unset; required with `VOORRANG_DIGID=real`",
        description=(
            "The private key (PEM) of the PKIoverheid certificate with which this "
            "installation signs its SAML messages and connects to DigiD. Readable only by "
            "the user Voorrang runs as."
        ),
    ),
    Setting(
        name="VOORRANG_DIGID_CERT_FILE",
        kind=Kind.PATH,
        default_text="unset; required with `VOORRANG_DIGID=real`",
        description="The PKIoverheid certificate (PEM) that belongs to `VOORRANG_DIGID_KEY_FILE`.",
    ),
    Setting(
        name="VOORRANG_DIGID_IDP_METADATA_FILE",
        kind=Kind.PATH,
        default_text="unset; required with `VOORRANG_DIGID=real`",
        description=(
            "The SAML metadata of DigiD (the identity provider) as Logius publishes it for "
            "the pre-production or the production environment, saved as a file."
        ),
    ),
    Setting(
        name="VOORRANG_DIGID_IDP_ENTITY_ID",
        kind=Kind.STRING,
        default_text="unset; required with `VOORRANG_DIGID=real`",
        description=(
            "The entity ID of DigiD in that metadata, e.g. "
            "`https://was-preprod1.digid.nl/saml/idp/metadata` for the pre-production "
            "environment."
        ),
    ),
)

# Staff single sign-on with the organisation's OpenID Connect provider (docs/deployment.md).
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "HS256")
SETTINGS += (
    Setting(
        name="VOORRANG_OIDC_ENABLED",
        kind=Kind.BOOLEAN,
        default="false",
        description=(
            "Let staff log in through the organisation's OpenID Connect provider: the log-in "
            'page then shows "Log in through your organisation" beside the password form. '
            "When on, the other `VOORRANG_OIDC_` settings without a default must be set."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_CLIENT_ID",
        kind=Kind.STRING,
        default_text="unset",
        description="The client id that the provider gave Voorrang.",
    ),
    Setting(
        name="VOORRANG_OIDC_CLIENT_SECRET",
        kind=Kind.STRING,
        default_text="unset",
        description="The client secret that the provider gave Voorrang. Keep it secret.",
    ),
    Setting(
        name="VOORRANG_OIDC_ISSUER",
        kind=Kind.STRING,
        default_text="unset",
        description=(
            "The provider's issuer identifier, exactly as in its "
            "`/.well-known/openid-configuration` (`issuer`). An ID token from any other "
            "issuer is refused."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_AUTHORIZATION_ENDPOINT",
        kind=Kind.STRING,
        default_text="unset",
        description="The provider's `authorization_endpoint` (from its discovery document).",
    ),
    Setting(
        name="VOORRANG_OIDC_TOKEN_ENDPOINT",
        kind=Kind.STRING,
        default_text="unset",
        description="The provider's `token_endpoint`.",
    ),
    Setting(
        name="VOORRANG_OIDC_USERINFO_ENDPOINT",
        kind=Kind.STRING,
        default_text="unset",
        description="The provider's `userinfo_endpoint`.",
    ),
    Setting(
        name="VOORRANG_OIDC_JWKS_ENDPOINT",
        kind=Kind.STRING,
        default_text="unset",
        description=(
            "The provider's `jwks_uri`: the public keys that sign its ID tokens. Not needed "
            "with `HS256`, where the client secret signs them."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_SIGNING_ALGORITHM",
        kind=Kind.CHOICE,
        default="RS256",
        choices=SIGNING_ALGORITHMS,
        description=(
            "The algorithm the provider signs ID tokens with. A token signed with any other "
            "is refused."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_SCOPES",
        kind=Kind.STRING,
        default="openid email profile",
        description=(
            "The scopes Voorrang asks for, separated by spaces. Add the scope under which the "
            "provider releases the role claim, if it has one (often `groups` or `roles`)."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_ROLE_CLAIM",
        kind=Kind.STRING,
        default="groups",
        description=(
            "The claim (in the ID token or the userinfo answer) that lists the person's groups "
            "or roles at the provider: a list of text values, or one text value."
        ),
    ),
    Setting(
        name="VOORRANG_OIDC_ROLE_MAP",
        kind=Kind.LIST,
        default="",
        description=(
            "Which values of the role claim give which Voorrang role, as `VALUE:ROLE` pairs, "
            "for example `letting-staff:staff-allocation,welfare:staff-welfare`. A value is "
            "split from its role at the last colon. Roles: `staff-allocation`, "
            "`staff-welfare`, `policy`, `researcher`, `admin`; `seeker` is refused, and no "
            "value makes a superuser. Values not listed give nothing; a person whose values "
            "give no role is refused."
        ),
    ),
)

SETTINGS_BY_NAME: Mapping[str, Setting] = {setting.name: setting for setting in SETTINGS}

_FALSE_STRINGS = frozenset({"false", "off", "no", "n", "0"})


class Environment:
    """Reads the declared settings from an environment (``os.environ`` unless given)."""

    def __init__(self, variables: Mapping[str, str] | None = None) -> None:
        self._variables = os.environ if variables is None else variables

    def is_set(self, name: str) -> bool:
        """Whether the variable has a value; an empty value counts as unset."""
        self._declared(name)
        return bool(self._variables.get(name, "").strip())

    def get(self, name: str) -> Any:
        """The parsed value of ``name``, or of its declared default when it is unset."""
        setting = self._declared(name)
        raw = self._variables[name].strip() if self.is_set(name) else setting.default
        if raw is None:
            # settings.py computes these defaults itself and asks only when the variable is set.
            raise ImproperlyConfigured(f"{name} is not set and has no default")
        return _parse(setting, raw)

    @staticmethod
    def _declared(name: str) -> Setting:
        try:
            return SETTINGS_BY_NAME[name]
        except KeyError:
            # Reading an undeclared variable would leave it out of docs/settings.md.
            raise ImproperlyConfigured(
                f"{name} is not declared in voorrang.config.env.SETTINGS"
            ) from None


def _parse(setting: Setting, raw: str) -> Any:
    match setting.kind:
        case Kind.STRING:
            return raw
        case Kind.INTEGER:
            try:
                value = int(raw)
            except ValueError:
                raise ImproperlyConfigured(
                    f"{setting.name}={raw!r} is not a whole number"
                ) from None
            if value < 0:
                raise ImproperlyConfigured(f"{setting.name}={raw!r} must not be negative")
            return value
        case Kind.BOOLEAN:
            lowered = raw.lower()
            if lowered in environ.Env.BOOLEAN_TRUE_STRINGS:
                return True
            if lowered in _FALSE_STRINGS:
                return False
            # A typo such as DEBUG=ture must not silently mean "off" (or "on").
            raise ImproperlyConfigured(f"{setting.name}={raw!r} is not a boolean")
        case Kind.LIST:
            return [item.strip() for item in raw.split(",") if item.strip()]
        case Kind.PATH:
            return Path(raw).expanduser().absolute()
        case Kind.DATABASE_URL:
            try:
                config = environ.Env.db_url_config(raw)
            except Exception as exc:
                raise ImproperlyConfigured(f"{setting.name} is not a database URL: {exc}") from exc
            options = config.setdefault("OPTIONS", {})
            if isinstance(options.get("server_side_binding"), str):
                # django-environ passes it on as text; Django acts only on True itself.
                flag = options["server_side_binding"].strip().lower()
                if flag not in {"true", "false", "1", "0", "yes", "no", "on", "off"}:
                    raise ImproperlyConfigured(
                        f"{setting.name}: server_side_binding={flag!r} is not a boolean"
                    )
                options["server_side_binding"] = flag in {"true", "1", "yes", "on"}
            if config.get("ENGINE") == "django.db.backends.postgresql":
                # The parameters travel apart from the statement, and a statement a
                # connection has run five times is prepared: PostgreSQL plans the busy
                # statements once per connection instead of once per request.
                # ?server_side_binding=false turns both off (a pooler in transaction mode).
                options.setdefault("server_side_binding", True)
                if options["server_side_binding"]:
                    options.setdefault("prepare_threshold", 5)
            return dict(config)
        case Kind.EMAIL_URL:
            try:
                config = environ.Env.email_url_config(raw)
            except Exception as exc:
                raise ImproperlyConfigured(f"{setting.name} is not an email URL: {exc}") from exc
            return dict(config)
        case Kind.CACHE_URL:
            try:
                config = dict(environ.Env.cache_url_config(raw))
            except Exception as exc:
                raise ImproperlyConfigured(f"{setting.name} is not a cache URL: {exc}") from exc
            # django-environ passes these query parameters on in lower case, which Django
            # ignores: ?key_prefix=voorrang would have no effect.
            for name in ("key_prefix", "timeout", "version"):
                if name in config:
                    value = config.pop(name)
                    config[name.upper()] = int(value) if name != "key_prefix" else value
            return config
        case Kind.HTTP_HEADER:
            # A header's name (RFC 9110 token); Django finds it in META as HTTP_NAME.
            if not re.fullmatch(r"[A-Za-z0-9-]+", raw):
                raise ImproperlyConfigured(f"{setting.name}={raw!r} is not an HTTP header name")
            return raw
        case Kind.NETWORK_LIST:
            networks = []
            for item in (item.strip() for item in raw.split(",")):
                if not item:
                    continue
                try:
                    networks.append(str(ipaddress.ip_network(item, strict=False)))
                except ValueError:
                    raise ImproperlyConfigured(
                        f"{setting.name}: {item!r} is not an IP address or network"
                    ) from None
            return networks
        case Kind.CHOICE:
            if raw not in setting.choices:
                raise ImproperlyConfigured(
                    f"{setting.name}={raw!r} is not one of {', '.join(setting.choices)}"
                )
            return raw
    raise AssertionError(setting.kind)  # pragma: no cover - the match is exhaustive
