"""The waves stored before waves had names keep their months, answers and links, and are
called as before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from tests.factories import BuildingFactory
from voorrang.surveys.models import Wave

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("surveys", "0001_initial")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_existing_waves_keep_their_months_and_their_names_in_words() -> None:
    building = BuildingFactory(name="L-flat")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("surveys")
    migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        OldWave = old.get_model("surveys", "Wave")
        for offset, year in ((0, 2022), (12, 2023), (24, 2024)):
            OldWave.objects.create(
                building_id=building.pk,
                offset_months=offset,
                opens_on=f"{year}-01-10",
                closes_on=f"{year}-02-20",
                instruments=["loneliness"],
                state="closed",
            )
    finally:
        migrate(latest)
    waves = list(Wave.objects.filter(building=building).order_by("offset_months"))
    assert [(w.offset_months, w.name, w.state) for w in waves] == [
        (0, "", "closed"),
        (12, "", "closed"),
        (24, "", "closed"),
    ]
    with translation.override("nl"):
        assert [w.label for w in waves] == ["nulmeting", "na 12 maanden", "na 24 maanden"]
    with translation.override("en"):
        assert str(waves[2]) == "L-flat – after 24 months"
