"""The evaluation report: HTML and PDF, byte-identical HTML for the same snapshot, the
sections of other apps included when installed and left out when not, and the button."""

from __future__ import annotations

import datetime as dt
import re
import sys
import types

import pytest
from django.core.management import call_command
from django.test import Client

from tests.allocation.flow import published
from tests.staff.accounts import account, log_in
from voorrang.evaluation import report
from voorrang.evaluation.example import load_example
from voorrang.evaluation.models import EvaluationReport

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def example():
    """The example in English, as most of these tests read the pages in English."""
    return load_example(language="en")


def test_the_report_is_written_as_html_and_pdf(example, tmp_path) -> None:
    call_command(
        "evaluation_report", "--out", str(tmp_path), "--as-of", "2024-06-30", "--language", "en"
    )
    html = (tmp_path / "report.html").read_text()
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert "Data as of the end of 30 June 2024" in html
    assert 'role="img"' in html
    assert "Targeted allocation in the L-flat, Zeist" in html
    for name in ("Targeted allocations per year against the quota", "Nuisance reports"):
        assert name in html
    assert "Limitations" in html
    # The survey indicators read the surveys app: no questionnaires yet, so no numbers yet.
    assert "Social cohesion (CBS scale, 0-10)" in html
    assert "No numbers for this indicator up to this date." in html
    assert 'id="survey-results-heading"' in html
    # The contents lead to every section, the apps' own too.
    contents = html[html.index('id="contents"') : html.index("</nav>")]
    for anchor in ("method", "limitations", "survey-results-heading", "stories-heading"):
        assert f'href="#{anchor}"' in contents
        assert f'id="{anchor}"' in html


def test_the_dutch_report_shows_the_theory_in_dutch(tmp_path) -> None:
    load_example()  # in the installation's language, Dutch
    call_command("evaluation_report", "--out", str(tmp_path), "--as-of", "2024-06-30")
    html = (tmp_path / "report.html").read_text()
    title = "Gerichte woningtoewijzing in de L-flat, Zeist"
    assert f'<h2 id="theory-title-zeist-lflat">Veranderverhaal: {title}</h2>' in html
    diagram = re.search(r"<svg[^>]*role=\"img\".*?</svg>", html, re.DOTALL).group()
    assert f'<title id="toc-zeist-lflat-title">Veranderverhaal: {title}</title>' in diagram
    assert "Minder eenzaamheid onder bewoners leidt tot" in diagram
    assert "Overlastmeldingen per flat per maand" in html
    assert "Gegevens tot en met het einde van 30 juni 2024" in html
    assert '<a href="#survey-results-heading">Bewonersenquêtes</a>' in html
    for english in ("Targeted allocation in the L-flat", "Less loneliness", "Nuisance reports"):
        assert english not in html


def test_the_same_snapshot_gives_a_byte_identical_report(example, tmp_path) -> None:
    staff = account("verhuur", "staff-allocation")
    published(staff)
    first = report.report_html(as_of=AS_OF, language="nl")
    second = report.report_html(as_of=AS_OF, language="nl")
    assert first == second
    call_command("evaluation_report", "--out", str(tmp_path / "a"), "--as-of", "2024-06-30")
    call_command("evaluation_report", "--out", str(tmp_path / "b"), "--as-of", "2024-06-30")
    assert (tmp_path / "a" / "report.html").read_bytes() == (
        tmp_path / "b" / "report.html"
    ).read_bytes()
    assert report.report_html(as_of=dt.date(2024, 7, 1), language="nl") != first


def test_an_installed_apps_section_is_included_and_a_missing_one_left_out(
    example, monkeypatch, settings, tmp_path
) -> None:
    template_dir = tmp_path / "templates" / "standin"
    template_dir.mkdir(parents=True)
    (template_dir / "report_section.html").write_text(
        '<section id="standin"><h2>Survey results</h2><p>{{ mean }}</p></section>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path / "templates"]}
    ]
    module = types.ModuleType("standin_report")
    module.section = lambda *, as_of: {"mean": f"7.1 as of {as_of.isoformat()}"}
    monkeypatch.setitem(sys.modules, "standin_report", module)
    monkeypatch.setattr(
        report,
        "SECTIONS",
        [
            report.SectionProvider(
                "voorrang.evaluation", "standin_report", "standin/report_section.html"
            ),
            report.SectionProvider("voorrang.not_installed", "nowhere", "nowhere.html"),
        ],
    )
    html = report.report_html(as_of=AS_OF, language="en")
    assert (
        '<section id="standin"><h2>Survey results</h2><p>7.1 as of 2024-06-30</p></section>' in html
    )


def test_a_report_without_a_date_is_refused_naming_the_field(example) -> None:
    client = Client(headers={"accept-language": "en"})
    log_in(client, account("onderzoek", "researcher"))
    response = client.post("/evaluation/report/", {"as_of": "30-06-2024", "language": "en"})
    assert response.status_code == 400
    assert "Data as of" in response.content.decode()
    assert not EvaluationReport.objects.exists()


def test_the_pages_show_the_diagram_outline_and_figures(example) -> None:
    client = Client(headers={"accept-language": "en"})
    log_in(client, account("beleid", "policy"))
    page = client.get("/evaluation/").content.decode()
    assert 'role="img"' in page and "Outline" in page
    assert "Enough applicants willing to commit for longer" in page
    page = client.get("/evaluation/indicators/?as_of=2024-06-30").content.decode()
    assert "Days to let, targeted and regular vacancies" in page
    json_download = client.get("/evaluation/theory.json")
    assert json_download.json()["key"] == "zeist-lflat"


def test_voorrang_report_passes_its_options_to_the_report_command() -> None:
    from voorrang.cli import build_parser, cmd_report

    args = build_parser().parse_args(
        ["report", "--out", "out", "--as-of", "2024-06-30", "--language", "en"]
    )
    assert args.handler is cmd_report
    assert (args.out, args.as_of, args.language) == ("out", "2024-06-30", "en")


def test_a_bad_as_of_date_exits_2(tmp_path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as caught:
        call_command("evaluation_report", "--out", str(tmp_path), "--as-of", "30-06-2024")
    assert caught.value.returncode == 2
    assert not list(tmp_path.iterdir())


def test_the_dutch_report_names_scales_questionnaires_and_computations() -> None:
    load_example(language="nl")
    html = report.report_html(as_of=AS_OF, language="nl")
    assert (
        "de schaal ‘Sociale samenhang (0-10)’ van de vragenlijst ‘Sociale samenhang in de "
        "buurt (CBS Veiligheidsmonitor)’" in html
    )
    assert "de schaal ‘Eenzaamheid (0-6)’ van de vragenlijst ‘Eenzaamheid" in html
    assert "schaal cohesion" not in html and "vragenlijst social-cohesion" not in html
    assert "(track_retention)" not in html and "(days_to_let)" not in html


def test_the_english_report_names_them_in_english(example) -> None:
    html = report.report_html(as_of=AS_OF, language="en")
    assert "the scale ‘Loneliness (0-6)’ of the questionnaire ‘Loneliness (De Jong" in html
    assert "survey scale loneliness" not in html
