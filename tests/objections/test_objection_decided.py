"""A second staff member decides an objection, with reasons; the figures count the outcomes."""

from __future__ import annotations

import pytest

from tests.factories import StaffFactory
from voorrang.audit.models import AuditEvent
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.objections import selectors, services
from voorrang.objections.models import ObjectionState

pytestmark = pytest.mark.django_db


def lodged(letting, who="second", by=None):
    return services.lodge_objection(
        actor=by,
        vacancy=letting["vacancy"],
        seeker=letting[who],
        reasons="My registration date is wrong.",
        by_post=by is not None,
    )


def test_a_second_staff_member_upholds_with_reasons(letting, decider) -> None:
    clerk = StaffFactory()
    objection = lodged(letting, by=clerk)
    assert objection.registered_by == clerk
    with pytest.raises(NotAllowed) as refused:
        services.decide_objection(
            actor=clerk, objection=objection, outcome="upheld", reasons="Right."
        )
    assert refused.value.code == "second_person"
    services.decide_objection(
        actor=decider, objection=objection, outcome="upheld", reasons="The date was wrong."
    )
    objection.refresh_from_db()
    assert (objection.state, objection.decided_by, objection.decision_reasons) == (
        ObjectionState.UPHELD,
        decider,
        "The date was wrong.",
    )
    assert AuditEvent.objects.filter(action="seeker.objection_upheld").count() == 1


def test_who_ranked_the_vacancy_cannot_decide(letting, ranker) -> None:
    objection = lodged(letting)
    with pytest.raises(NotAllowed) as refused:
        services.decide_objection(
            actor=ranker, objection=objection, outcome="rejected", reasons="No."
        )
    assert refused.value.code == "second_person"
    objection.refresh_from_db()
    assert objection.state == ObjectionState.LODGED


@pytest.mark.parametrize(
    ("outcome", "reasons", "field"),
    [("rejected", " ", "decision_reasons"), ("withdrawn", "x", "outcome"), ("", "x", "outcome")],
)
def test_a_decision_needs_an_outcome_and_reasons(letting, decider, outcome, reasons, field) -> None:
    objection = lodged(letting)
    with pytest.raises(InvalidChange) as refused:
        services.decide_objection(
            actor=decider, objection=objection, outcome=outcome, reasons=reasons
        )
    assert refused.value.field == field
    objection.refresh_from_db()
    assert objection.state == ObjectionState.LODGED


def test_a_decided_objection_is_not_decided_again(letting, decider) -> None:
    objection = lodged(letting)
    services.decide_objection(actor=decider, objection=objection, outcome="rejected", reasons="No.")
    with pytest.raises(NotAllowed):
        services.decide_objection(
            actor=StaffFactory(), objection=objection, outcome="upheld", reasons="Yes."
        )


def test_the_figures_count_the_outcomes(letting, decider) -> None:
    upheld = lodged(letting, "second")
    rejected = lodged(letting, "third")
    lodged(letting, "excluded")
    services.decide_objection(actor=decider, objection=upheld, outcome="upheld", reasons="Yes.")
    services.decide_objection(actor=decider, objection=rejected, outcome="rejected", reasons="No.")
    figures = selectors.objection_figures()
    assert (figures.lodged, figures.pending, figures.upheld, figures.rejected) == (3, 1, 1, 1)


def test_the_work_queue_lists_what_the_viewer_may_decide(letting, decider) -> None:
    clerk = StaffFactory()
    by_post = lodged(letting, "second", by=clerk)
    online = lodged(letting, "third")
    assert selectors.objections_to_decide(viewer=clerk) == [online]
    assert selectors.objections_to_decide(viewer=decider) == [by_post, online]


def test_the_state_machine_allows_only_its_declared_changes() -> None:
    from voorrang.objections.models import ALLOWED_OBJECTION_CHANGES, OBJECTION_MACHINE

    expected = {("lodged", "upheld"), ("lodged", "rejected"), ("lodged", "withdrawn")}
    for old in ALLOWED_OBJECTION_CHANGES:
        for new in ObjectionState.values:
            assert OBJECTION_MACHINE.allows(old, new) == ((old, new) in expected)


def test_a_withdrawn_objection_cannot_be_decided(letting, decider) -> None:
    objection = lodged(letting)
    services.withdraw_objection(actor=None, objection=objection)
    with pytest.raises(NotAllowed) as refused:
        services.decide_objection(
            actor=decider, objection=objection, outcome="upheld", reasons="Yes."
        )
    assert refused.value.code == "letting_objection_state"
