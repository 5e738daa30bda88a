"""Which shipped policy applies to a vacancy."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from voorrang.rules import Policy, available_policies, load_policy


def policy_name_for(day: date) -> str:
    """The policy of the installation's family (``VOORRANG_POLICY_FAMILY``, e.g. ``zeist``)
    for the year of ``day``: that year's file, else the latest earlier year, else the first."""
    family = settings.VOORRANG_POLICY_FAMILY
    years = sorted(
        int(name.rsplit("-", 1)[1])
        for name in available_policies()
        if name.startswith(f"{family}-") and name.rsplit("-", 1)[1].isdigit()
    )
    if not years:
        raise LookupError(f"no policy files for the family {family!r}")
    earlier = [year for year in years if year <= day.year]
    return f"{family}-{earlier[-1] if earlier else years[0]}"


def policy_for(day: date) -> Policy:
    return load_policy(policy_name_for(day))
