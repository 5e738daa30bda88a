"""Staff single sign-on in chromium: from Voorrang's log-in page to the organisation's
provider (a real one, in a process of its own) and back, logged in with the mapped role; a
person without a role sees why. axe-core finds no violations on Voorrang's pages on the way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model

from tests.accounts.organisation_provider import organisation_provider  # noqa: F401
from tests.oidc_provider_site.people import PASSWORD
from tests.portal.browser import axe_violations
from tests.staff.accounts import set_up_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(chromium) -> Iterator[object]:
    context = chromium.new_context(locale="en-GB", timezone_id="Europe/Amsterdam")
    # The live server's first page imports every app's views: on a busy machine that alone
    # has taken over ten seconds.
    context.set_default_timeout(60_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def provider(organisation_provider, settings, live_server):  # noqa: F811
    organisation_provider.configure(settings)
    settings.VOORRANG_PUBLIC_URL = live_server.url
    organisation_provider.register_redirect_uri(
        live_server.url + "/accounts/login/organisation/callback/"
    )
    return organisation_provider


def _sign_in_at_the_provider(page, username: str) -> None:
    page.get_by_role("link", name="Log in through your organisation").click()
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in at the organisation").click()


def test_a_member_of_staff_logs_in_through_the_organisation(page, live_server, provider) -> None:
    page.goto(live_server.url + "/accounts/login/")
    problems = [f"log-in page: {v}" for v in axe_violations(page)]

    _sign_in_at_the_provider(page, "anna")

    # As after a password: the staff page asks for the second factor first (a new account
    # sets it up), then opens.
    page.wait_for_url(live_server.url + "/accounts/second-factor/set-up/**")
    problems += [f"set-up page: {v}" for v in axe_violations(page)]
    set_up_second_factor(page)
    page.wait_for_url(live_server.url + "/staff/")
    assert page.get_by_role("button", name="Log out").is_visible()
    user = get_user_model().objects.get(email="anna@corporatie.example")
    assert set(user.groups.values_list("name", flat=True)) == {"staff-allocation"}
    assert problems == []


def test_a_person_without_a_role_sees_why_and_is_not_logged_in(page, live_server, provider) -> None:
    page.goto(live_server.url + "/accounts/login/")

    _sign_in_at_the_provider(page, "kees")

    page.get_by_role("heading", name="You cannot log in to Voorrang").wait_for()
    assert "gives you no role in Voorrang" in page.content()
    assert axe_violations(page) == []
    page.goto(live_server.url + "/staff/")
    assert "/accounts/login/" in page.url
    assert not get_user_model().objects.filter(email="kees@corporatie.example").exists()
