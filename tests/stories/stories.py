"""Stories, domains, periods and rounds made through the services, as staff would make them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.staff.accounts import account
from voorrang.stories import services
from voorrang.stories.consent import ConsentTier
from voorrang.stories.models import (
    ConsentRecord,
    Direction,
    Domain,
    Prompt,
    ReportingPeriod,
    SelectionRound,
    Story,
    TellerRole,
)

REASONS = (
    "The panel chose this story because it shows how a small weekly habit, coffee on the "
    "gallery, turned neighbours who never spoke into people who look after each other. "
    "It is concrete, it is told in the teller's own words, and it shows a change that lasts."
)


def welfare(username: str = "welzijn1", organisation: str = "Welzijn Zeist") -> Any:
    """A coordinator of ``organisation`` (the stories they collect belong to it)."""
    from tests.commitments.factories import organisation as welfare_organisation
    from voorrang.commitments.models import CoordinatorMembership

    user = account(username, "staff-welfare")
    CoordinatorMembership.objects.get_or_create(
        organisation=welfare_organisation(organisation), user=user
    )
    return user


def researcher(username: str = "onderzoek1") -> Any:
    return account(username, "researcher")


def domain(name: str = "Contact between neighbours", position: int = 0) -> Domain:
    return Domain.objects.get_or_create(name=name, defaults={"position": position})[0]


def period(
    name: str = "2023", starts_on: dt.date = dt.date(2023, 1, 1), ends_on=dt.date(2023, 12, 31)
) -> ReportingPeriod:
    return ReportingPeriod.objects.get_or_create(
        name=name, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )[0]


def story(actor: Any, **overrides: Any) -> Story:
    period()
    values: dict[str, Any] = {
        "domain": domain(),
        "told_on": dt.date(2023, 5, 10),
        "teller_role": TellerRole.TARGETED_NEWCOMER,
        "prompt": Prompt.MOST_SIGNIFICANT,
        "direction": Direction.POSITIVE,
        "text": "Ik ben Noura Haddad. Sinds de koffieochtend groet ik de buren op de galerij.",
        "significance": "Ik voel me minder alleen.",
        "consent": ConsentTier.PUBLICATION,
        "consent_how": ConsentRecord.How.WRITTEN,
        "teller_name": "Noura Haddad",
    }
    values.update(overrides)
    return services.collect_story(actor=actor, **values)


def redacted(actor: Any, item: Story, **overrides: Any) -> Story:
    values: dict[str, Any] = {
        "redacted_text": "Sinds de koffieochtend groet ik de buren op de galerij.",
        "redacted_significance": "Ik voel me minder alleen.",
        "quotation": "groet ik de buren op de galerij",
    }
    values.update(overrides)
    flags = services.redact_story(actor=actor, story=item, **values)
    assert flags == [], flags
    item.refresh_from_db()
    return item


def selection_round(actor: Any, *, members=(), domains=None, name="Panel 2023") -> SelectionRound:
    return services.create_round(
        actor=actor,
        name=name,
        period=period(),
        held_on=dt.date(2023, 11, 20),
        domains=domains or [domain()],
        members=list(members),
        other_members="Een vertegenwoordiger van de huurdersvereniging",
    )


def shown(actor: Any, *items: Story, members=(), name="Panel 2023") -> SelectionRound:
    """A round opened to its panel with ``items`` (redacted stories) in it."""
    domains = list({item.domain for item in items}) or [domain()]
    chosen = selection_round(actor, members=members, domains=domains, name=name)
    for item in items:
        services.add_story_to_round(actor=actor, selection_round=chosen, story=item)
    return services.open_round(actor=actor, selection_round=chosen)
