"""A tenant let a home today through the targeted track, in follow-up, who told a story:
the case where ending the account must not say "everything can be erased"."""

from __future__ import annotations

import datetime as dt

from tests.commitments.factories import applied, coordinator, moved_in, organisation
from tests.factories import StaffFactory
from tests.portal.helpers import seeker_with_account
from tests.stories.stories import redacted, story, welfare
from voorrang.stories.consent import ConsentTier
from voorrang.stories.models import Story

PHONE = "06-12345678"


def tenant_let_today_through_the_track():
    """A seeker let a home today, in follow-up of the targeted track, who told a story with
    their own name, phone number and registration number in it."""
    staff = StaffFactory()
    user, seeker = seeker_with_account(
        "noura@example.org", phone=PHONE, registered_on=dt.date(2010, 1, 1)
    )
    member = seeker.members.get()
    member.first_name, member.last_name = "Noura", "Haddad"
    member.save()
    org = organisation()
    welfare_coordinator = coordinator(org)
    # The home is let today through the commitment tier: the follow-up starts by itself.
    agreement = moved_in(applied(org, seeker=seeker), welfare_coordinator, days_ago=0)
    vacancy = seeker.allocations.get(let_on__isnull=False).vacancy
    collector = welfare("verhalen")
    told = story(
        collector,
        text=(
            f"Ik ben Noura Haddad, bel me op {PHONE}. Mijn inschrijving is "
            f"{seeker.registration_number}. Sinds de koffieochtend groet ik de buren."
        ),
        consent=ConsentTier.PUBLICATION,
    )
    told = redacted(collector, told)
    Story.objects.filter(pk=told.pk).update(
        seeker=seeker,
        quotation=f"Noura groet de buren ({seeker.registration_number})",
    )
    return staff, user, seeker, vacancy, agreement, Story.objects.get(pk=told.pk)
