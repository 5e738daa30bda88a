"""The staff page: upload, preview what changes, confirm the stored file; a bad file lists
every problem and stores nothing; a preview that no longer holds is shown anew."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import BuildingFactory, UnitFactory
from tests.staff.accounts import account, log_in
from voorrang.audit.models import AuditEvent
from voorrang.housing.models import Unit
from voorrang.imports.models import StoredImport

pytestmark = pytest.mark.django_db

CSV = (
    "source_id;building;street;number;postcode;town;rooms;surface_m2;rent\n"
    "ERP-1;L-flat;Laan van Vollenhove;1;3706 AA;Zeist;3;72;650,00\n"
    "ERP-2;L-flat;Laan van Vollenhove;2;3706 AA;Zeist;2;55;540,00\n"
)


def staff_client() -> Client:
    client = Client(headers={"accept-language": "en"})
    log_in(client, account("verhuur-import", "staff-allocation"))
    return client


def upload(client: Client, text: str, kind: str = "units"):
    return client.post(
        "/staff/imports/",
        {"kind": kind, "file": SimpleUploadedFile("units.csv", text.encode("utf-8"))},
    )


def test_upload_preview_and_confirm_import_the_stored_file() -> None:
    BuildingFactory()
    client = staff_client()
    page = upload(client, CSV)
    assert page.status_code == 302
    stored = StoredImport.objects.get()
    preview = client.get(page["Location"])
    assert preview.status_code == 200
    assert Unit.objects.count() == 0
    assert preview.context["preview"]["counts"]["new"] == 2
    assert b"ERP-1" in preview.content
    done = client.post(f"/staff/imports/{stored.pk}/confirm/")
    assert done.status_code == 302
    assert Unit.objects.count() == 2
    event = AuditEvent.objects.get(action="import.done")
    assert event.after["sha256"] == stored.sha256
    assert event.actor.username == "verhuur-import"
    # Confirming twice imports nothing twice.
    again = client.post(f"/staff/imports/{stored.pk}/confirm/")
    assert again.status_code == 409


def test_a_bad_file_lists_every_problem_and_stores_nothing() -> None:
    BuildingFactory()
    page = upload(staff_client(), CSV.replace("3706 AA;Zeist;3", "12;Zeist;x"))
    assert page.status_code == 400
    assert "row 2, column postcode: &#x27;12&#x27; is not a Dutch postcode" in page.content.decode()
    assert "row 2, column rooms: &#x27;x&#x27; is not a whole number" in page.content.decode()
    assert StoredImport.objects.count() == 0 and Unit.objects.count() == 0
    # One summary of the problem at the top of the page, not one from the page and one from
    # the staff pages' frame.
    assert page.content.decode().count('role="alert"') == 1


def test_a_preview_that_no_longer_holds_is_shown_anew_and_nothing_is_written() -> None:
    building = BuildingFactory()
    client = staff_client()
    upload(client, CSV)
    stored = StoredImport.objects.get()
    UnitFactory(building=building, source_id="ERP-1", number=1, postcode="3706 AA")
    page = client.post(f"/staff/imports/{stored.pk}/confirm/")
    assert page.status_code == 409
    stored.refresh_from_db()
    assert stored.imported_at is None
    assert stored.preview["counts"] == {"new": 1, "changed": 0, "unchanged": 1, "requested": 0}
    assert Unit.objects.count() == 1
    assert page.content.decode().count('role="alert"') == 1


def test_the_import_page_is_for_letting_staff_only() -> None:
    client = Client()
    log_in(client, account("beleid-import", "policy"))
    assert client.get("/staff/imports/").status_code == 403
