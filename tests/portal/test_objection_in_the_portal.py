"""A passed-over or excluded seeker objects in the portal, within the term, and reads the
state and the decision; an offer made while an objection is pending says so; the published
results count the objections and their outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tests.allocation.flow import published, ranked
from tests.factories import StaffFactory, UnitFactory
from tests.portal.helpers import pdf, seeker_with_account
from voorrang.allocation import services
from voorrang.objections import services as objections
from voorrang.objections.models import Objection, ObjectionState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def scene(staff):
    """Two ranked (the offer goes to 'anna'), one excluded for income."""
    vacancy = published(staff, unit=UnitFactory(rooms=3))
    anna, anna_s = seeker_with_account("anna@example.org", registered_on=dt.date(2010, 1, 1))
    bert, bert_s = seeker_with_account("bert@example.org", registered_on=dt.date(2015, 1, 1))
    rich, rich_s = seeker_with_account("rich@example.org", income=Decimal("90000"))
    ranked(staff, vacancy, [anna_s, bert_s, rich_s])
    offer = services.offer_next(actor=staff, vacancy=vacancy)
    return vacancy, offer, {"anna": anna, "bert": bert, "rich": rich}


def test_a_passed_over_seeker_objects_and_reads_the_decision(client: Client, scene) -> None:
    vacancy, _offer, users = scene
    client.force_login(users["bert"])
    responses = client.get("/my/responses/").content.decode()
    assert "Make an objection" in responses
    address = f"/my/objections/{vacancy.reference}/"
    refused = client.post(address, {"reasons": ""})
    assert refused.status_code == 400
    assert "Say why you object to the decision." in refused.content.decode()
    assert not Objection.objects.exists()

    sent = client.post(address, {"reasons": "My income was read wrong.", "document": pdf()})
    assert sent.status_code == 302
    objection = Objection.objects.get()
    assert objection.registered_by is None and objection.document
    page = client.get(address).content.decode()
    assert "waiting for a decision" in page.lower()
    assert "we do not offer this home to anyone else" in page

    objections.decide_objection(
        actor=StaffFactory(), objection=objection, outcome="rejected", reasons="It was right."
    )
    page = client.get(address).content.decode()
    assert "It was right." in page
    assert "Your objection was not upheld." in page
    assert "Your objection: rejected" in client.get("/my/responses/").content.decode()


def test_the_one_who_got_the_offer_sees_no_objection_link(client: Client, scene) -> None:
    vacancy, _offer, users = scene
    client.force_login(users["anna"])
    assert "Make an objection" not in client.get("/my/responses/").content.decode()
    refused = client.post(f"/my/objections/{vacancy.reference}/", {"reasons": "Why not."})
    assert refused.status_code == 400
    assert "Only a candidate who responded and was passed over" in refused.content.decode()
    assert not Objection.objects.exists()


def test_an_excluded_seeker_objects_and_withdraws(client: Client, scene) -> None:
    vacancy, _offer, users = scene
    client.force_login(users["rich"])
    address = f"/my/objections/{vacancy.reference}/"
    client.post(address, {"reasons": "Our income fell this year."})
    assert Objection.objects.get().ground == "excluded"
    client.post(f"{address}withdraw/")
    assert Objection.objects.get().state == ObjectionState.WITHDRAWN


def test_an_offer_made_subject_to_an_objection_says_so(
    client: Client, scene, staff, settings
) -> None:
    settings.VOORRANG_OBJECTION_OFFERS = "subject_to"
    vacancy, offer, users = scene
    objections.lodge_objection(
        actor=None,
        vacancy=vacancy,
        seeker=offer.entry.ranking.exclusions.get().seeker,
        reasons="Income.",
    )
    following = services.refuse_offer(actor=staff, offer=offer, reason="rent")
    client.force_login(users["bert"])
    page = client.get(f"/my/offers/{following.pk}/").content.decode()
    assert "Someone else objected to the decision on this home." in page


def test_the_results_count_objections_and_outcomes(client: Client, scene) -> None:
    vacancy, _offer, users = scene
    for who in ("bert", "rich"):
        client.force_login(users[who])
        client.post(f"/my/objections/{vacancy.reference}/", {"reasons": "Unfair."})
    objections.decide_objection(
        actor=StaffFactory(),
        objection=Objection.objects.get(ground="excluded"),
        outcome="upheld",
        reasons="Right.",
    )
    html = client.get("/results/").content.decode()
    assert "A home seeker who was passed over or excluded can object" in html
    assert "<dt>Lodged</dt><dd>2</dd>" in html
    assert "<dt>Upheld</dt><dd>1</dd>" in html
    assert "<dt>Not decided yet</dt><dd>1</dd>" in html
