"""The staff pages show a history in words, with who acted, never the codes."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import SeekerFactory, UserFactory
from tests.staff.accounts import log_in
from voorrang.allocation import services
from voorrang.audit.history import actor_name
from voorrang.audit.services import record

pytestmark = pytest.mark.django_db


def test_the_seeker_page_shows_the_history_in_words(staff) -> None:
    seeker = SeekerFactory()
    anna = UserFactory(username="avries", first_name="Anna", last_name="de Vries")
    record(actor=anna, action="seeker.evidence_added", obj=seeker)
    record(actor=None, action="seeker.not_described_yet", obj=seeker)
    client = Client()
    log_in(client, staff)
    html = client.get(f"/staff/seekers/{seeker.registration_number}/").content.decode()
    assert "Bewijsstuk toegevoegd door <bdi>Anna de Vries</bdi>" in html
    assert "Wijziging vastgelegd" in html
    assert "seeker.evidence_added" not in html
    assert "seeker.not_described_yet" not in html


def test_the_vacancy_page_shows_its_history_and_its_offers_in_words(staff, ranked_vacancy) -> None:
    offer = services.offer_next(actor=staff, vacancy=ranked_vacancy)
    client = Client()
    log_in(client, staff)
    html = client.get(f"/staff/vacancies/{ranked_vacancy.reference}/").content.decode()
    history = html[html.index('id="trail-heading"') :]
    name = f"<bdi>{actor_name(staff)}</bdi>"
    for sentence in ("Advertentie gepubliceerd", "Rangorde gemaakt", "Aanbieding gedaan"):
        assert f"{sentence} door {name}" in history, sentence
    assert f'href="/staff/seekers/{offer.seeker.registration_number}/"' in history
    assert "offer.made" not in html and "vacancy.ranked" not in html
