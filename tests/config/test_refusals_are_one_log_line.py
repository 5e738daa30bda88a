"""An expected refusal (403, 404, 429, 400 from bad input) is one log line with the path, the
status and the reason, never a traceback (DESIGN.md). Errors of the server keep theirs."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client

from tests.staff.accounts import account, log_in
from voorrang.config.log_config import logging_config

pytestmark = pytest.mark.django_db


def handler_writing_to(stream: io.StringIO, *, log_format: str) -> logging.Handler:
    """A handler with the formatter of the installation's LOGGING, writing to ``stream``."""
    formatter = dict(logging_config(level="INFO", log_format=log_format)["formatters"]["structlog"])
    factory = formatter.pop("()")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(factory(**formatter))
    return handler


@pytest.fixture(params=["console", "json"])
def log_output(request) -> Iterator[io.StringIO]:
    """What the configured handler writes for Django's loggers, in either LOG_FORMAT."""
    stream = io.StringIO()
    django_logger = logging.getLogger("django")
    saved = django_logger.handlers[:]
    django_logger.handlers = [handler_writing_to(stream, log_format=request.param)]
    try:
        yield stream
    finally:
        django_logger.handlers = saved


def lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_a_403_is_one_line_with_path_status_and_reason(log_output, client: Client) -> None:
    log_in(client, account("zoeker", "seeker"))

    response = client.get("/staff/")

    assert response.status_code == 403
    [line] = lines(log_output)
    assert "Traceback" not in line
    assert "/staff/" in line
    assert "403" in line
    assert "PermissionDenied" in line


def test_a_400_for_a_host_not_served_is_one_line(log_output, client: Client) -> None:
    response = client.get("/", HTTP_HOST="elsewhere.example")

    assert response.status_code == 400
    [line] = lines(log_output)
    assert "Traceback" not in line
    assert "400" in line
    assert "elsewhere.example" in line


def test_a_404_is_one_line(log_output, client: Client) -> None:
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    [line] = lines(log_output)
    assert "Traceback" not in line
    assert "/no/such/page/" in line
    assert "404" in line


def test_a_429_is_one_line(log_output, client: Client, settings, limiter_clock) -> None:
    settings.VOORRANG_LOGIN_ATTEMPTS = 1
    wrong = {"username": "nobody@example.org", "password": "wrong"}
    client.post("/accounts/login/", wrong)
    log_output.seek(0)
    log_output.truncate()

    response = client.post("/accounts/login/", wrong)

    assert response.status_code == 429
    [line] = lines(log_output)
    assert "Traceback" not in line
    assert "429" in line
    assert "/accounts/login/" in line


def test_a_json_refusal_has_the_fields_apart(client: Client) -> None:
    stream = io.StringIO()
    django_logger = logging.getLogger("django")
    saved = django_logger.handlers[:]
    django_logger.handlers = [handler_writing_to(stream, log_format="json")]
    try:
        log_in(client, account("zoeker", "seeker"))
        client.get("/staff/")
    finally:
        django_logger.handlers = saved

    [record] = [json.loads(line) for line in lines(stream)]
    assert record["event"] == "request_refused"
    assert record["path"] == "/staff/"
    assert record["status"] == 403
    assert record["reason"] == "PermissionDenied"
    assert "exception" not in record


def test_a_server_error_keeps_its_traceback() -> None:
    stream = io.StringIO()
    handler = handler_writing_to(stream, log_format="console")
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        try:
            raise RuntimeError("broken")
        except RuntimeError as exc:
            logger.error("Internal Server Error: /x", exc_info=exc, extra={"status_code": 500})
    finally:
        logger.removeHandler(handler)

    assert "Traceback" in stream.getvalue()
    assert "RuntimeError: broken" in stream.getvalue()
