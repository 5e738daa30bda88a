"""Seekers log in with DigiD (the mock identity provider): the first time they link their
DigiD to their account by email, or get a new account; afterwards DigiD logs them in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from tests.accounts.digid.flow import (
    BSN,
    OTHER_BSN,
    ask_for_link,
    digest,
    link_path_in_last_email,
    log_in_with_digid,
    logged_in_account_id,
)
from tests.factories import StaffFactory
from tests.portal.helpers import seeker_with_account
from voorrang.accounts.models import DigidIdentity, DigidLinkRequest
from voorrang.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(settings):
    """Pages in English, the source language, whatever the catalogue says."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_the_log_in_page_offers_digid_beside_email_and_password(client) -> None:
    page = client.get("/accounts/login/").text

    assert 'href="/digid/"' in page
    assert "Inloggen met DigiD" in page
    assert 'name="password"' in page


def test_with_digid_off_there_is_no_digid_and_no_mock(client, settings) -> None:
    settings.VOORRANG_DIGID = "off"

    assert "/digid/" not in client.get("/accounts/login/").text
    assert client.get("/digid/").status_code == 404
    assert client.get("/digid/acs/", {"bsn": BSN}).status_code == 404
    assert client.get("/digid-mock/", {"acs": "/digid/acs/", "next": "/"}).status_code == 404


def test_a_first_digid_log_in_asks_which_account_it_belongs_to(client) -> None:
    back = log_in_with_digid(client, BSN)

    assert back["Location"] == "/digid/link/"
    assert logged_in_account_id(client) is None
    page = client.get("/digid/link/")
    assert page.status_code == 200
    assert 'autocomplete="email"' in page.text


def test_the_link_by_email_ties_the_digid_to_the_seeker_account(client) -> None:
    user, _seeker = seeker_with_account("jan@example.org")

    sent = ask_for_link(client, BSN, "Jan@Example.org")

    assert sent["Location"] == "/digid/link/sent/"
    assert [m.to for m in mail.outbox] == [["jan@example.org"]]
    link = link_path_in_last_email()
    assert "jan@example.org" in client.get(link).text  # GET only asks
    assert not DigidIdentity.objects.exists()
    linked = client.post(link)
    assert linked["Location"] == "/my/"
    assert logged_in_account_id(client) == str(user.pk)
    identity = DigidIdentity.objects.get()
    assert identity.account == user
    assert identity.bsn_digest == digest(BSN)
    actions = list(
        AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )
    assert "account.digid_linked" in actions


def test_a_second_digid_log_in_goes_straight_in(client) -> None:
    user, _seeker = seeker_with_account("jan@example.org")
    ask_for_link(client, BSN, "jan@example.org")
    client.post(link_path_in_last_email())
    client.logout()

    back = log_in_with_digid(client, BSN)

    assert back["Location"] == "/my/"
    assert logged_in_account_id(client) == str(user.pk)
    # DigiD's rule: the session ends after 15 minutes without activity.
    assert client.session.get_expiry_age() == 15 * 60
    assert client.get("/my/").status_code == 200


def test_the_link_works_once(english, client) -> None:
    seeker_with_account("jan@example.org")
    ask_for_link(client, BSN, "jan@example.org")
    link = link_path_in_last_email()
    client.post(link)
    client.logout()

    again = client.post(link)

    assert again.status_code == 400
    assert "used already" in again.text
    assert DigidIdentity.objects.count() == 1


def test_the_link_expires(english, client) -> None:
    seeker_with_account("jan@example.org")
    ask_for_link(client, BSN, "jan@example.org")
    DigidLinkRequest.objects.update(
        requested_at=DigidLinkRequest.objects.get().requested_at - timedelta(hours=24)
    )

    late = client.post(link_path_in_last_email())

    assert late.status_code == 400
    assert "too old" in late.text
    assert not DigidIdentity.objects.exists()
    assert logged_in_account_id(client) is None


def test_the_link_followed_in_another_browser_links_nothing(english, client) -> None:
    seeker_with_account("jan@example.org")
    ask_for_link(client, BSN, "jan@example.org")
    link = link_path_in_last_email()
    other_browser = type(client)()

    refused = other_browser.post(link)

    assert refused.status_code == 400
    assert "in which you logged in with DigiD" in refused.text
    assert not DigidIdentity.objects.exists()


def test_the_link_does_not_give_the_account_to_another_digid(client) -> None:
    """Someone logs in with their own DigiD and types Jan's address; Jan, logged in with
    his own DigiD in his browser, follows the link: it must not link the other's DigiD."""
    seeker_with_account("jan@example.org")
    intruder = type(client)()
    ask_for_link(intruder, OTHER_BSN, "jan@example.org")
    link = link_path_in_last_email()
    log_in_with_digid(client, BSN)

    refused = client.post(link)

    assert refused.status_code == 400
    assert not DigidIdentity.objects.exists()
    assert logged_in_account_id(client) is None
    # And the intruder, with the link, still cannot log in as Jan.
    assert intruder.post(link.replace(link.split("/")[-2], "x" * 43)).status_code == 400
    assert logged_in_account_id(intruder) is None


def test_a_link_with_another_requests_number_is_refused(client) -> None:
    seeker_with_account("jan@example.org")
    seeker_with_account("piet@example.org")
    ask_for_link(client, BSN, "jan@example.org")
    jans_link = link_path_in_last_email()
    other = type(client)()
    ask_for_link(other, OTHER_BSN, "piet@example.org")
    piets_number = DigidLinkRequest.objects.get(account__username="piet@example.org").pk

    swapped = jans_link.replace(f"/link/{piets_number - 1}/", f"/link/{piets_number}/")
    assert swapped != jans_link

    assert other.post(swapped).status_code == 400
    assert not DigidIdentity.objects.exists()


def test_a_new_digid_gets_a_new_seeker_account_that_then_registers(client) -> None:
    ask_for_link(client, BSN, "nieuw@example.org")
    account = get_user_model().objects.get(username="nieuw@example.org")
    assert not account.is_active
    assert not account.has_usable_password()

    linked = client.post(link_path_in_last_email())

    account.refresh_from_db()
    assert account.is_active
    assert list(account.groups.values_list("name", flat=True)) == ["seeker"]
    assert logged_in_account_id(client) == str(account.pk)
    assert linked["Location"] == "/register/"
    assert client.get("/register/you/").status_code == 200


def test_a_staff_account_cannot_be_reached_with_digid(client) -> None:
    staff = StaffFactory(username="verhuur@example.org", email="verhuur@example.org")

    page = ask_for_link(client, BSN, "verhuur@example.org")

    # The same answer as for a seeker, but no link and no request.
    assert page["Location"] == "/digid/link/sent/"
    assert mail.outbox == []
    assert not DigidLinkRequest.objects.exists()
    # Even a stored DigiD of a staff account logs nobody in.
    DigidIdentity.objects.create(
        account=staff, bsn_digest=digest(OTHER_BSN), linked_at=staff.date_joined
    )
    other = type(client)()
    assert log_in_with_digid(other, OTHER_BSN)["Location"] == "/digid/link/"
    assert logged_in_account_id(other) is None


def test_a_seeker_account_that_became_staff_is_not_linked(client) -> None:
    user, _seeker = seeker_with_account("jan@example.org")
    ask_for_link(client, BSN, "jan@example.org")
    user.groups.add(*StaffFactory(username="x").groups.all())

    refused = client.post(link_path_in_last_email())

    assert refused.status_code == 400
    assert not DigidIdentity.objects.exists()


def test_an_account_with_a_digid_gets_no_second_one(client) -> None:
    seeker_with_account("jan@example.org")
    ask_for_link(client, BSN, "jan@example.org")
    client.post(link_path_in_last_email())
    mail.outbox.clear()
    other = type(client)()

    ask_for_link(other, OTHER_BSN, "jan@example.org")

    assert mail.outbox == []
    assert DigidIdentity.objects.count() == 1


def test_an_ended_account_loses_its_digid(client) -> None:
    from voorrang.portal import services as portal_services

    user, _seeker = seeker_with_account("jan@example.org")
    ask_for_link(client, BSN, "jan@example.org")
    client.post(link_path_in_last_email())
    client.logout()
    ask_for_link(type(client)(), OTHER_BSN, "jan@example.org")  # left pending, unsent
    end_request = portal_services.request_account_end(user=user)

    portal_services.confirm_account_end(
        actor=StaffFactory(username="verhuurder"), end_request=end_request
    )

    assert not DigidIdentity.objects.exists()
    assert not DigidLinkRequest.objects.exists()
    back = log_in_with_digid(client, BSN)
    assert back["Location"] == "/digid/link/"
    assert logged_in_account_id(client) is None


def test_the_emails_asked_for_from_one_address_are_limited(client, settings, limiter_clock) -> None:
    settings.VOORRANG_LOGIN_ATTEMPTS = 2
    ask_for_link(client, BSN, "a@example.org")
    client.post("/digid/link/", {"email": "b@example.org"})

    third = client.post("/digid/link/", {"email": "c@example.org"})

    assert third.status_code == 429
    assert not get_user_model().objects.filter(username="c@example.org").exists()
