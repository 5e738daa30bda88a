"""The targeted track's emails that wait in batches (``voorrang.notifications``), written when
they are sent from the record as it is then. Registered in ``CommitmentsConfig.ready``."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from voorrang.commitments.models import Application
from voorrang.commitments.states import HousedElsewhere
from voorrang.notifications.emails import BatchEmails, message
from voorrang.notifications.models import NotSent, PendingBatch


def commitment_ended_messages(application_id: int) -> BatchEmails:
    """The seeker hears that their commitment ended because they were housed by another
    route, as the policy says."""
    emails = BatchEmails()
    application = (
        Application.objects.select_related("seeker__user", "building")
        .filter(pk=application_id, seeker__isnull=False)
        .first()
    )
    if application is None or application.housed_elsewhere != HousedElsewhere.ENDED:
        emails.leave_out(NotSent.GONE)
        return emails
    context = {
        "application": application,
        "track_url": settings.VOORRANG_PUBLIC_URL + reverse("track:overview"),
    }
    emails.add(message("commitment_ended", application.seeker, context))
    return emails


BUILDERS = {PendingBatch.Event.COMMITMENT_ENDED: commitment_ended_messages}
