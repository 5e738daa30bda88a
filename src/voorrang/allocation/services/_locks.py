"""The row lock every service of a vacancy starts with."""

from __future__ import annotations

from voorrang.allocation.models import Vacancy


def locked_vacancy(vacancy: Vacancy) -> Vacancy:
    # The vacancy is the first lock every service takes (then its offer, then the seeker), so
    # that two services acting on one vacancy wait for each other instead of deadlocking.
    return Vacancy.objects.select_for_update().select_related("unit__building").get(pk=vacancy.pk)
