"""The quota of the designated building decides at publication; staff may override it."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from tests.allocation.flow import published
from tests.factories import BuildingFactory, StaffFactory, UnitFactory, VacancyFactory
from voorrang.allocation import selectors, services
from voorrang.audit.models import AuditEvent
from voorrang.errors import InvalidChange, NotAllowed

pytestmark = pytest.mark.django_db


def test_a_quarter_of_the_designated_vacancies_is_targeted() -> None:
    staff = StaffFactory()
    vacancies = [published(staff) for _ in range(8)]
    assert [v.targeted for v in vacancies] == [True, False, False, False] * 2
    assert [v.quota_n for v in vacancies] == list(range(1, 9))
    status = selectors.quota_status(vacancies[0].published_on.year)
    assert (status.vacancies, status.targeted, status.cap) == (8, 2, 20)


def test_other_buildings_are_not_counted() -> None:
    staff = StaffFactory()
    elsewhere = UnitFactory(building=BuildingFactory(name="Flat B", designated=False), number=7)
    vacancy = published(staff, unit=elsewhere)
    assert (vacancy.targeted, vacancy.quota_n) == (False, None)
    with pytest.raises(InvalidChange):
        services.publish_vacancy(
            actor=staff,
            vacancy=VacancyFactory(unit=elsewhere),
            override_targeted=True,
            override_reason="x",
        )


def test_override_needs_a_reason_and_the_quota_corrects_itself() -> None:
    staff = StaffFactory()
    with pytest.raises(InvalidChange) as caught:
        services.publish_vacancy(actor=staff, vacancy=VacancyFactory(), override_targeted=False)
    assert caught.value.field == "override_reason"
    first = services.publish_vacancy(
        actor=staff,
        vacancy=VacancyFactory(),
        override_targeted=False,
        override_reason="adapted for a wheelchair user",
    )
    assert not first.targeted
    assert AuditEvent.objects.get(action="vacancy.published").reason == (
        "adapted for a wheelchair user"
    )
    # The next one makes up for it: ceil(2/4) = 1 > 0 targeted so far.
    assert published(staff).targeted


def test_the_cap_holds_and_an_override_cannot_break_it(settings) -> None:
    staff = StaffFactory()
    # Twenty targeted this year (the cap), by override, one after another.
    for _ in range(20):
        services.publish_vacancy(
            actor=staff, vacancy=VacancyFactory(), override_targeted=True, override_reason="pilot"
        )
    assert not published(staff).targeted
    one_more = VacancyFactory()
    with translation.override("en"), pytest.raises(InvalidChange) as caught:
        services.publish_vacancy(
            actor=staff, vacancy=one_more, override_targeted=True, override_reason="one more"
        )
    # Invalid input naming the field and the cap, not a conflict of a stale page.
    assert not isinstance(caught.value, NotAllowed)
    assert caught.value.field == "override_targeted"
    year = timezone.localdate().year
    assert str(caught.value.message).startswith(
        f"The cap of 20 targeted vacancies in {year} has been reached: 20 are targeted already."
    )
    one_more.refresh_from_db()
    assert (one_more.state, one_more.seed_hash) == ("draft", "")
