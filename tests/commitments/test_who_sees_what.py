"""Who sees what of the targeted track, role by role: the corporation's staff see of a
commitment only its status, building and end date; a coordinator sees only their own
organisation's records; a seeker only their own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.commitments import factories as f
from tests.commitments.welfare_urls import welfare_url_args
from tests.factories import BuildingFactory, SeekerFactory
from tests.staff.accounts import account, log_in
from voorrang.commitments import services
from voorrang.web.access import ACCESS

pytestmark = pytest.mark.django_db

SECRETS = ("GEHEIM-MOTIVATIE", "GEHEIM-INTAKE", "GEHEIM-SCORE", "GEHEIM-CHECKIN", "GEHEIM-LOG")


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    log_in(client, user)
    return client


@pytest.fixture
def full_record(org, coordinator):
    """An approved, agreed and followed commitment with free text everywhere."""
    application = f.applied(org, motivation="GEHEIM-MOTIVATIE")
    f.scheduled(application, coordinator)
    services.record_intake(
        actor=coordinator,
        application=application,
        held_on=timezone.localdate(),
        notes="GEHEIM-INTAKE",
    )
    services.assess(
        actor=coordinator,
        application=application,
        scores={c.pk: (5, "GEHEIM-SCORE") for c in org.criteria.all()},
    )
    services.decide(actor=coordinator, application=application, approve=True, reasons="ok")
    application.refresh_from_db()
    agreement = services.make_agreement(
        actor=coordinator,
        application=application,
        activities=list(application.building.needs.all()[:1]),
        hours_per_month=10,
        coordinator=coordinator,
        starts_on=timezone.localdate() - dt.timedelta(days=100),
        signed_on=timezone.localdate() - dt.timedelta(days=100),
    )
    f.let_through_commitment(application, starts_on=timezone.localdate() - dt.timedelta(days=85))
    services.log_activity(
        actor=None,
        agreement=agreement,
        done_on=timezone.localdate(),
        hours=2,
        need=None,
        description="GEHEIM-LOG",
        logged_by="seeker",
    )
    services.answer_check_in(
        actor=None,
        check_in=agreement.check_ins.get(month=3),
        answered_by="seeker",
        settled=4,
        contact=4,
        going="yes",
        hours_last_month=8,
        wants_support=False,
        note="GEHEIM-CHECKIN",
    )
    return application


def test_the_corporations_seeker_page_shows_only_status_building_and_end_date(full_record) -> None:
    staff = account("verhuur", "staff-allocation")
    url = reverse("staff:seeker", args=[full_record.seeker.registration_number])
    html = client_for(staff).get(url).content.decode()
    assert full_record.building.name in html
    assert "Approved, L-flat, valid until" in html
    assert f"{full_record.approved_until:%Y}" in html
    for secret in SECRETS:
        assert secret not in html


def test_the_coordinator_sees_the_full_record(full_record, coordinator) -> None:
    html = (
        client_for(coordinator)
        .get(reverse("welfare:application", args=[full_record.pk]))
        .content.decode()
    )
    for secret in SECRETS:
        assert secret in html


def test_letting_staff_and_other_roles_cannot_open_any_welfare_page(org) -> None:
    args = welfare_url_args()
    names = [n for n in ACCESS if n.startswith("welfare:")]
    for role in ("staff-allocation", "admin", "policy", "researcher", "seeker"):
        client = client_for(account(f"x-{role}", role))
        for name in names:
            url = reverse(name, args=args.get(name, []))
            assert client.get(url).status_code == 403, (role, name)
            assert client.post(url).status_code == 403, (role, name)


@pytest.mark.parametrize("groups", [(), ("admin",)], ids=["superuser", "superuser-in-admin"])
def test_a_superuser_opens_no_welfare_page_and_reads_no_record(full_record, groups) -> None:
    """A superuser has the application manager's rights only: the welfare organisation's
    records stay closed, on the pages and in the selectors a future API would share."""
    from voorrang.commitments import selectors

    user = account(f"super-{len(groups)}", *groups, superuser=True)
    client = client_for(user)
    args = welfare_url_args()
    args["welfare:application"] = [full_record.pk]
    for name in (n for n in ACCESS if n.startswith("welfare:")):
        url = reverse(name, args=args.get(name, []))
        assert client.get(url).status_code == 403, name
        assert client.post(url).status_code == 403, name
    assert not selectors.organisations_of(user).exists()
    assert not selectors.applications_for(user).exists()
    # The corporation's view of the seeker, which the application manager shares, keeps
    # to status, building and end date.
    html = client.get(reverse("staff:seeker", args=[full_record.seeker.registration_number]))
    for secret in SECRETS:
        assert secret not in html.content.decode()


def test_a_coordinator_of_another_organisation_cannot_see_a_record(full_record) -> None:
    other_org = f.organisation("Andere stichting", BuildingFactory(name="Flat B"))
    stranger = f.coordinator(other_org, "vreemde")
    client = client_for(stranger)
    agreement = full_record.agreement
    pk = full_record.pk
    for name, args in {
        "welfare:application": [pk],
        "welfare:assess": [pk],
        "welfare:agreement": [pk],
        "welfare:agreement_pdf": [pk],
        "welfare:check_in": [pk, agreement.check_ins.first().pk],
        "welfare:catalogue": [full_record.building_id],
    }.items():
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name in ("welfare:decide", "welfare:pause", "welfare:end", "welfare:activity_log"):
        assert client.post(reverse(name, args=[pk]), {"reason": "moved"}).status_code == 404, name
    full_record.agreement.refresh_from_db()
    assert full_record.agreement.status == "active"
    for page in ("welfare:queue", "welfare:caseload", "welfare:allocation"):
        html = client.get(reverse(page)).content.decode()
        assert full_record.seeker.registration_number not in html, page
    queue = client.get(reverse("welfare:queue") + "?status=approved").content.decode()
    assert full_record.seeker.registration_number not in queue


def test_a_seeker_sees_only_their_own_applications(full_record) -> None:
    owner = account("eigenaar", "seeker")
    full_record.seeker.user = owner
    full_record.seeker.save()
    other = account("ander", "seeker")
    SeekerFactory(user=other)
    assert (
        client_for(owner).get(reverse("track:application", args=[full_record.pk])).status_code
        == 200
    )
    assert (
        client_for(other).get(reverse("track:application", args=[full_record.pk])).status_code
        == 404
    )
    check_in = full_record.agreement.check_ins.first()
    assert (
        client_for(other)
        .get(reverse("track:check_in", args=[full_record.pk, check_in.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(other).post(reverse("track:withdraw", args=[full_record.pk])).status_code == 404
    )
    anonymous = Client().get(reverse("track:overview"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_the_welfare_organisation_sees_targeted_vacancies_and_its_allocated_seekers_only(
    staff_allocation_flow, coordinator
) -> None:
    agreement, _let_on = staff_allocation_flow
    html = client_for(coordinator).get(reverse("welfare:allocation")).content.decode()
    vacancy = agreement.application.seeker.allocations.get().vacancy
    assert agreement.application.seeker.registration_number in html
    assert vacancy.reference in html
    # No ranking, no positions, no other candidates.
    assert "position" not in html.lower()
