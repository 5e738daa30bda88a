"""Every write of the allocation workflow: each runs in one transaction, checks the state
machine, and records an audit event with the change. The reads are in
``voorrang.allocation.selectors``."""

from voorrang.allocation.services.letting import (
    hand_over_keys,
    plan_viewing,
    record_checks,
    record_viewing,
    sign_contract,
)
from voorrang.allocation.services.listing import (
    add_photo,
    move_photo_forward,
    remove_photo,
    update_listing,
)
from voorrang.allocation.services.offers import (
    accept_offer,
    expire_due_offers,
    expire_offer,
    offer_deadline,
    offer_next,
    refuse_offer,
)
from voorrang.allocation.services.ranking import close_vacancy, rank_vacancy
from voorrang.allocation.services.responses import respond, withdraw_response
from voorrang.allocation.services.vacancies import (
    STAFF_LABELS,
    create_vacancy,
    publish_vacancy,
    withdraw_vacancy,
)

__all__ = [
    "STAFF_LABELS",
    "accept_offer",
    "add_photo",
    "close_vacancy",
    "create_vacancy",
    "expire_due_offers",
    "expire_offer",
    "hand_over_keys",
    "move_photo_forward",
    "offer_deadline",
    "offer_next",
    "plan_viewing",
    "publish_vacancy",
    "rank_vacancy",
    "record_checks",
    "record_viewing",
    "refuse_offer",
    "remove_photo",
    "respond",
    "sign_contract",
    "update_listing",
    "withdraw_response",
    "withdraw_vacancy",
]
