"""Who a client may read of the seekers behind kandidaten, aanbiedingen and reacties, and how
a seeker is named to it.

The letting staff (and the application manager, as on the staff pages) know the seekers by
their registration number (VERA's relatie ``id``). The evaluation institute reads pseudonyms
only, the same HMAC pseudonyms as the research export (``voorrang.evaluation.research``), so
that its two sources join. Other roles read no individual seekers at all: the welfare
organisation sees its own track on its own pages, the municipality reads aggregates."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions

from voorrang.evaluation.research import ResearchKeyMissing, pseudonym, research_key
from voorrang.roles import Role, role_names
from voorrang.seekers.models import Seeker

NAMED = frozenset({Role.STAFF_ALLOCATION.value, Role.ADMIN.value})
PSEUDONYMOUS = frozenset({Role.RESEARCHER.value})


class Unavailable(exceptions.APIException):
    status_code = 503
    default_code = "unavailable"


class SeekerNaming:
    """How one request names seekers; made once per request (the key is read once)."""

    def __init__(self, user, *, operator: bool = False) -> None:
        """``operator``: the command line, run by the application manager, names seekers as
        the letting staff do."""
        roles = frozenset(NAMED) if operator else role_names(user)
        if roles & NAMED:
            self.key: bytes | None = None
        elif roles & PSEUDONYMOUS:
            try:
                self.key = research_key()
            except ResearchKeyMissing:
                raise Unavailable(
                    _("Pseudonyms cannot be made: the research key is not set.")
                ) from None
        else:
            raise exceptions.PermissionDenied(
                _("This client's role may not read the records of individual seekers.")
            )

    @property
    def pseudonymous(self) -> bool:
        return self.key is not None

    def of(self, seeker: Seeker) -> str:
        if self.key is None:
            return seeker.registration_number
        return pseudonym(self.key, "seeker", seeker.registration_number)
