"""The quota explains itself before publication, from the decision the service then takes;
an override beyond the cap says so; a withdrawn vacancy keeps its place in the count."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.allocation.flow import published
from tests.factories import StaffFactory, VacancyFactory
from voorrang.allocation import selectors, services
from voorrang.allocation.selectors import QuotaStatus, decide_quota, explain_quota
from voorrang.rules import Targeting
from voorrang.rules.quota import Override, QuotaInput, QuotaVacancy, label_vacancies

SHARES = [Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(3, 10), Fraction(1, 1)]


@st.composite
def quota_years(draw):
    """A year of earlier vacancies, some overridden (never beyond the cap), and the policy."""
    share = draw(st.sampled_from(SHARES))
    cap = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=6)))
    overrides = draw(st.lists(st.sampled_from([None, None, True, False]), min_size=0, max_size=40))
    return share, cap, overrides


def label_year(share, cap, overrides):
    """The rule book's labels for the year's vacancies, dropping overrides that would break the
    cap (staff cannot make those), followed by one vacancy the quota decides."""
    vacancies, targeted = [], 0
    for i, override in enumerate(overrides):
        if override is True and cap is not None and targeted >= cap:
            override = None
        vacancies.append(
            QuotaVacancy(
                id=f"V{i}",
                building="L-flat",
                published_on=date(2026, 1, 1),
                override=None if override is None else Override(override, "reason"),
            )
        )
        labels = label_vacancies(
            QuotaInput(
                share=share, cap=cap, buildings=frozenset({"L-flat"}), vacancies=tuple(vacancies)
            )
        )
        targeted = sum(label.targeted for label in labels)
    return vacancies, targeted


@settings(max_examples=300, deadline=None)
@given(quota_years())
def test_the_explanation_before_publication_is_the_rule_books_decision(year) -> None:
    share, cap, overrides = year
    earlier, targeted = label_year(share, cap, overrides)
    nxt = QuotaVacancy(id="NEXT", building="L-flat", published_on=date(2026, 1, 2))
    labels = label_vacancies(
        QuotaInput(share=share, cap=cap, buildings=frozenset({"L-flat"}), vacancies=(*earlier, nxt))
    )
    status = QuotaStatus(year=2026, vacancies=len(earlier), targeted=targeted, share=share, cap=cap)
    decision = decide_quota(status, Targeting(frozenset({"L-flat"}), share, cap))
    assert (decision.n, decision.targeted) == (labels[-1].n, labels[-1].targeted)
    with translation.override("en"):
        words = explain_quota(decision, "L-flat")
    assert words.targeted == decision.targeted
    assert words.verdict.startswith("It will be targeted" if decision.targeted else "It will not")
    assert f"Vacancy {decision.n} of 2026 in L-flat; {targeted} " in words.count
    if decision.cap_reached:
        assert "the cap of" in words.verdict


def test_the_words_of_the_example_in_dutch() -> None:
    status = QuotaStatus(year=2026, vacancies=76, targeted=19, share=Fraction(1, 4), cap=20)
    decision = decide_quota(status, Targeting(frozenset({"L-flat"}), Fraction(1, 4), 20))
    with translation.override("nl"):
        words = explain_quota(decision, "L-flat")
    assert words.count == (
        "Advertentie 77 van 2026 in L-flat; 19 van 20 gericht toegewezen tot nu toe; "
        "aandeel een kwart."
    )
    assert words.targeted
    assert words.verdict.startswith("Deze advertentie wordt gericht toegewezen: een kwart van 77")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        [],  # the year's first: targeted
        [None],  # the second: not targeted
        [False, None],  # made up for after an override to not targeted
        [True] * 20,  # the cap reached
    ],
)
def test_the_preview_on_the_page_agrees_with_the_publication(overrides) -> None:
    staff = StaffFactory()
    for override in overrides:
        services.publish_vacancy(
            actor=staff,
            vacancy=VacancyFactory(),
            override_targeted=override,
            override_reason="test" if override is not None else "",
        )
    vacancy = VacancyFactory()
    today = timezone.localdate()
    decision = selectors.quota_preview(vacancy, today)
    services.publish_vacancy(actor=staff, vacancy=vacancy, published_on=today)
    vacancy.refresh_from_db()
    assert (vacancy.targeted, vacancy.quota_n) == (decision.targeted, decision.n)


@pytest.mark.django_db
def test_a_withdrawn_vacancy_keeps_its_place_and_its_targeted_place() -> None:
    staff = StaffFactory()
    first = published(staff)
    assert (first.targeted, first.quota_n) == (True, 1)
    services.withdraw_vacancy(actor=staff, vacancy=first, reason="fire damage")
    year = first.published_on.year
    status = selectors.quota_status(year)
    assert (status.vacancies, status.targeted) == (1, 1)
    assert (status.withdrawn, status.withdrawn_targeted) == (1, 1)
    # The next is number 2 and, with a quarter of 2 rounded up already targeted, not targeted:
    # the withdrawn vacancy's targeted place was not given back.
    second = published(staff)
    assert (second.targeted, second.quota_n) == (False, 2)
    # A draft withdrawn before publication never had a place.
    draft = VacancyFactory()
    services.withdraw_vacancy(actor=staff, vacancy=draft, reason="wrong home")
    assert selectors.quota_status(year).vacancies == 2
