"""Writes of the portal itself: a seeker's request to end their account."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from voorrang.audit.services import record
from voorrang.errors import NotAllowed
from voorrang.portal.models import AccountEndRequest, EndRequestStatus
from voorrang.seekers.models import Seeker


@transaction.atomic
def request_account_end(*, user: Any, reason: str = "") -> AccountEndRequest:
    """Record the request; staff confirm it later. Nothing is erased here."""
    if AccountEndRequest.objects.filter(user=user, status=EndRequestStatus.PENDING).exists():
        raise NotAllowed(_("You have asked for this already. Staff will contact you."))
    seeker = Seeker.objects.filter(user=user).first()
    try:
        with transaction.atomic():
            request = AccountEndRequest.objects.create(
                user=user, seeker=seeker, reason=reason.strip()
            )
    except IntegrityError:  # the same request sent twice at once
        raise NotAllowed(_("You have asked for this already. Staff will contact you.")) from None
    record(
        actor=user,
        action="account.end_requested",
        obj=request,
        reason=reason.strip(),
        after={"seeker": seeker.registration_number if seeker else None},
    )
    return request
