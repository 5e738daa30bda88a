"""Free text has a limit per field, held by the forms and by the services alike."""

from __future__ import annotations

import pytest

from tests.staff.accounts import log_in
from voorrang.errors import InvalidChange
from voorrang.text_limits import TEXT_LIMITS, check_length


def test_a_text_at_its_limit_is_kept_and_one_more_character_is_refused() -> None:
    limit = TEXT_LIMITS["notes"]
    assert check_length("x" * limit, field="notes") == "x" * limit
    with pytest.raises(InvalidChange) as caught:
        check_length("x" * (limit + 1), field="notes")
    assert caught.value.field == "notes"


pytestmark = pytest.mark.django_db


def client_for(user):
    from django.test import Client

    client = Client(headers={"accept-language": "en"})
    log_in(client, user)
    return client


def test_an_intake_note_of_a_megabyte_is_refused_on_the_page(org, coordinator) -> None:
    from django.urls import reverse
    from django.utils import timezone

    from tests.commitments import factories as f
    from voorrang.commitments.models import Intake

    application = f.scheduled(f.applied(org), coordinator)
    response = client_for(coordinator).post(
        reverse("welfare:intake_record", args=[application.pk]),
        {"held_on": timezone.localdate().isoformat(), "notes": "x" * 1_000_000},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_notes"' in html
    assert "at most 10000 characters" in html
    assert 'maxlength="10000"' in html
    assert not Intake.objects.exclude(notes="").exists()


def test_the_service_refuses_an_intake_note_over_the_limit(org, coordinator) -> None:
    from django.utils import timezone

    from tests.commitments import factories as f
    from voorrang.commitments import services

    application = f.scheduled(f.applied(org), coordinator)
    with pytest.raises(InvalidChange) as caught:
        services.record_intake(
            actor=coordinator,
            application=application,
            held_on=timezone.localdate(),
            notes="x" * 1_000_000,
        )
    assert caught.value.field == "notes"


def test_a_motivation_over_the_limit_is_refused_on_the_application_form(org) -> None:
    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import SeekerFactory
    from tests.staff.accounts import account
    from voorrang.commitments.consent import CONSENT_STATEMENTS
    from voorrang.commitments.models import Application

    user = account("eva", "seeker")
    SeekerFactory(user=user, email="eva@example.org")
    response = client_for(user).post(
        reverse("track:apply"),
        {
            "building": org.buildings.get().pk,
            "motivation": "x" * (TEXT_LIMITS["motivation"] + 1),
            "hours_per_month": "8",
            "available_from": timezone.localdate().isoformat(),
            "consents": list(CONSENT_STATEMENTS),
        },
    )
    assert response.status_code == 400
    assert 'href="#id_motivation"' in response.content.decode()
    assert not Application.objects.exists()


def test_an_objection_over_the_limit_is_refused_by_the_service(org, coordinator) -> None:
    from tests.commitments import factories as f
    from voorrang.commitments import services

    declined = f.declined(f.applied(org), coordinator)
    with pytest.raises(InvalidChange) as caught:
        services.lodge_objection(
            actor=declined.seeker.user, application=declined, grounds="x" * 100_000
        )
    assert caught.value.field == "grounds"
