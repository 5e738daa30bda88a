"""Staff single sign-on through the organisation's OpenID Connect provider, against a real
provider in a process of its own (tests/accounts/organisation_provider.py): the authorization
code flow end to end, roles only from Voorrang's role map, re-synced at every log-in, and
refused tokens: another signer, another audience, another issuer, another nonce or state."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import jwt
import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.test import Client

from tests.accounts.organisation_provider import organisation_provider, sign_in  # noqa: F401
from tests.factories import UserFactory
from tests.oidc_provider_site.people import CLIENT_ID, CLIENT_SECRET
from tests.staff.accounts import log_in
from voorrang.accounts.models import SingleSignOnIdentity
from voorrang.accounts.single_sign_on import OrganisationTokens
from voorrang.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(organisation_provider, settings):  # noqa: F811
    organisation_provider.configure(settings)
    yield organisation_provider
    # Back to the groups the people start with, for the next test.
    organisation_provider.set_groups("anna", "letting-staff")


def _roles(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def _query_changed(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_log_in_page_offers_the_organisation_only_when_single_sign_on_is_on(
    client: Client,
    settings,
    organisation_provider,  # noqa: F811
) -> None:
    settings.VOORRANG_OIDC_ENABLED = False
    page = client.get("/accounts/login/").content.decode()
    assert "Inloggen via uw organisatie" not in page
    assert client.get("/accounts/login/organisation/").status_code == 404
    assert client.get("/accounts/login/organisation/callback/?code=x&state=y").status_code == 404

    organisation_provider.configure(settings)
    page = client.get("/accounts/login/").content.decode()
    assert "Inloggen via uw organisatie" in page
    assert 'href="/accounts/login/organisation/"' in page
    # The password form stays, for seekers and for staff without an organisation account.
    assert 'name="password"' in page


def test_a_member_of_staff_logs_in_through_the_organisation_with_the_mapped_role(
    client: Client, provider
) -> None:
    response = sign_in(client, provider, "anna")

    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert _logged_in(client)
    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    assert _roles(user) == {"staff-allocation"}
    assert not user.is_superuser and not user.is_staff
    assert not user.has_usable_password()
    assert (user.email, user.first_name, user.last_name) == (
        "anna@corporatie.example",
        "Anna",
        "de Vries",
    )
    identity = SingleSignOnIdentity.objects.get(user=user)
    assert identity.issuer == provider.issuer
    assert identity.subject  # the provider's sub, which finds the account next time
    created = AuditEvent.objects.get(action="account.created", object_id=str(user.pk))
    assert created.after["groups"] == ["staff-allocation"]
    assert created.after["single_sign_on"] == provider.issuer
    # The session is an ordinary one: as after a password, a staff page first asks for the
    # second factor (this account has none yet: its set-up), and then opens.
    first = client.get("/staff/")
    assert first.status_code == 302
    assert first["Location"].startswith("/accounts/second-factor/set-up/")
    log_in(client, user)
    assert client.get("/staff/").status_code == 200


def test_the_next_log_in_finds_the_same_account_by_the_providers_subject(
    client: Client, provider
) -> None:
    sign_in(client, provider, "anna")
    first = client.session["_auth_user_id"]
    client.logout()

    sign_in(client, provider, "anna")

    assert client.session["_auth_user_id"] == first
    assert SingleSignOnIdentity.objects.count() == 1


def test_an_account_with_the_same_email_address_is_not_taken_over(client: Client, provider) -> None:
    seeker = UserFactory(
        username="anna@corporatie.example", email="anna@corporatie.example", groups=["seeker"]
    )

    sign_in(client, provider, "anna")

    assert client.session["_auth_user_id"] != str(seeker.pk)
    assert _roles(get_user_model().objects.get(pk=seeker.pk)) == {"seeker"}
    assert not SingleSignOnIdentity.objects.filter(user=seeker).exists()


def test_only_mapped_values_give_roles(client: Client, provider) -> None:
    # wim's groups at the provider: welfare (mapped) and canteen (not mapped).
    sign_in(client, provider, "wim")

    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    assert _roles(user) == {"staff-welfare"}


def test_a_person_whose_groups_give_no_role_is_refused_and_nothing_is_created(
    client: Client, provider
) -> None:
    accounts = get_user_model().objects.count()

    response = sign_in(client, provider, "kees")

    assert response.status_code == 403
    assert "geen rol in Voorrang" in response.content.decode()
    assert not _logged_in(client)
    assert get_user_model().objects.count() == accounts
    assert not SingleSignOnIdentity.objects.exists()


def test_a_role_removed_at_the_provider_is_removed_at_the_next_log_in(
    client: Client, provider
) -> None:
    sign_in(client, provider, "anna")
    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    client.logout()

    provider.set_groups("anna", "welfare")
    sign_in(client, provider, "anna")

    assert _roles(user) == {"staff-welfare"}
    synced = AuditEvent.objects.get(action="account.roles_synced", object_id=str(user.pk))
    assert synced.before == {"groups": ["staff-allocation"]}
    assert synced.after == {"groups": ["staff-welfare"]}
    client.logout()

    provider.set_groups("anna", "canteen")
    response = sign_in(client, provider, "anna")

    assert response.status_code == 403
    assert not _logged_in(client)
    assert _roles(user) == set()
    removed = AuditEvent.objects.filter(action="account.roles_synced", object_id=str(user.pk))
    assert removed.latest("pk").after == {"groups": []}


def test_a_role_given_in_voorrang_to_an_organisation_account_goes_at_the_next_log_in(
    client: Client, provider
) -> None:
    from django.contrib.auth.models import Group

    sign_in(client, provider, "anna")
    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    user.groups.add(Group.objects.get(name="policy"))
    client.logout()

    sign_in(client, provider, "anna")

    assert _roles(user) == {"staff-allocation"}


def test_an_account_switched_off_in_voorrang_is_refused(client: Client, provider) -> None:
    sign_in(client, provider, "anna")
    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    client.logout()
    user.is_active = False
    user.save()

    response = sign_in(client, provider, "anna")

    assert response.status_code == 403
    assert not _logged_in(client)


def test_an_id_token_signed_by_another_key_is_refused(client: Client, provider, settings) -> None:
    # Voorrang trusts a key set with the provider's key id but another key: the provider's
    # real signature does not verify against it, as a forged token would not against the
    # provider's.
    settings.OIDC_OP_JWKS_ENDPOINT = provider.url + "/impostor/jwks/"

    response = sign_in(client, provider, "anna")

    assert response.status_code == 400
    assert "Inloggen via uw organisatie is niet gelukt" in response.content.decode()
    assert not _logged_in(client)
    assert not SingleSignOnIdentity.objects.exists()


def test_an_id_token_made_out_to_another_client_is_refused(client: Client, provider) -> None:
    # The provider makes mallory's ID tokens out to another application.
    response = sign_in(client, provider, "mallory")

    assert response.status_code == 400
    assert not _logged_in(client)
    assert not SingleSignOnIdentity.objects.exists()


def test_an_id_token_from_another_issuer_is_refused(client: Client, provider, settings) -> None:
    settings.VOORRANG_OIDC_ISSUER = "https://login.elders.example"

    response = sign_in(client, provider, "anna")

    assert response.status_code == 400
    assert not _logged_in(client)


def test_an_id_token_with_another_nonce_is_refused(client: Client, provider) -> None:
    response = sign_in(
        client,
        provider,
        "anna",
        change_request=lambda url: _query_changed(url, nonce="chosen-by-the-attacker"),
    )

    assert response.status_code == 400
    assert not _logged_in(client)
    assert not SingleSignOnIdentity.objects.exists()


def test_a_callback_with_another_state_is_refused(client: Client, provider) -> None:
    response = sign_in(
        client,
        provider,
        "anna",
        change_callback=lambda url: _query_changed(url, state="chosen-by-the-attacker"),
    )

    assert response.status_code == 400
    assert not _logged_in(client)
    assert not SingleSignOnIdentity.objects.exists()


def test_a_callback_without_a_log_in_started_here_is_refused(client: Client, provider) -> None:
    # The code and state of someone else's log-in, sent to a fresh browser (log-in CSRF).
    other = Client()
    captured: list[str] = []

    def capture(url: str) -> str:
        captured.append(url)
        return url

    sign_in(other, provider, "anna", change_callback=capture)
    response = client.get(captured[0].removeprefix("http://testserver"))

    assert response.status_code == 400
    assert not _logged_in(client)


def test_a_callback_used_twice_is_refused_the_second_time(client: Client, provider) -> None:
    captured: list[str] = []

    def capture(url: str) -> str:
        captured.append(url)
        return url

    sign_in(client, provider, "anna", change_callback=capture)
    client.logout()
    response = client.get(captured[0].removeprefix("http://testserver"))

    assert response.status_code == 400
    assert not _logged_in(client)


def test_the_provider_sends_people_back_to_the_public_address_not_the_one_asked(
    client: Client, provider, settings
) -> None:
    # Behind the reverse proxy Django sees plain HTTP on 127.0.0.1; the redirect URI
    # registered at the provider is the public one.
    settings.VOORRANG_PUBLIC_URL = "https://woningzoeken.example.nl"

    start = client.get("/accounts/login/organisation/")

    query = dict(parse_qsl(urlsplit(start["Location"]).query))
    assert query["redirect_uri"] == (
        "https://woningzoeken.example.nl/accounts/login/organisation/callback/"
    )
    assert query["code_challenge_method"] == "S256"
    assert query["nonce"] and query["state"]


def test_the_page_asked_for_before_logging_in_is_shown_after_but_never_another_site(
    client: Client, provider
) -> None:
    response = sign_in(
        client, provider, "anna", start="/accounts/login/organisation/?next=/staff/seekers/"
    )
    assert response["Location"] == "/staff/seekers/"
    client.logout()

    response = sign_in(
        client,
        provider,
        "anna",
        start="/accounts/login/organisation/?next=https://phishing.example/staff/",
    )
    assert response["Location"] == "/staff/"


def _forged_claims(provider) -> dict:
    now = int(time.time())
    return {
        "iss": provider.issuer,
        "aud": CLIENT_ID,
        "sub": "1",
        "nonce": "the-nonce",
        "iat": now,
        "exp": now + 600,
    }


def test_an_id_token_forged_with_another_key_under_the_providers_key_id_is_refused(
    provider,
) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    kid = requests.get(provider.issuer + "/jwks", timeout=10).json()["keys"][0]["kid"]
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(_forged_claims(provider), key, algorithm="RS256", headers={"kid": kid})

    with pytest.raises(SuspiciousOperation):
        OrganisationTokens().verify_token(forged, nonce="the-nonce")


@pytest.mark.parametrize("algorithm", ["none", "HS256"])
def test_an_id_token_signed_without_the_providers_key_is_refused(provider, algorithm) -> None:
    # "none": no signature at all; HS256 with the client secret: the secret is not the
    # provider's signing key when RS256 is configured (algorithm confusion).
    key = None if algorithm == "none" else CLIENT_SECRET
    forged = jwt.encode(_forged_claims(provider), key, algorithm=algorithm)

    with pytest.raises(SuspiciousOperation):
        OrganisationTokens().verify_token(forged, nonce="the-nonce")
