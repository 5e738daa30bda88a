"""The application manager sees in the admin which account belongs to which person at the
provider, and cannot change the link there: it is made and kept by the log-ins."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.staff.accounts import log_in
from voorrang.accounts import services
from voorrang.accounts.roles import Role

PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.django_db


def test_the_admin_lists_the_links_and_allows_no_change(client: Client) -> None:
    user = services.sign_in_through_organisation(
        issuer="https://login.corporatie.example", subject="sub-42", roles=frozenset({Role.POLICY})
    )
    log_in(client, get_user_model().objects.create_superuser(username="beheer", password=PASSWORD))

    listing = client.get("/admin/accounts/singlesignonidentity/")

    assert listing.status_code == 200
    assert "sub-42" in listing.content.decode()
    assert user.username in listing.content.decode()
    assert client.get("/admin/accounts/singlesignonidentity/add/").status_code == 403
    identity = user.single_sign_on
    change = client.post(
        f"/admin/accounts/singlesignonidentity/{identity.pk}/change/",
        {"issuer": "https://elders.example", "subject": "someone-else", "user": user.pk},
    )
    identity.refresh_from_db()
    assert (identity.issuer, identity.subject) == ("https://login.corporatie.example", "sub-42")
    assert change.status_code == 403
    # Deleting the account (in the admin) takes its link along.
    client.post(f"/admin/auth/user/{user.pk}/delete/", {"post": "yes"})
    assert not type(identity).objects.filter(pk=identity.pk).exists()
