"""A coordinator's day: told of new applications and of overdue check-ins (once each), a
request for support at a check-in becomes a task that a coordinator closes with a note, and
the rubric says what each score means and where the pass mark lies."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.commitments import factories as f
from tests.factories import SeekerFactory
from tests.staff.accounts import account, log_in
from voorrang.audit.models import AuditEvent
from voorrang.commitments import selectors, services
from voorrang.commitments.models import CheckIn, RubricCriterion, SupportTask
from voorrang.commitments.states import SUPPORT_TASK_MACHINE, SupportTaskStatus
from voorrang.errors import InvalidChange, NotAllowed

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    log_in(client, user)
    return client


def answer(check_in: CheckIn, *, wants_support: bool, actor=None) -> CheckIn:
    return services.answer_check_in(
        actor=actor,
        check_in=check_in,
        answered_by="seeker",
        settled=3,
        contact=2,
        going="partly",
        hours_last_month=6,
        wants_support=wants_support,
        note="Het valt me zwaar.",
    )


# --- New applications ---------------------------------------------------------------------------


def test_each_coordinator_and_the_organisation_are_told_of_a_new_application(
    org, coordinator, django_capture_on_commit_callbacks
) -> None:
    colleague = f.coordinator(org, "collega")
    colleague.email = "collega@example.org"
    colleague.save()
    org.email = "info@welzijn.example.org"
    org.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = f.applied(org)
    told = sorted(m.to[0] for m in mail.outbox if "Nieuwe aanmelding" in m.subject)
    assert told == sorted([coordinator.email, "collega@example.org", "info@welzijn.example.org"])
    notice = next(m for m in mail.outbox if m.to == [coordinator.email])
    assert application.building.name in notice.subject
    assert reverse("welfare:application", args=[application.pk]) in notice.body
    # Who applied and what they wrote stay on the page, behind the login.
    assert application.motivation not in notice.body
    assert application.seeker.registration_number not in notice.body


def test_the_queue_shows_new_applications_until_a_coordinator_takes_the_first_step(
    org, coordinator
) -> None:
    application = f.applied(org)
    client = client_for(coordinator)
    page = client.get(reverse("welfare:queue")).content.decode()
    assert "1 new application" in page
    assert ">New<" in page
    assert list(selectors.new_applications(coordinator)) == [application]
    f.scheduled(application, coordinator)
    page = client.get(reverse("welfare:queue")).content.decode()
    assert "0 new applications" in page
    assert ">New<" not in page


# --- Overdue check-ins --------------------------------------------------------------------------


def test_an_unanswered_check_in_past_its_date_is_overdue_on_the_pages(org, coordinator) -> None:
    agreement = f.moved_in(f.applied(org), coordinator, days_ago=100)
    check_in = agreement.check_ins.get(month=3)
    assert list(selectors.overdue_check_ins(coordinator)) == [check_in]
    client = client_for(coordinator)
    queue = client.get(reverse("welfare:queue")).content.decode()
    assert "1 check-in overdue" in queue
    caseload = client.get(reverse("welfare:caseload")).content.decode()
    assert "1 check-in overdue" in caseload
    assert ">overdue<" in caseload
    page = client.get(reverse("welfare:application", args=[agreement.application.pk]))
    assert ">overdue<" in page.content.decode()
    answer(check_in, wants_support=False)
    assert list(selectors.overdue_check_ins(coordinator)) == []
    assert "0 check-ins overdue" in client.get(reverse("welfare:queue")).content.decode()


def test_a_check_in_not_yet_due_is_not_overdue(org, coordinator) -> None:
    f.moved_in(f.applied(org), coordinator, days_ago=85)
    assert list(selectors.overdue_check_ins(coordinator)) == []


def test_each_coordinator_gets_one_digest_and_an_overdue_check_in_is_told_once(
    org, coordinator
) -> None:
    f.moved_in(f.applied(org), coordinator, days_ago=100)
    f.moved_in(f.applied(org, seeker=SeekerFactory(email="b@example.org")), coordinator, 200)
    mail.outbox.clear()
    out = StringIO()
    call_command("tell_overdue_check_ins", stdout=out)
    assert "digests sent: 1, check-ins told: 3" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "3 contactmomenten zijn over tijd" in mail.outbox[0].subject
    assert CheckIn.objects.filter(overdue_told_at__isnull=False).count() == 3
    assert AuditEvent.objects.filter(action="track.overdue_told").count() == 3
    # The next day: nothing new is overdue, so nothing is sent again.
    mail.outbox.clear()
    assert services.tell_overdue_check_ins() == {"digests": 0, "told": 0}
    assert mail.outbox == []


def test_the_digest_duty_is_declared_daily() -> None:
    from voorrang.jobs.duties import BY_NAME

    duty = BY_NAME["tell_overdue_check_ins"]
    assert duty.command == "tell_overdue_check_ins"


# --- Requests for support -----------------------------------------------------------------------


def test_a_wish_for_support_at_a_check_in_opens_a_task_for_the_coordinator(
    org, coordinator
) -> None:
    agreement = f.moved_in(f.applied(org), coordinator, days_ago=100)
    answer(agreement.check_ins.get(month=3), wants_support=True)
    task = SupportTask.objects.get()
    assert (task.status, task.assigned_to, task.agreement) == ("open", coordinator, agreement)
    assert AuditEvent.objects.filter(action="track.support_requested").count() == 1
    assert list(selectors.support_tasks(coordinator)) == [task]


def test_no_task_without_a_wish_for_support(org, coordinator) -> None:
    agreement = f.moved_in(f.applied(org), coordinator, days_ago=100)
    answer(agreement.check_ins.get(month=3), wants_support=False)
    assert not SupportTask.objects.exists()


def test_a_task_is_closed_with_a_note_once(org, coordinator) -> None:
    agreement = f.moved_in(f.applied(org), coordinator, days_ago=100)
    answer(agreement.check_ins.get(month=3), wants_support=True)
    task = SupportTask.objects.get()
    with pytest.raises(InvalidChange) as empty:
        services.close_support_task(actor=coordinator, task=task, note="  ")
    assert empty.value.field == "closing_note"
    services.close_support_task(actor=coordinator, task=task, note="Gebeld, afspraak gemaakt.")
    task.refresh_from_db()
    assert (task.status, task.closed_by) == ("closed", coordinator)
    assert task.closed_at is not None
    with pytest.raises(NotAllowed):
        services.close_support_task(actor=coordinator, task=task, note="Nog eens")
    assert AuditEvent.objects.filter(action="track.support_closed").count() == 1


def test_the_support_states_are_declared() -> None:
    assert SUPPORT_TASK_MACHINE.allows(SupportTaskStatus.OPEN, SupportTaskStatus.CLOSED)
    assert SUPPORT_TASK_MACHINE.allows(SupportTaskStatus.OPEN, SupportTaskStatus.OPEN)
    assert not SUPPORT_TASK_MACHINE.allows(SupportTaskStatus.CLOSED, SupportTaskStatus.OPEN)


def test_a_task_is_given_only_to_a_coordinator_of_the_organisation(org, coordinator) -> None:
    agreement = f.moved_in(f.applied(org), coordinator, days_ago=100)
    answer(agreement.check_ins.get(month=3), wants_support=True)
    task = SupportTask.objects.get()
    colleague = f.coordinator(org, "collega")
    services.reassign_support_task(actor=coordinator, task=task, coordinator=colleague)
    task.refresh_from_db()
    assert task.assigned_to == colleague
    stranger = account("vreemde", "staff-welfare")
    with pytest.raises(InvalidChange) as refused:
        services.reassign_support_task(actor=coordinator, task=task, coordinator=stranger)
    assert refused.value.field == "assigned_to"


def test_the_coordinator_closes_the_task_on_the_page_and_the_tenant_sees_it_handled(
    org, coordinator
) -> None:
    user = account("eva", "seeker")
    seeker = SeekerFactory(user=user, email="eva@example.org")
    agreement = f.moved_in(f.applied(org, seeker=seeker), coordinator, days_ago=100)
    answer(agreement.check_ins.get(month=3), wants_support=True)
    task = SupportTask.objects.get()
    tenant = client_for(user)
    mine = reverse("track:application", args=[agreement.application.pk])
    assert "A coordinator will contact you soon" in tenant.get(mine).content.decode()

    client = client_for(coordinator)
    queue = client.get(reverse("welfare:queue")).content.decode()
    assert "1 open request for support" in queue
    colleague = f.coordinator(org, "collega")
    give = reverse("welfare:support_reassign", args=[agreement.application.pk, task.pk])
    assert client.post(give, {f"give-{task.pk}-assigned_to": colleague.pk}).status_code == 302
    assert SupportTask.objects.get().assigned_to == colleague
    url = reverse("welfare:support_close", args=[agreement.application.pk, task.pk])
    failed = client.post(url, {f"support-{task.pk}-closing_note": ""})
    assert failed.status_code == 400
    assert "This field is required." in failed.content.decode()
    assert SupportTask.objects.get().status == "open"
    done = client.post(url, {f"support-{task.pk}-closing_note": "Gebeld: gaat weer beter."})
    assert done.status_code == 302
    page = client.get(reverse("welfare:application", args=[agreement.application.pk]))
    assert "Gebeld: gaat weer beter." in page.content.decode()

    seen = tenant.get(mine).content.decode()
    assert "The coordinator handled this" in seen
    assert "Gebeld" not in seen


def test_the_tasks_note_is_in_the_export_and_erased_with_the_account(org, coordinator) -> None:
    agreement = f.moved_in(f.applied(org), coordinator, days_ago=100)
    answer(agreement.check_ins.get(month=3), wants_support=True)
    task = SupportTask.objects.get()
    services.close_support_task(actor=coordinator, task=task, note="Gebeld.")
    seeker = agreement.application.seeker
    exported = selectors.personal_data(seeker)[0]["agreement"]["requests_for_support"]
    assert exported[0]["note"] == "Gebeld." and exported[0]["status"] == "closed"
    services.erase_for_account_end(actor=None, seeker=seeker)
    task.refresh_from_db()
    assert task.closing_note == ""
    assert task.status == "closed"


# --- The rubric's scores and pass mark ----------------------------------------------------------


def test_the_default_criteria_describe_each_score(org) -> None:
    for criterion in org.criteria.all():
        assert len(criterion.anchors) == 5 and all(criterion.anchors)
        assert criterion.pass_mark == 3


@pytest.mark.parametrize(
    ("anchors", "pass_mark", "field"),
    [
        (["a", "b", "c", "d"], 3, "anchor_1"),
        (["a", "b", "", "d", "e"], 3, "anchor_3"),
        (["a", "b", "c", "d", "e"], 6, "pass_mark"),
    ],
)
def test_describing_a_criterion_needs_five_descriptions_and_a_pass_mark_from_1_to_5(
    org, coordinator, anchors, pass_mark, field
) -> None:
    criterion = org.criteria.first()
    with pytest.raises(InvalidChange) as refused:
        services.describe_criterion(
            actor=coordinator, criterion=criterion, anchors=anchors, pass_mark=pass_mark
        )
    assert refused.value.field == field


def test_the_rubric_page_saves_the_descriptions_and_the_assessment_shows_them(
    org, coordinator
) -> None:
    criterion = org.criteria.get(key="motivation")
    client = client_for(coordinator)
    url = reverse("welfare:criterion", args=[criterion.pk])
    assert "Score 1 means" in client.get(url).content.decode()
    data = {f"anchor_{n}": f"Betekenis {n}" for n in range(1, 6)}
    response = client.post(url, {**data, "pass_mark": "4", "guidance": "Vraag door."})
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.anchors[3] == "Betekenis 4" and criterion.pass_mark == 4
    assert AuditEvent.objects.filter(action="welfare.criterion_described").exists()
    assert "Betekenis 5" in client.get(reverse("welfare:rubric")).content.decode()

    application = f.held(f.applied(org), coordinator)
    page = client.get(reverse("welfare:assess", args=[application.pk])).content.decode()
    assert "4 – Betekenis 4" in page
    assert "Pass mark: 4 or more." in page


def test_an_assessment_below_the_pass_mark_is_shown_as_such_and_warned_at_the_decision(
    org, coordinator
) -> None:
    client = client_for(coordinator)
    low = f.assessed(f.applied(org), coordinator, score=2)
    page = client.get(reverse("welfare:application", args=[low.pk])).content.decode()
    assert "Below the pass mark" in page
    assert "The latest assessment is below the pass mark" in page
    assert not low.assessments.first().passed
    high = f.assessed(f.applied(org, seeker=SeekerFactory()), coordinator, score=4)
    page = client.get(reverse("welfare:application", args=[high.pk])).content.decode()
    assert "Reaches the pass mark" in page
    assert "The latest assessment is below the pass mark" not in page
    # The pass mark is advice: the approval below it stays possible, with the reasons.
    services.decide(actor=coordinator, application=low, approve=True, reasons="Toch: zie gesprek.")


def test_a_later_change_of_the_pass_mark_does_not_change_a_past_assessment(
    org, coordinator
) -> None:
    application = f.assessed(f.applied(org), coordinator, score=3)
    assert application.assessments.get().passed
    for criterion in org.criteria.all():
        services.describe_criterion(
            actor=coordinator, criterion=criterion, anchors=criterion.anchors, pass_mark=5
        )
    assessment = application.assessments.get()
    assert assessment.passed
    assert {s.mark for s in assessment.scores.all()} == {3}


def test_the_migration_fills_the_descriptions_of_existing_criteria(org) -> None:
    from importlib import import_module

    from django.apps import apps

    RubricCriterion.objects.update(anchors=[])
    migration = import_module("voorrang.commitments.migrations.0005_fill_score_descriptions")
    migration.fill(apps, None)
    criterion = RubricCriterion.objects.get(organisation=org, key="motivation")
    assert len(criterion.anchors) == 5 and all(criterion.anchors)
