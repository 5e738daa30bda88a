"""The track's pages with the test client: bad input comes back on the form with the field
named and nothing stored; a step the state does not allow answers 409; the seeker's steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.commitments import factories as f
from tests.factories import SeekerFactory
from tests.staff.accounts import account, log_in
from voorrang.commitments.consent import CONSENT_STATEMENTS
from voorrang.commitments.models import (
    Application,
    Assessment,
    CommitmentAgreement,
    Intake,
    Objection,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    log_in(client, user)
    return client


@pytest.fixture
def seeker_client(org):
    user = account("eva", "seeker")
    seeker = SeekerFactory(user=user, email="eva@example.org")
    return client_for(user), seeker


def application_data(org, **overrides) -> dict:
    return {
        "building": org.buildings.get().pk,
        "motivation": "Huiswerkbegeleiding",
        "hours_per_month": "8",
        "available_from": timezone.localdate().isoformat(),
        "consents": list(CONSENT_STATEMENTS),
        **overrides,
    }


def test_a_seeker_applies_through_the_form(org, seeker_client) -> None:
    client, seeker = seeker_client
    assert client.get(reverse("track:apply")).status_code == 200
    response = client.post(reverse("track:apply"), application_data(org))
    assert response.status_code == 302
    assert Application.objects.get().seeker == seeker
    overview = client.get(reverse("track:overview")).content.decode()
    assert "submitted" in overview
    # Applying again for the same building: refused on the form, nothing stored.
    again = client.post(reverse("track:apply"), application_data(org))
    assert again.status_code == 400
    assert "You have applied for this building already." in again.content.decode()
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("consents", ["share_with_welfare"], "To apply, you need to agree with every statement."),
        ("hours_per_month", "0", "Ensure this value is greater than or equal to 1."),
        ("motivation", "", "This field is required."),
        ("available_from", "morgen", "Enter a valid date."),
    ],
)
def test_bad_input_on_the_application_names_the_field(
    org, seeker_client, field, value, message
) -> None:
    client, _seeker = seeker_client
    response = client.post(reverse("track:apply"), application_data(org, **{field: value}))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'href="#id_{field}' in html
    assert not Application.objects.exists()


def test_the_seeker_withdraws_and_lodges_an_objection_through_the_pages(
    org, coordinator, seeker_client
) -> None:
    client, seeker = seeker_client
    application = f.applied(org, seeker=seeker)
    assert client.post(reverse("track:withdraw", args=[application.pk])).status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    declined = f.declined(f.applied(org, seeker=seeker), coordinator)
    page = client.get(reverse("track:application", args=[declined.pk])).content.decode()
    assert "Te weinig tijd." in page  # the reasons of the decline
    empty = client.post(reverse("track:objection", args=[declined.pk]), {"grounds": ""})
    assert empty.status_code == 400
    assert (
        client.post(
            reverse("track:objection", args=[declined.pk]), {"grounds": "Ik heb tijd."}
        ).status_code
        == 302
    )
    assert Objection.objects.get().grounds == "Ik heb tijd."


def test_the_coordinators_step_with_bad_input_shows_the_page_again_and_stores_nothing(
    org, coordinator
) -> None:
    application = f.applied(org)
    client = client_for(coordinator)
    url = reverse("welfare:intake_schedule", args=[application.pk])
    response = client.post(url, {"day": "", "time": "10:00", "place": "Buurthuis"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    past = client.post(url, {"day": yesterday.isoformat(), "time": "10:00", "place": "Buurthuis"})
    assert past.status_code == 400
    assert "The intake cannot be in the past." in past.content.decode()
    assert not Intake.objects.exists()


def test_an_assessment_without_reasons_shows_the_page_again_with_the_scores_kept(
    org, coordinator
) -> None:
    application = f.held(f.applied(org), coordinator)
    criteria = list(org.criteria.filter(active=True))
    client = client_for(coordinator)
    data = {f"score_{c.pk}": "4" for c in criteria}
    data[f"reason_{criteria[0].pk}"] = "Goed onderbouwd"

    response = client.post(reverse("welfare:assess", args=[application.pk]), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'name="reason_{criteria[0].pk}"' in page
    assert "Goed onderbouwd" in page  # what was typed is still there
    assert response.context["application"] == application
    assert response.context["welfare_section"] == "queue"
    assert not Assessment.objects.exists()


def test_an_agreement_with_bad_hours_shows_the_page_again_and_stores_nothing(
    org, coordinator
) -> None:
    application = f.approved(f.applied(org), coordinator)
    need = application.building.needs.first()
    today = timezone.localdate().isoformat()
    client = client_for(coordinator)

    response = client.post(
        reverse("welfare:agreement", args=[application.pk]),
        {
            "activities": [need.pk],
            "hours_per_month": "many",
            "coordinator": coordinator.pk,
            "duration_months": "24",
            "starts_on": today,
            "signed_on": today,
        },
    )

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert response.context["form"].has_error("hours_per_month")
    assert response.context["application"] == application
    assert not CommitmentAgreement.objects.exists()


def test_a_step_the_state_does_not_allow_answers_409(org, coordinator) -> None:
    application = f.approved(f.applied(org), coordinator)
    client = client_for(coordinator)
    response = client.post(
        reverse("welfare:decide", args=[application.pk]), {"outcome": "declined", "reasons": "x"}
    )
    assert response.status_code == 409
    application.refresh_from_db()
    assert application.status == "approved"


def test_the_caseload_per_building_and_per_coordinator(org, coordinator) -> None:
    agreement = f.moved_in(f.applied(org), coordinator, days_ago=85)
    pending = f.applied(org, seeker=SeekerFactory())
    client = client_for(coordinator)
    building = org.buildings.get()
    for query in (f"?building={building.pk}", f"?coordinator={coordinator.pk}", ""):
        html = client.get(reverse("welfare:caseload") + query).content.decode()
        assert agreement.application.seeker.registration_number in html
        assert "Check-ins due" in html
    html = client.get(reverse("welfare:caseload") + f"?building={building.pk}").content.decode()
    assert pending.seeker.registration_number in html  # in the pipeline


def test_the_catalogue_and_the_rubric_are_edited_by_the_coordinator(org, coordinator) -> None:
    client = client_for(coordinator)
    building = org.buildings.get()
    url = reverse("welfare:catalogue", args=[building.pk])
    assert client.post(url, {"name": "Fietsenwerkplaats"}).status_code == 302
    assert building.needs.filter(name="Fietsenwerkplaats").exists()
    assert client.post(url, {"name": "Fietsenwerkplaats"}).status_code == 400
    need = building.needs.get(name="Fietsenwerkplaats")
    client.post(reverse("welfare:need_toggle", args=[building.pk, need.pk]))
    need.refresh_from_db()
    assert not need.active
    assert client.post(reverse("welfare:rubric"), {"label": "Samenwerken"}).status_code == 302
    assert org.criteria.filter(label="Samenwerken", active=True).exists()


def test_the_seekers_own_data_download_includes_the_targeted_track(
    org, coordinator, seeker_client
) -> None:
    import json

    client, seeker = seeker_client
    agreement = f.moved_in(f.applied(org, seeker=seeker), coordinator, days_ago=85)
    data = json.loads(client.post(reverse("portal:export")).content)
    [track] = data["targeted_track"]
    assert track["motivation"] == "Koffieochtenden organiseren voor de buren."
    assert track["intakes"][0]["notes"]
    assert len(track["agreement"]["check_ins"]) == 4
    assert track["agreement"]["hours_per_month"] == agreement.hours_per_month


def test_an_expired_approval_is_shown_as_expired_until_renewed(
    org, coordinator, seeker_client
) -> None:
    from voorrang.commitments import services

    client, seeker = seeker_client
    application = f.approved(f.applied(org, seeker=seeker), coordinator)
    Application.objects.filter(pk=application.pk).update(
        approved_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assert "expired" in client.get(reverse("track:overview")).content.decode()
    services.renew(actor=coordinator, application=application, reasons="Verlengd.")
    assert "expired" not in client.get(reverse("track:overview")).content.decode()
