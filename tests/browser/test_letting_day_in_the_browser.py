"""One letting day in a real browser, with two staff members and four home seekers: Eva
registers in the portal with evidence of her income, staff open it and check the income;
one staff member records an urgency declaration and the other confirms it; a vacancy is made
through the unit picker, gets a listing and a photo and is published (the page explains why
it is targeted); the seekers respond in the portal; staff close, rank and offer; the first
candidate refuses in the portal; two candidates object (one passed over, one excluded) and
the second staff member upholds one and rejects the other; the home is offered to the next
candidate, who views it and accepts; checks, contract, keys; the result is published. axe-core
checks every page on the way, at 1280 px and (the seeker's and the main staff pages) at
320 px."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from tests.browser.walks import run_axe
from tests.factories import SeekerFactory, UnitFactory
from tests.staff.accounts import PASSWORD, account, pass_second_factor
from voorrang.allocation.models import Allocation, Offer, Response, Vacancy
from voorrang.allocation.states import OfferState, VacancyState
from voorrang.audit.models import AuditEvent
from voorrang.objections.models import Objection, ObjectionState
from voorrang.seekers.models import Seeker

pytestmark = [
    pytest.mark.browser,
    # The live server answers from another thread, so the test data must be committed.
    pytest.mark.django_db(transaction=True),
]

NARROW = {"width": 320, "height": 800}


def check_accessibility(page, name: str, screenshots: Path | None) -> None:
    if screenshots is not None:
        page.screenshot(path=str(screenshots / f"day-{name}.png"), full_page=True)
    results = run_axe(page)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


def check_narrow(page, name: str, screenshots: Path | None) -> None:
    """At 320 px: axe finds nothing, and the page does not scroll sideways."""
    check_accessibility(page, f"{name}-320", screenshots)
    wider = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wider <= 0, f"{name} is {wider} px wider than 320 px"


def log_in(page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    pass_second_factor(page, username)
    assert page.url == f"{base}{next_url}", page.url


def a_photo(folder: Path) -> Path:
    path = folder / "kamer.png"
    Image.new("RGB", (120, 80), (200, 160, 90)).save(path)
    return path


def test_one_letting_day_with_two_staff_members_and_the_seekers(
    chromium, live_server, screenshots, tmp_path, settings
) -> None:
    settings.VOORRANG_OBJECTION_OFFERS = "hold"
    base = live_server.url
    today = timezone.localdate()
    unit = UnitFactory(number=207)
    account("verhuurder", "staff-allocation")
    account("tweede", "staff-allocation")
    anna = SeekerFactory(user=account("anna", "seeker"), registered_on=dt.date(2012, 2, 2))
    bram = SeekerFactory(user=account("bram", "seeker"), registered_on=dt.date(2005, 5, 5))
    daan = SeekerFactory(
        user=account("daan", "seeker"),
        registered_on=dt.date(2001, 1, 1),
        household=[dt.date(1980, 1, 1)] * 5,
    )
    account("eva", "seeker")
    visited: set[str] = set()

    def look(page, name: str) -> None:
        """axe on each distinct page, the first time the day comes by it."""
        if name not in visited:
            visited.add(name)
            check_accessibility(page, name, screenshots)

    # --- Eva registers in the portal, with a payslip -----------------------------------------
    eva_context = chromium.new_context(locale="en-GB")
    eva_page = eva_context.new_page()
    log_in(eva_page, base, "eva", "/register/")
    look(eva_page, "register-start")
    eva_page.click("main a[href='/register/you/']")
    look(eva_page, "register-you")
    eva_page.fill("#id_first_name", "Eva")
    eva_page.fill("#id_last_name", "Smit")
    eva_page.fill("#id_birth_date", "1988-08-08")
    eva_page.click("main button[type=submit]")
    look(eva_page, "register-household")
    eva_page.click("main button[value=done]")
    look(eva_page, "register-income")
    eva_page.fill("#id_income", "26000")
    eva_page.check("input[name=income_evidence_kind][value=payslip]")
    eva_page.fill("#id_income_evidence_date", (today - dt.timedelta(days=20)).isoformat())
    payslip = tmp_path / "loonstrook.png"
    Image.new("RGB", (60, 60), (255, 255, 255)).save(payslip)
    eva_page.set_input_files("#id_evidence", str(payslip))
    eva_page.click("main button[type=submit]")
    look(eva_page, "register-contact")
    eva_page.fill("#id_phone", "0687654321")
    eva_page.fill("#id_street", "Dorpsstraat")
    eva_page.fill("#id_number", "3")
    eva_page.fill("#id_postcode", "3701 AA")
    eva_page.fill("#id_town", "Zeist")
    eva_page.click("main button[type=submit]")
    look(eva_page, "register-local-tie")
    eva_page.check("input[name=local_tie][value=no]")
    eva_page.click("main button[type=submit]")
    eva_page.wait_for_url("**/register/check/")
    look(eva_page, "register-check")
    eva_page.click("main button[type=submit]")
    eva_page.wait_for_url("**/my/")
    assert "You are registered." in eva_page.content()
    look(eva_page, "my-page")
    eva = Seeker.objects.get(user__username="eva")
    assert eva.evidence_files.count() == 1

    # --- Staff member A opens the payslip and checks the income ------------------------------
    a_context = chromium.new_context(locale="en-GB")
    a_page = a_context.new_page()
    log_in(a_page, base, "verhuurder", "/staff/")
    look(a_page, "work-queue")
    a_page.goto(f"{base}/staff/seekers/{eva.registration_number}/")
    look(a_page, "seeker")
    evidence = a_page.get_by_role("link", name="loonstrook.png")
    with a_page.expect_response(re.compile("/evidence/")) as shown:
        evidence.click()
    assert shown.value.ok and shown.value.body().startswith(b"\x89PNG")
    assert shown.value.header_value("content-type") == "image/png"
    a_page.go_back()
    assert AuditEvent.objects.filter(
        action="evidence.opened", actor__username="verhuurder"
    ).exists()
    a_page.get_by_role("button", name="Mark the income as checked").click()
    a_page.get_by_text("The income is checked.", exact=True).wait_for()
    eva.refresh_from_db()
    assert eva.income_checked_by.username == "verhuurder"

    # --- Urgency: A records it for Anna, B confirms it -----------------------------------------
    a_page.goto(f"{base}/staff/seekers/{anna.registration_number}/")
    form = a_page.locator("#propose-urgency")
    form.get_by_label("Kind of urgency").select_option(index=1)
    form.get_by_label("Valid from").fill((today - dt.timedelta(days=60)).isoformat())
    form.get_by_label("Valid until").fill((today + dt.timedelta(days=300)).isoformat())
    form.get_by_label("Issued by").fill("Gemeente Zeist")
    form.get_by_label("Note").fill("Medische urgentie")
    form.get_by_role("button", name="Record the declaration").click()
    a_page.get_by_text("The urgency declaration is recorded.").wait_for()
    assert a_page.get_by_text(
        "You recorded this declaration, so another staff member must confirm or reject it."
    ).is_visible()

    b_context = chromium.new_context(locale="en-GB")
    b_page = b_context.new_page()
    log_in(b_page, base, "tweede", f"/staff/seekers/{anna.registration_number}/")
    b_page.get_by_role("button", name="Confirm the urgency").click()
    b_page.get_by_text("The urgency declaration is confirmed. It counts from now on.").wait_for()

    # --- A makes the vacancy: unit picker, listing, photo, publication -----------------------
    a_page.goto(f"{base}/staff/")
    a_page.get_by_role("link", name="New vacancy").first.click()
    look(a_page, "new-vacancy")
    a_page.get_by_label("Address, postcode or building").fill("Vollenhove 207")
    a_page.get_by_role("button", name="Search").click()
    look(a_page, "new-vacancy-found")
    a_page.get_by_role("link", name="Choose this home").click()
    look(a_page, "new-vacancy-form")
    a_page.get_by_label("Closing date").fill((today + dt.timedelta(days=7)).isoformat())
    a_page.get_by_label("registration time").check()
    a_page.get_by_role("button", name="Create the draft").click()
    vacancy = Vacancy.objects.get()
    assert a_page.url == f"{base}/staff/vacancies/{vacancy.reference}/"
    look(a_page, "vacancy-draft")

    listing = a_page.locator("#listing-form")
    listing.get_by_label("Description").fill("Licht appartement op de tweede verdieping.")
    listing.get_by_label("Service costs per month (euro)").fill("35")
    listing.get_by_role("button", name="Save the listing").click()
    a_page.get_by_text("The listing was saved.").wait_for()
    photo = a_page.locator("#photo-form")
    photo.locator("input[type=file]").set_input_files(str(a_photo(tmp_path)))
    photo.get_by_label("What the photo shows").fill("De woonkamer met twee ramen")
    photo.get_by_role("button", name="Add the photo").click()
    a_page.get_by_text("The photo was added.").wait_for()
    assert a_page.get_by_role("img", name="De woonkamer met twee ramen").is_visible()

    # Before publishing, the page explains what the quota decides.
    explained = a_page.locator("#quota-explained")
    assert explained.get_by_text("Published today, it will be targeted").is_visible()
    look(a_page, "vacancy-with-photo")
    a_page.get_by_role("button", name="Publish").click()
    a_page.get_by_text("The vacancy was published. It is targeted.").wait_for()
    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.PUBLISHED and vacancy.targeted
    look(a_page, "vacancy-published")

    # --- The seekers respond, each in a browser of their own ----------------------------------
    seeker_pages = {"eva": eva_page}
    for name in ("anna", "bram", "daan"):
        context = chromium.new_context(locale="en-GB")
        page = context.new_page()
        log_in(page, base, name, "/my/")
        seeker_pages[name] = page
    for name, page in seeker_pages.items():
        if name == "daan":
            continue
        page.goto(f"{base}/homes/")
        look(page, "homes")
        page.click(f"a[href='/homes/{vacancy.reference}/']")
        picture = page.get_by_role("img", name="De woonkamer met twee ramen")
        picture.wait_for()
        assert picture.evaluate("(img) => img.complete && img.naturalWidth > 0"), name
        look(page, "home")
        if name == "eva":
            # The photo opens large, on its own.
            with page.expect_response(re.compile("/large.jpg")) as large:
                picture.click()
            assert large.value.ok and large.value.header_value("content-type") == "image/jpeg"
            page.go_back()
        with page.expect_navigation():
            page.click("main form[action$='/respond/'] button")
        assert "Your response has been received." in page.content(), name
    # Daan's household is too large: the portal says so and offers no button, so he sends
    # the paper form, and A enters it (the ranking excludes him, with the reason).
    daan_page = seeker_pages["daan"]
    daan_page.goto(f"{base}/homes/{vacancy.reference}/")
    assert daan_page.get_by_text("Your household has 5 people.").is_visible()
    assert daan_page.locator("main form[action$='/respond/']").count() == 0
    a_page.get_by_label("Registration number of the home seeker").fill(daan.registration_number)
    a_page.get_by_label("Date on the paper form").fill(today.isoformat())
    a_page.get_by_role("button", name="Enter the response").click()
    a_page.get_by_text(f"The paper response of {daan.registration_number} was entered.").wait_for()
    assert Response.objects.filter(vacancy=vacancy).count() == 4

    # The closing date passes: the whole story moves a week back, so that Eva's registration
    # and the responses came before it.
    Vacancy.objects.filter(pk=vacancy.pk).update(
        published_on=today - dt.timedelta(days=8), closes_on=today - dt.timedelta(days=1)
    )
    Seeker.objects.filter(pk=eva.pk).update(registered_on=today - dt.timedelta(days=9))
    Response.objects.filter(vacancy=vacancy).update(responded_on=today - dt.timedelta(days=6))

    # --- A closes, ranks and offers ------------------------------------------------------------
    a_page.reload()
    a_page.get_by_role("button", name="Close for responses").click()
    a_page.get_by_text("The vacancy was closed for responses.").wait_for()
    a_page.get_by_role("button", name="Rank", exact=True).click()
    a_page.get_by_text("Ranking 1 was made and stored.").wait_for()
    rows = a_page.get_by_role("table", name=re.compile("Candidates in order")).locator("tbody tr")
    assert rows.count() == 3
    order = [rows.nth(i).inner_text() for i in range(3)]
    assert anna.registration_number in order[0]  # the confirmed urgency first
    assert bram.registration_number in order[1]
    assert eva.registration_number in order[2]
    assert a_page.get_by_text("The household is too small or too large for this home.").is_visible()
    look(a_page, "vacancy-ranked")
    a_page.get_by_role("button", name="Offer to the next candidate").click()
    a_page.get_by_text(f"The home was offered to {anna.registration_number}").wait_for()
    look(a_page, "vacancy-offered")
    first_offer = Offer.objects.get(seeker=anna)

    # --- Eva (passed over) and Daan (excluded) object in the portal ---------------------------
    for name, reasons in (
        ("eva", "Mijn inkomen is goedgekeurd; ik sta te laag."),
        ("daan", "Mijn huishouden is kleiner dan u denkt."),
    ):
        page = seeker_pages[name]
        page.goto(f"{base}/my/responses/")
        look(page, "my-responses")
        page.get_by_role("link", name=re.compile("Make an objection")).click()
        look(page, "objection-form")
        page.get_by_label("Why do you object?").fill(reasons)
        page.get_by_role("button", name="Send my objection").click()
        page.get_by_text("We have received your objection. You will hear from us.").wait_for()
        look(page, "objection-lodged")
    assert Objection.objects.filter(state=ObjectionState.LODGED).count() == 2

    # --- Anna refuses in the portal; with objections pending, the next offer waits -----------
    anna_page = seeker_pages["anna"]
    anna_page.goto(f"{base}/my/")
    anna_page.click(f"a[href='/my/offers/{first_offer.pk}/']")
    look(anna_page, "offer-open")
    anna_page.check("input[name=refusal_reason][value=floor]")
    with anna_page.expect_navigation():
        anna_page.click("main button[value=refuse]")
    assert "You refused this home." in anna_page.content()
    look(anna_page, "offer-refused")
    assert not Offer.objects.filter(vacancy=vacancy, seeker=bram).exists()

    # --- B decides the objections: Eva's upheld, Daan's rejected ------------------------------
    b_page.goto(f"{base}/staff/objections/")
    look(b_page, "objections")
    for seeker, outcome, reasons in (
        (eva, "Upheld", "Het inkomen was al gecontroleerd."),
        (daan, "Rejected", "Het huishouden telt vijf personen."),
    ):
        objection = Objection.objects.get(seeker=seeker)
        card = b_page.locator(f"#objection-{objection.pk}")
        card.get_by_label(f"{outcome}: the objection").check()
        card.get_by_label(re.compile("Reasons for the decision")).fill(reasons)
        card.get_by_role("button", name="Record the decision").click()
        b_page.get_by_text(f"The objection is {outcome.lower()}").first.wait_for()
    assert dict(Objection.objects.values_list("seeker", "state")) == {
        eva.pk: ObjectionState.UPHELD,
        daan.pk: ObjectionState.REJECTED,
    }
    seeker_pages["daan"].goto(f"{base}/my/objections/{vacancy.reference}/")
    assert seeker_pages["daan"].get_by_text("Het huishouden telt vijf personen.").is_visible()
    look(seeker_pages["daan"], "objection-decided")

    # --- A offers to Bram; viewing, acceptance, checks, contract, keys -------------------------
    a_page.goto(f"{base}/staff/vacancies/{vacancy.reference}/")
    a_page.get_by_role("button", name="Offer to the next candidate").click()
    a_page.get_by_text(f"The home was offered to {bram.registration_number}").wait_for()
    second_offer = Offer.objects.get(vacancy=vacancy, seeker=bram)
    decide = a_page.locator("#decide")
    decide.get_by_label("Date of the viewing").fill(today.isoformat())
    decide.get_by_label("Time of the viewing").fill("10:30")
    decide.get_by_role("button", name="Plan the viewing").click()
    a_page.get_by_text("The viewing is planned on").wait_for()
    look(a_page, "vacancy-viewing")
    a_page.locator("#viewing_outcome").get_by_label("Outcome of the viewing").select_option(
        "attended"
    )
    a_page.locator("#viewing_outcome").get_by_role("button", name="Record the outcome").click()
    a_page.get_by_text("The outcome of the viewing was recorded.").wait_for()

    bram_page = seeker_pages["bram"]
    bram_page.goto(f"{base}/my/offers/{second_offer.pk}/")
    assert bram_page.get_by_text("You came to see the home.").is_visible()
    with bram_page.expect_navigation():
        bram_page.click("main button[value=accept]")
    look(bram_page, "offer-accepted")

    a_page.reload()
    a_page.get_by_label("checked: the income fits and the documents are complete").check()
    a_page.get_by_role("button", name="Record the checks").click()
    a_page.get_by_text("The checks were recorded").wait_for()
    look(a_page, "vacancy-checked")
    a_page.get_by_label("The contract starts on").fill(today.isoformat())
    a_page.get_by_label("Net rent per month in the contract (euro)").fill("650")
    a_page.get_by_label("Signed on").fill(today.isoformat())
    a_page.get_by_role("button", name="Record the signed contract").click()
    a_page.get_by_text(f"the home is let to {bram.registration_number}").wait_for()
    a_page.get_by_label("Keys handed over on").fill(today.isoformat())
    a_page.get_by_role("button", name="Record the key handover").click()
    a_page.get_by_text("The key handover was recorded.").wait_for()
    assert a_page.get_by_role("heading", name="Published result").is_visible()
    look(a_page, "vacancy-let")

    vacancy.refresh_from_db()
    assert vacancy.state == VacancyState.LET
    allocation = Allocation.objects.get(vacancy=vacancy)
    assert (allocation.seeker, allocation.position) == (bram, 2)
    assert list(Offer.objects.order_by("pk").values_list("seeker", "state")) == [
        (anna.pk, OfferState.REFUSED),
        (bram.pk, OfferState.ACCEPTED),
    ]

    # Bram reads the steps with their dates; the result is public.
    bram_page.goto(f"{base}/my/offers/{second_offer.pk}/")
    assert bram_page.get_by_text("You have the keys. Welcome to your new home!").is_visible()
    steps = bram_page.get_by_role("region", name="The steps").inner_text()
    on_the_day = f"{today.day} {today:%B} {today.year}"
    assert f"we offered you the home on {on_the_day}" in steps
    assert f"yes, on {on_the_day}" in steps and "You came to see the home." in steps
    look(bram_page, "offer-keys")
    bram_page.goto(f"{base}/results/")
    result = bram_page.get_by_role("list", name="Homes let").get_by_role("listitem").first
    assert str(unit) in result.inner_text()
    assert "The new tenant was number 2 in the order." in result.inner_text()
    result.get_by_text("For verification: lottery code and fingerprint").click()
    assert vacancy.reference in result.inner_text()
    look(bram_page, "results")
    bram_page.goto(f"{base}/my/responses/")
    look(bram_page, "my-responses-housed")

    # The other staff pages of the day.
    for name, path in [
        ("vacancies", "/staff/vacancies/"),
        ("seekers", "/staff/seekers/"),
        ("seeker-urgent", f"/staff/seekers/{anna.registration_number}/"),
        ("seeker-objected", f"/staff/seekers/{eva.registration_number}/"),
        ("work-queue-after", "/staff/"),
        ("objections-decided", "/staff/objections/"),
        ("vacancy-let-b", f"/staff/vacancies/{vacancy.reference}/"),
    ]:
        b_page.goto(base + path)
        look(b_page, name)
        # Histories are in words: no event code shows on any page.
        codes = re.findall(
            r"\b(?:seeker|vacancy|offer|allocation)\.[a-z_]+\b", b_page.inner_text("main")
        )
        assert not codes, (name, codes)
    eva_page.goto(f"{base}/my/objections/{vacancy.reference}/")
    assert eva_page.get_by_text("Het inkomen was al gecontroleerd.").is_visible()
    look(eva_page, "objection-upheld")
    eva_page.goto(f"{base}/my/responses/")
    look(eva_page, "my-responses-objected")
    anna_page.goto(f"{base}/my/responses/")
    look(anna_page, "my-responses-refused")
    for context in {page.context for page in seeker_pages.values()} | {a_context, b_context}:
        context.close()

    # --- In Dutch: the offer page and the results page ----------------------------------------
    dutch = chromium.new_context(locale="nl-NL")
    page = dutch.new_page()
    log_in(page, base, "bram", f"/my/offers/{second_offer.pk}/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_text("U hebt de sleutels. Welkom in uw nieuwe woning!").is_visible()
    assert page.get_by_role("heading", name="De stappen").is_visible()
    check_accessibility(page, "offer-keys-nl", screenshots)
    page.goto(f"{base}/results/")
    assert page.get_by_role(
        "heading", name="Uitslagen: aan wie woningen zijn verhuurd"
    ).is_visible()
    check_accessibility(page, "results-nl", screenshots)
    dutch.close()

    # --- At 320 px: the seeker's pages and the main staff pages -------------------------------
    narrow = chromium.new_context(locale="en-GB", viewport=NARROW)
    page = narrow.new_page()
    log_in(page, base, "eva", "/my/")
    check_narrow(page, "my-page", screenshots)
    for name, path in [
        ("homes", "/homes/"),
        ("home", f"/homes/{vacancy.reference}/"),
        ("my-responses", "/my/responses/"),
        ("objection-decided", f"/my/objections/{vacancy.reference}/"),
        ("results", "/results/"),
        ("details", "/my/details/"),
    ]:
        page.goto(base + path)
        check_narrow(page, name, screenshots)
    narrow.close()
    narrow = chromium.new_context(locale="en-GB", viewport=NARROW)
    page = narrow.new_page()
    log_in(page, base, "bram", f"/my/offers/{second_offer.pk}/")
    check_narrow(page, "offer-keys", screenshots)
    narrow.close()
    narrow = chromium.new_context(locale="en-GB", viewport=NARROW)
    page = narrow.new_page()
    log_in(page, base, "anna", f"/my/offers/{first_offer.pk}/")
    check_narrow(page, "offer-refused", screenshots)
    page.goto(f"{base}/my/responses/")
    check_narrow(page, "my-responses-refused", screenshots)
    narrow.close()
    narrow = chromium.new_context(locale="en-GB", viewport=NARROW)
    page = narrow.new_page()
    log_in(page, base, "tweede", "/staff/")
    check_narrow(page, "work-queue", screenshots)
    for name, path in [
        ("vacancy-let", f"/staff/vacancies/{vacancy.reference}/"),
        ("vacancies", "/staff/vacancies/"),
        ("seeker", f"/staff/seekers/{eva.registration_number}/"),
        ("seekers", "/staff/seekers/"),
        ("objections", "/staff/objections/"),
        ("new-vacancy-found", "/staff/vacancies/new/?q=207"),
    ]:
        page.goto(base + path)
        check_narrow(page, name, screenshots)
    narrow.close()
