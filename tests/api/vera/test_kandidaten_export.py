"""The candidate list of a vacancy exported in VERA kandidaten form: the command and the staff
download give exactly the bodies of /api/vera/kandidaten, and each export is recorded."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.api.vera.letting import client_with, letting
from tests.api.vera.shapes import vera_errors
from tests.staff.accounts import account, log_in
from voorrang.api.vera.exports import EXPORTERS
from voorrang.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def download_url(reference: str) -> str:
    return reverse("staff:vacancy_vera_kandidaten", args=[reference])


SHAPES = {"relatie": "Kandidaten-NatuurlijkPersoon"}


def test_the_command_writes_the_kandidaten_of_the_interface_to_a_file(tmp_path) -> None:
    world = letting()
    target = tmp_path / "kandidaten.json"

    call_command(
        "export_vera",
        "kandidaten",
        "--vacancy",
        world.lottery.reference,
        "--output",
        str(target),
        stderr=StringIO(),
    )

    exported = json.loads(target.read_text(encoding="utf-8"))
    served = (
        client_with("WRV.Kandidaten.Read")
        .get("/api/vera/kandidaten", {"publicatie": world.lottery.reference})
        .json()
    )
    assert exported == served
    schema = "Kandidaten-Kandidaatbericht"
    assert vera_errors("WRV.yaml", schema, exported, many=True, shapes=SHAPES) == []
    assert AuditEvent.objects.filter(
        action="api.vera_export", object_id=str(world.lottery.pk)
    ).exists()


def test_the_command_prints_to_standard_output_without_output() -> None:
    world = letting()
    out = StringIO()

    call_command("export_vera", "kandidaten", "--vacancy", world.lottery.reference, stdout=out)

    assert [k["positie"] for k in json.loads(out.getvalue())] == [1, 2, 3]


@pytest.mark.parametrize("reference", ["V-NONE", "open"])
def test_an_unknown_or_unranked_vacancy_is_refused_naming_the_field(reference) -> None:
    world = letting()
    if reference == "open":
        reference = world.open_vacancy.reference
    with pytest.raises(CommandError, match=r"^vacancy: "):
        call_command("export_vera", "kandidaten", "--vacancy", reference, stdout=StringIO())
    assert not AuditEvent.objects.filter(action="api.vera_export").exists()


def test_the_exporters_are_a_table_another_export_can_join() -> None:
    assert "kandidaten" in EXPORTERS
    assert callable(EXPORTERS["kandidaten"].export)


def test_letting_staff_download_it_from_the_vacancy_page(client) -> None:
    world = letting()
    log_in(client, account("verhuur", "staff-allocation"))

    page = client.get(reverse("staff:vacancy", args=[world.lottery.reference]))
    download = client.get(download_url(world.lottery.reference))

    assert download_url(world.lottery.reference) in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/json")
    assert "attachment" in download["Content-Disposition"]
    body = json.loads(download.content)
    first = world.lottery.rankings.get(is_current=True).entries.get(position=1)
    assert body[0]["relatie"]["id"] == first.seeker.registration_number
    event = AuditEvent.objects.get(action="api.vera_export")
    assert "download" in event.summary


def test_the_welfare_organisation_cannot_download_it(client) -> None:
    world = letting()
    log_in(client, account("welzijn", "staff-welfare"))

    answer = client.get(download_url(world.lottery.reference))

    assert answer.status_code == 403
    assert not AuditEvent.objects.filter(action="api.vera_export").exists()
