"""The environment variables Voorrang reads: one declarative list, read through one reader.

``settings.py`` reads every variable through :class:`Environment`, which refuses a name that
is not declared in :data:`SETTINGS`. ``voorrang manage settings_reference`` writes
``docs/settings.md`` from the same list, so the reference cannot miss a setting.

The declaration (``declaration``) and the reader (``reader``) are apart from the settings
themselves, which are declared subject by subject (``server``, ``letting``, ...) and put
together in the order of the reference (``declared``)."""

from voorrang.config.env.declaration import Kind, Setting
from voorrang.config.env.declared import SETTINGS, SETTINGS_BY_NAME
from voorrang.config.env.reader import Environment
from voorrang.config.env.single_sign_on import SIGNING_ALGORITHMS

__all__ = [
    "SETTINGS",
    "SETTINGS_BY_NAME",
    "SIGNING_ALGORITHMS",
    "Environment",
    "Kind",
    "Setting",
]
