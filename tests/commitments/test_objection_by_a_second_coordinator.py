"""An objection against a decline: lodged within the term with reasons and documents, decided
by another coordinator of the organisation than the one who declined (and who registered it),
the team told of it, the seeker told of the decision; withdrawn while it waits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation

from tests.commitments import factories as f
from voorrang.audit.models import AuditEvent
from voorrang.commitments import services
from voorrang.commitments.models import Objection, ObjectionDocument
from voorrang.commitments.selectors import personal_data
from voorrang.commitments.services.objection import term_ends
from voorrang.errors import InvalidChange, NotAllowed

PDF = b"%PDF-1.4\n%%EOF\n"


def pdf(name: str = "brief.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


@pytest.fixture
def declined(org, coordinator):
    return f.declined(f.applied(org), coordinator)


def test_the_term_is_counted_from_the_decline_and_refused_after_it(declined, settings) -> None:
    settings.VOORRANG_TRACK_OBJECTION_WEEKS = 6
    decided = declined.decisions.get()
    ends = timezone.localdate(decided.decided_at) + timedelta(weeks=6)
    assert term_ends(declined) == ends
    late = timezone.now() + timedelta(weeks=6, days=1)
    with pytest.raises(InvalidChange) as refused:
        services.lodge_objection(actor=None, application=declined, grounds="Oneens.", now=late)
    assert refused.value.field == "lodged_at"
    on_the_last_day = timezone.now() + timedelta(weeks=6)
    services.lodge_objection(
        actor=None, application=declined, grounds="Oneens.", now=on_the_last_day
    )


def test_the_decliner_cannot_decide_and_a_colleague_can(
    declined, coordinator, colleague, django_capture_on_commit_callbacks
) -> None:
    objection = services.lodge_objection(actor=None, application=declined, grounds="Oneens.")
    assert objection.declined_by == coordinator
    with translation.override("nl"), pytest.raises(NotAllowed) as refused:
        services.decide_objection(
            actor=coordinator, objection=objection, upheld=True, reasons="Terecht."
        )
    assert refused.value.code == "second_coordinator"
    assert "andere coördinator" in str(refused.value.message)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_objection(
            actor=colleague, objection=objection, upheld=False, reasons="Blijft zo."
        )
    objection.refresh_from_db()
    assert (objection.status, objection.decided_by) == ("rejected", colleague)
    to_seeker = [m for m in mail.outbox if declined.seeker.email in m.to]
    assert to_seeker and "Blijft zo." in to_seeker[-1].body


def test_the_database_refuses_the_decliner_as_decider(declined, coordinator) -> None:
    objection = services.lodge_objection(actor=None, application=declined, grounds="Oneens.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.filter(pk=objection.pk).update(decided_by=coordinator)


def test_who_registered_an_objection_by_post_cannot_decide_it(
    org, declined, coordinator, colleague
) -> None:
    third = f.coordinator(org, "third")
    objection = services.lodge_objection(
        actor=colleague, application=declined, grounds="Per brief.", by_post=True
    )
    assert objection.registered_by == colleague
    with pytest.raises(NotAllowed):
        services.decide_objection(actor=colleague, objection=objection, upheld=True, reasons="x")
    with pytest.raises(NotAllowed):
        services.decide_objection(actor=coordinator, objection=objection, upheld=True, reasons="x")
    services.decide_objection(actor=third, objection=objection, upheld=True, reasons="Terecht.")
    declined.refresh_from_db()
    assert declined.status == "intake_held"
    assert AuditEvent.objects.filter(action="track.objection_registered").exists()


def test_a_named_coordinator_decides_and_nobody_else(org, declined, coordinator, colleague) -> None:
    third = f.coordinator(org, "third")
    objection = services.lodge_objection(actor=None, application=declined, grounds="Oneens.")
    with pytest.raises(InvalidChange):
        services.assign_objection(actor=colleague, objection=objection, coordinator=coordinator)
    services.assign_objection(actor=coordinator, objection=objection, coordinator=third)
    with pytest.raises(NotAllowed):
        services.decide_objection(actor=colleague, objection=objection, upheld=True, reasons="x")
    services.decide_objection(actor=third, objection=objection, upheld=True, reasons="Ja.")
    assert AuditEvent.objects.filter(action="track.objection_assigned").exists()


def test_a_coordinator_of_another_organisation_cannot_decide(declined) -> None:
    other = f.coordinator(f.organisation("Ander Welzijn"), "outsider")
    objection = services.lodge_objection(actor=None, application=declined, grounds="Oneens.")
    with pytest.raises(NotAllowed):
        services.decide_objection(actor=other, objection=objection, upheld=True, reasons="x")


def test_documents_are_stored_in_their_own_folder_and_checked(declined) -> None:
    with pytest.raises(InvalidChange) as refused:
        services.lodge_objection(
            actor=None,
            application=declined,
            grounds="Oneens.",
            documents=[SimpleUploadedFile("x.exe", b"MZ\x90\x00")],
        )
    assert refused.value.field == "documents"
    assert not Objection.objects.exists()
    with pytest.raises(InvalidChange):
        services.lodge_objection(
            actor=None,
            application=declined,
            grounds="Oneens.",
            documents=[pdf() for _ in range(6)],
        )
    objection = services.lodge_objection(
        actor=None, application=declined, grounds="Oneens.", documents=[pdf(), pdf("b.pdf")]
    )
    names = [d.file.name for d in objection.documents.all()]
    assert len(names) == 2
    assert all(n.startswith("track-objections/") and "brief" not in n for n in names)


def test_every_coordinator_and_the_organisation_are_told_of_a_new_objection(
    org, declined, coordinator, colleague, django_capture_on_commit_callbacks
) -> None:
    org.email = "team@welzijn.example"
    org.save()
    coordinator.email, colleague.email = "a@welzijn.example", "b@welzijn.example"
    coordinator.save()
    colleague.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.lodge_objection(actor=None, application=declined, grounds="Geheim.")
    told = {address for m in mail.outbox for address in m.to}
    assert {"a@welzijn.example", "b@welzijn.example", "team@welzijn.example"} <= told
    assert all("Geheim." not in m.body for m in mail.outbox)


def test_the_seeker_withdraws_a_waiting_objection(declined, colleague) -> None:
    objection = services.lodge_objection(actor=None, application=declined, grounds="Oneens.")
    services.withdraw_objection(actor=None, objection=objection)
    objection.refresh_from_db()
    assert objection.status == "withdrawn"
    with pytest.raises(NotAllowed):
        services.decide_objection(actor=colleague, objection=objection, upheld=True, reasons="x")
    event = AuditEvent.objects.filter(action="track.objection_withdrawn").get()
    assert "Oneens." not in str(event.before) + str(event.after)


def test_reasons_and_documents_go_with_the_erasure_and_into_the_export(
    declined, django_capture_on_commit_callbacks
) -> None:
    seeker = declined.seeker
    services.lodge_objection(
        actor=None, application=declined, grounds="Mijn verhaal.", documents=[pdf()]
    )
    exported = personal_data(seeker)[0]["objections"][0]
    assert exported["grounds"] == "Mijn verhaal."
    assert exported["documents"][0]["kind"] == "application/pdf"
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_for_account_end(actor=None, seeker=seeker)
    objection = Objection.objects.get()
    assert objection.grounds == ""
    assert not ObjectionDocument.objects.exists()


def test_the_decline_email_gives_the_last_day_to_object(
    org, coordinator, settings, django_capture_on_commit_callbacks
) -> None:
    settings.VOORRANG_TRACK_OBJECTION_WEEKS = 3
    application = f.applied(org)
    with django_capture_on_commit_callbacks(execute=True):
        f.declined(application, coordinator)
    last_day = timezone.localdate() + timedelta(weeks=3)
    with translation.override("nl"):
        words = formats.date_format(last_day, "j F Y")
    email = [m for m in mail.outbox if application.seeker.email in m.to][-1]
    assert "niet goedgekeurd" in email.body
    assert f"tot en met {words}" in email.body, email.body


def test_a_letter_counts_from_the_day_it_was_received(declined, colleague) -> None:
    from voorrang.commitments.models import Decision

    decided = timezone.now() - timedelta(weeks=7)
    Decision.objects.filter(application=declined).update(decided_at=decided)
    in_time = timezone.localdate(decided) + timedelta(weeks=5)
    objection = services.lodge_objection(
        actor=colleague, application=declined, grounds="Per brief.", by_post=True,
        received_on=in_time,
    )  # fmt: skip
    assert timezone.localdate(objection.lodged_at) == in_time
    services.withdraw_objection(actor=None, objection=objection)
    for day, problem in (
        (timezone.localdate() + timedelta(days=1), "future"),
        (timezone.localdate(decided) - timedelta(days=1), "before"),
        (timezone.localdate(), "term"),
    ):
        with pytest.raises(InvalidChange) as refused:
            services.lodge_objection(
                actor=colleague, application=declined, grounds="Per brief.", by_post=True,
                received_on=day,
            )  # fmt: skip
        assert refused.value.field == ("lodged_at" if problem == "term" else "received_on")
