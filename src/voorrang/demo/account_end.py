"""A household that asks to end its account the day it was let a home through the targeted
track, with its follow-up running and a story told: the staff's screen of requests to end an
account then shows what is kept, why and until when (the letting, the track's pseudonymised
records, the story without names), not "everything can be erased"."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from voorrang.allocation.models import Allocation
from voorrang.commitments.models import CommitmentAgreement
from voorrang.commitments.states import FollowUpStatus
from voorrang.demo.history import link_account
from voorrang.demo.stock import L_FLAT
from voorrang.portal.services import request_account_end
from voorrang.seekers.models import Seeker
from voorrang.stories import services as stories
from voorrang.stories.models import Direction, Domain, Prompt, TellerRole


def _newest_tenant_in_follow_up() -> Allocation | None:
    """The household let a home in the L-flat through the targeted track most recently, whose
    follow-up runs and whose registration has no account yet."""
    following = CommitmentAgreement.objects.exclude(status=FollowUpStatus.ENDED).values_list(
        "application__seeker_id", flat=True
    )
    return (
        Allocation.objects.filter(
            unit__building__name=L_FLAT,
            tier="commitment",
            let_on__isnull=False,
            seeker_id__in=following,
            seeker__user__isnull=True,
        )
        .select_related("seeker", "unit__building")
        .order_by("-let_on", "-pk")
        .first()
    )


def add_account_end_request(user: Any, *, today: date) -> Seeker | None:
    """Give ``user`` the registration of the newest tenant in follow-up, a story told today
    (with the teller's name, phone number and registration number in it, as told) and a
    request to end the account, waiting for staff."""
    allocation = _newest_tenant_in_follow_up()
    domain = Domain.objects.order_by("position").first()
    if allocation is None or domain is None:
        return None
    seeker = link_account(user, allocation.seeker)
    main = seeker.main_applicant
    name = str(main) if main is not None else ""
    phone = f", bel me op {seeker.phone}" if seeker.phone else ""
    welfare = get_user_model().objects.get(username="staff-welfare")
    stories.collect_story(
        actor=welfare,
        domain=domain,
        told_on=today,
        teller_role=TellerRole.TARGETED_NEWCOMER,
        prompt=Prompt.MOST_SIGNIFICANT,
        direction=Direction.POSITIVE,
        text=(
            f"Ik ben {name}{phone}. Mijn inschrijving was {seeker.registration_number}. "
            "Sinds ik hier woon, groeten de buren me op de galerij."
        ),
        significance="Ik hoor er vanaf de eerste dag bij.",
        consent="publication",
        consent_how="written",
        teller_name=name,
        teller_contact="via de opbouwwerker",
        seeker=seeker,
        building=allocation.unit.building,
    )
    request_account_end(user=user, reason="Ik heb nu een huis en heb mijn account niet meer nodig.")
    return seeker
