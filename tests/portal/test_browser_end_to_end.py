"""End to end in chromium: sign up, confirm the email address, register, respond; staff
close, rank and offer on the staff pages; see the position, accept the offer, see the result."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from tests.allocation.flow import published
from tests.factories import StaffFactory, UnitFactory
from tests.staff.accounts import PASSWORD as STAFF_PASSWORD
from tests.staff.accounts import account, pass_second_factor
from voorrang.allocation import services
from voorrang.allocation.models import Offer, Response, Vacancy
from voorrang.seekers import services as seeker_services
from voorrang.seekers.models import Seeker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_sign_up_to_the_published_result(page, chromium, live_server, tmp_path) -> None:
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

    # The closing date passes (a week later, as far as the vacancy is concerned); staff
    # close, rank and offer on their own pages, in a browser of their own.
    # The whole story moves a week back, so that the registration and the response came
    # before the closing date.
    today = dt.date.today()
    Vacancy.objects.filter(pk=vacancy.pk).update(
        published_on=today - dt.timedelta(days=8), closes_on=today - dt.timedelta(days=1)
    )
    Seeker.objects.filter(user__email="eva@example.org").update(
        registered_on=today - dt.timedelta(days=7)
    )
    Response.objects.filter(vacancy=vacancy).update(responded_on=today - dt.timedelta(days=6))
    staff = account("verhuurder", "staff-allocation")
    # Staff checked her income against her evidence: without that check no offer of a home
    # whose rent depends on the income reaches her (the letting-day test checks in the browser).
    seeker_services.check_income(
        actor=staff, seeker=Seeker.objects.get(user__email="eva@example.org")
    )
    office = chromium.new_context(locale="en-GB")
    desk = office.new_page()
    desk.goto(base + f"/accounts/login/?next=/staff/vacancies/{vacancy.reference}/")
    desk.fill("#id_username", "verhuurder")
    desk.fill("#id_password", STAFF_PASSWORD)
    desk.click("main form button[type=submit]")
    pass_second_factor(desk, "verhuurder")
    desk.get_by_role("button", name="Close for responses").click()
    desk.get_by_text("The vacancy was closed for responses.").wait_for()
    desk.get_by_role("button", name="Rank", exact=True).click()
    desk.get_by_text("Ranking 1 was made and stored.").wait_for()
    desk.get_by_role("button", name="Offer to the next candidate").click()
    desk.get_by_text("The home was offered to").wait_for()
    office.close()
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    offer = vacancy.offers.get()

    page.goto(base + "/my/responses/")
    assert "You are number 1 of 1." in page.content()
    page.goto(base + "/my/")
    page.click(f"a[href='/my/offers/{offer.pk}/']")
    with page.expect_navigation():
        page.click("main button[value=accept]")
    assert "You said yes." in page.content()
    assert "we are checking them now" in page.content()

    # Staff check the income and documents and record the signed contract: the home is let.
    allocation = Offer.objects.get(pk=offer.pk).allocation
    staff = account("verhuurder2", "staff-allocation")
    services.record_checks(actor=staff, allocation=allocation, passed=True)
    services.sign_contract(
        actor=staff, allocation=allocation, starts_on=allocation.accepted_on, rent=vacancy.rent
    )
    page.reload()
    page.click("main a[href='/results/']")
    page.wait_for_url("**/results/")
    # The results lead with the home (cards, not a table).
    results = page.inner_text("main")
    assert str(vacancy.unit) in results
    assert "Eva" not in page.content() and "Smit" not in page.content()
