"""The theory of change: the shipped Zeist example, the document format and its errors,
storing and restoring, the diagram, and observations imported from CSV."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import BuildingFactory
from voorrang.evaluation import diagram, example, selectors, services
from voorrang.evaluation import theory as t
from voorrang.evaluation.models import Observation, TheoryOfChange


def _example() -> dict:
    return json.loads(example.shipped_text("zeist-lflat"))


def test_the_shipped_example_ends_in_the_partners_published_lessons() -> None:
    theory = services.read_theory(example.shipped_text("zeist-lflat", language="en"))
    lessons = [w.title for w in theory.working_elements if w.key.startswith("lesson-")]
    assert len(lessons) == 3
    assert any("municipality, corporation, welfare organisation and tenants" in x for x in lessons)
    assert any("commit for longer" in x for x in lessons)
    assert any("concrete activities" in x for x in lessons)
    assert {e.kind for e in theory.elements} == set(t.ELEMENT_KINDS)
    assert any("movisie.nl" in s.url for s in theory.sources)
    kinds = {i.source_kind for i in theory.indicators}
    assert kinds == {"computed", "survey", "entered"}


def test_a_document_reads_back_to_the_same_theory() -> None:
    theory = services.read_theory(example.shipped_text("zeist-lflat"))
    assert t.parse_theory(t.theory_document(theory)) == theory
    assert t.load_theory_json(t.dump_theory_json(theory)) == theory


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            lambda d: d["links"].append(
                {"from": "nope", "to": "impact-neighbourhood", "rationale": "x"}
            ),
            "links[20].from",
        ),
        (lambda d: d["elements"].append(dict(d["elements"][0])), "elements[18].key"),
        (lambda d: d["elements"][0].update(kind="wish"), "elements[0].kind"),
        (
            lambda d: d["indicators"][0]["source"].update(computation="guess"),
            "indicators[0].source.computation",
        ),
        (
            lambda d: d["indicators"][0]["baseline"].update(date="31-11-2021"),
            "indicators[0].baseline.date",
        ),
        (
            lambda d: d["assumptions"][0].update(
                link=["problem-concentration", "impact-neighbourhood"]
            ),
            "assumptions[0].link",
        ),
        (lambda d: d["links"][0].update(evidence="proof"), "links[0].evidence"),
        (lambda d: d.pop("title"), "title"),
    ],
)
def test_an_invalid_document_is_refused_naming_the_place(change, where) -> None:
    document = _example()
    change(document)
    with pytest.raises(t.TheoryError) as caught:
        services.read_theory(json.dumps(document))
    assert caught.value.where == where


def test_not_json_is_refused() -> None:
    with pytest.raises(t.TheoryError, match="not valid JSON"):
        services.read_theory("{nope")


@pytest.mark.django_db
def test_stored_theory_reads_back_equal_and_is_replaced_only_on_request() -> None:
    toc = example.load_example()
    stored = selectors.theory_value(toc)
    assert stored == services.read_theory(example.shipped_text("zeist-lflat"))
    with pytest.raises(services.InvalidChange):
        example.load_example()
    assert TheoryOfChange.objects.count() == 1
    example.load_example(replace=True)
    assert TheoryOfChange.objects.count() == 1


@pytest.mark.django_db
def test_json_export_restores_the_theory_with_its_observations(tmp_path, capsys) -> None:
    BuildingFactory(name="L-flat")
    toc = example.load_example()
    services.import_observations(
        actor=None,
        theory=toc,
        data=b"indicator,period_start,period_end,building,value\n"
        b"nuisance-reports,2023-01-01,2023-01-31,L-flat,7\n",
    )
    call_command("export_theory_of_change", "zeist-lflat")
    exported = capsys.readouterr().out
    path = tmp_path / "theory.json"
    path.write_text(exported)
    Observation.objects.all().delete()
    call_command("load_theory_of_change", str(path), "--replace")
    capsys.readouterr()
    restored = selectors.theory_value(TheoryOfChange.objects.get())
    assert restored.observations == (
        t.Observation(
            "nuisance-reports",
            t.parse_date("2023-01-01", ""),
            t.parse_date("2023-01-31", ""),
            Decimal(7),
            "L-flat",
            "",
        ),
    )
    call_command("export_theory_of_change", "zeist-lflat", "--format", "csv")
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("record,key,kind,from,to")
    assert sum(r.startswith("element,") for r in rows) == 18
    assert sum(r.startswith("indicator,") for r in rows) == 10


@pytest.mark.django_db
def test_the_load_command_exits_2_on_a_bad_file(tmp_path) -> None:
    path = tmp_path / "bad.json"
    document = _example()
    document["links"][0]["to"] = "nowhere"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError) as caught:
        call_command("load_theory_of_change", str(path))
    assert caught.value.returncode == 2
    assert "links[0].to" in str(caught.value)
    assert not TheoryOfChange.objects.exists()


def test_the_diagram_is_an_accessible_svg_with_every_element() -> None:
    theory = services.read_theory(example.shipped_text("zeist-lflat"))
    svg = diagram.draw(
        theory,
        kind_labels={"problem": "Problem"},
        title="Theory of change",
        description=diagram.describe(theory, leads_to="{source} leads to {target}"),
    )
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "toc-title toc-desc"
    assert root.find(f"{ns}title").text == "Theory of change"
    desc = root.find(f"{ns}desc").text
    assert desc.count(" leads to ") == len(theory.links)
    text = " ".join(" ".join(node.itertext()) for node in root.iter(f"{ns}text"))
    for element in theory.elements:
        for word in element.title.split():
            assert word in text
    assert len(root.findall(f".//{ns}path[@class='toc-link']")) == len(theory.links)


NUISANCE = (
    "indicator;period_start;period_end;building;value;note\n"
    "nuisance-reports;2023-01-01;2023-01-31;L-flat;12;\n"
    "nuisance-reports;2023-02-01;2023-02-28;L-flat;9,5;half a report\n"
    "nuisance-reports;2023-01-01;2023-01-31;Berkenhof;3;\n"
)


@pytest.mark.django_db
def test_observations_are_imported_from_csv_and_a_second_import_replaces_values() -> None:
    BuildingFactory(name="L-flat")
    BuildingFactory(name="Berkenhof", designated=False)
    toc = example.load_example()
    result = services.import_observations(actor=None, theory=toc, data=NUISANCE.encode())
    assert (result.created, result.updated) == (3, 0)
    again = NUISANCE.replace(";12;", ";13;")
    result = services.import_observations(actor=None, theory=toc, data=again.encode())
    assert (result.created, result.updated) == (0, 1)
    values = sorted(Observation.objects.values_list("value", flat=True))
    assert values == [Decimal(3), Decimal("9.5"), Decimal(13)]


@pytest.mark.django_db
def test_a_csv_with_bad_rows_stores_nothing_and_names_every_problem() -> None:
    BuildingFactory(name="L-flat")
    toc = example.load_example()
    bad = (
        "indicator,period_start,period_end,building,value\n"
        "nuisance-reports,2023-01-01,2023-01-31,L-flat,4\n"
        "nuisance-reports,2023-13-01,2023-01-31,L-flat,4\n"
        "days-to-let,2023-01-01,2023-01-31,L-flat,4\n"
        "nuisance-reports,2023-03-01,2023-02-01,Nowhere,many\n"
        "unknown,2023-01-01,2023-01-31,,1\n"
    )
    with pytest.raises(services.ObservationImportError) as caught:
        services.import_observations(actor=None, theory=toc, data=bad.encode())
    found = {(e.row, e.field) for e in caught.value.errors}
    assert found == {
        (3, "period_start"),
        (4, "indicator"),
        (5, "period_end"),
        (5, "building"),
        (5, "value"),
        (6, "indicator"),
    }
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_a_csv_without_the_needed_columns_is_refused() -> None:
    toc = example.load_example()
    with pytest.raises(services.ObservationImportError) as caught:
        services.import_observations(actor=None, theory=toc, data=b"a,b\n1,2\n")
    assert {e.field for e in caught.value.errors} == {
        "indicator",
        "period_start",
        "period_end",
        "value",
    }


def test_the_theory_module_imports_no_django() -> None:
    code = (
        "import sys; import voorrang.evaluation.theory, voorrang.evaluation.diagram, "
        "voorrang.evaluation.computations; "
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
