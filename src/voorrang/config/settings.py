"""Django settings. Everything that differs between installations comes from the environment,
read through voorrang.config.env (see docs/settings.md); the rest is fixed here."""

from __future__ import annotations

import re
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from voorrang.accounts.roles import Role, role_map
from voorrang.config.data_dir import sqlite_database, stored_bsn_key, stored_secret_key
from voorrang.config.env import Environment
from voorrang.config.log_config import configure_structlog, logging_config

PACKAGE_DIR = Path(__file__).resolve().parent.parent

env = Environment()

DATA_DIR: Path = env.get("VOORRANG_DATA_DIR")

# --- From the environment -------------------------------------------------------------------

DEBUG: bool = env.get("DEBUG")

SECRET_KEY: str = env.get("SECRET_KEY") if env.is_set("SECRET_KEY") else stored_secret_key(DATA_DIR)

ALLOWED_HOSTS: list[str] = env.get("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS: list[str] = env.get("CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.get("SECURE_COOKIES")
# Behind a reverse proxy that terminates TLS, the proxy's header is what tells an HTTPS
# request from a plain one; without it request.is_secure() is False and absolute links in
# emails start with http://.
if env.is_set("VOORRANG_PROXY_SSL_HEADER"):
    _header_name = env.get("VOORRANG_PROXY_SSL_HEADER")
    if not re.fullmatch(r"[A-Za-z0-9-]+", _header_name):
        raise ImproperlyConfigured(
            f"VOORRANG_PROXY_SSL_HEADER={_header_name!r} is not a header name such as "
            "X-Forwarded-Proto"
        )
    _header = _header_name.upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (f"HTTP_{_header}", "https")
SECURE_SSL_REDIRECT: bool = env.get("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS: int = env.get("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS: bool = env.get("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD: bool = env.get("SECURE_HSTS_PRELOAD")

DATABASES = {
    "default": env.get("DATABASE_URL") if env.is_set("DATABASE_URL") else sqlite_database(DATA_DIR)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one request writes. IMMEDIATE takes the write lock when a
    # transaction starts, so two concurrent writers queue instead of one failing half-way with
    # "database is locked" (two staff members acting on one offer at the same moment).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL", "transaction_mode": "IMMEDIATE"}
    )

# Unset by default: WhiteNoise would warn on every start about a folder that was never filled.
STATIC_ROOT: Path | None = env.get("STATIC_ROOT") if env.is_set("STATIC_ROOT") else None

VOORRANG_POLICY_FAMILY: str = env.get("VOORRANG_POLICY_FAMILY")
VOORRANG_MAX_OPEN_RESPONSES: int = env.get("VOORRANG_MAX_OPEN_RESPONSES")
VOORRANG_OFFER_DAYS: int = env.get("VOORRANG_OFFER_DAYS")
VOORRANG_OBJECTION_WEEKS: int = env.get("VOORRANG_OBJECTION_WEEKS")
VOORRANG_OBJECTION_OFFERS: str = env.get("VOORRANG_OBJECTION_OFFERS")

# Email: printed to standard output unless an SMTP server is configured.
if env.is_set("EMAIL_URL"):
    _email = env.get("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
    EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL: str = env.get("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

if env.is_set("CACHE_URL"):
    CACHES = {"default": env.get("CACHE_URL")}

VOORRANG_PUBLIC_URL: str = env.get("VOORRANG_PUBLIC_URL").rstrip("/")
VOORRANG_LOGIN_ATTEMPTS: int = env.get("VOORRANG_LOGIN_ATTEMPTS")
VOORRANG_RESPONSE_ATTEMPTS: int = env.get("VOORRANG_RESPONSE_ATTEMPTS")
VOORRANG_LOGIN_DELAY_MAX_SECONDS: int = env.get("VOORRANG_LOGIN_DELAY_MAX_SECONDS")
# Behind a reverse proxy: where the client's address is (voorrang.client_address).
VOORRANG_CLIENT_IP_HEADER: str = (
    env.get("VOORRANG_CLIENT_IP_HEADER") if env.is_set("VOORRANG_CLIENT_IP_HEADER") else ""
)
VOORRANG_TRUSTED_PROXIES: list[str] = env.get("VOORRANG_TRUSTED_PROXIES")
# The controller's key for the research export's pseudonyms (docs/evaluation.md).
VOORRANG_RESEARCH_KEY: str = (
    env.get("VOORRANG_RESEARCH_KEY") if env.is_set("VOORRANG_RESEARCH_KEY") else ""
)
VOORRANG_EVIDENCE_MAX_BYTES: int = env.get("VOORRANG_EVIDENCE_MAX_MB") * 1024 * 1024
VOORRANG_ABANDONED_EVIDENCE_DAYS: int = env.get("VOORRANG_ABANDONED_EVIDENCE_DAYS")
VOORRANG_APPROVAL_MONTHS: int = env.get("VOORRANG_APPROVAL_MONTHS")
VOORRANG_TRACK_OBJECTION_WEEKS: int = env.get("VOORRANG_TRACK_OBJECTION_WEEKS")
VOORRANG_RETENTION_MONTHS: int = env.get("VOORRANG_RETENTION_MONTHS")
# The controllers named in the privacy statement (docs/privacy.md); empty: a general term.
VOORRANG_CONTROLLER_NAME: str = (
    env.get("VOORRANG_CONTROLLER_NAME") if env.is_set("VOORRANG_CONTROLLER_NAME") else ""
)
VOORRANG_EVALUATION_CONTROLLER_NAME: str = (
    env.get("VOORRANG_EVALUATION_CONTROLLER_NAME")
    if env.is_set("VOORRANG_EVALUATION_CONTROLLER_NAME")
    else ""
)
# Every file the application keeps (uploaded evidence, the results of jobs) goes through the
# storage API to one of two private storages, neither with a URL (voorrang.files.storage);
# the database one for more than one application server.
VOORRANG_FILE_STORAGE: str = env.get("VOORRANG_FILE_STORAGE")
STORAGES = {
    "default": {
        "BACKEND": {
            "local": "voorrang.files.storage.LocalFileStorage",
            "database": "voorrang.files.storage.DatabaseFileStorage",
        }[VOORRANG_FILE_STORAGE]
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads up to the evidence limit are accepted by Django; the form reports anything larger.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# DigiD for seekers (docs/identity.md): off, the mock identity provider, or Logius over SAML.
VOORRANG_DIGID: str = env.get("VOORRANG_DIGID")
if env.is_set("VOORRANG_BSN_KEY"):
    VOORRANG_BSN_KEY: str = env.get("VOORRANG_BSN_KEY")
    if len(VOORRANG_BSN_KEY) < 32:
        raise ImproperlyConfigured("VOORRANG_BSN_KEY must be at least 32 characters long")
elif VOORRANG_DIGID == "real":
    # A key generated on one server would give another server other hashes, and a lost
    # data folder would unlink every seeker: a real connection names its key.
    raise ImproperlyConfigured("VOORRANG_DIGID=real needs VOORRANG_BSN_KEY")
else:
    VOORRANG_BSN_KEY = stored_bsn_key(DATA_DIR) if VOORRANG_DIGID == "mock" else ""
VOORRANG_DIGID_SAML: dict[str, object] = {}
if VOORRANG_DIGID == "real":
    _saml_names = {
        "entity_id": "VOORRANG_DIGID_ENTITY_ID",
        "key_file": "VOORRANG_DIGID_KEY_FILE",
        "cert_file": "VOORRANG_DIGID_CERT_FILE",
        "idp_metadata_file": "VOORRANG_DIGID_IDP_METADATA_FILE",
        "idp_entity_id": "VOORRANG_DIGID_IDP_ENTITY_ID",
    }
    _missing = [name for name in _saml_names.values() if not env.is_set(name)]
    if _missing:
        raise ImproperlyConfigured(f"VOORRANG_DIGID=real needs {', '.join(_missing)}")
    VOORRANG_DIGID_SAML = {key: env.get(name) for key, name in _saml_names.items()}
# The mock identity provider of django-digid-eherkenning: where it returns to, and only to
# addresses of this site.
DIGID_MOCK_APP_TITLE = "Voorrang"
DIGID_MOCK_CANCEL_URL = "accounts:login"
DIGID_MOCK_RETURN_URL = "portal:my_page"
DIGID_MOCK_IDP_VALIDATE_CALLBACK_URLS = True
# DigiD's rule for the session after a DigiD log-in: at most 15 minutes without activity.
DIGID_SESSION_AGE = 15 * 60
# django-digid-eherkenning's certificate store (unused: the SAML files come from the
# environment) wants a private folder all the same.
PRIVATE_MEDIA_ROOT: Path = DATA_DIR / "private_media"
PRIVATE_MEDIA_URL = "/private-media/"

# Staff single sign-on (docs/deployment.md): mozilla-django-oidc reads the OIDC_ settings.
VOORRANG_OIDC_ENABLED: bool = env.get("VOORRANG_OIDC_ENABLED")
_OIDC_REQUIRED = (
    "VOORRANG_OIDC_CLIENT_ID",
    "VOORRANG_OIDC_CLIENT_SECRET",
    "VOORRANG_OIDC_ISSUER",
    "VOORRANG_OIDC_AUTHORIZATION_ENDPOINT",
    "VOORRANG_OIDC_TOKEN_ENDPOINT",
    "VOORRANG_OIDC_USERINFO_ENDPOINT",
)


def _oidc(name: str) -> str:
    return env.get(name) if env.is_set(name) else ""


if VOORRANG_OIDC_ENABLED:
    _missing = [name for name in _OIDC_REQUIRED if not env.is_set(name)]
    if env.get("VOORRANG_OIDC_SIGNING_ALGORITHM") != "HS256" and not env.is_set(
        "VOORRANG_OIDC_JWKS_ENDPOINT"
    ):
        _missing.append("VOORRANG_OIDC_JWKS_ENDPOINT")
    if _missing:
        raise ImproperlyConfigured(
            "VOORRANG_OIDC_ENABLED is on, but these are not set: " + ", ".join(_missing)
        )
try:
    VOORRANG_OIDC_ROLE_MAP: dict[str, frozenset[Role]] = role_map(env.get("VOORRANG_OIDC_ROLE_MAP"))
except ValueError as _error:
    raise ImproperlyConfigured(f"VOORRANG_OIDC_ROLE_MAP: {_error}") from None
VOORRANG_OIDC_ISSUER: str = _oidc("VOORRANG_OIDC_ISSUER")
VOORRANG_OIDC_ROLE_CLAIM: str = env.get("VOORRANG_OIDC_ROLE_CLAIM")
OIDC_RP_CLIENT_ID = _oidc("VOORRANG_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = _oidc("VOORRANG_OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = _oidc("VOORRANG_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = _oidc("VOORRANG_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = _oidc("VOORRANG_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = _oidc("VOORRANG_OIDC_JWKS_ENDPOINT") or None
OIDC_RP_SIGN_ALGO: str = env.get("VOORRANG_OIDC_SIGNING_ALGORITHM")
OIDC_RP_SCOPES: str = env.get("VOORRANG_OIDC_SCOPES")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:organisation_callback"
# PKCE as well as the client secret: a code caught on its way back is of no use without the
# verifier, which never leaves this server's session.
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10

configure_structlog()
LOGGING = logging_config(level=env.get("LOG_LEVEL"), log_format=env.get("LOG_FORMAT"))

# --- Fixed ----------------------------------------------------------------------------------

INSTALLED_APPS = [
    "voorrang.config",
    # The page shell first: its base templates (and its overrides of the admin's) win.
    "voorrang.web",
    "voorrang.accounts",
    "voorrang.portal",
    "voorrang.audit",
    "voorrang.housing",
    "voorrang.seekers",
    "voorrang.commitments",
    "voorrang.allocation",
    "voorrang.objections",
    "voorrang.notifications",
    "voorrang.staff",
    "voorrang.evaluation",
    "voorrang.surveys",
    "voorrang.stories",
    "voorrang.jobs",
    "voorrang.simulation_runs",
    "voorrang.files",
    "voorrang.snapshots",
    "voorrang.api",
    "voorrang.imports",
    "django.contrib.admin",
    # The second factor of staff accounts: time-based codes and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: WhiteNoise serves static files in development as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # DigiD (django-digid-eherkenning): its mock identity provider and SAML client. The
    # others are its dependencies; their tables stay empty, as the SAML connection is
    # configured from the environment (voorrang.accounts.digid.connection).
    "digid_eherkenning",
    "simple_certmanager",
    "privates",
    "solo",
    "csp",
    # The interfaces for other systems (/api/vera/, /api/v1/) and their OpenAPI description.
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks the user verified when the session holds a confirmed second-factor device; the
    # next one sends staff who are not verified to the code step, whatever way they logged in.
    "django_otp.middleware.OTPMiddleware",
    "voorrang.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# The Content-Security-Policy of every answer, in development as in production: scripts and
# styles only from Voorrang's own static files (never inline: a script injected into a page
# does not run), no plugins, no framing by other sites, forms posted only to Voorrang.
# Charts drawn on the server carry their look as SVG attributes, not as styles
# (voorrang.presentation_attributes). An answer that sets its own policy keeps it (a
# simulation's chart file: nothing at all).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

ROOT_URLCONF = "voorrang.config.urls"
WSGI_APPLICATION = "voorrang.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for new and changed passwords; the others still check passwords stored earlier.
# An account and its seeker registration are loaded in one query (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["voorrang.accounts.backends.AccountBackend"]
# Django's database sessions, read with one plain statement (voorrang.accounts.sessions).
SESSION_ENGINE = "voorrang.accounts.sessions"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# A confirmation or password-reset link is valid for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# The name an authenticator app shows next to the account name.
OTP_TOTP_ISSUER = "Voorrang"
# django-otp's throttling, on (its default, stated here so that it stays on): after n wrong
# codes in a row the next try waits 2^(n-1) seconds, per device.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# WhiteNoise also serves files straight from the app and package static folders, so that
# `voorrang serve` and `voorrang demo` work with DEBUG off without running collectstatic.
WHITENOISE_USE_FINDERS = True


# The interfaces for other systems (voorrang.api, docs/api.md): a client sends its key in
# X-API-KEY, acts in its account's role, and holds scopes. JSON only (no browsable pages).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["voorrang.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["voorrang.api.permissions.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "voorrang.api.errors.problem_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    # The document itself is made by voorrang.api.v1.schema (published at
    # /api/v1/openapi.json); what the deploy check's generation needs to agree with it is here.
    "TITLE": "Voorrang API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CommitmentStatusEnum": "voorrang.commitments.models.CommitmentStatus",
        "RunStatusEnum": "voorrang.jobs.states.JobStatus",
        "TierEnum": "voorrang.api.v1.rankings.TIER_CHOICES",
    },
    # The key (X-API-KEY) is declared as the document's security scheme, not per view.
    "AUTHENTICATION_WHITELIST": [],
}
