"""The targeted track end to end in a real browser, without JavaScript: a seeker applies, the
coordinator holds the intake, assesses and approves; the seeker responds to a targeted
vacancy and ranks first in the commitment tier (ahead of a seeker who has waited longer);
letting staff allocate the home; the first check-in is reminded and answered. Then axe-core
checks the track's pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.allocation.flow import published
from tests.browser.walks import check_accessibility, log_in
from tests.commitments import factories as f
from tests.factories import SeekerFactory, UnitFactory
from tests.staff.accounts import account, set_up_second_factor
from voorrang.allocation import services as allocation
from voorrang.allocation.models import Allocation, RankingEntry, Response, Vacancy
from voorrang.commitments import services
from voorrang.commitments.models import Application, CheckIn, Commitment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_intake_approve_respond_rank_first_allocate_and_check_in(
    chromium, live_server, screenshots
) -> None:
    base = live_server.url
    today = timezone.localdate()
    unit = UnitFactory(number=501)
    org = f.organisation(building=unit.building)
    coordinator = f.coordinator(org, "coordinator")
    letting = account("verhuurder", "staff-allocation")
    eva_user = account("eva", "seeker")
    eva = SeekerFactory(user=eva_user, email="eva@example.org", registered_on=dt.date(2019, 5, 5))
    # Waited much longer, but has no commitment: ranks after Eva on a targeted vacancy.
    longer = SeekerFactory(registered_on=dt.date(2003, 3, 3))

    seeker_context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    seeker_page = seeker_context.new_page()
    staff_context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    staff_page = staff_context.new_page()

    # The seeker applies, in plain language, agreeing with each consent statement.
    log_in(seeker_page, base, "eva", "/inzet/")
    seeker_page.get_by_role("link", name="Apply for the targeted track").click()
    seeker_page.get_by_label(re.compile("What would you like to do")).fill(
        "Koffieochtenden in de hal en helpen met huiswerk."
    )
    seeker_page.get_by_label("How many hours a month can you give?").fill("12")
    seeker_page.get_by_label("From when can you start?").fill(today.isoformat())
    with seeker_page.expect_navigation():
        seeker_page.get_by_role("button", name="Send my application").click()
    # Nothing ticked: the form says what is missing and keeps what was typed.
    assert seeker_page.locator("[role=alert]").is_visible()
    assert "Koffieochtenden" in seeker_page.content()
    for box in seeker_page.locator("input[name=consents]").all():
        box.check()
    seeker_page.get_by_role("button", name="Send my application").click()
    seeker_page.get_by_text("We have received your application.").first.wait_for()
    application = Application.objects.get(seeker=eva)
    assert Commitment.objects.get(seeker=eva).status == "pending"

    # The coordinator schedules the intake (an invitation by email), records it, assesses.
    log_in(staff_page, base, "coordinator", "/staff/welfare/")
    staff_page.get_by_role("rowheader").get_by_role("link", name=eva.registration_number).click()
    staff_page.get_by_label("Date").fill((today + dt.timedelta(days=2)).isoformat())
    staff_page.get_by_label("Time").fill("10:30")
    staff_page.get_by_label("Place").fill("Buurthuis De Clomp")
    staff_page.get_by_role("button", name="Schedule and invite").click()
    staff_page.get_by_text("The intake is scheduled and the invitation sent.").wait_for()
    assert "Buurthuis De Clomp" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["eva@example.org"]

    staff_page.get_by_label("Held on").fill(today.isoformat())
    staff_page.get_by_label("Record of the intake").fill("Gemotiveerd; kent de buurt goed.")
    staff_page.get_by_role("button", name="Save the record").click()
    staff_page.get_by_text("The intake is recorded.").wait_for()

    staff_page.get_by_role("link", name="Assess with the rubric").click()
    for criterion in org.criteria.all():
        staff_page.locator(f"input[name=score_{criterion.pk}][value='4']").check()
        staff_page.locator(f"#id_reason_{criterion.pk}").fill("Concreet en haalbaar.")
    staff_page.get_by_role("button", name="Save the assessment").click()
    staff_page.get_by_text("The assessment is saved.").wait_for()

    staff_page.get_by_label("approve").check()
    staff_page.get_by_label("Reasons").fill("Past goed bij de flat.")
    staff_page.get_by_role("button", name="Record the decision").click()
    staff_page.get_by_text("The decision is recorded and the seeker informed.").wait_for()
    commitment = Commitment.objects.get(seeker=eva)
    assert commitment.status == "approved" and commitment.valid_until > today

    # The agreement, and its PDF.
    staff_page.get_by_role("link", name="Make the agreement").click()
    staff_page.get_by_label("Koffieochtenden").check()
    staff_page.get_by_label("Huiswerkbegeleiding").check()
    staff_page.get_by_role("button", name="Save the agreement").click()
    staff_page.get_by_text("The agreement is saved.").wait_for()
    pdf = staff_page.request.get(
        f"{base}/staff/welfare/applications/{application.pk}/agreement.pdf"
    )
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # A targeted vacancy in the building (the year's first there is targeted by the quota).
    vacancy = published(letting, unit=unit)
    assert vacancy.targeted
    seeker_page.goto(f"{base}/homes/{vacancy.reference}/")
    seeker_page.locator("main form[action$='/respond/'] button").click()
    seeker_page.get_by_text("Your response has been received.").wait_for()
    allocation.respond(actor=letting, vacancy=vacancy, seeker=longer)

    # Letting staff close, rank, offer and let through their own pages.
    Vacancy.objects.filter(pk=vacancy.pk).update(
        published_on=today - dt.timedelta(days=8), closes_on=today - dt.timedelta(days=1)
    )
    Response.objects.filter(vacancy=vacancy).update(responded_on=today - dt.timedelta(days=3))
    letting_context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    letting_page = letting_context.new_page()
    log_in(letting_page, base, "verhuurder", f"/staff/vacancies/{vacancy.reference}/")
    letting_page.get_by_role("button", name="Close for responses").click()
    letting_page.get_by_text("The vacancy was closed for responses.").wait_for()
    letting_page.get_by_role("button", name="Rank", exact=True).click()
    letting_page.get_by_text("Ranking 1 was made and stored.").wait_for()
    first_row = (
        letting_page.get_by_role("table", name=re.compile("Candidates in order"))
        .locator("tbody tr")
        .nth(0)
    )
    assert eva.registration_number in first_row.inner_text()
    entries = list(RankingEntry.objects.order_by("position").values_list("seeker_id", "tier"))
    assert entries[0] == (eva.pk, "commitment")
    assert entries[1][0] == longer.pk and entries[1][1] != "commitment"
    letting_page.get_by_role("button", name="Offer to the next candidate").click()
    letting_page.get_by_text(f"The home was offered to {eva.registration_number}").wait_for()
    letting_page.get_by_role("button", name="Accept the offer").click()
    letting_page.get_by_text(f"The offer was accepted by {eva.registration_number}").wait_for()
    # The checks at offer, then the contract: only the signing lets the home.
    letting_page.get_by_label("checked: the income fits and the documents are complete").check()
    letting_page.get_by_role("button", name="Record the checks").click()
    letting_page.get_by_text("The checks were recorded").wait_for()
    letting_page.get_by_label("The contract starts on").fill(today.isoformat())
    letting_page.get_by_label("Net rent per month in the contract (euro)").fill("650")
    letting_page.get_by_label("Signed on").fill(today.isoformat())
    letting_page.get_by_role("button", name="Record the signed contract").click()
    letting_page.get_by_text(f"the home is let to {eva.registration_number}").wait_for()
    assert Allocation.objects.get(vacancy=vacancy).seeker == eva
    # The corporation's seeker page shows status, building and end date, nothing more.
    letting_page.goto(f"{base}/staff/seekers/{eva.registration_number}/")
    assert "Koffieochtenden" not in letting_page.content()
    assert "Gemotiveerd" not in letting_page.content()
    letting_context.close()

    # The welfare organisation sees the letting of its approved seeker.
    staff_page.goto(f"{base}/staff/welfare/allocation/")
    assert vacancy.reference in staff_page.content()

    # The reminders start the follow-up from the letting; three months on, the first
    # check-in is due (moved here to today) and reminded once.
    assert services.send_reminders() == 0
    agreement = application.agreement
    agreement.refresh_from_db()
    assert agreement.moved_in_on == Allocation.objects.get(vacancy=vacancy).let_on
    CheckIn.objects.filter(agreement=agreement, month=3).update(due_on=today)
    mail.outbox.clear()
    assert services.send_reminders() == 1
    assert {m.to[0] for m in mail.outbox} == {"eva@example.org", coordinator.email}
    assert services.send_reminders() == 0

    # The tenant answers the check-in and logs an activity.
    seeker_page.goto(f"{base}/inzet/{application.pk}/")
    seeker_page.get_by_role("link", name="answer the questions").click()
    seeker_page.locator("input[name=settled][value='4']").check()
    seeker_page.locator("input[name=contact][value='3']").check()
    seeker_page.get_by_label("yes, as agreed").check()
    seeker_page.get_by_label(re.compile("About how many hours")).fill("11")
    seeker_page.locator("input[name=wants_support][value=no]").check()
    seeker_page.get_by_role("button", name="Send my answers").click()
    seeker_page.get_by_text("Thank you for your answers.").wait_for()
    first = CheckIn.objects.get(agreement=agreement, month=3)
    assert (first.settled, first.contact, first.going, first.answered_by) == (4, 3, "yes", "seeker")
    seeker_page.get_by_role("link", name="Log an activity").click()
    seeker_page.get_by_label("Date").fill(today.isoformat())
    seeker_page.get_by_label("Activity").select_option(label="Koffieochtenden")
    seeker_page.get_by_label("Hours").fill("2")
    seeker_page.get_by_role("button", name="Save").click()
    seeker_page.get_by_text("Thank you. We have saved your activity.").wait_for()

    # The coordinator's caseload shows the hours and the answered check-in.
    staff_page.goto(f"{base}/staff/welfare/caseload/")
    assert eva.registration_number in staff_page.content()
    seeker_context.close()
    staff_context.close()

    # axe-core, with JavaScript, on the track's pages.
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, base, "coordinator", "/staff/welfare/")
    check_accessibility(page, "welfare-queue", screenshots)
    for name, path in [
        ("welfare-application", f"/staff/welfare/applications/{application.pk}/"),
        ("welfare-assess", f"/staff/welfare/applications/{application.pk}/assess/"),
        ("welfare-check-in", f"/staff/welfare/applications/{application.pk}/check-ins/{first.pk}/"),
        ("welfare-caseload", "/staff/welfare/caseload/"),
        ("welfare-allocation", "/staff/welfare/allocation/"),
        ("welfare-rubric", "/staff/welfare/rubric/"),
        ("welfare-catalogue", f"/staff/welfare/buildings/{unit.building_id}/needs/"),
    ]:
        page.goto(base + path)
        check_accessibility(page, name, screenshots)
    context.close()
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, base, "eva", "/inzet/")
    check_accessibility(page, "track-overview", screenshots)
    for name, path in [
        ("track-application", f"/inzet/{application.pk}/"),
        ("track-activities", f"/inzet/{application.pk}/activiteiten/"),
        ("track-check-in", f"/inzet/{application.pk}/check-in/{first.pk}/"),
    ]:
        page.goto(base + path)
        check_accessibility(page, name, screenshots)
    context.close()


def test_the_application_form_in_error_has_no_violations(
    chromium, live_server, screenshots
) -> None:
    unit = UnitFactory()
    f.organisation(building=unit.building)
    user = account("eva", "seeker")
    SeekerFactory(user=user)
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    log_in(page, live_server.url, "eva", "/inzet/aanmelden/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("[role=alert]").is_visible()
    check_accessibility(page, "track-apply-errors", screenshots)
    context.close()


def invitation_path(message) -> str:
    """The path of the link in an invitation (whose address is VOORRANG_PUBLIC_URL's)."""
    return re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", message.body).group(1)


def test_a_coordinator_builds_the_team_and_the_team_pages_have_no_violations(
    chromium, live_server, screenshots
) -> None:
    from voorrang.commitments import team

    base = live_server.url
    org = f.organisation(building=UnitFactory().building)
    f.coordinator(org, "coordinator")
    colleague = f.coordinator(org, "collega")

    # Without JavaScript: from the navigation to the form, a mistake, then the invitation.
    context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "coordinator", "/staff/welfare/")
    page.get_by_role("navigation", name="Targeted track").get_by_role("link", name="Team").click()
    page.get_by_role("link", name=f"Add a coordinator to {org.name}").click()
    page.get_by_label("Email address").fill("geen-adres")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the team").click()
    assert page.locator("[role=alert]").is_visible()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    mail.outbox.clear()
    page.get_by_label("Email address").fill("noor@example.org")
    page.get_by_label("First name").fill("Noor")
    page.get_by_label("Last name").fill("de Vries")
    page.get_by_role("button", name="Add to the team").click()
    page.get_by_text("Noor de Vries is added to the team").wait_for()
    assert "invited: has not chosen a password yet" in page.content()
    [invitation] = mail.outbox
    used_link = base + invitation_path(invitation)
    context.close()

    # The invited coordinator chooses a password, sets up the second factor and lands on
    # the welfare pages.
    context = chromium.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto(used_link)
    page.get_by_label("New password:", exact=True).fill("a long walk along the Kromme Rijn")
    page.get_by_label("New password confirmation").fill("a long walk along the Kromme Rijn")
    page.get_by_role("button", name="Save my password and log in").click()
    page.get_by_text("Your password is saved. You are logged in.").wait_for()
    assert len(set_up_second_factor(page)) == 10
    assert page.url == f"{base}/staff/welfare/"
    context.close()

    # axe-core, with JavaScript, on the team's pages in Dutch.
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    log_in(page, base, "coordinator", "/staff/welfare/team/")
    check_accessibility(page, "welfare-team", screenshots)
    remove = f"/staff/welfare/team/{org.pk}/coordinators/{colleague.pk}/remove/"
    for name, path in [
        ("welfare-team-add", f"/staff/welfare/team/{org.pk}/add/"),
        ("welfare-team-remove", remove),
    ]:
        page.goto(base + path)
        check_accessibility(page, name, screenshots)
    page.goto(f"{base}/staff/welfare/team/{org.pk}/add/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("[role=alert]").is_visible()
    check_accessibility(page, "welfare-team-add-errors", screenshots)
    context.close()

    # The invitation's page, and the same link once used.
    team.add_coordinator_by_email(actor=None, organisation=org, email="sanne@example.org")
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(base + invitation_path(mail.outbox[-1]))
    assert page.get_by_role("heading", level=1).inner_text() == "Kies uw wachtwoord"
    check_accessibility(page, "invitation", screenshots)
    page.goto(used_link)
    assert page.get_by_role("heading", level=1).inner_text() == "Deze link werkt niet"
    check_accessibility(page, "invitation-used", screenshots)
    context.close()
