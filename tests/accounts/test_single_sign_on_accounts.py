"""The account service of single sign-on, without a provider: what it makes, keeps and
refuses, whatever the caller passes."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from voorrang.accounts import services
from voorrang.accounts.models import SingleSignOnIdentity
from voorrang.accounts.roles import Role
from voorrang.errors import NotAllowed

pytestmark = pytest.mark.django_db

ISSUER = "https://login.corporatie.example"


def test_the_service_never_gives_the_seeker_role() -> None:
    with pytest.raises(NotAllowed):
        services.sign_in_through_organisation(
            issuer=ISSUER, subject="42", roles=frozenset({Role.SEEKER, Role.POLICY})
        )

    assert not get_user_model().objects.exists()


def test_without_a_role_nothing_is_made() -> None:
    assert (
        services.sign_in_through_organisation(issuer=ISSUER, subject="42", roles=frozenset())
        is None
    )
    assert not get_user_model().objects.exists()


def test_the_same_subject_at_another_issuer_is_another_person() -> None:
    first = services.sign_in_through_organisation(
        issuer=ISSUER, subject="42", roles=frozenset({Role.POLICY})
    )
    second = services.sign_in_through_organisation(
        issuer="https://login.elders.example", subject="42", roles=frozenset({Role.POLICY})
    )

    assert first.pk != second.pk
    assert SingleSignOnIdentity.objects.count() == 2


def test_a_second_account_for_one_subject_is_not_made_and_the_first_one_is_used() -> None:
    # Two tabs logging in for the first time: the one that comes second finds, at the moment
    # it writes, that the other made the account (the unique subject), and uses that one.
    made = services.sign_in_through_organisation(
        issuer=ISSUER, subject="42", roles=frozenset({Role.POLICY}), email="a@example.org"
    )

    assert services._single_sign_on_account(ISSUER, "42", "a@example.org", "", "") is None
    assert get_user_model().objects.count() == 1
    again = services.sign_in_through_organisation(
        issuer=ISSUER, subject="42", roles=frozenset({Role.RESEARCHER})
    )
    assert again.pk == made.pk
    assert set(again.groups.values_list("name", flat=True)) == {"researcher"}


def test_a_mapped_role_is_given_even_when_its_group_was_missing() -> None:
    """Groups are data (a flushed database, an administrator's deletion): the role the map
    gives must not be dropped quietly for want of its group."""
    from django.contrib.auth.models import Group

    Group.objects.filter(name__in=[Role.POLICY, Role.RESEARCHER]).delete()

    user = services.sign_in_through_organisation(
        issuer=ISSUER, subject="42", roles=frozenset({Role.POLICY})
    )
    assert list(user.groups.values_list("name", flat=True)) == ["policy"]

    again = services.sign_in_through_organisation(
        issuer=ISSUER, subject="42", roles=frozenset({Role.POLICY, Role.RESEARCHER})
    )
    assert sorted(again.groups.values_list("name", flat=True)) == ["policy", "researcher"]
