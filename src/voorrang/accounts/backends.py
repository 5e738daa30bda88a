"""The one authentication backend: Django's model backend, which loads an account's seeker
registration together with the account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Every portal request needs the account and, for a seeker, the registration: one query
    (a join on the one-to-one ``seeker``) instead of two. ``portal.selectors.seeker_of`` reads
    the registration from the account."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("seeker").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
