"""The check of income and household in the demo's history. The registrations of the history
count as checked at their intake (``population.insert_seekers``); in the last week a few
households send new evidence of their income, which makes it unchecked again, and staff
check one and reject another with a reason, so that a newcomer sees each state: checked,
rejected, and waiting with evidence on the work queue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from voorrang.demo.simulation import local_moment
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers import services as seeker_services
from voorrang.seekers.models import Seeker

# How many households send new evidence; the first is rejected, the second checked, the
# others wait on the work queue.
SENDERS = 5
REJECTION = (
    "De loonstroken zijn van vorig jaar. Stuur de inkomensverklaring (IB60) van de "
    "Belastingdienst van dit jaar."
)
# The smallest file that passes the upload check as a PDF.
DEMO_PDF = b"%PDF-1.4\n% demo evidence\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


class IncomeCheckEvents:
    """Mixed into the demo's history: ``at``, ``today``, ``staff`` come from there."""

    today: Any
    staff: list[Any]
    at: Any

    def plan_income_checks(self) -> None:
        self.evidence_senders: list[int] = []
        for i in range(SENDERS):
            day = self.today - timedelta(days=6 - i % 3)
            self.at(local_moment(day, 9, 10 + i), self.evidence_sent, i)
        self.at(local_moment(self.today - timedelta(days=2), 14), self.check_decided, 0, False)
        self.at(local_moment(self.today - timedelta(days=2), 14, 20), self.check_decided, 1, True)

    def evidence_sent(self, i: int) -> None:
        """A household without an account sends its income evidence by post; staff scan it
        in (the record's uploader is then nobody), which makes the income unchecked."""
        today = timezone.localdate()
        candidates = list(
            Seeker.objects.filter(
                status="active",
                user__isnull=True,
                income_check="checked",
                registered_on__lt=today - timedelta(days=365),
            )
            .order_by("registration_number")
            .values_list("pk", flat=True)[: 40 * SENDERS]
        )
        if not candidates:
            return
        # Spread over the list; one chosen before is unchecked now, so not among them.
        seeker = Seeker.objects.get(pk=candidates[(i * 37) % len(candidates)])
        upload = SimpleUploadedFile(
            f"inkomensverklaring-{today.year}.pdf", DEMO_PDF, content_type="application/pdf"
        )
        stored = evidence_files.store_upload(owner=None, upload=upload)
        seeker_services.change_details(actor=None, seeker=seeker, changes={}, evidence=stored)
        self.evidence_senders.append(seeker.pk)

    def check_decided(self, i: int, approve: bool) -> None:
        if i >= len(self.evidence_senders):
            return
        seeker = Seeker.objects.get(pk=self.evidence_senders[i])
        actor = self.staff[i % len(self.staff)]
        if approve:
            seeker_services.check_income(actor=actor, seeker=seeker)
        else:
            seeker_services.reject_income(actor=actor, seeker=seeker, reason=REJECTION)
