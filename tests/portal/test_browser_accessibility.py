"""Every portal page passes axe-core with zero violations in chromium, and works without
JavaScript; a keyboard alone gets a seeker from registering to responding."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail

from tests.allocation.flow import let, published, ranked
from tests.factories import StaffFactory, UnitFactory, UserFactory
from tests.portal.browser import axe_violations, log_in, tab_to
from tests.portal.helpers import seeker_with_account
from voorrang.allocation import services
from voorrang.allocation.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    "/",
    "/toegankelijkheid",
    "/privacy",
    "/homes/",
    "/homes/?rooms=many",
    "/results/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password-reset/",
]
SEEKER = [
    "/my/",
    "/my/responses/",
    "/my/details/",
    "/my/details/contact/",
    "/my/details/income/",
    "/my/details/local-tie/",
    "/my/details/household/",
    "/my/details/language/",
    "/my/data/",
    "/my/end/",
]
REGISTER = [
    "/register/",
    "/register/you/",
    "/register/household/",
    "/register/income/",
    "/register/contact/",
    "/register/local-tie/",
]


def check(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status < 500, url
    return [f"{url}: {v}" for v in axe_violations(page)]


def test_every_portal_page_passes_axe(page, live_server) -> None:
    staff = StaffFactory()
    vacancy = published(staff, unit=UnitFactory(rooms=3))
    other = published(staff, unit=UnitFactory(rooms=3))
    user, seeker = seeker_with_account("anna@example.org")
    rich, rich_seeker = seeker_with_account("rich@example.org", income=Decimal("90000"))
    ranked(staff, other, [seeker, rich_seeker])
    offer = services.offer_next(actor=staff, vacancy=other)
    let(staff, offer)
    base = live_server.url

    problems: list[str] = []
    for path in [*PUBLIC, f"/homes/{vacancy.reference}/"]:
        problems += check(page, base + path)
    # A form with errors, as a seeker sees it.
    page.goto(base + "/accounts/signup/")
    with page.expect_navigation():
        page.click("button[type=submit]")
    problems += [f"signup errors: {v}" for v in axe_violations(page)]

    log_in(page, live_server, user)
    for path in [*SEEKER, f"/homes/{vacancy.reference}/", f"/my/offers/{offer.pk}/"]:
        problems += check(page, base + path)
    page.goto(base + "/my/details/contact/")
    page.fill("#id_postcode", "12")
    with page.expect_navigation():
        page.click("button[type=submit]")
    problems += [f"contact errors: {v}" for v in axe_violations(page)]

    log_in(page, live_server, rich)
    problems += check(page, base + f"/homes/{other.reference}/")
    problems += check(page, base + f"/homes/{vacancy.reference}/")

    newcomer = UserFactory(username="new@example.org", email="new@example.org")
    newcomer.save()
    log_in(page, live_server, newcomer)
    for path in REGISTER:
        problems += check(page, base + path)
    page.goto(base + "/register/you/")
    with page.expect_navigation():
        page.click("button[type=submit]")
    problems += [f"register errors: {v}" for v in axe_violations(page)]

    assert problems == []


def test_pages_work_without_javascript(chromium, live_server) -> None:
    context = chromium.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    staff = StaffFactory()
    vacancy = published(staff)
    user, seeker = seeker_with_account()
    log_in(page, live_server, user)
    page.goto(live_server.url + f"/homes/{vacancy.reference}/")
    with page.expect_navigation():
        page.click("form[action$='/respond/'] button")
    assert "Your response has been received." in page.content(), page.inner_text("main")
    assert Response.objects.filter(seeker=seeker, vacancy=vacancy).count() == 1
    with page.expect_navigation():
        page.click("form[action$='/withdraw/'] button")
    assert "Your response has been withdrawn." in page.content()
    # A form with an error, then put right, without a script anywhere.
    page.goto(live_server.url + "/my/details/contact/")
    page.fill("#id_postcode", "12")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("[role=alert]").is_visible()
    for field, value in [
        ("phone", "0612345678"),
        ("street", "Laan"),
        ("number", "7"),
        ("postcode", "3705 AB"),
        ("town", "Zeist"),
    ]:
        page.fill(f"#id_{field}", value)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Your details have been changed." in page.content()
    assert page.locator("script").count() == 0  # the pages carry no JavaScript at all
    context.close()


def test_keyboard_only_from_registering_to_responding(page, live_server, tmp_path) -> None:
    staff = StaffFactory()
    vacancy = published(staff)
    user = UserFactory(username="kees@example.org", email="kees@example.org")
    user.save()
    log_in(page, live_server, user)
    evidence = tmp_path / "ib60.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    keyboard = page.keyboard

    page.goto(live_server.url + "/my/")
    tab_to(page, "a[href='/register/']")
    keyboard.press("Enter")
    page.wait_for_url("**/register/")
    tab_to(page, "a[href='/register/you/']")
    keyboard.press("Enter")
    page.wait_for_url("**/register/you/")

    tab_to(page, "#id_first_name")
    keyboard.type("Kees")
    keyboard.press("Tab")
    keyboard.type("Bakker")
    keyboard.press("Tab")
    keyboard.type("01041990")  # dd mm yyyy in the date field
    keyboard.press("Enter")
    page.wait_for_url("**/register/household/")

    tab_to(page, "main button[value=done]")
    keyboard.press("Enter")
    page.wait_for_url("**/register/income/")

    tab_to(page, "#id_income")
    keyboard.type("28000")
    tab_to(page, "input[name=income_evidence_kind]")
    keyboard.press("Space")
    tab_to(page, "#id_income_evidence_date")
    keyboard.type("01052025")
    tab_to(page, "#id_evidence")
    # The field is reached by keyboard; the operating system's file dialog that Space opens
    # is outside the page, so the file is handed to the focused field directly.
    page.set_input_files("#id_evidence", str(evidence))
    tab_to(page, "main button[type=submit]")
    keyboard.press("Enter")
    page.wait_for_url("**/register/contact/")

    tab_to(page, "#id_phone")
    for text in ("0612345678", "Laan", "7", "3705AB", "Zeist"):
        keyboard.type(text)
        keyboard.press("Tab")
    tab_to(page, "main button[type=submit]")
    keyboard.press("Enter")
    page.wait_for_url("**/register/local-tie/")

    tab_to(page, "input[name=local_tie]")
    keyboard.press("Space")
    tab_to(page, "main button[type=submit]")
    keyboard.press("Enter")
    page.wait_for_url("**/register/check/")
    assert axe_violations(page) == []  # the one registration page the other test cannot reach
    tab_to(page, "main button[type=submit]")
    keyboard.press("Enter")
    page.wait_for_url("**/my/")
    assert "You are registered." in page.content()

    page.goto(live_server.url + f"/homes/{vacancy.reference}/")
    tab_to(page, "main form[action$='/respond/'] button")
    with page.expect_navigation():
        keyboard.press("Enter")
    assert "Your response has been received." in page.content()
    assert Response.objects.filter(vacancy=vacancy, seeker__user=user).count() == 1
    assert dt.date.today()


def test_the_account_pages_pass_axe(page, live_server) -> None:
    """Sign-up, the email link, the password reset: each page a visitor meets, also an
    expired link, with zero violations."""
    base = live_server.url
    problems: list[str] = []
    page.goto(base + "/accounts/signup/")
    page.fill("#id_email", "axe@example.org")
    page.fill("#id_password1", "a long and private passphrase")
    page.fill("#id_password2", "a long and private passphrase")
    page.click("main button[type=submit]")
    page.wait_for_url("**/check-your-email/")
    problems += [f"check your email: {v}" for v in axe_violations(page)]
    link = re.search(r"http://\S+/accounts/confirm/\S+", mail.outbox[-1].body).group(0)
    path = "/accounts/" + link.split("/accounts/", 1)[1]
    problems += check(page, base + path)
    problems += check(page, base + path.replace("/confirm/", "/confirm/x"))
    page.goto(base + path)
    page.click("main button[type=submit]")
    page.wait_for_url("**/my/")
    page.context.clear_cookies()

    page.goto(base + "/accounts/password-reset/")
    page.fill("#id_email", "axe@example.org")
    page.click("main button[type=submit]")
    page.wait_for_url("**/password-reset/sent/")
    problems += [f"reset sent: {v}" for v in axe_violations(page)]
    link = re.search(r"http://\S+/accounts/reset/\S+", mail.outbox[-1].body).group(0)
    page.goto(base + "/accounts/" + link.split("/accounts/", 1)[1])
    page.wait_for_url("**/set-password/")
    problems += [f"reset form: {v}" for v in axe_violations(page)]
    page.fill("#id_new_password1", "another long passphrase")
    page.fill("#id_new_password2", "another long passphrase")
    page.click("main button[type=submit]")
    page.wait_for_url("**/reset/done/")
    problems += [f"reset done: {v}" for v in axe_violations(page)]
    problems += check(page, base + "/accounts/reset/MQ/invalid-token/")
    assert problems == []
