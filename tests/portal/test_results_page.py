"""The published results lead with what a seeker wants to know: the home, the day it was let,
how it was let and the new tenant's registration time; the lottery code and its fingerprint
stay on the page, below, for those who check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.allocation.flow import let, published, ranked
from tests.factories import StaffFactory, UnitFactory
from tests.portal.helpers import seeker_with_account
from voorrang.allocation import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _let(staff, **fields):
    vacancy = published(staff, unit=UnitFactory(rooms=3), **fields)
    seekers = [
        seeker_with_account(f"{vacancy.reference}-{i}@example.org", registered_on=day)[1]
        for i, day in enumerate([dt.date(2016, 2, 1), dt.date(2020, 1, 1)])
    ]
    ranked(staff, vacancy, seekers)
    let(staff, services.offer_next(actor=staff, vacancy=vacancy))
    vacancy.refresh_from_db()
    return vacancy


def test_the_results_lead_with_the_home_the_day_and_how_it_was_let() -> None:
    staff = StaffFactory()
    vacancy = _let(staff)
    page = " ".join(Client().get("/results/").content.decode().split())
    home = page.index(str(vacancy.unit))
    let_on = page.index(f"{vacancy.letting.let_on:%-d %B %Y}", home)
    how = page.index("By registration time.", let_on)
    registration = page.index("Registration time of the new tenant", how)
    verification = page.index("For verification: lottery code and fingerprint", registration)
    assert page.index(vacancy.seed, verification) > verification
    assert page.index(vacancy.seed_hash, verification) > verification
    assert "3 rooms" in page[home:let_on]
    assert "<table" not in page  # cards stack on a phone


def test_a_lottery_letting_shows_the_new_tenant_s_lottery_number() -> None:
    staff = StaffFactory()
    vacancy = _let(staff, ordering="lottery")
    page = " ".join(Client().get("/results/").content.decode().split())
    assert "By lottery." in page
    assert "Lottery number of the new tenant" in page
    assert vacancy.letting.offer.entry.lottery in page
