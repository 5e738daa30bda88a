"""End to end in chromium: sign up, confirm the email address, register, respond; staff
close and rank (through the services); see the position, accept the offer, see the result."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from tests.allocation.flow import published
from tests.factories import StaffFactory, UnitFactory
from voorrang.allocation import services
from voorrang.allocation.models import Vacancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_sign_up_to_the_published_result(page, live_server, tmp_path) -> None:
    staff = StaffFactory()
    vacancy = published(staff, unit=UnitFactory(rooms=2))
    base = live_server.url
    evidence = tmp_path / "salary.png"
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)

    # Sign up and confirm the address with the link from the email.
    page.goto(base + "/accounts/signup/")
    page.fill("#id_email", "eva@example.org")
    page.fill("#id_password1", "a long and private passphrase")
    page.fill("#id_password2", "a long and private passphrase")
    page.click("main button[type=submit]")
    page.wait_for_url("**/check-your-email/")
    link = re.search(r"http://\S+/accounts/confirm/\S+", mail.outbox[-1].body).group(0)
    page.goto(base + "/accounts/" + link.split("/accounts/", 1)[1])
    page.click("main button[type=submit]")
    page.wait_for_url("**/my/")

    # Register.
    page.click("main a[href='/register/']")
    page.click("main a[href='/register/you/']")
    page.fill("#id_first_name", "Eva")
    page.fill("#id_last_name", "Smit")
    page.fill("#id_birth_date", "1988-08-08")
    page.click("main button[type=submit]")
    page.click("main button[value=done]")
    page.fill("#id_income", "26000")
    page.check("input[name=income_evidence_kind][value=payslip]")
    page.fill("#id_income_evidence_date", "2025-04-01")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("main button[type=submit]")
    page.fill("#id_phone", "0687654321")
    page.fill("#id_street", "Dorpsstraat")
    page.fill("#id_number", "3")
    page.fill("#id_postcode", "3701 AA")
    page.fill("#id_town", "Zeist")
    page.click("main button[type=submit]")
    page.check("input[name=local_tie][value=no]")
    page.click("main button[type=submit]")
    page.wait_for_url("**/register/check/")
    page.click("main button[type=submit]")
    page.wait_for_url("**/my/")
    assert "You are registered." in page.content()

    # Find the home and respond.
    page.goto(base + "/homes/")
    page.click(f"a[href='/homes/{vacancy.reference}/']")
    with page.expect_navigation():
        page.click("main form[action$='/respond/'] button")
    assert "Your response has been received." in page.content()

    # Staff close and rank, then offer.
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    services.close_vacancy(
        actor=staff, vacancy=vacancy, today=vacancy.closes_on + dt.timedelta(days=1)
    )
    services.rank_vacancy(actor=staff, vacancy=vacancy)
    offer = services.offer_next(actor=staff, vacancy=vacancy)

    page.goto(base + "/my/responses/")
    assert "You are number 1 of 1." in page.content()
    page.goto(base + "/my/")
    page.click(f"a[href='/my/offers/{offer.pk}/']")
    with page.expect_navigation():
        page.click("main button[value=accept]")
    assert "You said yes." in page.content()

    page.click("main a[href='/results/']")
    page.wait_for_url("**/results/")
    table = page.inner_text("main table")
    assert vacancy.reference in table
    assert "Eva" not in page.content() and "Smit" not in page.content()
