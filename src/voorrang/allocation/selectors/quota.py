"""The quota of targeted vacancies: the year's count of the designated buildings' vacancies,
the decision the quota takes for the next one, and that decision in words.

``publish_vacancy`` and the publish step of the vacancy page both call ``decide_quota``, which
calls the rule book's ``quota_says_targeted``: what staff read before publishing is the
decision the service then takes, never a second computation that could disagree.

A vacancy withdrawn after publication keeps its place in the count (and, when it was
targeted, its targeted place): the count is of publications, as ``voorrang label`` counts
them, and the numbers already given to later vacancies stay true when one is withdrawn."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from voorrang.allocation.models import Vacancy
from voorrang.allocation.policies import policy_for, policy_name_for
from voorrang.allocation.states import VacancyState
from voorrang.housing.models import Building
from voorrang.rules import Targeting, load_policy, quota_says_targeted


@dataclass(frozen=True)
class QuotaStatus:
    year: int
    vacancies: int  # of the designated buildings, published this year
    targeted: int
    share: Any
    cap: int | None
    # Of those counted, withdrawn after publication: they keep their place in the count.
    withdrawn: int = 0
    withdrawn_targeted: int = 0


def quota_status(year: int) -> QuotaStatus | None:
    """The year's count of the designated buildings, as the quota sees it."""
    policy = policy_for(date(year, 12, 31))
    if policy.targeting is None:
        return None
    withdrawn = Q(state=VacancyState.WITHDRAWN)
    # Aliases unlike the field names: an aggregate may not share the name of a field it counts.
    counts = (
        Vacancy.objects.filter(unit__building__designated=True, published_on__year=year)
        .exclude(state=VacancyState.DRAFT)
        .aggregate(
            all_counted=Count("pk"),
            all_targeted=Count("pk", filter=Q(targeted=True)),
            all_withdrawn=Count("pk", filter=withdrawn),
            withdrawn_and_targeted=Count("pk", filter=withdrawn & Q(targeted=True)),
        )
    )
    return QuotaStatus(
        year=year,
        vacancies=counts["all_counted"],
        targeted=counts["all_targeted"],
        share=policy.targeting.share,
        cap=policy.targeting.cap,
        withdrawn=counts["all_withdrawn"],
        withdrawn_targeted=counts["withdrawn_and_targeted"],
    )


@dataclass(frozen=True)
class QuotaDecision:
    """What the quota decides for the next vacancy of the designated buildings."""

    status: QuotaStatus
    n: int  # this vacancy's number in the year's count
    share: Fraction
    cap: int | None
    targeted: bool

    @property
    def year(self) -> int:
        return self.status.year

    @property
    def targeted_before(self) -> int:
        return self.status.targeted

    @property
    def cap_reached(self) -> bool:
        return self.cap is not None and self.targeted_before >= self.cap

    @property
    def share_of_n(self) -> int:
        """ceil(n x share): how many of the year's first n vacancies the share targets."""
        return math.ceil(self.n * self.share)


def decide_quota(status: QuotaStatus, targeting: Targeting) -> QuotaDecision:
    """The quota's decision for the vacancy after those counted in ``status``, with the share
    and cap of the vacancy's own policy (the one ``publish_vacancy`` applies)."""
    n = status.vacancies + 1
    return QuotaDecision(
        status=status,
        n=n,
        share=targeting.share,
        cap=targeting.cap,
        targeted=quota_says_targeted(n, status.targeted, targeting.share, targeting.cap),
    )


def quota_preview(vacancy: Vacancy, published_on: date) -> QuotaDecision | None:
    """The decision the quota would take if ``vacancy`` were published on ``published_on``;
    None when its building is not designated or its policy targets nothing."""
    policy = load_policy(policy_name_for(vacancy.closes_on))
    if not vacancy.unit.building.designated or policy.targeting is None:
        return None
    status = quota_status(published_on.year)
    if status is None:
        return None
    return decide_quota(status, policy.targeting)


# Shares said in words where there is a plain word for them; any other as a fraction.
_SHARE_WORDS = {
    Fraction(1, 2): gettext_lazy("a half"),
    Fraction(1, 3): gettext_lazy("a third"),
    Fraction(1, 4): gettext_lazy("a quarter"),
    Fraction(1, 5): gettext_lazy("a fifth"),
    Fraction(1, 10): gettext_lazy("a tenth"),
}


def share_in_words(share: Fraction) -> str:
    words = _SHARE_WORDS.get(share)
    return str(words) if words is not None else f"{share.numerator}/{share.denominator}"


def cap_reached_message(*, cap: int, year: int, targeted: int) -> str:
    """Why an override to targeted is refused: the cap, in the words staff read on the field."""
    return ngettext(
        "The cap of %(cap)s targeted vacancy in %(year)s has been reached: %(targeted)s "
        "are targeted already. Let the quota decide, or publish the vacancy as not targeted.",
        "The cap of %(cap)s targeted vacancies in %(year)s has been reached: %(targeted)s "
        "are targeted already. Let the quota decide, or publish the vacancy as not targeted.",
        cap,
    ) % {"cap": cap, "year": year, "targeted": targeted}


def designated_building_names() -> str:
    return ", ".join(Building.objects.filter(designated=True).values_list("name", flat=True))


@dataclass(frozen=True)
class QuotaExplanation:
    targeted: bool
    count: str  # where this vacancy stands in the year's count
    verdict: str  # the decision and why
    withdrawn: str  # the rule for withdrawn vacancies, with this year's figures


def explain_quota(decision: QuotaDecision, buildings: str) -> QuotaExplanation:
    """The decision in words, from the decision itself."""
    values = {
        "n": decision.n,
        "year": decision.year,
        "buildings": buildings,
        "targeted": decision.targeted_before,
        "cap": decision.cap,
        "share": share_in_words(decision.share),
        "share_of_n": decision.share_of_n,
    }
    if decision.cap is None:
        count = _(
            "Vacancy %(n)s of %(year)s in %(buildings)s; %(targeted)s targeted so far, "
            "no yearly cap; share %(share)s."
        )
    else:
        count = _(
            "Vacancy %(n)s of %(year)s in %(buildings)s; %(targeted)s of %(cap)s targeted "
            "so far; share %(share)s."
        )
    if decision.cap_reached:
        verdict = ngettext(
            "It will not be targeted: the cap of %(cap)s targeted vacancy in %(year)s has "
            "been reached.",
            "It will not be targeted: the cap of %(cap)s targeted vacancies in %(year)s has "
            "been reached.",
            decision.cap or 0,
        )
    elif decision.targeted:
        verdict = ngettext(
            "It will be targeted: %(share)s of %(n)s vacancy, rounded up, is %(share_of_n)s, "
            "more than the %(targeted)s targeted so far.",
            "It will be targeted: %(share)s of %(n)s vacancies, rounded up, is %(share_of_n)s, "
            "more than the %(targeted)s targeted so far.",
            decision.n,
        )
    else:
        verdict = ngettext(
            "It will not be targeted: %(share)s of %(n)s vacancy, rounded up, is "
            "%(share_of_n)s, no more than the %(targeted)s targeted so far.",
            "It will not be targeted: %(share)s of %(n)s vacancies, rounded up, is "
            "%(share_of_n)s, no more than the %(targeted)s targeted so far.",
            decision.n,
        )
    withdrawn = _(
        "A vacancy withdrawn after publication keeps its place in this count, and a targeted "
        "one stays counted as targeted. This year %(withdrawn)s of the %(counted)s counted "
        "were withdrawn, %(withdrawn_targeted)s of them targeted."
    ) % {
        "withdrawn": decision.status.withdrawn,
        "counted": decision.status.vacancies,
        "withdrawn_targeted": decision.status.withdrawn_targeted,
    }
    return QuotaExplanation(
        targeted=decision.targeted,
        count=count % values,
        verdict=verdict % values,
        withdrawn=withdrawn,
    )
