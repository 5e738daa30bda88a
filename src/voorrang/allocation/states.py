"""The explicit state machines of vacancies and offers: every service checks them here."""

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
        {OfferState.ACCEPTED, OfferState.REFUSED, OfferState.EXPIRED, OfferState.WITHDRAWN}
    ),
    OfferState.ACCEPTED: frozenset(),
    OfferState.REFUSED: frozenset(),
    OfferState.EXPIRED: frozenset(),
    OfferState.WITHDRAWN: frozenset(),
}

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
