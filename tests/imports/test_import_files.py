"""Imports of units, seekers, responses and urgency: every format, idempotent on the source
id, a bad row imports nothing and is named by row and column, a registration date is changed
only by two people."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from tests.factories import BuildingFactory, SeekerFactory, StaffFactory, VacancyFactory
from voorrang.allocation.models import Response
from voorrang.allocation.states import VacancyState
from voorrang.audit.models import AuditEvent
from voorrang.housing.models import Unit
from voorrang.imports.services import ImportRefused, run_import
from voorrang.seekers.models import (
    ChangeStatus,
    RegistrationDateChange,
    Seeker,
    UrgencyDeclaration,
)

pytestmark = pytest.mark.django_db

UNITS_CSV = (
    "source_id;building;street;number;addition;postcode;town;bag_id;rooms;surface_m2;rent\n"
    "ERP-1;L-flat;Laan van Vollenhove;1;A;3706 AA;Zeist;0355010000000001;3;72;650,00\n"
    "ERP-2;L-flat;Laan van Vollenhove;2;;3706AA;Zeist;;2;55;540.50\n"
)

SEEKERS_CSV = (
    "source_id,registered_on,first_name,last_name,birth_date,income,postcode\n"
    "P-1,2015-03-01,Anna,de Vries,1980-01-02,31000,3705 AB\n"
    'P-2,01-06-2018,Bram,Jansen,1990-05-06,"28.500,00",\n'
)


def texts(refused) -> list[str]:
    with translation.override("en"):
        return [str(problem) for problem in refused.value.result.problems]


def _import(kind: str, text: str | bytes, name: str = "file.csv", **options):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return run_import(
        actor=StaffFactory(username="importer"), kind=kind, name=name, data=data, **options
    )


def test_units_from_a_csv_with_semicolons_are_created_with_their_bag_and_source_ids() -> None:
    BuildingFactory()
    result = _import("units", "\ufeff" + UNITS_CSV)
    assert result.counts["new"] == 2 and result.written
    unit = Unit.objects.get(source_id="ERP-1")
    assert (unit.bag_id, unit.addition, unit.rent) == ("0355010000000001", "A", Decimal("650.00"))
    assert Unit.objects.get(source_id="ERP-2").postcode == "3706 AA"
    event = AuditEvent.objects.get(action="import.done")
    assert event.after["new"] == 2 and len(event.after["sha256"]) == 64


def test_a_reimport_is_idempotent_and_reports_what_changed() -> None:
    BuildingFactory()
    _import("units", UNITS_CSV)
    again = _import("units", UNITS_CSV)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 2, "requested": 0}
    changed = _import("units", UNITS_CSV.replace("650,00", "675,00"))
    assert changed.counts["changed"] == 1
    outcome = next(o for o in changed.outcomes if o.action == "changed")
    assert outcome.changes == {"rent": ("650.00", "675.00")}
    assert Unit.objects.get(source_id="ERP-1").rent == Decimal("675.00")
    assert Unit.objects.count() == 2


def test_a_file_with_any_bad_row_imports_nothing_and_names_every_row_and_column() -> None:
    BuildingFactory()
    bad = UNITS_CSV + (
        "ERP-3;L-flat;Laan van Vollenhove;3;;1234;Zeist;12345;3;72;650\n"
        "ERP-4;Nowhere;Laan van Vollenhove;4;;3706 AA;Zeist;;x;72;650\n"
    )
    with pytest.raises(ImportRefused) as refused, translation.override("en"):
        _import("units", bad)
    found = texts(refused)
    assert (
        "row 4, column postcode: '1234' is not a Dutch postcode (four digits and two letters)"
        in found
    )
    assert "row 4, column bag_id: '12345' is not a BAG id (16 digits)" in found
    assert "row 5, column rooms: 'x' is not a whole number" in found
    assert Unit.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import.done").exists()


def test_an_unknown_building_is_named_and_nothing_is_written() -> None:
    BuildingFactory()
    with pytest.raises(ImportRefused) as refused, translation.override("en"):
        _import("units", UNITS_CSV.replace("ERP-2;L-flat", "ERP-2;Nowhere"))
    assert texts(refused) == ["row 3, column building: 'Nowhere' is not a building we know"]
    assert Unit.objects.count() == 0


def test_a_dry_run_shows_what_would_change_and_writes_nothing() -> None:
    BuildingFactory()
    result = _import("units", UNITS_CSV, dry_run=True)
    assert result.counts["new"] == 2 and not result.written
    assert Unit.objects.count() == 0


def test_seekers_from_xlsx_carry_their_registration_date_and_source_id() -> None:
    book = Workbook()
    sheet = book.active
    for line in SEEKERS_CSV.strip().splitlines():
        sheet.append(next(__import__("csv").reader([line])))
    sheet["B3"] = dt.datetime(2018, 6, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    result = _import("seekers", buffer.getvalue(), name="seekers.xlsx")
    assert result.counts["new"] == 2
    anna = Seeker.objects.get(source_id="P-1")
    assert anna.registered_on == dt.date(2015, 3, 1)
    assert anna.main_applicant.last_name == "de Vries"
    assert Seeker.objects.get(source_id="P-2").income == Decimal("28500.00")
    assert anna.registration_number.startswith("W")


def test_a_changed_registration_date_is_asked_of_a_second_staff_member_not_changed() -> None:
    _import("seekers", SEEKERS_CSV)
    result = _import("seekers", SEEKERS_CSV.replace("2015-03-01", "2012-03-01"))
    assert result.counts["requested"] == 1
    anna = Seeker.objects.get(source_id="P-1")
    assert anna.registered_on == dt.date(2015, 3, 1)
    change = RegistrationDateChange.objects.get(seeker=anna)
    assert (change.new_date, change.status) == (dt.date(2012, 3, 1), ChangeStatus.PENDING)
    # The same file again asks nothing twice.
    again = _import("seekers", SEEKERS_CSV.replace("2015-03-01", "2012-03-01"))
    assert again.counts["requested"] == 0
    assert RegistrationDateChange.objects.count() == 1


def test_a_changed_income_goes_through_the_seekers_service() -> None:
    _import("seekers", SEEKERS_CSV)
    result = _import("seekers", SEEKERS_CSV.replace("31000", "33000"))
    assert result.counts["changed"] == 1
    assert Seeker.objects.get(source_id="P-1").income == Decimal("33000.00")
    assert AuditEvent.objects.filter(action="seeker.details_changed").count() == 1


def test_responses_go_through_the_response_rules() -> None:
    seeker = SeekerFactory(source_id="P-9")
    vacancy = VacancyFactory(state=VacancyState.PUBLISHED)
    closed = VacancyFactory(state=VacancyState.WITHDRAWN)
    text = f"seeker,vacancy\nP-9,{vacancy.reference}\n"
    assert _import("responses", text).counts["new"] == 1
    assert Response.objects.filter(seeker=seeker, vacancy=vacancy).exists()
    assert _import("responses", text).counts["unchanged"] == 1
    with pytest.raises(ImportRefused) as refused, translation.override("en"):
        _import("responses", f"seeker,vacancy\n{seeker.registration_number},{closed.reference}\n")
    assert texts(refused)[0].startswith("row 2, column ")
    assert Response.objects.count() == 1


def test_responses_as_vera_reacties() -> None:
    SeekerFactory(source_id="P-9")
    vacancy = VacancyFactory(state=VacancyState.PUBLISHED)
    body = [
        {"publicatie": {"id": vacancy.reference}, "relaties": ["https://platform/relaties/P-9"]}
    ]
    result = _import("responses", json.dumps(body), name="reacties.json")
    assert result.counts["new"] == 1


def test_urgency_is_proposed_and_waits_for_a_second_person() -> None:
    seeker = SeekerFactory(source_id="P-7")
    text = "seeker,kind,valid_from,valid_until,issued_by\nP-7,medical,2025-01-01,2027-01-01,GGD\n"
    assert _import("urgency", text).counts["new"] == 1
    declaration = UrgencyDeclaration.objects.get(seeker=seeker)
    assert declaration.status == "proposed"
    assert _import("urgency", text).counts["unchanged"] == 1


def test_units_as_vera_eenheden() -> None:
    BuildingFactory()
    body = {
        "idExtern": "ERP-77",
        "idGegevensbeheerder": "0355010000000077",
        "clusters": [{"naam": "L-flat"}],
        "adres": {
            "straatnaam": "Laan van Vollenhove",
            "huisnummer": "77",
            "postcode": "3706AA",
            "woonplaats": {"naam": "Zeist"},
        },
        "kamersAantal": 2,
        "oppervlakten": [{"soort": {"code": "GBO"}, "waarde": 51}],
        "prijscomponenten": [{"detailSoort": {"code": "KAL"}, "bedrag": 612.5}],
    }
    _import("units", json.dumps([body]), name="eenheden.json")
    unit = Unit.objects.get(source_id="ERP-77")
    assert (unit.surface_m2, unit.rent, unit.bag_id) == (51, Decimal("612.50"), "0355010000000077")


def test_the_command_lists_every_problem_and_exits_with_an_error(tmp_path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("source_id,building\nX,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError), translation.override("en"):
        call_command("import_records", "units", str(path), "--quiet", stderr=err)
    assert "row 1, column street: is missing from the header row" in err.getvalue()
    assert "row 2, column building: is empty" in err.getvalue()


def test_the_command_imports_and_prints_the_counts(tmp_path) -> None:
    BuildingFactory()
    path = tmp_path / "units.csv"
    path.write_text(UNITS_CSV, encoding="utf-8")
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_records", "units", str(path), "--quiet", stdout=out)
    assert "2 new, 0 changed, 0 unchanged" in out.getvalue()
    assert Unit.objects.count() == 2


def test_a_date_change_without_a_staff_member_is_named_and_nothing_is_written() -> None:
    data = SEEKERS_CSV.encode()
    run_import(actor=None, kind="seekers", name="s.csv", data=data)
    changed = SEEKERS_CSV.replace("2015-03-01", "2012-03-01").replace("31000", "33000").encode()
    with pytest.raises(ImportRefused) as refused, translation.override("en"):
        run_import(actor=None, kind="seekers", name="s.csv", data=changed)
    assert texts(refused)[0].startswith("row 2, column registered_on: needs a staff member")
    assert Seeker.objects.get(source_id="P-1").income == Decimal("31000.00")


def test_made_up_registration_numbers_never_take_one_the_file_gives() -> None:
    text = (
        "source_id,registration_number,registered_on,first_name,last_name,birth_date,income\n"
        "P-1,,2015-03-01,Anna,de Vries,1980-01-02,31000\n"
        "P-2,W100001,2015-03-01,Bram,Jansen,1980-01-02,31000\n"
    )
    _import("seekers", text)
    numbers = set(Seeker.objects.values_list("registration_number", flat=True))
    assert numbers == {"W100001", "W100002"}


def test_voorrang_import_is_a_command_of_its_own(monkeypatch) -> None:
    """``voorrang import`` hands its arguments to the import_records command (which the
    tests above run)."""
    from voorrang import cli
    from voorrang.config import runtime

    handed: list[list[str]] = []
    monkeypatch.setattr(runtime, "manage", lambda arguments: handed.append(arguments) or 0)
    assert cli.main(["import", "units", "units.csv", "--dry-run", "--quiet"]) == 0
    assert cli.main(["import", "seekers", "s.xlsx", "--user", "jbakker"]) == 0
    assert handed == [
        ["import_records", "units", "units.csv", "--dry-run", "--quiet"],
        ["import_records", "seekers", "s.xlsx", "--user", "jbakker"],
    ]
