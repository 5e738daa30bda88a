"""The explicit state machines of vacancies, offers and allocations: every service checks
them here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from voorrang.transitions import StateMachine


class VacancyState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("closed")
    RANKED = "ranked", _("ranked")
    OFFERING = "offering", _("offering")
    LET = "let", _("let")
    WITHDRAWN = "withdrawn", _("withdrawn")


class OfferState(models.TextChoices):
    OPEN = "open", _("open")
    VIEWING_PLANNED = "viewing", _("viewing planned")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")
    EXPIRED = "expired", _("expired")
    WITHDRAWN = "withdrawn", _("withdrawn")


ALLOWED_VACANCY_CHANGES: dict[str, frozenset[str]] = {
    VacancyState.DRAFT: frozenset({VacancyState.PUBLISHED, VacancyState.WITHDRAWN}),
    VacancyState.PUBLISHED: frozenset({VacancyState.CLOSED, VacancyState.WITHDRAWN}),
    VacancyState.CLOSED: frozenset({VacancyState.RANKED, VacancyState.WITHDRAWN}),
    # ranked -> ranked: a second ranking, with a recorded reason.
    VacancyState.RANKED: frozenset(
        {VacancyState.RANKED, VacancyState.OFFERING, VacancyState.WITHDRAWN}
    ),
    # offering -> ranked: a second ranking once no offer is open.
    VacancyState.OFFERING: frozenset(
        {VacancyState.RANKED, VacancyState.LET, VacancyState.WITHDRAWN}
    ),
    VacancyState.LET: frozenset(),
    VacancyState.WITHDRAWN: frozenset(),
}

ALLOWED_OFFER_CHANGES: dict[str, frozenset[str]] = {
    OfferState.OPEN: frozenset(
        {
            OfferState.VIEWING_PLANNED,
            OfferState.ACCEPTED,
            OfferState.REFUSED,
            OfferState.EXPIRED,
            OfferState.WITHDRAWN,
        }
    ),
    # viewing -> viewing: the viewing is moved to another time. The candidate decides after
    # the viewing, within the same deadline.
    OfferState.VIEWING_PLANNED: frozenset(
        {
            OfferState.VIEWING_PLANNED,
            OfferState.ACCEPTED,
            OfferState.REFUSED,
            OfferState.EXPIRED,
            OfferState.WITHDRAWN,
        }
    ),
    # accepted -> withdrawn: the checks at offer (income, documents) failed after the
    # acceptance; the home goes to the next candidate.
    OfferState.ACCEPTED: frozenset({OfferState.WITHDRAWN}),
    OfferState.REFUSED: frozenset(),
    OfferState.EXPIRED: frozenset(),
    OfferState.WITHDRAWN: frozenset(),
}

# An offer waiting for the candidate's answer: it holds the home and the candidate.
PENDING_OFFER_STATES = frozenset({OfferState.OPEN, OfferState.VIEWING_PLANNED})


class AllocationState(models.TextChoices):
    ACCEPTED = "accepted", _("accepted, checks to do")
    CHECKED = "checked", _("checked, contract to sign")
    CHECK_FAILED = "check_failed", _("check failed")
    CONTRACT_SIGNED = "contract_signed", _("contract signed")
    KEYS_HANDED = "keys_handed", _("keys handed over")


ALLOWED_ALLOCATION_CHANGES: dict[str, frozenset[str]] = {
    # The checks at offer: income and documents, after the acceptance and before the contract.
    AllocationState.ACCEPTED: frozenset({AllocationState.CHECKED, AllocationState.CHECK_FAILED}),
    AllocationState.CHECKED: frozenset({AllocationState.CONTRACT_SIGNED}),
    AllocationState.CONTRACT_SIGNED: frozenset({AllocationState.KEYS_HANDED}),
    AllocationState.CHECK_FAILED: frozenset(),
    AllocationState.KEYS_HANDED: frozenset(),
}

# An allocation on its way to a contract: the vacancy is not let yet, and its candidate is
# offered nothing else meanwhile.
ALLOCATION_IN_PROGRESS = frozenset({AllocationState.ACCEPTED, AllocationState.CHECKED})

OPEN_VACANCY_STATES = frozenset(
    state for state, allowed in ALLOWED_VACANCY_CHANGES.items() if VacancyState.WITHDRAWN in allowed
)

VACANCY_MACHINE = StateMachine(
    field="state",
    allowed=ALLOWED_VACANCY_CHANGES,
    states=VacancyState,
    message=_("A vacancy that is %(old)s cannot become %(new)s."),
    code="vacancy_state",
)
OFFER_MACHINE = StateMachine(
    field="state",
    allowed=ALLOWED_OFFER_CHANGES,
    states=OfferState,
    message=_("An offer that is %(old)s cannot become %(new)s."),
    code="offer_state",
)
ALLOCATION_MACHINE = StateMachine(
    field="state",
    allowed=ALLOWED_ALLOCATION_CHANGES,
    states=AllocationState,
    message=_("An allocation that is %(old)s cannot become %(new)s."),
    code="allocation_state",
)
