"""Roles given in the Django administration: nobody gives themselves one, and every change of
another account's roles or powers is in the audit trail. The separation rules follow roles, so
a superuser who could make itself a welfare coordinator would read the intake notes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.staff.accounts import account, log_in
from voorrang.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _change_form(user, *, groups: list[Group], superuser: bool) -> dict[str, object]:
    """What the administration's change form of ``user`` posts."""
    data: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "groups": [group.pk for group in groups],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "00:00:00",
    }
    if superuser:
        data["is_superuser"] = "on"
    return {key: value for key, value in data.items() if value != ""}


def _manager():
    manager = account("beheer", "admin", superuser=True)
    manager.is_staff = True
    manager.save()
    return manager


def test_a_superuser_cannot_make_itself_a_welfare_coordinator() -> None:
    manager = _manager()
    client = Client()
    log_in(client, manager)
    welfare = Group.objects.get(name="staff-welfare")
    admin_group = Group.objects.get(name="admin")

    page = client.get(f"/admin/auth/user/{manager.pk}/change/")
    assert page.status_code == 200
    # On one's own account the roles are shown, not offered.
    assert 'name="groups"' not in page.content.decode()

    client.post(
        f"/admin/auth/user/{manager.pk}/change/",
        _change_form(manager, groups=[admin_group, welfare], superuser=True),
    )

    assert sorted(manager.groups.values_list("name", flat=True)) == ["admin"]
    assert client.get("/staff/welfare/").status_code == 403
    assert not AuditEvent.objects.filter(action="account.powers_changed").exists()


def test_a_role_given_to_another_account_is_in_the_audit_trail() -> None:
    manager = _manager()
    colleague = account("samira", "policy")
    client = Client()
    log_in(client, manager)
    welfare = Group.objects.get(name="staff-welfare")

    response = client.post(
        f"/admin/auth/user/{colleague.pk}/change/",
        _change_form(colleague, groups=[welfare], superuser=False),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(colleague.groups.values_list("name", flat=True)) == ["staff-welfare"]
    event = AuditEvent.objects.get(action="account.powers_changed")
    assert event.actor == manager
    assert event.object_id == str(colleague.pk)
    assert event.before["groups"] == ["policy"]
    assert event.after["groups"] == ["staff-welfare"]


def test_a_forged_post_of_ones_own_roles_changes_nothing() -> None:
    """The service refuses it too, whatever the form shows (a request made by hand)."""
    from voorrang.accounts import services
    from voorrang.errors import NotAllowed

    manager = _manager()
    before = services.powers_of(manager)
    manager.groups.add(Group.objects.get(name="researcher"))

    with pytest.raises(NotAllowed):
        services.record_powers_changed(actor=manager, user=manager, before=before)
