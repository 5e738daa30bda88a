"""The printable commitment agreement: an HTML template drawn as PDF by WeasyPrint."""

from __future__ import annotations

import logging

from django.template.loader import render_to_string
from django.utils import translation

from voorrang.commitments.models import CommitmentAgreement

# WeasyPrint reports each step of every PDF at INFO; only its warnings belong in the log.
logging.getLogger("weasyprint").setLevel(logging.WARNING)


def agreement_pdf(agreement: CommitmentAgreement, *, language: str | None = None) -> bytes:
    from weasyprint import HTML  # imported here: loading its system libraries takes a while

    application = agreement.application
    context = {
        "agreement": agreement,
        "application": application,
        "seeker": application.seeker,
        "main": application.seeker.members.filter(is_main_applicant=True).first()
        if application.seeker
        else None,
        "activities": list(agreement.activities.all()),
    }
    with translation.override(language or translation.get_language()):
        html = render_to_string("commitments/agreement_pdf.html", context)
    return HTML(string=html).write_pdf()
