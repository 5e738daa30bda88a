"""The evaluation records in the administration: every list opens; reports are read-only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from tests.staff.accounts import account, log_in
from voorrang.evaluation.example import load_example
from voorrang.evaluation.models import EvaluationReport

pytestmark = pytest.mark.django_db


def test_every_evaluation_list_opens_and_a_report_cannot_be_changed(settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DATA_DIR = tmp_path
    load_example()
    built = EvaluationReport.objects.create(
        as_of=dt.date(2024, 1, 1),
        language="nl",
        html="<p></p>",
        pdf=ContentFile(b"%PDF", name="r.pdf"),
        digest="x",
    )
    user = account("beheer", superuser=True)
    user.is_staff = True
    user.save()
    client = Client()
    log_in(client, user)
    for model in (
        "theoryofchange",
        "link",
        "assumption",
        "workingelement",
        "indicator",
        "observation",
        "evaluationreport",
        "researchexport",
    ):
        assert client.get(f"/admin/evaluation/{model}/").status_code == 200, model
    assert client.get("/admin/evaluation/evaluationreport/add/").status_code == 403
    page = client.get(f"/admin/evaluation/evaluationreport/{built.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
