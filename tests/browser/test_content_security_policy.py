"""The Content-Security-Policy in the browser: the violation recorder that every browser test
runs with reports what the policy refused, and the administration works under the policy."""

from __future__ import annotations

import pytest

from tests.content_security import WatchedBrowser
from tests.portal.browser import log_in
from tests.staff.accounts import account

pytestmark = pytest.mark.browser

PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>t</title></head><body>"
    "<p style='color: red'>styled</p><script>document.title = 'ran';</script>"
    "<button onclick='alert(1)'>b</button></body></html>"
)
POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_recorder_reports_what_the_policy_refused(_session_chromium, javascript) -> None:
    browser = WatchedBrowser(_session_chromium)
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.route(
        "http://policy.test/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": POLICY},
            body=PAGE,
        ),
    )

    page.goto("http://policy.test/")
    browser.settle()
    context.close()

    assert any("style-src" in v for v in browser.violations), browser.violations
    if javascript:
        assert any("script-src" in v for v in browser.violations), browser.violations


@pytest.mark.django_db(transaction=True)
def test_the_administration_works_under_the_policy(chromium, live_server) -> None:
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    manager = account("beheer", "admin", superuser=True)
    manager.is_staff = True
    manager.save()
    log_in(page, live_server, manager)

    for path in ["/admin/", "/admin/auth/group/", "/admin/auth/group/add/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.url == live_server.url + path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    # The admin's own scripts run: the filter of the permissions widget is drawn by them.
    assert page.locator("#id_permissions_from").count() == 1
    # Its search icons are labelled images (ARIA allows no label on a plain span).
    icons = page.locator(".selector .help-tooltip[aria-label]")
    assert icons.count() == 2
    assert [icons.nth(i).get_attribute("role") for i in range(2)] == ["img", "img"]
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_administrations_picker_speaks_dutch(chromium, live_server) -> None:
    """Django's own Dutch catalogue lacks the picker's newer sentences; Voorrang's adds them."""
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    manager = account("beheer", "admin", superuser=True)
    manager.is_staff = True
    manager.save()
    log_in(page, live_server, manager)

    page.goto(live_server.url + "/admin/auth/group/add/")
    page.locator("#id_permissions_from").wait_for()
    text = page.locator(".selector").inner_text()
    assert "Kies rechten: selecteer ze en klik dan op de pijl" in text
    assert "Alle rechten kiezen" in text
    assert "Choose" not in text and "Remove" not in text
    assert page.locator("#id_permissions_input").get_attribute("placeholder") == "Filteren"
    context.close()
