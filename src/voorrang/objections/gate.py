"""What a pending objection does to the next offer on its vacancy, as the setting
``VOORRANG_OBJECTION_OFFERS`` says: ``hold`` (no offer until it is decided) or ``subject_to``
(the offer is made, subject to the objection). Courts have ordered a home to be offered to a
candidate passed over while an objection ran; ``hold`` is the safe default."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from voorrang.objections.models import Objection, ObjectionState

HOLD = "hold"
SUBJECT_TO = "subject_to"


class ObjectionGate:
    def reason_to_wait(self, vacancy: Any) -> str | None:
        if settings.VOORRANG_OBJECTION_OFFERS != HOLD:
            return None
        if Objection.objects.filter(vacancy_id=vacancy.pk, state=ObjectionState.LODGED).exists():
            return _(
                "An objection against the decision on this vacancy is pending; the offer waits "
                "until the objection is decided."
            )
        return None

    def offer_made(self, offer: Any) -> None:
        if settings.VOORRANG_OBJECTION_OFFERS != SUBJECT_TO:
            return
        for objection in Objection.objects.filter(
            vacancy_id=offer.vacancy_id, state=ObjectionState.LODGED
        ):
            objection.subject_offers.add(offer)


OBJECTION_GATE = ObjectionGate()
