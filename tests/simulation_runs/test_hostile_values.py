"""Hostile values on the simulation form: refused on the form, nothing queued, never a 500."""

from __future__ import annotations

import pytest

from tests.simulation_runs.test_run_pages import NEW, client, form_data  # noqa: F401
from voorrang.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cap": "9" * 4000}, "cap"),
        ({"cap": "9" * 5000}, "cap"),
        ({"share": "1e999999"}, "share"),
        ({"share": "NaN"}, "share"),
        ({"years": "-Infinity"}, "years"),
        ({"replications": "9" * 30}, "replications"),
        ({"title": "x" * 100_000}, "title"),
        ({"seed": "-1"}, "seed"),
    ],
    ids=[
        "cap-4000-digits",
        "cap-5000-digits",
        "share-1e999999",
        "share-nan",
        "years-inf",
        "replications-30-digits",
        "title-100k",
        "seed-negative",
    ],
)
def test_a_hostile_value_is_refused_naming_the_field(client, changes, field) -> None:  # noqa: F811
    response = client.post(NEW, form_data(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Job.objects.exists()
