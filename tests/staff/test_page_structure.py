"""Every staff page in Dutch (the default) has the accessible structure of the public pages,
and its tables have captions and header cells with a scope."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.portal.page_structure import assert_accessible_structure, read_page
from tests.staff.accounts import log_in
from voorrang.allocation import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(ranked_vacancy, staff) -> list[str]:
    offer = services.offer_next(actor=staff, vacancy=ranked_vacancy)
    seeker = offer.seeker.registration_number
    return [
        "/staff/",
        "/staff/vacancies/",
        "/staff/vacancies/new/",
        "/staff/vacancies/new/?q=L-flat",
        f"/staff/vacancies/new/{ranked_vacancy.unit_id}/",
        f"/staff/vacancies/{ranked_vacancy.reference}/",
        "/staff/seekers/",
        f"/staff/seekers/{seeker}/",
        "/staff/buildings/",
        f"/staff/buildings/{ranked_vacancy.unit.building_id}/",
    ]


def test_staff_pages_are_dutch_and_accessible_in_structure(staff, pages) -> None:
    client = Client()
    log_in(client, staff)
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        page = read_page(html)
        assert_accessible_structure(page, lang="nl")
        # Every visible control has a label: selects and text areas too.
        for tag in ("select", "textarea"):
            for field in page.all(tag):
                assert field.get("id") in page.labelled_ids, (path, field)
        tables = page.all("table")
        assert len(page.all("caption")) == len(tables), path
        assert all(th.get("scope") in ("col", "row") for th in page.all("th")), path
        # The staff navigation marks where we are.
        assert [a for a in page.all("a") if a.get("aria-current") == "true"], path
        # Every form that changes something carries its CSRF token.
        for form in page.all("form"):
            assert form.get("method") in ("get", "post"), path
        assert html.count('name="csrfmiddlewaretoken"') >= html.count('method="post"'), path


def test_the_seed_is_not_shown_before_the_ranking(staff_client, staff) -> None:
    from tests.allocation.flow import published

    vacancy = published(staff)
    html = staff_client.get(f"/staff/vacancies/{vacancy.reference}/").content.decode()
    assert vacancy.seed_hash in html
    assert vacancy.seed not in html


def test_exclusions_are_explained_in_plain_language(staff_client, ranked_vacancy) -> None:
    html = staff_client.get(f"/staff/vacancies/{ranked_vacancy.reference}/").content.decode()
    assert "The household is too small or too large for this home." in html
    assert "HOUSEHOLD_SIZE" not in html
    assert ranked_vacancy.seed in html  # revealed with the ranking


def test_every_exclusion_code_of_the_rules_has_a_sentence() -> None:
    from voorrang.allocation.selectors import EXCLUSION_SENTENCES
    from voorrang.rules import REASONS

    assert set(EXCLUSION_SENTENCES) == set(REASONS)
