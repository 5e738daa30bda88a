"""``/api/vera/publicaties``: the vacancies that are or were published, as VERA's Publicatie
(WRV.yaml ``Publicaties-Publicatiebericht``). A draft is not a publicatie.

``id`` and ``code`` are the vacancy's reference. ``model`` says how the order is made
(``LOT`` a lottery, ``AAN`` registration time); a targeted vacancy carries the commitment as a
criterium of soort ``GRO`` whose ``id`` is the voorrangsregeling ``commitment``, and the
welfare organisation's intake as intakevorm ``MOT``."""

from __future__ import annotations

from typing import Any

from voorrang.allocation.models import Vacancy
from voorrang.allocation.selectors.vacancies import vacancy_list
from voorrang.allocation.states import VacancyState
from voorrang.api.vera import codes
from voorrang.api.vera.eenheden import eenheid_adres, eenheid_sleutels
from voorrang.api.vera.reading import VeraReadViewSet, choice


def publicatie_sleutels(vacancy: Vacancy) -> dict[str, str]:
    return {"id": vacancy.reference, "code": vacancy.reference}


def publicatie(vacancy: Vacancy) -> dict[str, Any]:
    unit = vacancy.unit
    criteria = []
    if vacancy.targeted:
        criteria.append(
            {
                "id": "commitment",
                "soort": codes.VOORRANGSOORT["commitment"],
                "toepassing": codes.CRITERIUM_SORTERING,
            }
        )
    eenheid = codes.without_empty(
        {
            **eenheid_sleutels(unit),
            "code": str(unit.pk),
            "soort": codes.WOONRUIMTE,
            "naam": str(unit),
            "adres": eenheid_adres(unit, line=False),
            "kamersAantal": unit.rooms,
            "etage": unit.floor,
            "brutohuur": float(vacancy.rent + unit.service_costs),
            "prijscomponenten": [
                {
                    "soort": codes.NETTO_HUUR,
                    "detailSoort": codes.KALE_HUUR,
                    "bedrag": float(vacancy.rent),
                }
            ],
            "criteria": criteria,
        }
    )
    return codes.without_empty(
        {
            **publicatie_sleutels(vacancy),
            "status": codes.PUBLICATIESTATUS[vacancy.state],
            "begindatum": codes.moment(vacancy.published_on),
            "einddatum": codes.moment(vacancy.closes_on, end=True),
            "aantalEenheden": 1,
            "aantalEenhedenBeschikbaar": 0 if vacancy.state == VacancyState.LET else 1,
            "model": codes.PUBLICATIEMODEL[vacancy.ordering],
            "intakevorm": codes.INTAKE_MOTIVATIE if vacancy.targeted else None,
            "eenheden": [eenheid],
        }
    )


def _states_by_status() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for state, status in codes.PUBLICATIESTATUS.items():
        found.setdefault(status["code"], []).append(state)
    return found


class PublicatieViewSet(VeraReadViewSet):
    scope_family = "WRV"
    scope_resource = "Publicaties"

    def _published(self):
        return vacancy_list().exclude(state=VacancyState.DRAFT)

    def records(self, request):
        vacancies = self._published()
        if states := choice(request, "status", _states_by_status()):
            vacancies = vacancies.filter(state__in=states)
        models = {status["code"]: ordering for ordering, status in codes.PUBLICATIEMODEL.items()}
        if ordering := choice(request, "model", models):
            vacancies = vacancies.filter(ordering=ordering)
        return vacancies

    def find(self, identifier: str):
        return self._published().filter(reference=identifier).first()

    def body(self, record: Vacancy, context: Any) -> dict[str, Any]:
        return publicatie(record)
