"""Logging through structlog, for our own log calls and for Django's and other libraries'."""

from __future__ import annotations

import logging
import re
from typing import Any

import structlog
from structlog.typing import EventDict

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


# Django's loggers that report a response refused with a 4xx status: django.request for 403,
# 404, 429 and bad requests, django.security.* for suspicious ones (a host not served, a
# broken upload). Django passes the exception with some of them, which would print a traceback
# for a visitor who only asked for something they may not have.
_REFUSAL_LOGGERS = ("django.request", "django.security")


def _refusal_in_one_line(logger: Any, method_name: str, event_dict: EventDict) -> EventDict:
    """An expected refusal (a 4xx answer) as one event with the path, the status and the
    reason, without a traceback. A 5xx keeps its traceback: that is a fault to look into."""
    record = event_dict.get("_record")
    status = getattr(record, "status_code", None)
    if (
        not isinstance(record, logging.LogRecord)
        or not isinstance(status, int)
        or not 400 <= status < 500
        or not record.name.startswith(_REFUSAL_LOGGERS)
    ):
        return event_dict
    request = getattr(record, "request", None)
    path = getattr(request, "path", None)
    exc_info = event_dict.pop("exc_info", None)
    exception = exc_info[1] if isinstance(exc_info, tuple) else exc_info
    if isinstance(exception, BaseException):
        text = str(exception)
        reason = f"{type(exception).__name__}: {text}" if text else type(exception).__name__
    else:
        # Django's message ends with the path, which has a field of its own.
        reason = str(event_dict.get("event", ""))
        if path and reason.endswith(f": {path}"):
            reason = reason[: -len(f": {path}")]
    event_dict.update(event="request_refused", path=path, status=status, reason=reason)
    return event_dict


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


QUIET_LIBRARIES = ("matplotlib", "PIL", "fontTools")


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
                "foreign_pre_chain": [*_SHARED_PROCESSORS, _refusal_in_one_line],
            }
        },
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "structlog"}},
        "root": {"handlers": ["stderr"], "level": level},
        # Django's default configuration gives these loggers handlers of their own; naming them
        # here replaces those, so that each record is written once, in our format.
        "loggers": {
            **{
                name: {"handlers": ["stderr"], "level": level, "propagate": False}
                for name in ("django", "django.server")
            },
            # The charts' libraries tell of every font they look at on DEBUG: only their
            # warnings and errors are Voorrang's business.
            **{name: {"level": "WARNING"} for name in QUIET_LIBRARIES},
        },
    }
