"""What a letting does to the new tenant's registration."""

from __future__ import annotations

from typing import Any

from voorrang.allocation.models import Allocation
from voorrang.allocation.policies import policy_for
from voorrang.rules import Policy, load_policy
from voorrang.seekers import services as seekers
from voorrang.seekers.models import Seeker


def policy_of_letting(allocation: Allocation) -> Policy:
    """The policy the vacancy was let under (else the one of the letting's day)."""
    vacancy = allocation.vacancy
    return load_policy(vacancy.policy_id) if vacancy.policy_id else policy_for(allocation.let_on)


def end_registration_of_new_tenant(*, actor: Any, allocation: Allocation) -> Seeker:
    """Inside the letting's transaction: the new tenant's registration ends as the policy the
    vacancy was let under says (``after_letting`` in its policy file)."""
    vacancy = allocation.vacancy
    policy = policy_of_letting(allocation)
    return seekers.end_registration_after_letting(
        actor=actor,
        seeker=allocation.seeker,
        let_on=allocation.let_on,
        home=str(vacancy.unit),
        keep_registration_time=policy.keep_registration_time_after_letting,
    )
