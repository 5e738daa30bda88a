"""What a letting does to the new tenant's registration."""

from __future__ import annotations

from typing import Any

from voorrang.allocation.models import Allocation
from voorrang.allocation.policies import policy_for
from voorrang.rules import load_policy
from voorrang.seekers import services as seekers
from voorrang.seekers.models import Seeker


def end_registration_of_new_tenant(*, actor: Any, allocation: Allocation) -> Seeker:
    """Inside the letting's transaction: the new tenant's registration ends as the policy the
    vacancy was let under says (``after_letting`` in its policy file)."""
    vacancy = allocation.vacancy
    policy = load_policy(vacancy.policy_id) if vacancy.policy_id else policy_for(allocation.let_on)
    return seekers.end_registration_after_letting(
        actor=actor,
        seeker=allocation.seeker,
        let_on=allocation.let_on,
        home=str(vacancy.unit),
        keep_registration_time=policy.keep_registration_time_after_letting,
    )
