"""The objection on the pages: the seeker lodges it with a document before the term ends (and
sees until when), the coordinator who declined sees that another decides, a colleague opens the
document and decides, the queue highlights it, and the seeker reads the outcome."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone

from tests.commitments import factories as f
from tests.commitments.test_pages import client_for, seeker_client  # noqa: F401
from voorrang.commitments.models import Decision, Objection
from voorrang.commitments.services.objection import term_ends


def test_an_objection_through_the_pages_is_decided_by_a_second_coordinator(
    org,
    coordinator,
    colleague,
    seeker_client,  # noqa: F811
) -> None:
    client, seeker = seeker_client
    declined = f.declined(f.applied(org, seeker=seeker), coordinator)
    page = client.get(reverse("track:application", args=[declined.pk])).content.decode()
    assert formats.date_format(term_ends(declined), "j F Y") in page
    assert 'enctype="multipart/form-data"' in page
    sent = client.post(
        reverse("track:objection", args=[declined.pk]),
        {
            "grounds": "Ik heb wel tijd.",
            "documents": [SimpleUploadedFile("rooster.pdf", b"%PDF-1.4\n%%EOF\n")],
        },
    )
    assert sent.status_code == 302
    objection = Objection.objects.get()
    document = objection.documents.get()

    decliner = client_for(coordinator)
    queue = decliner.get(reverse("welfare:queue")).content.decode()
    assert "objection waiting" in queue
    mine = decliner.get(reverse("welfare:application", args=[declined.pk])).content.decode()
    assert "another coordinator of the organisation decides" in mine
    assert reverse("welfare:objection_decide", args=[declined.pk, objection.pk]) not in mine
    refused = decliner.post(
        reverse("welfare:objection_decide", args=[declined.pk, objection.pk]),
        {f"decide-{objection.pk}-outcome": "upheld", f"decide-{objection.pk}-reasons": "Ja."},
    )
    assert refused.status_code in (400, 409)
    objection.refresh_from_db()
    assert objection.pending

    second = client_for(colleague)
    theirs = second.get(reverse("welfare:application", args=[declined.pk])).content.decode()
    download = reverse("welfare:objection_document", args=[declined.pk, objection.pk, document.pk])
    assert download in theirs
    opened = second.get(download)
    assert opened.status_code == 200
    assert opened["Content-Disposition"].startswith("attachment")
    assert b"".join(opened.streaming_content).startswith(b"%PDF")
    decided = second.post(
        reverse("welfare:objection_decide", args=[declined.pk, objection.pk]),
        {
            f"decide-{objection.pk}-outcome": "upheld",
            f"decide-{objection.pk}-reasons": "U heeft gelijk.",
        },
    )
    assert decided.status_code == 302
    outcome = client.get(reverse("track:application", args=[declined.pk])).content.decode()
    assert "U heeft gelijk." in outcome


def test_after_the_term_the_seeker_reads_until_when_and_has_no_form(
    org,
    coordinator,
    seeker_client,  # noqa: F811
) -> None:
    client, seeker = seeker_client
    declined = f.declined(f.applied(org, seeker=seeker), coordinator)
    decision = declined.decisions.get()
    decision.decided_at = timezone.now() - timedelta(weeks=7)
    decision.save()
    page = client.get(reverse("track:application", args=[declined.pk])).content.decode()
    assert "That date has passed" in page
    assert reverse("track:objection", args=[declined.pk]) not in page


def test_a_coordinator_registers_an_objection_by_post_and_names_who_decides(
    org, coordinator, colleague
) -> None:
    third = f.coordinator(org, "third")
    declined = f.declined(f.applied(org), coordinator)
    Decision.objects.filter(application=declined).update(
        decided_at=timezone.now() - timedelta(days=10)
    )
    received = timezone.localdate() - timedelta(days=3)
    registrar = client_for(colleague)
    sent = registrar.post(
        reverse("welfare:objection_register", args=[declined.pk]),
        {"by-post-grounds": "Brief van de zoeker.", "by-post-received_on": str(received)},
    )
    assert sent.status_code == 302
    objection = Objection.objects.get()
    assert objection.registered_by == colleague
    # The letter counts from the day it came in, not from the day it was typed in.
    assert timezone.localdate(objection.lodged_at) == received
    page = registrar.get(reverse("welfare:application", args=[declined.pk])).content.decode()
    assert "You registered this objection" in page
    named = client_for(coordinator).post(
        reverse("welfare:objection_assign", args=[declined.pk, objection.pk]),
        {f"assign-{objection.pk}-coordinator": third.pk},
    )
    assert named.status_code == 302
    objection.refresh_from_db()
    assert objection.assigned_to == third


def test_the_seeker_withdraws_a_waiting_objection_and_a_bad_letter_is_shown_again(
    org,
    coordinator,
    colleague,
    seeker_client,  # noqa: F811
) -> None:
    client, seeker = seeker_client
    declined = f.declined(f.applied(org, seeker=seeker), coordinator)
    client.post(reverse("track:objection", args=[declined.pk]), {"grounds": "Oneens."})
    objection = Objection.objects.get()
    withdrawn = client.post(reverse("track:objection_withdraw", args=[declined.pk, objection.pk]))
    assert withdrawn.status_code == 302
    objection.refresh_from_db()
    assert objection.status == "withdrawn"
    empty = client_for(colleague).post(
        reverse("welfare:objection_register", args=[declined.pk]), {"by-post-grounds": ""}
    )
    assert empty.status_code == 400
    assert "by-post-grounds" in empty.content.decode()
    assert Objection.objects.count() == 1
