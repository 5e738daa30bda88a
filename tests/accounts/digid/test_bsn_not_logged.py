"""With the mock DigiD, the BSN comes back in the address of /digid/acs/; the development
server logs every request line. The log shows the address without the number."""

from __future__ import annotations

import logging

import pytest

from voorrang.config.log_config import logging_config


@pytest.mark.parametrize("log_format", ["console", "json"])
def test_a_request_line_with_a_bsn_is_logged_without_it(log_format: str) -> None:
    formatter_config = dict(
        logging_config(level="INFO", log_format=log_format)["formatters"]["structlog"]
    )
    formatter = formatter_config.pop("()")(**formatter_config)
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /digid/acs/?next=http%3A%2F%2Ftestserver%2Fmy%2F&bsn=111222333 HTTP/1.1", "302", "0"),
        None,
    )

    line = formatter.format(record)

    assert "111222333" not in line
    assert "/digid/acs/?next=" in line
