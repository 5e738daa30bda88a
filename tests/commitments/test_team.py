"""An organisation's team of coordinators, through its services: an existing account is added,
an address without one gets an inactive account and an invitation, a seeker's account is
refused without saying so, a duplicate is refused, a removal ends the membership (and the
role, without another membership), and the last active coordinator stays."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.commitments import factories as f
from tests.factories import BuildingFactory, SeekerFactory
from tests.staff.accounts import account
from voorrang.audit.models import AuditEvent
from voorrang.commitments import selectors, team
from voorrang.commitments.models import CoordinatorMembership
from voorrang.errors import InvalidChange, NotAllowed

pytestmark = pytest.mark.django_db
User = get_user_model()

NEUTRAL = (
    "This email address cannot be added to the team. Use another address, or ask the "
    "application manager."
)


def groups(user) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def members(org) -> set[int]:
    return set(
        CoordinatorMembership.objects.filter(organisation=org).values_list("user", flat=True)
    )


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def invitation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", message.body).group(1)


def test_an_existing_staff_account_is_added_and_given_the_welfare_role(org, coordinator) -> None:
    letting = account("verhuur", "staff-allocation")
    mail.outbox.clear()

    added = team.add_coordinator_by_email(
        actor=coordinator, organisation=org, email="  VERHUUR@example.org "
    )

    assert added.user == letting
    assert (added.created, added.invited) == (False, False)
    assert members(org) == {coordinator.pk, letting.pk}
    membership = CoordinatorMembership.objects.get(organisation=org, user=letting)
    assert membership.since == timezone.localdate()
    assert groups(letting) == {"staff-allocation", "staff-welfare"}
    assert mail.outbox == []  # an account with a password needs no invitation
    [role] = events("account.role_added")
    assert (role.object_id, role.actor, role.after) == (
        str(letting.pk),
        coordinator,
        {"role": "staff-welfare"},
    )
    added_event = events("welfare.coordinator_added")[-1]
    assert added_event.object_id == str(org.pk)
    assert added_event.after == {"user": letting.pk, "account": "existing", "invited": False}


def test_an_account_in_the_welfare_group_already_only_gets_the_membership(org, coordinator) -> None:
    other_org = f.organisation("Andere stichting", BuildingFactory(name="Flat B"))
    colleague = f.coordinator(other_org, "collega")
    role_events = len(events("account.role_added"))

    team.add_coordinator_by_email(actor=coordinator, organisation=org, email=colleague.email)

    assert members(org) == {coordinator.pk, colleague.pk}
    assert members(other_org) == {colleague.pk}
    assert groups(colleague) == {"staff-welfare"}
    assert len(events("account.role_added")) == role_events


def test_a_new_address_gets_an_inactive_account_and_an_invitation(
    org, coordinator, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        added = team.add_coordinator_by_email(
            actor=coordinator,
            organisation=org,
            email="Nieuw@Example.org",
            first_name="Noor",
            last_name="de Vries",
        )

    user = User.objects.get(pk=added.user.pk)
    assert (added.created, added.invited) == (True, True)
    assert (user.username, user.email, user.first_name, user.last_name) == (
        "nieuw@example.org",
        "nieuw@example.org",
        "Noor",
        "de Vries",
    )
    assert not user.is_active
    assert not user.has_usable_password()
    assert groups(user) == {"staff-welfare"}
    assert members(org) == {coordinator.pk, user.pk}
    [message] = mail.outbox
    assert message.to == ["nieuw@example.org"]
    assert org.name in message.subject
    path = invitation_path(message)
    assert path.startswith("/accounts/invitation/")
    [created] = events("account.created")
    assert created.object_id == str(user.pk)
    assert created.after == {"active": False, "groups": ["staff-welfare"]}
    assert events("welfare.coordinator_added")[-1].after == {
        "user": user.pk,
        "account": "created",
        "invited": True,
    }
    # No free text in the events: not the address, not the names.
    for event in AuditEvent.objects.filter(
        action__in=["account.created", "welfare.coordinator_added"]
    ):
        assert "nieuw" not in repr((event.summary, event.reason, event.before, event.after)).lower()
        assert "Noor" not in repr((event.summary, event.reason, event.before, event.after))
    rows = {row.user.pk: row.account for row in selectors.team(org)}
    assert rows[user.pk] == selectors.AccountState.INVITED


def test_the_invitation_is_sent_only_when_the_transaction_commits(org, coordinator) -> None:
    # Without the commit (the test's transaction is rolled back), nothing goes out.
    mail.outbox.clear()
    team.add_coordinator_by_email(actor=coordinator, organisation=org, email="later@example.org")
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["seeker_group", "registration", "two_accounts"])
def test_an_address_that_cannot_be_added_gets_the_same_neutral_answer(
    org, coordinator, kind, django_capture_on_commit_callbacks
) -> None:
    email = "zoeker@example.org"
    if kind == "seeker_group":
        existing = account("zoeker", "seeker")
    elif kind == "registration":
        # A home seeker's account, even one that lost its group: it has a registration.
        existing = account("zoeker")
        SeekerFactory(user=existing)
    else:
        # Two accounts share the address: which one is meant cannot be told.
        existing = account("zoeker")
        User.objects.filter(pk=account("zoeker-twee").pk).update(email=email)
    before_groups = groups(existing)
    before_events = AuditEvent.objects.count()
    before_users = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidChange) as error:
        team.add_coordinator_by_email(actor=coordinator, organisation=org, email=email.upper())

    assert str(error.value.message) == NEUTRAL
    assert (error.value.field, error.value.code) == ("email", "cannot_add")
    assert members(org) == {coordinator.pk}
    assert groups(existing) == before_groups
    assert AuditEvent.objects.count() == before_events
    assert User.objects.count() == before_users
    assert mail.outbox == []


def test_someone_in_the_team_already_is_refused(org, coordinator) -> None:
    with pytest.raises(InvalidChange) as error:
        team.add_coordinator_by_email(actor=coordinator, organisation=org, email=coordinator.email)
    assert str(error.value.message) == "This person is in the team already."
    assert error.value.field == "email"
    assert CoordinatorMembership.objects.filter(organisation=org).count() == 1


@pytest.mark.parametrize("email", ["", "   ", "geen-adres", "a@b@c.nl", "x" * 140 + "@example.org"])
def test_a_bad_address_is_refused_on_the_field(org, coordinator, email) -> None:
    users = User.objects.count()
    with pytest.raises(InvalidChange) as error:
        team.add_coordinator_by_email(actor=coordinator, organisation=org, email=email)
    assert error.value.field == "email"
    assert User.objects.count() == users
    assert members(org) == {coordinator.pk}


def test_a_removal_ends_the_membership_and_the_role(org, coordinator) -> None:
    colleague = f.coordinator(org, "collega")
    membership = CoordinatorMembership.objects.get(organisation=org, user=colleague)

    removed = team.remove_coordinator(actor=coordinator, organisation=org, user=colleague)

    assert removed.user == colleague and removed.kept_role is False
    assert members(org) == {coordinator.pk}
    assert groups(colleague) == set()
    assert User.objects.get(pk=colleague.pk).is_active  # the account itself stays
    [role] = events("account.role_removed")
    assert (role.object_id, role.before) == (str(colleague.pk), {"role": "staff-welfare"})
    [event] = events("welfare.coordinator_removed")
    assert (event.object_id, event.actor) == (str(org.pk), coordinator)
    assert event.before == {"user": colleague.pk, "since": membership.since.isoformat()}
    assert event.after == {"user": colleague.pk, "staff_welfare": False}


def test_a_removal_keeps_the_role_for_another_organisation(org, coordinator) -> None:
    other_org = f.organisation("Andere stichting", BuildingFactory(name="Flat B"))
    colleague = f.coordinator(org, "collega")
    f.coordinator(other_org, "collega")  # the same account, in a second team

    removed = team.remove_coordinator(actor=coordinator, organisation=org, user=colleague)

    assert removed.kept_role is True
    assert members(org) == {coordinator.pk}
    assert members(other_org) == {colleague.pk}
    assert groups(colleague) == {"staff-welfare"}
    assert events("account.role_removed") == []
    assert events("welfare.coordinator_removed")[-1].after == {
        "user": colleague.pk,
        "staff_welfare": True,
    }


def test_the_last_coordinator_cannot_be_removed(org, coordinator) -> None:
    with pytest.raises(NotAllowed) as error:
        team.remove_coordinator(actor=coordinator, organisation=org, user=coordinator)
    assert error.value.code == "last_coordinator"
    assert "at least one coordinator with an active account" in str(error.value.message)
    assert members(org) == {coordinator.pk}
    assert groups(coordinator) == {"staff-welfare"}
    assert events("welfare.coordinator_removed") == []
    assert [m.removable for m in selectors.team(org)] == [False]


def test_an_invited_coordinator_does_not_count_as_the_one_who_stays(org, coordinator) -> None:
    invited = team.add_coordinator_by_email(
        actor=coordinator, organisation=org, email="nieuw@example.org"
    ).user
    rows = {row.user.pk: row for row in selectors.team(org)}
    assert rows[coordinator.pk].removable is False
    assert rows[invited.pk].removable is True

    with pytest.raises(NotAllowed):
        team.remove_coordinator(actor=coordinator, organisation=org, user=coordinator)
    assert members(org) == {coordinator.pk, invited.pk}
    # With a second active coordinator, leaving is fine.
    colleague = f.coordinator(org, "collega")
    team.remove_coordinator(actor=coordinator, organisation=org, user=coordinator)
    assert members(org) == {invited.pk, colleague.pk}
    assert groups(coordinator) == set()


def test_removing_an_invited_coordinator_makes_their_link_stop_working(
    org, coordinator, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invited = team.add_coordinator_by_email(
            actor=coordinator, organisation=org, email="nieuw@example.org"
        ).user
    path = invitation_path(mail.outbox[-1])
    client = Client(headers={"accept-language": "en"})
    assert "Choose your password" in client.get(path, follow=True).content.decode()

    team.remove_coordinator(actor=coordinator, organisation=org, user=invited)

    page = Client(headers={"accept-language": "en"}).get(path, follow=True).content.decode()
    assert "This link does not work" in page
    assert not User.objects.get(pk=invited.pk).is_active


def test_the_invitation_is_sent_again_only_to_who_has_no_password_yet(
    org, coordinator, django_capture_on_commit_callbacks
) -> None:
    invited = team.add_coordinator_by_email(
        actor=coordinator, organisation=org, email="nieuw@example.org"
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        team.send_invitation_again(actor=coordinator, organisation=org, user=invited)
    assert [m.to for m in mail.outbox] == [["nieuw@example.org"]]
    assert events("welfare.coordinator_invited")[-1].after == {"user": invited.pk}

    with pytest.raises(NotAllowed) as error:
        team.send_invitation_again(actor=coordinator, organisation=org, user=coordinator)
    assert error.value.code == "not_invited"
    outsider = account("buiten", "staff-welfare")
    with pytest.raises(NotAllowed):
        team.send_invitation_again(actor=coordinator, organisation=org, user=outsider)
    assert len(events("welfare.coordinator_invited")) == 1


def test_the_team_lists_since_when_and_the_state_of_each_account(org, coordinator) -> None:
    retired = f.coordinator(org, "oud")
    User.objects.filter(pk=retired.pk).update(is_active=False)
    CoordinatorMembership.objects.filter(user=retired).update(since=None)  # from before
    invited = team.add_coordinator_by_email(
        actor=coordinator, organisation=org, email="nieuw@example.org"
    ).user
    rows = {row.user.pk: row for row in selectors.team(org)}
    assert rows[coordinator.pk].account == selectors.AccountState.ACTIVE
    assert rows[coordinator.pk].since == timezone.localdate()
    assert rows[retired.pk].account == selectors.AccountState.INACTIVE
    assert rows[retired.pk].since is None
    assert rows[invited.pk].account == selectors.AccountState.INVITED
    assert Group.objects.get(name="staff-welfare").user_set.filter(pk=invited.pk).exists()
