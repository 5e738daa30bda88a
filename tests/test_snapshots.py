"""A kept section is rendered once while its records stay as they are, and again as soon as
one of them is added or changed through a service."""

from __future__ import annotations

import pytest

from tests.allocation.flow import published
from tests.factories import BuildingFactory
from tests.staff.accounts import account
from voorrang.allocation import services
from voorrang.allocation.models import Vacancy
from voorrang.housing.models import Building
from voorrang.snapshots import kept_section, records_version

pytestmark = pytest.mark.django_db


class Section:
    """Renders the vacancies' states and counts how often it was asked to."""

    def __init__(self) -> None:
        self.renders = 0

    def __call__(self) -> str:
        self.renders += 1
        return ", ".join(Vacancy.objects.order_by("pk").values_list("state", flat=True))

    def show(self, *key: object) -> str:
        return kept_section("test", key=key, record_models=[Vacancy, Building], render=self)


def test_a_section_is_rendered_once_while_its_records_stay_as_they_are() -> None:
    staff = account("verhuur1", "staff-allocation")
    published(staff)
    section = Section()
    assert section.show("nl") == section.show("nl") == "published"
    assert section.renders == 1
    # What else it depends on is part of its key.
    section.show("en")
    assert section.renders == 2


def test_a_record_added_or_changed_through_a_service_renders_it_again() -> None:
    staff = account("verhuur1", "staff-allocation")
    vacancy = published(staff)
    section = Section()
    assert section.show() == "published"

    # Changed in place: the same rows, but the service's audit event is a new version.
    services.withdraw_vacancy(actor=staff, vacancy=vacancy, reason="Sloop")
    assert section.show() == "withdrawn"
    # Added: another model of the section.
    before = records_version([Vacancy, Building])
    BuildingFactory(name="K-flat")
    assert records_version([Vacancy, Building]) != before
    section.show()
    assert section.renders == 3


def test_a_value_kept_in_the_process_is_built_again_when_its_records_change() -> None:
    from voorrang.snapshots import kept_value

    builds = []

    def names() -> list[str]:
        builds.append(1)
        return sorted(Building.objects.values_list("name", flat=True))

    BuildingFactory(name="K-flat")
    assert kept_value("test-names", record_models=[Building], build=names) == ["K-flat"]
    assert kept_value("test-names", record_models=[Building], build=names) == ["K-flat"]
    assert len(builds) == 1
    BuildingFactory(name="L-flat")
    assert kept_value("test-names", record_models=[Building], build=names) == ["K-flat", "L-flat"]
