"""Logging in and out through Django's own views, with our templates."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.portal.page_structure import read_page
from tests.staff.accounts import log_in

PASSWORD = "correct horse battery staple"


@pytest.fixture
def seeker(db: None) -> object:
    return get_user_model().objects.create_user(username="jansen", password=PASSWORD)


def test_logging_in_and_out(client: Client, seeker: object) -> None:
    response = client.post(
        "/accounts/login/", {"username": "jansen", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    assert "U bent ingelogd als jansen." in response.content.decode()
    assert "Uitloggen" in response.content.decode()

    response = client.post("/accounts/logout/", follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Inloggen" in response.content.decode()
    assert "jansen" not in response.content.decode()


def test_a_wrong_password_is_reported_in_an_alert_in_the_page_language(
    client: Client, seeker: object
) -> None:
    response = client.post("/accounts/login/", {"username": "jansen", "password": "wrong"})

    assert response.status_code == 200
    page = read_page(response.content.decode())
    assert page.all("title") and "Fout:" in response.content.decode().split("</title>")[0]
    alert = [div for div in page.all("div") if div.get("role") == "alert"]
    assert alert
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


@pytest.mark.django_db
def test_the_administration_asks_for_a_log_in_and_the_second_factor_and_admits_a_superuser(
    client: Client,
) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    admin = get_user_model().objects.create_superuser(username="admin", password=PASSWORD)
    client.login(username="admin", password=PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/second-factor/set-up/?next=%2Fadmin%2F"

    log_in(client, admin)
    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Beheer van Voorrang" in response.content.decode()
