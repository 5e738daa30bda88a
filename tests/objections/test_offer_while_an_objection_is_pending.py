"""While an objection on a vacancy is pending, the next offer waits ("hold") or is made
subject to the objection ("subject_to"), as the setting says."""

from __future__ import annotations

import pytest
from django.utils import translation

from voorrang.allocation import services as allocation
from voorrang.allocation.states import OfferState
from voorrang.errors import NotAllowed
from voorrang.notifications.emails import send_pending
from voorrang.objections import services

pytestmark = pytest.mark.django_db


def object_and_refuse(letting, ranker):
    objection = services.lodge_objection(
        actor=None, vacancy=letting["vacancy"], seeker=letting["third"], reasons="Unfair."
    )
    following = allocation.refuse_offer(actor=ranker, offer=letting["offer"], reason="rent")
    return objection, following


def test_hold_the_refusal_is_recorded_and_the_next_offer_waits(
    letting, ranker, decider, settings
) -> None:
    settings.VOORRANG_OBJECTION_OFFERS = "hold"
    objection, following = object_and_refuse(letting, ranker)
    assert following is None
    letting["offer"].refresh_from_db()
    assert letting["offer"].state == OfferState.REFUSED
    with translation.override("en"), pytest.raises(NotAllowed) as refused:
        allocation.offer_next(actor=ranker, vacancy=letting["vacancy"])
    assert refused.value.code == "offer_waits"
    assert "objection" in str(refused.value.message)

    services.decide_objection(actor=decider, objection=objection, outcome="rejected", reasons="No.")
    offer = allocation.offer_next(actor=ranker, vacancy=letting["vacancy"])
    assert offer.seeker == letting["second"]
    assert not offer.subject_to_objections.exists()


def test_subject_to_the_offer_is_made_marked_and_the_candidate_told(
    letting, ranker, settings, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    settings.VOORRANG_OBJECTION_OFFERS = "subject_to"
    letting["second"].email = "second@example.org"
    letting["second"].language = "en"
    letting["second"].save()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        objection, following = object_and_refuse(letting, ranker)
    send_pending()  # the offer's email goes out through the queue
    assert following is not None and following.seeker == letting["second"]
    assert list(following.subject_to_objections.all()) == [objection]
    told = [m for m in mailoutbox if m.to == ["second@example.org"]]
    assert told and "Someone else objected to the decision on this home." in told[-1].body
