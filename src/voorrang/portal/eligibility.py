"""May this seeker respond to this home, and if not, why: the rules engine's reasons in
plain words. The check runs the same rules (``voorrang.rules.Eligibility``) on the same input
(``allocation.scenario``) as the ranking will, with today as the response date."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from voorrang import rows
from voorrang.allocation.models import Vacancy
from voorrang.allocation.scenario import candidate_document, vacancy_document
from voorrang.commitments.models import Commitment
from voorrang.durations import people_in_words, people_range_in_words
from voorrang.money import money
from voorrang.rules import Candidate, Policy, load_policy, parse_scenario, policy_document, tier_of
from voorrang.rules import Vacancy as RulesVacancy
from voorrang.rules.eligibility import Eligibility, age_on
from voorrang.seekers.models import HouseholdMember, Seeker, SeekerStatus
from voorrang.seekers.selectors import counting_urgencies


def reason_sentence(code: str, candidate: Candidate, vacancy: RulesVacancy, policy: Policy) -> str:
    """One exclusion reason of the rules engine as a plain sentence (B1 level)."""
    size = candidate.household_size
    unit = vacancy.unit
    if code == "LATE":
        return _("Your response came after the closing date.")
    if code == "HOUSEHOLD_SIZE":
        return _("This home is for a household of %(people)s. Your household has %(size)s.") % {
            "people": people_range_in_words(unit.min_household, unit.max_household),
            "size": people_in_words(size),
        }
    if code == "AGE_SENIOR":
        return _("This home is for people of %(age)s years or older.") % {
            "age": policy.senior_min_age
        }
    if code == "AGE_YOUNG":
        return _("This home is for young people up to %(age)s years.") % {
            "age": policy.young_max_age
        }
    if code == "INCOME_ABOVE_LIMIT":
        return _(
            "Your household income is too high for social rent. For your household the "
            "limit is %(limit)s a year."
        ) % {"limit": money(policy.daeb_limit(size))}
    if code == "PASSEND":
        pension = age_on(candidate.birth_date, vacancy.closes_on) >= policy.pension_age
        return _(
            "The rent of this home is too high for your income. The rent must fit your income "
            "and household. This is called passend toewijzen. With a household income up to "
            "%(limit)s a year, your rent can be at most %(rent)s a month."
        ) % {
            "limit": money(policy.passend_limit(size, pension)),
            "rent": money(policy.aftoppingsgrens(size)),
        }
    return code


def tier_sentence(tier: str) -> str:
    return {
        "commitment": _("with priority for the targeted track"),
        "urgency": _("with priority for urgency"),
        "local": _("with priority for a local tie"),
        "regular": _("in the usual order"),
    }.get(tier, tier)


# The reason of a registration that may no longer respond at all (housed or ended): not a
# code of the rules engine, which ranks only active registrations.
NOT_ACTIVE = "REGISTRATION_NOT_ACTIVE"


def registration_ended_sentence(seeker: Seeker) -> str:
    """Why a registration that is not active can no longer respond, in plain words: the
    vacancy page, the response request and the seeker's own page all say this one thing."""
    if seeker.status == SeekerStatus.HOUSED:
        if seeker.ended_on is None:
            return _(
                "Your registration has ended, because you rented a home through us. You can "
                "no longer respond to homes."
            )
        return _(
            "Your registration ended on %(date)s, because you rented a home through us. You "
            "can no longer respond to homes."
        ) % {"date": formats.date_format(seeker.ended_on, "j F Y")}
    return _("Your registration has ended. You can no longer respond to homes.")


def registration_time_sentence(seeker: Seeker) -> str:
    """What became of the registration time of a housed seeker, as the letting's policy said."""
    if seeker.registration_time_kept:
        return _("Your registration time is kept. If you register again later, it still counts.")
    return _(
        "Your registration time does not count any more. If you want to move again later, "
        "register again. Your registration time then starts from zero."
    )


@dataclass(frozen=True)
class Check:
    reasons: tuple[str, ...]
    sentences: tuple[str, ...]
    tier: str

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def registration_active(self) -> bool:
        return NOT_ACTIVE not in self.reasons


@functools.lru_cache(maxsize=32)
def _policy_document(name: str) -> dict:
    # The policy files are shipped with the code and do not change while it runs; reading,
    # checking and writing one out takes longer than the rest of the check.
    return policy_document(load_policy(name))


def _members(seeker_id: int) -> list[tuple[bool, date]]:
    """(main applicant, birth date) of each member of the household: one plain statement
    (``voorrang.rows``), as the response intake checks it on every response."""
    member = rows.columns(HouseholdMember, "m", names=("is_main_applicant", "birth_date"))
    sql = (
        f"SELECT {member.sql} FROM {rows.table(HouseholdMember)} m "  # noqa: S608
        f"WHERE m.{HouseholdMember._meta.get_field('seeker').column} = %s "
        "ORDER BY m.is_main_applicant DESC, m.birth_date"  # the model's own order
    )
    return [tuple(member.values(row)) for row in rows.fetch_all(sql, [seeker_id])]


def _candidate(seeker: Seeker, vacancy: Vacancy, responded_on: date, with_tier: bool) -> dict:
    """The seeker as the rules engine reads them (``allocation.scenario.candidate_document``,
    as the ranking will), from the seeker already in hand and three small queries; one when
    the tier is not wanted (urgency and commitment decide only the tier, never a reason)."""
    members = _members(seeker.pk)
    urgencies = (
        [period for _seeker, period in counting_urgencies(seeker.urgencies.all())]
        if with_tier
        else []
    )
    commitment = (
        Commitment.objects.filter(seeker=seeker, building_id=vacancy.unit.building_id)
        .values_list("status", "valid_until")
        .first()
        if with_tier
        else None
    )
    facts = {
        "registration_number": seeker.registration_number,
        "registered_on": seeker.registered_on,
        "income": seeker.income,
        "local_tie": seeker.local_tie,
    }
    return candidate_document(
        facts,
        responded_on,
        members,
        urgencies,
        commitment,
        vacancy.unit.building.name,
        vacancy.closes_on,
    )


def check(
    seeker: Seeker, vacancy: Vacancy, responded_on: date | None = None, *, with_tier: bool = True
) -> Check:
    """The seeker's reasons for this home, in plain words, and their tier. With
    ``with_tier=False`` (the response intake, which needs only the reasons) the tier is left
    empty and the two queries that only the tier needs are not made. A registration that is
    not active (housed or ended) gets that one reason, and no other."""
    if seeker.status != SeekerStatus.ACTIVE:
        return Check(
            reasons=(NOT_ACTIVE,), sentences=(registration_ended_sentence(seeker),), tier=""
        )
    document = vacancy_document(vacancy, _policy_document(vacancy.policy_id))
    document["candidates"] = [
        _candidate(seeker, vacancy, responded_on or timezone.localdate(), with_tier)
    ]
    scenario = parse_scenario(document)
    candidate = scenario.candidates[0]
    reasons = tuple(Eligibility(scenario.vacancy, scenario.policy).reasons(candidate))
    return Check(
        reasons=reasons,
        sentences=tuple(
            reason_sentence(code, candidate, scenario.vacancy, scenario.policy) for code in reasons
        ),
        tier=tier_of(candidate, scenario.vacancy, scenario.policy) if with_tier else "",
    )


def exclusion_sentences(ranking_scenario: dict, registration_number: str, reasons: list[str]):
    """The reasons of a stored exclusion, worded with the figures of the ranking's policy."""
    scenario = parse_scenario(ranking_scenario)
    candidate = next(c for c in scenario.candidates if c.id == registration_number)
    return [reason_sentence(code, candidate, scenario.vacancy, scenario.policy) for code in reasons]
