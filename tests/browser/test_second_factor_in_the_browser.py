"""The second factor in a real browser: a staff member logs in with a password, sets up an
authenticator app from the key on the page, sees the recovery codes and reaches the staff
page; the next log-in asks for the code. At 1280 and at 320 CSS px (no sideways scrolling),
in English and Dutch, and axe-core finds no accessibility violations on these pages."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.portal.browser import axe_violations
from tests.staff.accounts import PASSWORD, code_for_key, pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLLING = (
    "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)


def check(page, name: str) -> None:
    assert axe_violations(page) == [], name
    assert page.evaluate(NO_SIDEWAYS_SCROLLING), name


def password_log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/staff/")
    assert "/accounts/login/" in page.url
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize(
    ("width", "locale"), [(1280, "en-GB"), (320, "nl-NL")], ids=["1280px-en", "320px-nl"]
)
def test_set_up_log_in_with_a_code_and_reach_the_staff_page(
    chromium, live_server, width: int, locale: str
) -> None:
    user = UserFactory(username="verhuurder", groups=["staff-allocation"])
    user.set_password(PASSWORD)
    user.save()
    base = live_server.url
    context = chromium.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()

    password_log_in(page, base, "verhuurder")
    assert page.url == f"{base}/accounts/second-factor/set-up/?next=%2Fstaff%2F"
    assert page.locator("figure.voorrang-qr svg").is_visible()
    check(page, f"set-up-{width}")

    # A wrong code first: a clear error, on the page and at the field.
    page.locator("#id_code").fill("123")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("[role=alert]").is_visible()
    assert page.locator("#id_code").get_attribute("aria-invalid") == "true"
    check(page, f"set-up-error-{width}")
    page.wait_for_timeout(1100)  # the wait after one wrong code

    # The "app": the key as the page shows it for typing.
    page.locator("#id_code").fill(code_for_key(page.locator("#totp-key").inner_text()))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url == f"{base}/accounts/second-factor/recovery-codes/?next=%2Fstaff%2F"
    assert len(page.locator("main li.voorrang-secret").all_inner_texts()) == 10
    check(page, f"recovery-codes-{width}")
    with page.expect_navigation():
        page.locator("main a.voorrang-button").click()
    assert page.url == f"{base}/staff/"
    assert TOTPDevice.objects.get(user=user).confirmed

    # Log out; the next log-in asks for the code from the app. On a phone the button is in
    # the header's menu.
    menu = page.locator("header details.voorrang-menu > summary").first
    if menu.is_visible():
        menu.click()
    with page.expect_navigation():
        page.locator("form[action='/accounts/logout/'] button").click()
    password_log_in(page, base, "verhuurder")
    assert page.url == f"{base}/accounts/second-factor/?next=%2Fstaff%2F"
    check(page, f"code-step-{width}")
    pass_second_factor(page, "verhuurder")
    assert page.url == f"{base}/staff/"
    context.close()
