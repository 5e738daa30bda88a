"""Every email to a seeker is written in the language they chose (Dutch unless they chose
otherwise), whatever the language of the page or the person that caused it; the seeker
chooses it under "My details", and a new registration takes the language of its pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from tests.allocation.flow import published, ranked
from tests.factories import StaffFactory
from tests.portal.helpers import seeker_with_account
from voorrang.allocation import services
from voorrang.audit.models import AuditEvent
from voorrang.notifications.emails import send_pending
from voorrang.seekers.models import Seeker

pytestmark = pytest.mark.django_db

# The subject of each email, in Dutch and in English (the address follows the colon).
SUBJECTS = {
    "response received": ("We hebben uw reactie op", "We received your response to"),
    "vacancy withdrawn": ("wordt niet meer aangeboden", "is no longer offered"),
    "position known": ("Uw plaats in de volgorde voor", "Your place in the order for"),
    "excluded": ("De uitslag van uw reactie op", "The result of your response to"),
    "offer made": ("We bieden u de woning aan", "We offer you the home at"),
    "offer expired": ("De aanbieding van", "The offer of"),
    "refusal recorded": ("U hebt nee gezegd tegen de woning aan", "You said no to the home at"),
}


def _subjects_of(address: str) -> list[str]:
    return [m.subject for m in mail.outbox if m.to == [address]]


def _every_email(staff, seeker, rich_seeker, commit) -> None:
    """Each event that sends an email, once for ``seeker`` (and 'excluded' for
    ``rich_seeker``)."""
    withdrawn = published(staff)
    with commit(execute=True):
        services.respond(actor=None, vacancy=withdrawn, seeker=seeker)
    send_pending()  # the receipt, while the home is offered (it is not sent once withdrawn)
    with commit(execute=True):
        services.withdraw_vacancy(actor=staff, vacancy=withdrawn, reason="water damage")
    first = published(staff)
    second = published(staff)
    with commit(execute=True):
        ranked(staff, first, [seeker, rich_seeker])
    send_pending()  # the positions, before anyone had an offer
    with commit(execute=True):
        offer = services.offer_next(actor=staff, vacancy=first)
    send_pending()  # the offer, while it is open (it is not sent once expired)
    with commit(execute=True):
        services.expire_due_offers(now=offer.deadline + dt.timedelta(minutes=1))
        ranked(staff, second, [seeker])
        offer = services.offer_next(actor=staff, vacancy=second)
        services.refuse_offer(actor=staff, offer=offer, reason="size", text="")
    send_pending()


@pytest.mark.parametrize(("language", "column"), [("nl", 0), ("en", 1)])
def test_every_email_is_in_the_seekers_language(
    language: str, column: int, settings, django_capture_on_commit_callbacks
) -> None:
    # The installation's default and the page language of whoever acts are the other one.
    settings.LANGUAGE_CODE = "en" if language == "nl" else "nl"
    staff = StaffFactory()
    _, seeker = seeker_with_account("reader@example.org", language=language)
    _, rich = seeker_with_account("rich@example.org", income=Decimal("90000"), language=language)
    _every_email(staff, seeker, rich, django_capture_on_commit_callbacks)

    subjects = _subjects_of("reader@example.org") + _subjects_of("rich@example.org")
    for event, texts in SUBJECTS.items():
        wanted, other = texts[column], texts[1 - column]
        assert any(wanted in s for s in subjects), (event, subjects)
        assert not any(other in s for s in subjects), (event, subjects)
    # The deadline of the offer is in the body, with its month in the same language.
    offer_mail = next(m for m in mail.outbox if SUBJECTS["offer made"][column] in m.subject)
    month = {
        "nl": "januari februari maart april mei juni juli augustus september oktober "
        "november december",
        "en": "January February March April May June July August September October "
        "November December",
    }[language].split()
    assert any(m in offer_mail.body for m in month), offer_mail.body


def test_the_seeker_chooses_the_language_of_the_emails(client: Client) -> None:
    user, seeker = seeker_with_account("choose@example.org", language="nl")
    client.force_login(user)
    overview = client.get("/my/details/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/my/details/language/"' in overview
    page = client.get("/my/details/language/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="nl" ' in page and "checked" in page

    wrong = client.post("/my/details/language/", {"language": "fr"}, HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 400
    assert 'href="#id_language_0"' in wrong.content.decode()
    assert Seeker.objects.get(pk=seeker.pk).language == "nl"

    client.post("/my/details/language/", {"language": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    assert Seeker.objects.get(pk=seeker.pk).language == "en"
    event = AuditEvent.objects.filter(action="seeker.details_changed").latest("at")
    assert (event.before, event.after) == ({"language": "nl"}, {"language": "en"})


@pytest.mark.parametrize(("accept", "expected"), [("en", "en"), ("nl", "nl"), ("", "nl")])
def test_a_registration_takes_the_language_of_its_pages(
    client: Client, settings, tmp_path, accept: str, expected: str
) -> None:
    from tests.factories import UserFactory
    from tests.portal.test_registration import walk_registration

    settings.LANGUAGE_CODE = "nl"
    user = UserFactory(username="new@example.org", email="new@example.org")
    user.save()
    client.force_login(user)
    walk_registration(client)
    headers = {"accept-language": accept} if accept else {}
    client.post("/register/check/", headers=headers)
    assert Seeker.objects.get(user=user).language == expected
