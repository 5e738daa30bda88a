"""The lettings exported as VERA toewijzingen: the command ``export_vera toewijzingen`` and the
download on the staff's work queue give the bodies of ``/api/vera/toewijzingen``."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.api.vera.contract import lettings, vera_errors
from tests.staff.accounts import account, log_in
from voorrang.api.vera.toewijzingen import toewijzing

pytestmark = pytest.mark.django_db


def test_the_command_writes_the_lettings_of_the_period_as_vera_toewijzingen(tmp_path) -> None:
    let = lettings(2)
    today = timezone.localdate()
    out = tmp_path / "toewijzingen.json"
    call_command(
        "export_vera", "toewijzingen", "--from", str(today), "--output", str(out), stdout=StringIO()
    )
    body = json.loads(out.read_text(encoding="utf-8"))
    assert vera_errors("WRV.yaml", "Toewijzingen-Toewijzingbericht", body, many=True) == []
    assert sorted(item["code"] for item in body) == sorted(a.vacancy.reference for a in let)
    assert body[0] == toewijzing(let[0])
    # A period before the lettings: none.
    printed = StringIO()
    call_command(
        "export_vera",
        "toewijzingen",
        "--until",
        str(today - dt.timedelta(days=1)),
        stdout=printed,
    )
    assert json.loads(printed.getvalue()) == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--from", "7-12-2026"], "--from"),
        (["--from", "2026-02-02", "--until", "2026-01-01"], "--until"),
    ],
)
def test_the_command_names_the_option_at_fault(args, field) -> None:
    with pytest.raises(CommandError, match=rf"^{field}: "):
        call_command("export_vera", "toewijzingen", *args, stdout=StringIO())


def test_letting_staff_download_the_lettings_from_the_work_queue(client) -> None:
    let = lettings(1)
    log_in(client, account("verhuur1", "staff-allocation"))
    queue = client.get(reverse("staff:queue"))
    assert reverse("staff:allocations_vera") in queue.content.decode()
    answer = client.get(reverse("staff:allocations_vera"))
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="toewijzingen.json"'
    body = json.loads(answer.content)
    assert [item["code"] for item in body] == [let[0].vacancy.reference]
    assert vera_errors("WRV.yaml", "Toewijzingen-Toewijzingbericht", body, many=True) == []
    bad = client.get(reverse("staff:allocations_vera"), {"date_from": "gisteren"})
    assert bad.status_code == 400
    assert bad.content.decode().startswith("From: ") or bad.content.decode().startswith("Van: ")


def test_no_one_else_downloads_the_lettings(client) -> None:
    log_in(client, account("beleid1", "policy"))
    assert client.get(reverse("staff:allocations_vera")).status_code == 403
