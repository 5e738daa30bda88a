"""Every staff page, for every role: allowed or denied as the declared matrix says.

An anonymous visitor is sent to the log-in page; a logged-in user without the role gets 403;
for GET and for POST alike. The matrix is the one the views enforce (voorrang.staff.access)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from tests.factories import SeekerFactory
from tests.staff.accounts import account
from voorrang.allocation.models import Offer, Vacancy
from voorrang.portal.models import AccountEndRequest
from voorrang.seekers.models import DuplicateFlag, RegistrationDateChange
from voorrang.staff.access import ACCESS, LETTING_STAFF

pytestmark = pytest.mark.django_db

# Who is who: the role's group names, and whether the account is a superuser.
ACCOUNTS = {
    "seeker": (["seeker"], False),
    "staff-welfare": (["staff-welfare"], False),
    "policy": (["policy"], False),
    "researcher": (["researcher"], False),
    "staff-allocation": (["staff-allocation"], False),
    "admin": (["admin"], False),
    "superuser": ([], True),
}


def staff_url_names() -> set[str]:
    resolver = get_resolver()
    staff = resolver.namespace_dict["staff"][1]
    return {
        f"staff:{pattern.name}" for pattern in staff.url_patterns if isinstance(pattern, URLPattern)
    }


def test_every_staff_url_is_declared_in_the_matrix() -> None:
    assert staff_url_names() == set(ACCESS)


def test_only_the_letting_staff_and_the_application_manager_are_in_the_matrix() -> None:
    assert set(ACCESS.values()) == {LETTING_STAFF}
    assert {"staff-allocation", "admin"} == LETTING_STAFF


@pytest.fixture
def urls(ranked_vacancy, staff, second_staff) -> dict[str, str]:
    """A real address for every staff URL name."""
    seeker = SeekerFactory()
    other = SeekerFactory()
    flag = DuplicateFlag.objects.create(seeker=seeker, other=other, ground="email")
    change = RegistrationDateChange.objects.create(
        seeker=seeker,
        old_date=seeker.registered_on,
        new_date=seeker.registered_on.replace(year=2000),
        reason="test",
        requested_by=second_staff,
    )
    reference = ranked_vacancy.reference
    from voorrang.allocation import services
    from voorrang.portal.services import request_account_end

    end_request = request_account_end(user=account("leaving@example.org", "seeker"))

    offer = services.offer_next(actor=staff, vacancy=ranked_vacancy)
    number = seeker.registration_number
    args = {
        "staff:vacancy": [reference],
        "staff:vacancy_publish": [reference],
        "staff:vacancy_close": [reference],
        "staff:vacancy_rank": [reference],
        "staff:vacancy_offer_next": [reference],
        "staff:vacancy_withdraw": [reference],
        "staff:vacancy_paper_response": [reference],
        "staff:offer_accept": [reference, offer.pk],
        "staff:offer_refuse": [reference, offer.pk],
        "staff:seeker": [number],
        "staff:seeker_date_change": [number],
        "staff:seeker_date_change_decide": [number, change.pk],
        "staff:seeker_duplicate_resolve": [number, flag.pk],
        "staff:building": [ranked_vacancy.unit.building_id],
        "staff:end_request_confirm": [end_request.pk],
        "staff:end_request_decline": [end_request.pk],
    }
    return {name: reverse(name, args=args.get(name, [])) for name in ACCESS}


def _state() -> tuple:
    """What a refused request must leave unchanged."""
    return (
        list(Vacancy.objects.values_list("state", flat=True)),
        list(Offer.objects.values_list("state", flat=True)),
        list(RegistrationDateChange.objects.values_list("status", flat=True)),
        list(DuplicateFlag.objects.values_list("resolved", flat=True)),
        list(AccountEndRequest.objects.values_list("status", flat=True)),
    )


def test_an_anonymous_visitor_is_sent_to_log_in_on_every_staff_page(urls) -> None:
    client = Client()
    before = _state()
    for name, url in urls.items():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith(f"/accounts/login/?next={url}"), name
    assert _state() == before


@pytest.mark.parametrize("who", ACCOUNTS)
def test_each_role_is_allowed_or_denied_as_the_matrix_says(who: str, urls) -> None:
    groups, superuser = ACCOUNTS[who]
    client = Client()
    client.force_login(account(f"user-{who}", *groups, superuser=superuser))
    before = _state()
    for name, url in urls.items():
        allowed = superuser or bool(set(groups) & ACCESS[name])
        get = client.get(url)
        if allowed:
            # A step is a POST form: its address answers GET with 405, a page with 200.
            assert get.status_code in (200, 405), (who, name, get.status_code)
            # An empty POST reaches the view: a page answers 405, a step takes it or shows
            # what is missing or not possible now (an acceptance goes through: the empty
            # form is all it needs).
            post = client.post(url)
            assert post.status_code in (302, 400, 405, 409), (who, name, post.status_code)
            if post.status_code == 302:
                assert not post["Location"].startswith("/accounts/login/"), (who, name)
        else:
            assert get.status_code == 403, (who, name, get.status_code)
            # An empty POST: only the refusal is tested here, no step is taken.
            assert client.post(url).status_code == 403, (who, name)
    if not any(set(groups) & allowed for allowed in ACCESS.values()) and not superuser:
        assert _state() == before


@pytest.mark.parametrize("who", ["staff-allocation", "admin", "superuser"])
def test_allowed_accounts_reach_the_pages_with_get(who: str, urls) -> None:
    groups, superuser = ACCOUNTS[who]
    client = Client()
    client.force_login(account(f"user-{who}", *groups, superuser=superuser))
    pages = {name for name in urls if client.get(urls[name]).status_code == 200}
    assert pages == {
        "staff:queue",
        "staff:vacancies",
        "staff:vacancy_create",
        "staff:vacancy",
        "staff:seekers",
        "staff:seeker",
        "staff:buildings",
        "staff:building",
        "staff:end_requests",
    }


def test_the_staff_navigation_is_shown_only_to_letting_staff(urls) -> None:
    for who, (groups, superuser) in ACCOUNTS.items():
        client = Client()
        client.force_login(account(f"nav-{who}", *groups, superuser=superuser))
        html = client.get("/").content.decode()
        shown = 'href="/staff/"' in html
        assert shown == (superuser or who in ("staff-allocation", "admin")), who
    assert 'href="/staff/"' not in Client().get("/").content.decode()
