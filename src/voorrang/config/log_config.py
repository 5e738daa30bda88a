"""Logging through structlog, for our own log calls and for Django's and other libraries'."""

from __future__ import annotations

import re
from typing import Any

import structlog

# The mock DigiD returns the BSN in the address of /digid/acs/ (django-digid-eherkenning's
# design), and the development server logs every request line: the number never reaches the
# log (docs/identity.md).
_BSN_IN_ADDRESS = re.compile(r"([?&]bsn=)[^&\s\"]*")


def _hide_bsn(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    event = event_dict.get("event")
    if isinstance(event, str) and "bsn=" in event:
        event_dict["event"] = _BSN_IN_ADDRESS.sub(r"\1(hidden)", event)
    return event_dict


# Applied to every event, whether it comes from structlog.get_logger() or from logging.getLogger()
# (Django, psycopg), so that both read the same in the output.
_SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    _hide_bsn,
]


def configure_structlog() -> None:
    """Send structlog's events through the standard library, where LOGGING formats them."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED_PROCESSORS,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def logging_config(*, level: str, log_format: str) -> dict[str, Any]:
    """Django's LOGGING: every record to standard error, rendered by structlog."""
    # ConsoleRenderer lays out tracebacks itself; JSON needs them turned into a string first.
    renderers: list[Any] = (
        [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
        if log_format == "json"
        else [structlog.dev.ConsoleRenderer(colors=False)]
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structlog": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    *renderers,
                ],
                "foreign_pre_chain": _SHARED_PROCESSORS,
            }
        },
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "structlog"}},
        "root": {"handlers": ["stderr"], "level": level},
        # Django's default configuration gives these loggers handlers of their own; naming them
        # here replaces those, so that each record is written once, in our format.
        "loggers": {
            name: {"handlers": ["stderr"], "level": level, "propagate": False}
            for name in ("django", "django.server")
        },
    }
