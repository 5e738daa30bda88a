"""Every read of the allocation workflow that pages, the API and the commands share: what each
staff page shows (in a bounded number of queries whatever the number of responses: long lists
come as a page of a paginator, never whole), the quota, the replay of a ranking, and the
figures of `voorrang stats`."""

from voorrang.allocation.selectors.buildings import BuildingPage, building_list, building_page
from voorrang.allocation.selectors.figures import (
    end_of_day,
    operator_figures,
    seeker_counts_on,
    vacancy_states_on,
)
from voorrang.allocation.selectors.paging import PER_PAGE, paginate
from voorrang.allocation.selectors.queue import (
    DUE_SOON_DAYS,
    DUE_TODAY,
    QUEUE_LENGTH,
    QUEUE_STATES,
    DueSection,
    OfferDue,
    QueueContext,
    StateQueue,
    WorkQueue,
    work_queue,
)
from voorrang.allocation.selectors.quota import (
    QuotaDecision,
    QuotaExplanation,
    QuotaStatus,
    cap_reached_message,
    decide_quota,
    designated_building_names,
    explain_quota,
    quota_preview,
    quota_status,
    share_in_words,
)
from voorrang.allocation.selectors.rankings import (
    ReplayResult,
    ranking_against_trail,
    replay_ranking,
)
from voorrang.allocation.selectors.seekers import (
    CommitmentStatusView,
    SeekerPage,
    commitment_statuses,
    open_response_count,
    registration_time,
    seeker_for_page,
    seeker_page,
    seeker_search,
)
from voorrang.allocation.selectors.units import UnitSearch, unit_for_vacancy, units_for_vacancy
from voorrang.allocation.selectors.vacancies import (
    EarlierRanking,
    ResponseCounts,
    VacancyPage,
    vacancy_actions,
    vacancy_for_page,
    vacancy_list,
    vacancy_page,
)
from voorrang.allocation.selectors.wording import (
    EXCLUSION_SENTENCES,
    LABEL_NAMES,
    TIER_LABELS,
    exclusion_sentences,
    label_names,
    tier_label,
)

__all__ = [
    "DUE_SOON_DAYS",
    "DUE_TODAY",
    "EXCLUSION_SENTENCES",
    "LABEL_NAMES",
    "PER_PAGE",
    "QUEUE_LENGTH",
    "QUEUE_STATES",
    "TIER_LABELS",
    "BuildingPage",
    "CommitmentStatusView",
    "DueSection",
    "EarlierRanking",
    "OfferDue",
    "QueueContext",
    "QuotaDecision",
    "QuotaExplanation",
    "QuotaStatus",
    "ReplayResult",
    "ResponseCounts",
    "SeekerPage",
    "StateQueue",
    "UnitSearch",
    "VacancyPage",
    "WorkQueue",
    "building_list",
    "building_page",
    "cap_reached_message",
    "commitment_statuses",
    "decide_quota",
    "designated_building_names",
    "end_of_day",
    "exclusion_sentences",
    "explain_quota",
    "label_names",
    "open_response_count",
    "operator_figures",
    "paginate",
    "quota_preview",
    "quota_status",
    "ranking_against_trail",
    "registration_time",
    "replay_ranking",
    "seeker_counts_on",
    "seeker_for_page",
    "seeker_page",
    "seeker_search",
    "share_in_words",
    "tier_label",
    "unit_for_vacancy",
    "units_for_vacancy",
    "vacancy_actions",
    "vacancy_for_page",
    "vacancy_list",
    "vacancy_page",
    "vacancy_states_on",
    "work_queue",
]
