"""Where staff decide: the publish step says whether the quota will target the vacancy and
why; an override beyond the cap is refused on its field with the cap named; the withdraw step
says that a withdrawn vacancy keeps its place in the count."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.allocation.flow import published
from tests.factories import VacancyFactory
from voorrang.allocation import services
from voorrang.allocation.models import Vacancy
from voorrang.allocation.states import VacancyState
from voorrang.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def page(client: Client, vacancy: Vacancy) -> str:
    return client.get(reverse("staff:vacancy", args=[vacancy.reference])).content.decode()


def publish(client: Client, vacancy: Vacancy, **data):
    return client.post(
        reverse("staff:vacancy_publish", args=[vacancy.reference]),
        {f"publish-{name}": value for name, value in data.items()},
    )


def test_the_publish_step_explains_the_decision_it_will_take(staff_client, staff) -> None:
    year = timezone.localdate().year
    published(staff)  # number 1, targeted
    vacancy = VacancyFactory()
    html = page(staff_client, vacancy)
    assert "Published today, it will not be targeted" in html
    assert f"Vacancy 2 of {year} in L-flat; 1 of 20 targeted so far; share a quarter." in html
    assert (
        "It will not be targeted: a quarter of 2 vacancies, rounded up, is 1, no more than "
        "the 1 targeted so far."
    ) in html
    assert "A vacancy withdrawn after publication keeps its place in this count" in html
    assert publish(staff_client, vacancy).status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.targeted, vacancy.quota_n) == (False, 2)


def test_an_override_beyond_the_cap_names_the_cap_on_its_field_and_stores_nothing(
    staff_client, staff
) -> None:
    year = timezone.localdate().year
    for _ in range(20):
        services.publish_vacancy(
            actor=staff, vacancy=VacancyFactory(), override_targeted=True, override_reason="pilot"
        )
    vacancy = VacancyFactory()
    html = page(staff_client, vacancy)
    assert (
        f"It will not be targeted: the cap of 20 targeted vacancies in {year} has been reached."
    ) in html
    events = AuditEvent.objects.count()

    response = publish(
        staff_client, vacancy, override_targeted="yes", override_reason="Tenant in need"
    )

    assert response.status_code == 400
    html = response.content.decode()
    message = (
        f"The cap of 20 targeted vacancies in {year} has been reached: 20 are targeted already."
    )
    assert message in html
    # On the field, not the message of a page that was out of date.
    assert 'id="id_publish-override_targeted_error"' in html
    assert "Perhaps the page was out of date" not in html
    assert "Nothing was changed. Correct the field below and try again." in html
    vacancy.refresh_from_db()
    assert (vacancy.state, vacancy.seed_hash, vacancy.quota_n) == (VacancyState.DRAFT, "", None)
    assert AuditEvent.objects.count() == events


def test_the_withdraw_step_says_the_place_in_the_count_is_kept(staff_client, staff) -> None:
    year = timezone.localdate().year
    targeted = published(staff)
    html = page(staff_client, targeted)
    assert (
        f"It keeps its place in the quota count of {year} (number 1) and stays counted as "
        "targeted: the targeted place is not given back."
    ) in html
    regular = published(staff)
    assert (
        f"It keeps its place in the quota count of {year} (number 2): the place is not given back."
    ) in page(staff_client, regular)
    draft = VacancyFactory()
    assert "A draft has no place in the quota count yet" in page(staff_client, draft)
