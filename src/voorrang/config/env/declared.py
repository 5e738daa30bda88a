"""Every declared setting, subject by subject, in the order of the reference."""

from __future__ import annotations

from collections.abc import Mapping

from voorrang.config.env import (
    digid,
    letting,
    mail_and_cache,
    rate_limits,
    records,
    server,
    single_sign_on,
)
from voorrang.config.env.declaration import Setting

SETTINGS: tuple[Setting, ...] = (
    *server.SETTINGS,
    *letting.SETTINGS,
    *mail_and_cache.SETTINGS,
    *rate_limits.SETTINGS,
    *records.SETTINGS,
    *digid.SETTINGS,
    *single_sign_on.SETTINGS,
)

SETTINGS_BY_NAME: Mapping[str, Setting] = {setting.name: setting for setting in SETTINGS}
