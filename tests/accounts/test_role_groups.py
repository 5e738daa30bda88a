from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from voorrang.accounts.roles import Role


@pytest.mark.django_db
def test_every_role_of_the_matrix_is_a_group_after_migrate() -> None:
    names = set(Group.objects.values_list("name", flat=True))

    assert names == {
        "seeker",
        "staff-allocation",
        "staff-welfare",
        "policy",
        "researcher",
        "admin",
    }
    assert names == {role.value for role in Role}
