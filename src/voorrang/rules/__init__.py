"""The rules engine: pure Python, no Django. One rule book for the web application, the CLI,
the API, the demo generator and the policy simulator (see docs/rules.md)."""

from voorrang.rules.canonical import canonical_json, input_digest, load_json
from voorrang.rules.eligibility import REASONS, age_on, exclusion_reasons, tier_of
from voorrang.rules.errors import InvalidInput, RulesError, UnknownPolicy
from voorrang.rules.lottery import lottery_number, seed_commitment
from voorrang.rules.policy import (
    TIERS,
    Policy,
    Targeting,
    available_policies,
    load_policy,
    policy_document,
)
from voorrang.rules.quota import (
    Label,
    QuotaInput,
    QuotaVacancy,
    label_document,
    label_vacancies,
    override_within_cap,
    parse_quota_input,
    quota_says_targeted,
)
from voorrang.rules.ranking import Exclusion, RankedCandidate, Ranking, rank, rank_document
from voorrang.rules.scenario import (
    LABELS,
    ORDERINGS,
    Candidate,
    Commitment,
    Scenario,
    Unit,
    Urgency,
    Vacancy,
    parse_scenario,
)

__all__ = [
    "LABELS",
    "ORDERINGS",
    "REASONS",
    "TIERS",
    "Candidate",
    "Commitment",
    "Exclusion",
    "InvalidInput",
    "Label",
    "Policy",
    "QuotaInput",
    "QuotaVacancy",
    "RankedCandidate",
    "Ranking",
    "RulesError",
    "Scenario",
    "Targeting",
    "Unit",
    "UnknownPolicy",
    "Urgency",
    "Vacancy",
    "age_on",
    "available_policies",
    "canonical_json",
    "exclusion_reasons",
    "input_digest",
    "label_document",
    "label_vacancies",
    "load_json",
    "load_policy",
    "lottery_number",
    "override_within_cap",
    "parse_quota_input",
    "parse_scenario",
    "policy_document",
    "quota_says_targeted",
    "rank",
    "rank_document",
    "seed_commitment",
    "tier_of",
]
