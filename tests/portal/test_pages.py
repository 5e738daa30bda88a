"""The public pages render in Dutch (the default) and in English."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from tests.portal.page_structure import assert_accessible_structure, read_page

PAGES = {
    # path: heading in Dutch, heading in English
    "/": ("Eerlijke toewijzing van sociale huurwoningen", "Fair allocation of social housing"),
    "/toegankelijkheid": ("Toegankelijkheidsverklaring", "Accessibility statement"),
    "/accounts/login/": ("Inloggen", "Log in"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_pages_are_dutch_by_default(client: Client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    page = read_page(response.content.decode())
    assert_accessible_structure(page, lang="nl")
    assert page.h1_text == [PAGES[path][0]]
    assert "Direct naar de inhoud" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_pages_follow_a_browser_that_asks_for_english(client: Client, path: str) -> None:
    response = client.get(path, headers={"accept-language": "en"})

    assert response.status_code == 200
    page = read_page(response.content.decode())
    assert_accessible_structure(page, lang="en")
    assert page.h1_text == [PAGES[path][1]]
    assert "Skip to main content" in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_changes_the_language_and_returns_to_the_page(client: Client) -> None:
    buttons = read_page(client.get("/toegankelijkheid").content.decode()).all("button")
    english = next(button for button in buttons if button.get("value") == "en")
    assert (english["name"], english["lang"]) == ("language", "en")

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/toegankelijkheid"})

    assert response.status_code == 302
    assert response["Location"] == "/toegankelijkheid"
    english = client.get("/toegankelijkheid")
    assert read_page(english.content.decode()).lang == "en"

    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert read_page(client.get("/").content.decode()).lang == "nl"


@pytest.mark.django_db
def test_the_home_page_links_to_log_in_the_administration_and_the_accessibility_statement(
    client: Client,
) -> None:
    links = {a.get("href") for a in read_page(client.get("/").content.decode()).all("a")}

    assert {"/accounts/login/", "/admin/", "/toegankelijkheid"} <= links


@pytest.mark.django_db
def test_an_unknown_page_gets_a_translated_not_found_page(client: Client) -> None:
    response = client.get("/bestaat-niet")

    assert response.status_code == 404
    assert read_page(response.content.decode()).h1_text == ["Pagina niet gevonden"]


def test_the_server_error_page_stands_alone_and_is_translated() -> None:
    with translation.override("nl"):
        page = read_page(render_to_string("500.html"))

    assert page.lang == "nl"
    assert page.h1_text == ["Er ging iets mis"]


def test_the_stylesheet_is_served_with_its_design_tokens(client: Client) -> None:
    response = client.get("/static/voorrang/css/voorrang.css")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = b"".join(response.streaming_content).decode()
    assert "--voorrang-color-primary:" in css
    assert ":focus-visible" in css
