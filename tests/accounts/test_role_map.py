"""The role map of staff single sign-on: which values of the provider's role claim give which
role. Only mapped values count, and no value gives the seeker role."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voorrang.accounts.roles import MAPPABLE_ROLES, Role, role_map, roles_from_claim

MAPPING = role_map(
    [
        "letting-staff:staff-allocation",
        "welfare:staff-welfare",
        "urn:zeist:beleid:policy",
        "managers:admin",
        "managers:staff-allocation",
    ]
)


def test_mapped_values_give_their_roles() -> None:
    assert roles_from_claim(["letting-staff", "welfare"], MAPPING) == {
        Role.STAFF_ALLOCATION,
        Role.STAFF_WELFARE,
    }
    assert roles_from_claim("urn:zeist:beleid", MAPPING) == {Role.POLICY}
    assert roles_from_claim(["managers"], MAPPING) == {Role.ADMIN, Role.STAFF_ALLOCATION}


def test_unmapped_values_and_other_shapes_give_nothing() -> None:
    assert roles_from_claim(["canteen", "LETTING-STAFF", "staff-allocation"], MAPPING) == set()
    assert roles_from_claim(None, MAPPING) == set()
    assert roles_from_claim({"letting-staff": True}, MAPPING) == set()
    assert roles_from_claim([["letting-staff"], 3], MAPPING) == set()


@pytest.mark.parametrize(
    "pairs",
    [
        ["everyone:seeker"],
        ["letting-staff:superuser"],
        ["letting-staff"],
        [":policy"],
        ["letting-staff:"],
    ],
)
def test_a_map_that_would_give_the_seeker_role_or_an_unknown_one_is_refused(pairs) -> None:
    with pytest.raises(ValueError):
        role_map(pairs)


# A claim value as providers send them: no spaces or control characters at its ends.
VALUES = st.text(
    alphabet=st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cs")), min_size=1
)


# No deadline: the machine is shared, and a slow example is not a wrong one.
@settings(deadline=None)
@given(
    pairs=st.lists(
        st.tuples(
            VALUES,
            st.sampled_from(sorted(MAPPABLE_ROLES)),
        )
    ),
    claim=st.lists(st.one_of(VALUES, st.text())),
)
def test_whatever_the_claim_holds_it_gives_only_mapped_staff_roles(pairs, claim) -> None:
    mapping = role_map([f"{value}:{role}" for value, role in pairs])

    roles = roles_from_claim(claim, mapping)

    assert Role.SEEKER not in roles
    assert roles <= {role for value, role in pairs if value in claim}
