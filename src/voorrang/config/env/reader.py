"""The one reader of the environment: it reads a declared setting and refuses any other."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

from voorrang.config.env.declaration import Kind, Setting
from voorrang.config.env.declared import SETTINGS_BY_NAME

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
