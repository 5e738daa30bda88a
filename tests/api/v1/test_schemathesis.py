"""schemathesis on our own document: for every operation of ``/api/v1/``, examples generated
from the document are sent through the WSGI application with a real client key (of a role
that may read the resource), and no answer is a server error or breaks the document (status,
content type, headers, body). Bounded: 20 examples an operation, well within two minutes."""

from __future__ import annotations

import time

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks

from tests.api.clients import api_client
from tests.api.v1.helpers import ALL_VOORRANG, let_vacancy
from tests.factories import CommitmentFactory, StaffFactory
from tests.simulation_runs.conftest import finish_with_files, queued_run
from voorrang.evaluation.example import load_example
from voorrang.roles import Role

pytestmark = pytest.mark.django_db

EXAMPLES = 20
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
# The municipality's resources; the rest are read with the corporation's key.
POLICY_PATHS = ("/simulation-runs", "/evaluation-indicators")


@pytest.fixture
def wsgi_application():
    """Django's WSGI application, as a server runs it, in the test's transaction: as Django's
    own test client does, the database connection is not closed at the end of each request
    (that would end the test's transaction on PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def records(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    staff = StaffFactory()
    let_vacancy(staff, seekers=2)
    CommitmentFactory()
    load_example()
    finish_with_files(queued_run(StaffFactory(username="beleid", groups=["policy"])))


def test_no_server_error_and_no_answer_that_breaks_the_document(records, wsgi_application) -> None:
    _c, corporation = api_client("erp", *ALL_VOORRANG)
    _c, municipality = api_client("municipality", *ALL_VOORRANG, role=Role.POLICY.value)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_application)
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    for operation in operations:
        exercise(
            operation, municipality if operation.path.startswith(POLICY_PATHS) else corporation
        )
    assert time.monotonic() - started < 120


def exercise(operation, key: str) -> set[int]:
    """EXAMPLES examples of one operation, each answer checked against the document."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case) -> None:
        response = case.call_and_validate(headers={"X-API-KEY": key}, checks=CHECKS)
        statuses.add(response.status_code)

    statuses: set[int] = set()
    call()
    return statuses
