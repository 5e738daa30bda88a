"""/api/vera/publicaties: the published vacancies in VERA's Publicatie, with VERA's paging,
codes and errors."""

from __future__ import annotations

import pytest

from tests.api.vera.letting import client_with, letting
from tests.api.vera.shapes import vera_errors
from tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db

SHAPES = {"adres": "Publicaties-Eenheidadres"}


def errors(body, many=False):
    return vera_errors("WRV.yaml", "Publicaties-Publicatiebericht", body, many=many, shapes=SHAPES)


def test_the_list_is_vera_publicaties_with_vera_paging_headers() -> None:
    world = letting()
    VacancyFactory(reference="V-DRAFT")  # a draft is no publicatie
    http = client_with("WRV.Publicaties.Read")

    answer = http.get("/api/vera/publicaties")

    assert answer.status_code == 200
    body = answer.json()
    assert errors(body, many=True) == []
    assert {p["id"] for p in body} == {world.lottery.reference, world.open_vacancy.reference}
    assert answer["X-Parameters-Aantal"] == "2"
    assert answer["X-Parameters-AantalPerPagina"] == "20"
    assert answer["X-Parameters-Pagina"] == "1"
    assert "X-Parameters-Cursor" not in answer


def test_a_page_of_one_gives_a_cursor_to_the_next_page() -> None:
    letting()
    http = client_with("WRV.All.Read")

    first = http.get("/api/vera/publicaties", HTTP_X_PARAMETERS_AANTALPERPAGINA="1")
    second = http.get(
        "/api/vera/publicaties",
        {"cursor": first["X-Parameters-Cursor"]},
        HTTP_X_PARAMETERS_AANTALPERPAGINA="1",
    )

    assert len(first.json()) == 1 and len(second.json()) == 1
    assert first.json()[0]["id"] != second.json()[0]["id"]
    assert second["X-Parameters-Pagina"] == "2"
    assert "X-Parameters-Cursor" not in second


def test_a_lottery_is_model_lot_and_a_targeted_vacancy_carries_the_commitment_and_intake() -> None:
    world = letting()
    http = client_with("WRV.Publicaties.Read")

    lottery = http.get(f"/api/vera/publicaties/{world.lottery.reference}").json()
    regular = http.get(f"/api/vera/publicaties/{world.open_vacancy.reference}").json()

    assert errors(lottery) == [] and errors(regular) == []
    assert lottery["model"] == {"code": "LOT", "naam": "Lotingmodel"}
    assert regular["model"] == {"code": "AAN", "naam": "Aanbodmodel"}
    assert lottery["status"]["code"] == "AAN"  # ranked and on offer
    assert regular["status"] == {"code": "GEP", "naam": "Gepubliceerd"}
    assert world.lottery.targeted and not world.open_vacancy.targeted
    assert lottery["intakevorm"] == {"code": "MOT", "naam": "Motivatie"}
    assert lottery["eenheden"][0]["criteria"][0]["id"] == "commitment"
    assert lottery["eenheden"][0]["criteria"][0]["soort"]["code"] == "GRO"
    assert "intakevorm" not in regular and "criteria" not in regular["eenheden"][0]
    assert lottery["eenheden"][0]["idExtern"] == "ERP-1"
    assert lottery["einddatum"].endswith("Z")


def test_the_status_and_model_filters_use_vera_codes() -> None:
    world = letting()
    http = client_with("WRV.Publicaties.Read")

    published = http.get("/api/vera/publicaties", {"status": "GEP"}).json()
    lotteries = http.get("/api/vera/publicaties", {"model": "LOT"}).json()

    assert [p["id"] for p in published] == [world.open_vacancy.reference]
    assert [p["id"] for p in lotteries] == [world.lottery.reference]


@pytest.mark.parametrize(
    ("query", "headers", "field"),
    [
        ({"status": "published"}, {}, "status"),
        ({"model": "lottery"}, {}, "model"),
        ({"pagina": "nul"}, {}, "pagina"),
        ({"cursor": "bogus"}, {}, "cursor"),
        ({}, {"HTTP_X_PARAMETERS_AANTALPERPAGINA": "500"}, "X-Parameters-AantalPerPagina"),
    ],
)
def test_bad_input_is_a_400_foutbericht_naming_the_field(query, headers, field) -> None:
    http = client_with("WRV.Publicaties.Read")

    answer = http.get("/api/vera/publicaties", query, **headers)

    assert answer.status_code == 400
    body = answer.json()
    assert set(body) == {"code", "omschrijving"}
    assert body["omschrijving"].startswith(f"{field}: ")


def test_an_unknown_or_draft_publicatie_is_a_404_foutbericht() -> None:
    VacancyFactory(reference="V-DRAFT")
    http = client_with("WRV.Publicaties.Read")

    for reference in ("V-DRAFT", "V-NONE"):
        answer = http.get(f"/api/vera/publicaties/{reference}")
        assert answer.status_code == 404
        assert set(answer.json()) == {"code", "omschrijving"}


def test_no_key_is_401_and_a_key_without_the_scope_is_403() -> None:
    from rest_framework.test import APIClient

    assert APIClient().get("/api/vera/publicaties").status_code == 401
    other = client_with("WRV.Eenheden.Read")
    assert other.get("/api/vera/publicaties").status_code == 403
    assert other.get("/api/vera/publicaties/V-1").status_code == 403


def test_a_page_of_25_publicaties_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries,
) -> None:
    for _n in range(25):
        VacancyFactory(state="published")
    http = client_with("WRV.Publicaties.Read")

    with django_assert_max_num_queries(6):
        answer = http.get("/api/vera/publicaties", HTTP_X_PARAMETERS_AANTALPERPAGINA="25")

    assert len(answer.json()) == 25
