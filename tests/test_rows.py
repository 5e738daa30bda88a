"""Instances read with one plain statement (voorrang.rows) are the ORM's own: every field with
the same value and type, on SQLite (dates as text, JSON as a string) and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.db import connection
from django.test.utils import isolate_apps
from django.utils import timezone

from tests.factories import StaffFactory, UnitFactory, VacancyFactory
from tests.portal.helpers import seeker_with_account
from voorrang import rows
from voorrang.accounts.backends import AccountBackend
from voorrang.accounts.sessions import SessionStore
from voorrang.allocation.models import Vacancy
from voorrang.housing.models import Building, Unit
from voorrang.portal import eligibility, selectors
from voorrang.seekers.models import HouseholdMember, Seeker

pytestmark = pytest.mark.django_db


def _same(found, expected) -> None:
    """Every concrete field equal in value and in type."""
    assert type(found) is type(expected)
    for field in type(expected)._meta.concrete_fields:
        ours, theirs = getattr(found, field.attname), getattr(expected, field.attname)
        assert ours == theirs, field.name
        assert type(ours) is type(theirs), field.name
    assert found._state.adding is False and found._state.db == "default"


def _read(model, pk):
    columns = rows.columns(model, "x")
    sql = f"SELECT {columns.sql} FROM {rows.table(model)} x WHERE x.id = %s"
    return columns.instance(rows.fetch_one(sql, [pk]))


def test_every_field_of_a_vacancy_its_home_and_building_reads_as_the_orm_reads_it():
    unit = UnitFactory(rent=Decimal("612.45"), lift=True, floor=3)
    vacancy = VacancyFactory(unit=unit, labels=["senior", "lift"], targeted=True)
    for model, pk in ((Vacancy, vacancy.pk), (Unit, unit.pk), (Building, unit.building_id)):
        _same(_read(model, pk), model.objects.get(pk=pk))
    read = _read(Vacancy, vacancy.pk)
    assert read.labels == ["senior", "lift"] and read.rent == Decimal("612.45")
    assert isinstance(read.closes_on, dt.date) and isinstance(read.created_at, dt.datetime)


def test_an_account_and_a_registration_read_as_the_orm_reads_them():
    user, seeker = seeker_with_account(income=Decimal("23456.78"))
    _same(_read(User, user.pk), User.objects.get(pk=user.pk))
    _same(_read(Seeker, seeker.pk), Seeker.objects.get(pk=seeker.pk))


def test_a_saved_instance_from_a_plain_read_updates_its_row():
    vacancy = VacancyFactory()
    read = _read(Vacancy, vacancy.pk)
    read.rent = Decimal("700.00")
    read.save(update_fields=["rent"])
    assert Vacancy.objects.get(pk=vacancy.pk).rent == Decimal("700.00")


def test_the_far_side_of_an_outer_join_that_found_nothing_is_none(django_assert_num_queries):
    staff = StaffFactory()
    with django_assert_num_queries(1):
        loaded = AccountBackend().get_user(staff.pk)
        with pytest.raises(User.seeker.RelatedObjectDoesNotExist):
            _ = loaded.seeker  # cached as absent: no second query
    _same(loaded, User.objects.get(pk=staff.pk))


def test_the_backend_gives_the_account_and_its_registration_as_the_orm_does(
    django_assert_num_queries,
):
    user, seeker = seeker_with_account()
    with django_assert_num_queries(1):
        loaded = AccountBackend().get_user(str(user.pk))  # the session holds the key as text
        assert loaded.seeker.user is loaded
    _same(loaded, User.objects.get(pk=user.pk))
    _same(loaded.seeker, Seeker.objects.get(pk=seeker.pk))
    assert AccountBackend().get_user("not a number") is None


def test_a_vacancy_comes_with_its_home_and_building_in_one_query(django_assert_num_queries):
    vacancy = VacancyFactory()
    with django_assert_num_queries(1):
        found = selectors.vacancy_with_home(vacancy.reference)
        assert found.unit.building.name == vacancy.unit.building.name
    _same(found.unit, Unit.objects.get(pk=vacancy.unit_id))
    _same(found.unit.building, Building.objects.get(pk=vacancy.unit.building_id))
    assert selectors.vacancy_with_home("V-NO-SUCH") is None


def test_the_household_is_read_in_the_models_order():
    _, seeker = seeker_with_account(household=[dt.date(1990, 1, 1), dt.date(1980, 1, 1)])
    HouseholdMember.objects.filter(seeker=seeker).update(is_main_applicant=False)
    expected = list(seeker.members.values_list("is_main_applicant", "birth_date"))
    assert eligibility._members(seeker.pk) == expected
    assert expected[0] == (False, dt.date(1980, 1, 1))
    HouseholdMember.objects.filter(seeker=seeker, birth_date=dt.date(1990, 1, 1)).update(
        is_main_applicant=True
    )
    assert eligibility._members(seeker.pk) == [
        (True, dt.date(1990, 1, 1)),
        (False, dt.date(1980, 1, 1)),
    ]
    assert all(type(main) is bool for main, _ in eligibility._members(seeker.pk))


def test_a_session_reads_back_what_django_stored_and_an_expired_one_is_empty():
    stored = DjangoStore()
    stored["answer"] = 42
    stored.create()
    assert SessionStore(stored.session_key).load() == {"answer": 42}
    late = DjangoStore()
    late["answer"] = 7
    late.set_expiry(timezone.now() - dt.timedelta(seconds=1))
    late.create()
    expired = SessionStore(late.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key is made when it is saved again
    assert SessionStore("x" * 32).load() == {}


def test_the_statements_quote_the_tables_of_this_database():
    assert rows.table(Vacancy) == connection.ops.quote_name("allocation_vacancy")


def test_an_inserted_row_reads_back_as_the_orm_stores_it():
    from voorrang.audit.chain import link
    from voorrang.audit.models import AuditEvent

    staff = StaffFactory()
    before = timezone.now()
    event = AuditEvent(
        actor=staff,
        action="test.inserted",
        object_type="tests.thing",
        object_id="17",
        before={"rent": Decimal("600.50"), "on": dt.date(2026, 1, 2)},
        after=None,
    )
    link([event])  # its time and place in the audit trail's chain, as audit.record does
    event = rows.insert(event)
    assert event.pk is not None and event._state.adding is False
    assert before <= event.at <= timezone.now()  # set on the instance
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_id == staff.pk and stored.at == event.at
    # The model's own JSON encoder wrote the decimal and the date.
    assert stored.before == {"rent": "600.50", "on": "2026-01-02"} and stored.after is None
    reference = AuditEvent.objects.create(action="x", object_type="t", object_id="1")
    assert event.pk != reference.pk


def test_an_insert_keeps_the_databases_constraints():
    from django.db import IntegrityError, transaction

    from voorrang.allocation.models import Response

    vacancy = VacancyFactory()
    _, seeker = seeker_with_account()
    first = rows.insert(Response(vacancy=vacancy, seeker=seeker, responded_on=dt.date.today()))
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.insert(Response(vacancy=vacancy, seeker=seeker, responded_on=dt.date.today()))
    assert list(Response.objects.values_list("pk", flat=True)) == [first.pk]


def test_the_models_inserted_plainly_have_no_signal_receivers_to_miss():
    from django.db.models.signals import post_save, pre_save

    from voorrang.allocation.models import Response
    from voorrang.audit.models import AuditEvent
    from voorrang.notifications.models import PendingBatch

    for model in (Response, AuditEvent, PendingBatch):
        assert not pre_save.has_listeners(model), model
        assert not post_save.has_listeners(model), model


@isolate_apps("voorrang.audit")
def test_an_insert_refuses_a_model_whose_values_the_database_supplies():
    from django.db import models

    class WithDefault(models.Model):
        made = models.DateTimeField(db_default=models.functions.Now())

        class Meta:
            app_label = "audit"

    with pytest.raises(TypeError, match="made"):
        rows.insert(WithDefault())
