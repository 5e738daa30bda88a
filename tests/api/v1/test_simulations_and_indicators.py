"""``/api/v1/simulation-runs``: queued through the simulation page's service and audited
under the client's account, read back with its figures once done; bad input is a 400 naming
the field and queues nothing. ``/api/v1/evaluation-indicators``: the page's figures, small
cells suppressed as there."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.api.clients import api_client
from tests.api.v1.helpers import body_errors, get, let_vacancy, post
from tests.api.v1.test_resources import assert_problem
from tests.factories import StaffFactory
from tests.simulation_runs.conftest import finish_with_files
from voorrang.audit.models import AuditEvent
from voorrang.evaluation.example import load_example
from voorrang.evaluation.figures import indicator_figure
from voorrang.evaluation.models import Indicator
from voorrang.jobs.models import Job
from voorrang.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def municipality():
    return api_client("municipality", "Voorrang.Simulations.ReadWrite", role=Role.POLICY.value)


def test_a_run_is_queued_audited_under_the_client_and_read_with_its_figures(municipality):
    client, key = municipality
    answer = post(
        "/api/v1/simulation-runs",
        {"scenario": "zeist-lflat", "share": "1/3", "cap": 5, "replications": 2, "months": 6},
        key,
    )
    assert answer.status_code == 201, answer.content
    assert answer["API-Version"] == "1.0.0"
    body = answer.json()
    assert body_errors("RunDetail", body) == []
    assert body["status"] == "queued" and body["results"] is None
    assert (body["parameters"]["share"], body["parameters"]["cap"]) == ("1/3", 5)
    job = Job.objects.get(pk=body["id"])
    assert answer["Location"].endswith(f"/api/v1/simulation-runs/{job.pk}")
    event = AuditEvent.objects.get(action="job.enqueued", object_id=str(job.pk))
    assert event.actor == client.user and event.actor.username == "api-municipality"

    finish_with_files(job)
    done = get(f"/api/v1/simulation-runs/{job.pk}", key).json()
    assert body_errors("RunDetail", done) == []
    assert done["status"] == "done" and done["progress"]["percent"] == 100
    [figure] = done["results"]["figures"]
    assert figure["table"]["columns"] == ["scenario", "mean", "low_2.5", "high_97.5"]
    assert figure["table"]["totalRows"] == 1
    assert {f["name"] for f in done["results"]["files"]} >= {"figures.csv"}
    listed = get("/api/v1/simulation-runs", key).json()
    assert body_errors("PaginatedRunList", listed) == []
    assert [run["id"] for run in listed["results"]] == [job.pk]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "scenario"),
        ({"scenario": "atlantis"}, "scenario"),
        ({"scenario": "zeist-lflat", "share": "3/2"}, "share"),
        ({"scenario": "zeist-lflat", "share": "1/0"}, "share"),
        ({"scenario": "zeist-lflat", "replications": 0}, "replications"),
        ({"scenario": "zeist-lflat", "tierOrder": ["regular", "regular"]}, "tierOrder[1]"),
        ({"scenario": "zeist-lflat", "designated": ["Nowhere"]}, "designated[0]"),
        ({"scenario": "zeist-lflat", "months": "many"}, "months"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_queues_nothing(municipality, body, field):
    _client, key = municipality
    answer = post("/api/v1/simulation-runs", body, key)
    assert_problem(answer, 400, field)
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action="job.enqueued").exists()


def test_reading_is_not_writing(municipality) -> None:
    _client, reader = api_client("reader", "Voorrang.Simulations.Read", role=Role.POLICY.value)
    assert get("/api/v1/simulation-runs", reader).status_code == 200
    assert_problem(post("/api/v1/simulation-runs", {"scenario": "zeist-lflat"}, reader), 403)
    assert not Job.objects.exists()


def test_the_indicators_with_small_cells_suppressed_as_on_the_page() -> None:
    staff = StaffFactory()
    for _ in range(2):
        let_vacancy(staff, seekers=1, ordering="registration")
    toc = load_example()
    _client, key = api_client("institute", "Voorrang.Evaluation.Read", role=Role.RESEARCHER.value)
    today = timezone.localdate()
    answer = get("/api/v1/evaluation-indicators", key, pageSize=100)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body_errors("PaginatedIndicatorList", body) == []
    indicators = list(Indicator.objects.filter(theory=toc).order_by("position", "id"))
    assert [i["key"] for i in body["results"]] == [i.key for i in indicators]
    suppressed = 0
    for given, indicator in zip(body["results"], indicators, strict=True):
        figure = indicator_figure(indicator, today)
        if figure is None:
            assert given["available"] is False
            continue
        expected = [
            [(value, hidden) for value, _n, hidden in cells] for _period, cells in figure.rows()
        ]
        assert [
            [(cell["value"], cell["suppressed"]) for cell in row["cells"]] for row in given["rows"]
        ] == expected
        for row in given["rows"]:
            for cell in row["cells"]:
                if cell["suppressed"]:
                    suppressed += 1
                    assert cell["value"] is None and cell["n"] is None
    assert suppressed > 0
    one = get(f"/api/v1/evaluation-indicators/{indicators[0].key}", key, theory=toc.key)
    assert body_errors("Indicator", one.json()) == []
    assert_problem(get("/api/v1/evaluation-indicators", key, asOf="yesterday"), 400, "asOf")
    assert_problem(get("/api/v1/evaluation-indicators", key, theory="nothing"), 400, "theory")
    assert_problem(get("/api/v1/evaluation-indicators/nothing", key), 404)
