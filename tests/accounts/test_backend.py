"""The authentication backend loads an account with its seeker registration in one query,
and the portal reads the registration from the account without another."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user

from tests.factories import StaffFactory, UserFactory
from tests.portal.helpers import seeker_with_account
from tests.staff.accounts import log_in
from voorrang.accounts.backends import AccountBackend
from voorrang.seekers.selectors import seeker_of

pytestmark = pytest.mark.django_db


def test_an_account_comes_with_its_registration_in_one_query(django_assert_num_queries):
    user, seeker = seeker_with_account()
    with django_assert_num_queries(1):
        loaded = AccountBackend().get_user(user.pk)
        assert seeker_of(loaded) == seeker
        assert seeker_of(loaded).registration_number == seeker.registration_number


def test_an_account_without_a_registration_has_none_and_costs_no_second_query(
    django_assert_num_queries,
):
    staff = StaffFactory()
    with django_assert_num_queries(1):
        loaded = AccountBackend().get_user(staff.pk)
        assert seeker_of(loaded) is None


def test_an_inactive_or_unknown_account_is_not_loaded():
    user = UserFactory(is_active=False)
    assert AccountBackend().get_user(user.pk) is None
    assert AccountBackend().get_user(user.pk + 10_000) is None


def test_seeker_of_an_account_loaded_otherwise_still_finds_the_registration():
    user, seeker = seeker_with_account()
    from django.contrib.auth.models import User

    assert seeker_of(User.objects.get(pk=user.pk)) == seeker
    assert seeker_of(None) is None


def test_a_session_of_the_backend_gives_the_account_and_its_registration(client):
    user, seeker = seeker_with_account()
    log_in(client, user)
    request = client.get("/").wsgi_request
    assert settings.AUTHENTICATION_BACKENDS == ["voorrang.accounts.backends.AccountBackend"]
    assert request.session[SESSION_KEY] == str(user.pk)
    assert get_user(request) == user
    assert seeker_of(request.user) == seeker
