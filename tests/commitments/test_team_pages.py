"""The team pages with the test client: a coordinator sees and changes only their own
organisation's team; other roles get the access matrix's answer; bad input comes back on the
form with the field named and nothing stored; an invitation's link lets the new coordinator
choose a password and open the welfare pages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.commitments import factories as f
from tests.factories import BuildingFactory
from tests.portal.page_structure import assert_accessible_structure, read_page
from tests.staff.accounts import account, code_for_key, log_in
from voorrang.audit.models import AuditEvent
from voorrang.commitments import team
from voorrang.commitments.models import CoordinatorMembership

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "a long walk along the Kromme Rijn"


def client_for(user, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    log_in(client, user)
    return client


def members(org) -> set[int]:
    return set(
        CoordinatorMembership.objects.filter(organisation=org).values_list("user", flat=True)
    )


@pytest.fixture
def other_team():
    """A second organisation with its own coordinator and a colleague."""
    other_org = f.organisation("Andere stichting", BuildingFactory(name="Flat B"))
    f.coordinator(other_org, "vreemde")
    colleague = account("anderecollega", "staff-welfare")
    colleague.first_name, colleague.last_name = "Karel", "Buitenhof"
    colleague.save()
    team.add_coordinator_by_email(actor=None, organisation=other_org, email=colleague.email)
    return other_org, colleague


def test_the_team_page_shows_only_the_coordinators_own_organisation(
    org, coordinator, other_team
) -> None:
    other_org, stranger = other_team
    colleague = f.coordinator(org, "collega")
    html = client_for(coordinator).get(reverse("welfare:team")).content.decode()
    assert f"Coordinators of {org.name}" in html
    assert coordinator.email in html and colleague.email in html
    assert other_org.name not in html
    assert stranger.email not in html and "Buitenhof" not in html
    assert "(you)" in html
    assert reverse("welfare:team_add", args=[org.pk]) in html
    assert reverse("welfare:team_remove", args=[org.pk, colleague.pk]) in html
    assert reverse("welfare:team_add", args=[other_org.pk]) not in html


def test_another_organisations_team_cannot_be_opened_or_changed(
    org, coordinator, other_team
) -> None:
    other_org, stranger = other_team
    client = client_for(coordinator)
    users = User.objects.count()
    events = AuditEvent.objects.count()
    add = reverse("welfare:team_add", args=[other_org.pk])
    remove = reverse("welfare:team_remove", args=[other_org.pk, stranger.pk])
    invite = reverse("welfare:team_invite", args=[other_org.pk, stranger.pk])
    assert client.get(add).status_code == 404
    assert client.post(add, {"email": "indringer@example.org"}).status_code == 404
    assert client.get(remove).status_code == 404
    assert client.post(remove).status_code == 404
    assert client.post(invite).status_code == 404
    # Nor through one's own organisation with someone of the other team.
    assert (
        client.post(reverse("welfare:team_remove", args=[org.pk, stranger.pk])).status_code == 404
    )
    assert members(other_org) == {User.objects.get(username="vreemde").pk, stranger.pk}
    assert members(org) == {coordinator.pk}
    assert User.objects.count() == users
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", ["staff-allocation", "admin", "policy", "researcher", "seeker"])
def test_other_roles_get_the_matrix_answer(org, coordinator, role) -> None:
    client = client_for(account(f"x-{role}", role))
    for url in (
        reverse("welfare:team"),
        reverse("welfare:team_add", args=[org.pk]),
        reverse("welfare:team_remove", args=[org.pk, coordinator.pk]),
        reverse("welfare:team_invite", args=[org.pk, coordinator.pk]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"email": "x@example.org"}).status_code == 403, url
    anonymous = Client().get(reverse("welfare:team"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert members(org) == {coordinator.pk}


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "This field is required."),
        ("geen-adres", "Enter a valid email address."),
        ("coordinator@example.org", "This person is in the team already."),
        (
            "zoeker@example.org",
            "This email address cannot be added to the team. Use another address, or ask the "
            "application manager.",
        ),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(org, coordinator, email, message) -> None:
    account("zoeker", "seeker")
    users = User.objects.count()
    events = AuditEvent.objects.count()
    response = client_for(coordinator).post(
        reverse("welfare:team_add", args=[org.pk]),
        {"email": email, "first_name": "Noor", "last_name": "de Vries"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<a href="#id_email">Email address: {message}</a>' in html
    assert 'value="de Vries"' in html  # what was typed stays
    assert members(org) == {coordinator.pk}
    assert User.objects.count() == users
    assert AuditEvent.objects.count() == events


def test_the_seekers_address_gets_the_same_answer_as_an_ambiguous_one(org, coordinator) -> None:
    account("zoeker", "seeker")
    account("een")
    User.objects.filter(pk=account("twee").pk).update(email="een@example.org")
    client = client_for(coordinator)
    url = reverse("welfare:team_add", args=[org.pk])
    seeker = client.post(url, {"email": "zoeker@example.org"})
    shared = client.post(url, {"email": "een@example.org"})
    assert seeker.status_code == shared.status_code == 400

    def normalised(response) -> str:
        html = response.content.decode().replace("zoeker@", "een@")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    # Nothing on the page tells the two apart: only the typed address differs.
    assert normalised(seeker) == normalised(shared)


def test_an_invited_coordinator_chooses_a_password_and_opens_the_welfare_pages(
    org, coordinator, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            reverse("welfare:team_add", args=[org.pk]),
            {"email": "Noor@Example.org", "first_name": "Noor", "last_name": "de Vries"},
        )
    assert response.status_code == 302 and response["Location"] == reverse("welfare:team")
    page = client_for(coordinator).get(reverse("welfare:team")).content.decode()
    assert "Noor de Vries" in page and "invited: has not chosen a password yet" in page
    [message] = mail.outbox
    assert message.to == ["noor@example.org"]
    path = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", message.body).group(1)

    client = Client(headers={"accept-language": "en"})
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert "Choose your password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    # Two different passwords: the form says so, the account stays as it was.
    mismatch = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "!"}
    )
    assert mismatch.status_code == 200
    assert 'href="#id_new_password2"' in mismatch.content.decode()
    assert not User.objects.get(username="noor@example.org").is_active

    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == reverse("welfare:queue")
    user = User.objects.get(username="noor@example.org")
    assert user.is_active and user.check_password(NEW_PASSWORD)
    # Logged in by the invitation's link, the coordinator sets up the second factor first.
    set_up = client.get(reverse("welfare:queue"))
    assert set_up["Location"].startswith(reverse("accounts:second_factor_setup"))
    key = re.search(r'id="totp-key">([A-Z2-7 ]+)<', client.get(set_up["Location"]).content.decode())
    codes_page = client.post(set_up["Location"], {"code": code_for_key(key.group(1))}, follow=True)
    recovery_codes = re.findall(
        r'<li class="voorrang-secret">([^<]+)</li>', codes_page.content.decode()
    )
    assert len(recovery_codes) == 10
    assert client.get(reverse("welfare:queue")).status_code == 200
    assert org.name in client.get(reverse("welfare:team")).content.decode()
    event = AuditEvent.objects.get(action="account.invitation_accepted")
    assert (event.actor, event.before, event.after) == (user, {"active": False}, {"active": True})

    # Later, with the login form and the chosen password.
    client.post(reverse("accounts:logout"))
    logged_in = client.post(
        reverse("accounts:login"), {"username": "NOOR@example.org", "password": NEW_PASSWORD}
    )
    assert logged_in.status_code == 302
    client.post(reverse("accounts:second_factor"), {"recovery_code": recovery_codes[0]})
    assert client.get(reverse("welfare:queue")).status_code == 200
    # The link works once.
    client.post(reverse("accounts:logout"))
    again = client.get(path, follow=True).content.decode()
    assert "This link does not work" in again
    assert not client.get(path).has_header("Location")


def test_a_password_reset_link_is_not_an_invitation(org, coordinator) -> None:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    invited = team.add_coordinator_by_email(
        actor=coordinator, organisation=org, email="nieuw@example.org"
    ).user
    uid = urlsafe_base64_encode(force_bytes(invited.pk))
    forged = reverse(
        "accounts:accept_invitation",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(invited)},
    )
    page = Client(headers={"accept-language": "en"}).get(forged, follow=True).content.decode()
    assert "This link does not work" in page


def test_a_coordinator_removes_a_colleague_through_the_pages(org, coordinator) -> None:
    colleague = f.coordinator(org, "collega")
    client = client_for(coordinator)
    url = reverse("welfare:team_remove", args=[org.pk, colleague.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "can no longer open the pages of Welzijn Zeist" in confirm.content.decode()
    assert members(org) == {coordinator.pk, colleague.pk}  # a GET changes nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("welfare:team")
    assert members(org) == {coordinator.pk}
    assert not User.objects.get(pk=colleague.pk).groups.filter(name="staff-welfare").exists()
    page = client.get(reverse("welfare:team")).content.decode()
    assert "is no longer a coordinator of Welzijn Zeist" in page
    assert client_for(colleague).get(reverse("welfare:queue")).status_code == 403


def test_the_last_coordinator_is_told_why_they_cannot_leave(org, coordinator) -> None:
    client = client_for(coordinator)
    page = client.get(reverse("welfare:team")).content.decode()
    assert "Cannot be removed: the only coordinator with an active account" in page
    assert reverse("welfare:team_remove", args=[org.pk, coordinator.pk]) not in page
    response = client.post(reverse("welfare:team_remove", args=[org.pk, coordinator.pk]))
    assert response.status_code == 409
    assert (
        "An organisation must keep at least one coordinator with an active account."
        in response.content.decode()
    )
    assert members(org) == {coordinator.pk}


def test_a_coordinator_who_leaves_their_only_team_goes_to_the_start_page(org, coordinator) -> None:
    f.coordinator(org, "collega")
    client = client_for(coordinator)
    url = reverse("welfare:team_remove", args=[org.pk, coordinator.pk])
    assert "You are removing yourself." in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client.get(reverse("welfare:team")).status_code == 403


def test_the_invitation_is_sent_again_from_the_team_page(
    org, coordinator, django_capture_on_commit_callbacks
) -> None:
    invited = team.add_coordinator_by_email(
        actor=coordinator, organisation=org, email="nieuw@example.org"
    ).user
    client = client_for(coordinator)
    url = reverse("welfare:team_invite", args=[org.pk, invited.pk])
    assert url in client.get(reverse("welfare:team")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert [m.to for m in mail.outbox] == [["nieuw@example.org"]]
    already = client.post(reverse("welfare:team_invite", args=[org.pk, coordinator.pk]))
    assert already.status_code == 409
    assert "This person has chosen a password already." in already.content.decode()


def test_the_team_pages_are_dutch_and_accessible_in_structure(org, coordinator) -> None:
    colleague = f.coordinator(org, "collega")
    team.add_coordinator_by_email(actor=coordinator, organisation=org, email="nieuw@example.org")
    client = client_for(coordinator, language="nl")
    pages = [
        reverse("welfare:team"),
        reverse("welfare:team_add", args=[org.pk]),
        reverse("welfare:team_remove", args=[org.pk, colleague.pk]),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        page = read_page(response.content.decode())
        assert_accessible_structure(page, lang="nl")
        assert len(page.all("caption")) == len(page.all("table")), path
        assert all(th.get("scope") in ("col", "row") for th in page.all("th")), path
        assert [a for a in page.all("a") if a.get("aria-current") == "true"], path
    html = client.get(reverse("welfare:team")).content.decode()
    assert "Coördinatoren van Welzijn Zeist" in html
    errors = client.post(reverse("welfare:team_add", args=[org.pk]), {"email": "geen-adres"})
    assert errors.status_code == 400
    assert_accessible_structure(read_page(errors.content.decode()), lang="nl")
