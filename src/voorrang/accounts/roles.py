"""The roles an organisation's sign-on may give (the role map); the roles themselves are
declared in ``voorrang.roles``."""

from __future__ import annotations

from voorrang.roles import Role

# The roles the organisation's provider may give through the role map: every staff role.
# Never the seeker role (a seeker has a registration of their own and signs up for it), and
# superuser status is no role at all.
MAPPABLE_ROLES = frozenset(Role) - {Role.SEEKER}


def role_map(pairs: list[str]) -> dict[str, frozenset[Role]]:
    """The role map from ``VALUE:ROLE`` pairs: for each claim value, the roles it gives.

    A value is split from its role at the last colon, so that a value may itself hold colons
    (a URN). Raises ValueError for a pair without a role, an unknown role or the seeker role."""
    mapping: dict[str, set[Role]] = {}
    for pair in pairs:
        value, colon, name = pair.rpartition(":")
        value, name = value.strip(), name.strip()
        if not colon or not value or not name:
            raise ValueError(f"{pair!r} is not VALUE:ROLE")
        try:
            role = Role(name)
        except ValueError:
            raise ValueError(f"{pair!r}: {name!r} is not a role") from None
        if role not in MAPPABLE_ROLES:
            raise ValueError(f"{pair!r}: the provider may not give the {name!r} role")
        mapping.setdefault(value, set()).add(role)
    return {value: frozenset(roles) for value, roles in mapping.items()}


def roles_from_claim(claim: object, mapping: dict[str, frozenset[Role]]) -> frozenset[Role]:
    """The roles that the values of a role claim give under ``mapping``: only mapped values
    count, and whatever the claim holds besides text values gives nothing."""
    values = [claim] if isinstance(claim, str) else claim if isinstance(claim, list) else []
    roles: set[Role] = set()
    for value in values:
        if isinstance(value, str):
            roles |= mapping.get(value, frozenset())
    return frozenset(roles)
