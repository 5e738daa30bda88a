"""factory_boy factories for the stored records (real rows in the test database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from voorrang.allocation.models import Vacancy
from voorrang.commitments.models import Commitment
from voorrang.housing.models import Building, Complex, Unit
from voorrang.seekers.models import HouseholdMember, Seeker, UrgencyDeclaration


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])
            self.save()


class StaffFactory(UserFactory):
    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            for name in extracted or ("staff-allocation",):
                self.groups.add(Group.objects.get_or_create(name=name)[0])


class ComplexFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complex
        django_get_or_create = ("name",)

    name = "Vollenhove"
    town = "Zeist"


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building
        django_get_or_create = ("name",)

    complex = factory.SubFactory(ComplexFactory)
    name = "L-flat"
    street = "Laan van Vollenhove"
    town = "Zeist"
    designated = True


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    street = factory.LazyAttribute(lambda u: u.building.street)
    number = factory.Sequence(lambda n: 1000 + n)
    postcode = "3706 AA"
    town = "Zeist"
    rooms = 3
    floor = 4
    lift = True
    surface_m2 = 72
    rent = Decimal("650.00")
    min_household = 1
    max_household = 4


class SeekerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seeker
        skip_postgeneration_save = True

    registration_number = factory.Sequence(lambda n: f"W{100000 + n}")
    registered_on = factory.Sequence(lambda n: dt.date(2010, 1, 1) + dt.timedelta(days=n))
    income = Decimal("40000")
    local_tie = False
    # Most records in a test stand for a registration staff have checked; the tests of the
    # check itself (tests/seekers/test_income_check.py) start from unchecked.
    income_check = "checked"
    household_check = "checked"

    @factory.post_generation
    def household(self, create, extracted, **kwargs):
        # extracted: a list of birth dates, main applicant first; default one adult.
        if not create:
            return
        dates = extracted or [dt.date(1985, 5, 5)]
        for i, birth_date in enumerate(dates):
            HouseholdMember.objects.create(
                seeker=self,
                first_name=f"Naam{self.registration_number}",
                last_name="Testpersoon",
                birth_date=birth_date,
                is_main_applicant=i == 0,
            )


class UrgencyFactory(factory.django.DjangoModelFactory):
    """A declaration confirmed by two staff members (the services' tests propose and confirm
    their own: tests/seekers/test_urgency_declaration.py)."""

    class Meta:
        model = UrgencyDeclaration

    seeker = factory.SubFactory(SeekerFactory)
    kind = "medical"
    valid_from = dt.date(2020, 1, 1)
    valid_until = dt.date(2030, 1, 1)
    issued_by = "Urgentiecommissie"
    note = "medisch"
    status = "confirmed"
    proposed_by = factory.SubFactory(StaffFactory)
    decided_by = factory.SubFactory(StaffFactory)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    seeker = factory.SubFactory(SeekerFactory)
    building = factory.SubFactory(BuildingFactory)
    status = "approved"
    valid_until = dt.date(2099, 12, 31)


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    reference = factory.Sequence(lambda n: f"V-TEST-{n:04d}")
    unit = factory.SubFactory(UnitFactory)
    rent = factory.LazyAttribute(lambda v: v.unit.rent)
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
