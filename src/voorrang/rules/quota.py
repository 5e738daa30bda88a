"""Which vacancies of designated buildings are targeted (ALLOCATION_RULES.md, section 7)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from voorrang.rules.errors import InvalidInput
from voorrang.rules.fields import (
    Shape,
    expect_bool,
    expect_date,
    expect_int,
    expect_list,
    expect_object,
    expect_share,
    expect_text,
)

_VACANCY = Shape(("id", "building", "published_on"), ("override",))
_OVERRIDE = Shape(("targeted", "reason"))


@dataclass(frozen=True, slots=True)
class Override:
    targeted: bool
    reason: str


@dataclass(frozen=True, slots=True)
class QuotaVacancy:
    id: str
    building: str
    published_on: date
    override: Override | None = None


@dataclass(frozen=True, slots=True)
class QuotaInput:
    share: Fraction
    cap: int | None
    buildings: frozenset[str]
    vacancies: tuple[QuotaVacancy, ...]


@dataclass(frozen=True, slots=True)
class Label:
    vacancy: str
    targeted: bool
    n: int | None
    override: bool = False

    def to_document(self) -> dict[str, Any]:
        row: dict[str, Any] = {"vacancy": self.vacancy, "targeted": self.targeted, "n": self.n}
        if self.override:
            row["override"] = True
        return row


def quota_says_targeted(n: int, targeted_before: int, share: Fraction, cap: int | None) -> bool:
    """The n-th vacancy of the year (n = 1, 2, ...) is targeted when ceil(n x share) exceeds
    the number actually targeted before it, and that number is below the cap.

    Counting the labels as they actually are (overrides included) makes the share correct
    itself after an override."""
    if cap is not None and targeted_before >= cap:
        return False
    return math.ceil(n * share) > targeted_before


def override_within_cap(targeted: bool, targeted_before: int, cap: int | None) -> bool:
    """An override never breaks the cap: one to targeted is only possible below it."""
    return not targeted or cap is None or targeted_before < cap


def label_vacancies(quota: QuotaInput) -> tuple[Label, ...]:
    """Labels for all vacancies, in input order, counted per calendar year in order of
    publication (ties in input order)."""
    order = sorted(range(len(quota.vacancies)), key=lambda i: quota.vacancies[i].published_on)
    counted: dict[int, int] = {}  # year -> vacancies of designated buildings so far
    targeted: dict[int, int] = {}  # year -> of which targeted
    labels: list[Label | None] = [None] * len(quota.vacancies)
    for i in order:
        vacancy = quota.vacancies[i]
        if vacancy.building not in quota.buildings:
            labels[i] = Label(vacancy.id, False, None)
            continue
        year = vacancy.published_on.year
        n = counted.get(year, 0) + 1
        t = targeted.get(year, 0)
        if vacancy.override is not None:
            is_targeted = vacancy.override.targeted
            if not override_within_cap(is_targeted, t, quota.cap):
                raise InvalidInput(
                    f"vacancies[{i}].override.targeted",
                    f"targeting {vacancy.id} would exceed the cap of {quota.cap} for {year}",
                )
        else:
            is_targeted = quota_says_targeted(n, t, quota.share, quota.cap)
        counted[year] = n
        targeted[year] = t + is_targeted
        labels[i] = Label(vacancy.id, is_targeted, n, override=vacancy.override is not None)
    return tuple(label for label in labels if label is not None)


def parse_quota_input(document: Any) -> QuotaInput:
    root = expect_object(document, "", Shape(("share", "buildings", "vacancies"), ("cap",)))
    share = expect_share(root["share"], "share")
    cap = None
    if root.get("cap") is not None:
        cap = expect_int(root["cap"], "cap", minimum=0)
    buildings = frozenset(
        expect_text(b, f"buildings[{i}]")
        for i, b in enumerate(expect_list(root["buildings"], "buildings"))
    )
    vacancies: list[QuotaVacancy] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(expect_list(root["vacancies"], "vacancies")):
        path = f"vacancies[{i}]"
        obj = expect_object(item, path, _VACANCY)
        vacancy_id = expect_text(obj["id"], f"{path}.id")
        if vacancy_id in seen:
            raise InvalidInput(
                f"{path}.id",
                f"duplicate vacancy id {vacancy_id!r} (also vacancies[{seen[vacancy_id]}])",
            )
        seen[vacancy_id] = i
        building = expect_text(obj["building"], f"{path}.building")
        override = None
        if "override" in obj:
            if building not in buildings:
                raise InvalidInput(
                    f"{path}.override", f"building {building!r} is not designated for targeting"
                )
            ov = expect_object(obj["override"], f"{path}.override", _OVERRIDE)
            override = Override(
                targeted=expect_bool(ov["targeted"], f"{path}.override.targeted"),
                reason=expect_text(ov["reason"], f"{path}.override.reason"),
            )
        vacancies.append(
            QuotaVacancy(
                id=vacancy_id,
                building=building,
                published_on=expect_date(obj["published_on"], f"{path}.published_on"),
                override=override,
            )
        )
    return QuotaInput(share=share, cap=cap, buildings=buildings, vacancies=tuple(vacancies))


def label_document(document: Any) -> dict[str, Any]:
    """Parse a ``voorrang label`` input document and return its output document."""
    labels = label_vacancies(parse_quota_input(document))
    return {"labels": [label.to_document() for label in labels]}
