"""The work queue leads with what is due today, in sections with their counts: offers that
expire today or tomorrow (and overdue ones), urgency declarations and registration date
changes a second person must decide, possible duplicates, requests to end an account."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import get_template
from django.test import Client
from django.utils import timezone

from tests.allocation.flow import published, ranked
from tests.factories import SeekerFactory
from voorrang.allocation import selectors, services
from voorrang.allocation.models import Offer
from voorrang.seekers import services as seeker_services
from voorrang.seekers.models import DuplicateFlag, UrgencyKind

pytestmark = pytest.mark.django_db


def test_every_section_due_today_has_its_template_and_its_own_key() -> None:
    keys = [build.__name__ for build in selectors.DUE_TODAY]
    # The day's order: offers first, then what waits for a second person or a check.
    assert keys[0] == "offers_due"
    assert {"urgencies_due", "evidence_due", "date_changes_due", "duplicates_due"} <= set(keys)
    context = selectors.QueueContext(viewer=None, today=dt.date(2026, 3, 2), now=timezone.now())
    sections = [build(context) for build in selectors.DUE_TODAY]
    assert len({section.key for section in sections}) == len(sections)
    for section in sections:
        get_template(f"staff/queue/{section.key}.html")


def offer_with_deadline(staff, deadline: dt.datetime) -> Offer:
    vacancy = ranked(staff, published(staff), [SeekerFactory()])
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    Offer.objects.filter(pk=offer.pk).update(deadline=deadline)
    return offer


def test_offers_due_are_those_of_today_and_tomorrow_and_the_overdue_ones(staff) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    at = timezone.get_current_timezone()

    def moment(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(23, 59), tzinfo=at)

    overdue = offer_with_deadline(staff, now - dt.timedelta(hours=1))
    today_offer = offer_with_deadline(staff, moment(today))
    tomorrow = offer_with_deadline(staff, moment(today + dt.timedelta(days=1)))
    offer_with_deadline(staff, moment(today + dt.timedelta(days=2)))

    queue = selectors.work_queue(viewer=staff)
    offers = queue.section("offers-due")
    assert [(due.offer, due.when) for due in offers.items] == [
        (overdue, "overdue"),
        (today_offer, "today"),
        (tomorrow, "tomorrow"),
    ]
    assert offers.count == 3


def test_the_queue_leads_with_what_is_due_today_with_counts(
    staff_client: Client, staff, second_staff
) -> None:
    seeker = SeekerFactory(registered_on=dt.date(2012, 5, 5))
    # Recorded by a colleague: waiting for this staff member.
    seeker_services.propose_urgency(
        actor=second_staff,
        seeker=seeker,
        kind=UrgencyKind.MEDICAL,
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 12, 31),
        issued_by="GGD",
    )
    seeker_services.request_registration_date_change(
        actor=second_staff, seeker=seeker, new_date=dt.date(2010, 1, 1), reason="Typefout"
    )
    # Asked by this staff member: waiting for someone else, not on their queue.
    seeker_services.request_registration_date_change(
        actor=staff,
        seeker=SeekerFactory(registered_on=dt.date(2012, 5, 5)),
        new_date=dt.date(2011, 1, 1),
        reason="Typefout",
    )
    DuplicateFlag.objects.create(seeker=seeker, other=SeekerFactory(), ground="email")

    html = staff_client.get("/staff/").content.decode()

    due = html.index("Due today")
    assert due < html.index("Vacancies in progress") < html.index("Quota of the designated")
    assert "3 tasks are waiting for you." in html
    for heading in (
        "Offers that expire today or tomorrow (0)",
        "Urgency declarations to confirm (1)",
        "Registration date changes to approve (1)",
        "Possible duplicate registrations (1)",
        "Requests to end an account (0)",
    ):
        assert heading in html, heading
    assert 'href="#urgencies"' in html and 'id="urgencies"' in html
    assert f'href="/staff/seekers/{seeker.registration_number}/#date-change"' in html
