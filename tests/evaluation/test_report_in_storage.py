"""A kept report's PDF is in the file storage (the data folder or the database) and is
downloaded from there, as it was built."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.staff.accounts import account, log_in
from voorrang.evaluation import report
from voorrang.files import file_storage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("storage_backend")]


def test_the_pdf_is_kept_in_the_file_storage_and_downloaded_from_it() -> None:
    officer = account("beleid", "policy")
    built = report.BuiltReport(html="<p>x</p>", pdf=b"%PDF-1.7 the report", seconds=1.0)
    kept = report._keep(built, actor=officer, as_of=dt.date(2024, 6, 30), language="nl")
    assert kept.pdf.name.startswith("reports/evaluation-report-2024-06-30-nl")
    assert file_storage().exists(kept.pdf.name)
    client = Client()
    log_in(client, officer)
    answer = client.get(f"/evaluation/report/{kept.pk}.pdf")
    assert answer.status_code == 200 and answer.content == b"%PDF-1.7 the report"
    assert answer["Content-Disposition"] == (
        'attachment; filename="evaluation-report-2024-06-30-nl.pdf"'
    )
    file_storage().delete(kept.pdf.name)
    assert client.get(f"/evaluation/report/{kept.pk}.pdf").status_code == 404
