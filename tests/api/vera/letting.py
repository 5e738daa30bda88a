"""A letting under way, made through the services, for the tests of the VERA resources: a
targeted lottery vacancy of the L-flat ranked among three seekers, the first refused the offer
(the rent), the second holds an open offer; and a vacancy still published on registration time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rest_framework.test import APIClient

from tests.allocation.flow import published, ranked
from tests.api.clients import api_client
from tests.factories import SeekerFactory, StaffFactory, UnitFactory
from voorrang.allocation import services
from voorrang.allocation.models import Offer, Vacancy
from voorrang.roles import Role

RESEARCH_KEY = "k" * 40


@dataclass
class Letting:
    lottery: Vacancy
    open_vacancy: Vacancy
    refused: Offer
    open_offer: Offer
    seekers: list


def letting() -> Letting:
    staff = StaffFactory()
    lottery = published(
        staff,
        ordering="lottery",
        unit=UnitFactory(source_id="ERP-1", bag_id="0310010000012345"),
    )
    seekers = [
        SeekerFactory(registered_on=dt.date(2005, 1, 1)),
        SeekerFactory(registered_on=dt.date(2008, 1, 1)),
        SeekerFactory(registered_on=dt.date(2012, 1, 1)),
    ]
    lottery = ranked(staff, lottery, seekers)
    first = services.offer_next(actor=staff, vacancy=lottery)
    services.refuse_offer(actor=staff, offer=first, reason="rent", offer_to_next=False)
    second = services.offer_next(actor=staff, vacancy=lottery)
    open_vacancy = published(staff)
    services.respond(actor=staff, vacancy=open_vacancy, seeker=seekers[0])
    first.refresh_from_db()
    return Letting(lottery, open_vacancy, first, second, seekers)


def client_with(*scopes: str, role: str = Role.STAFF_ALLOCATION.value, name: str = "erp"):
    _client, key = api_client(name, *scopes, role=role)
    http = APIClient()
    http.credentials(HTTP_X_API_KEY=key)
    return http
