"""The accounts of every role and a real address for every page of the access matrix, with
the objects those addresses need: shared by the access-matrix walk (test_access_matrix.py)
and the browser's reflow walk (tests/browser/test_reflow.py)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.commitments.welfare_urls import welfare_url_args
from tests.factories import SeekerFactory, UrgencyFactory
from tests.staff.accounts import account
from tests.stories.matrix import story_args
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers.models import DuplicateFlag, RegistrationDateChange
from voorrang.surveys import services as survey_services
from voorrang.web.access import ACCESS

# Who is who: the role's group names, and whether the account is a superuser. The walks log
# in as ``user-<who>`` (the welfare and stories addresses make those accounts members).
ACCOUNTS = {
    "seeker": (["seeker"], False),
    "staff-welfare": (["staff-welfare"], False),
    "policy": (["policy"], False),
    "researcher": (["researcher"], False),
    "staff-allocation": (["staff-allocation"], False),
    "admin": (["admin"], False),
    "superuser": ([], True),
    "superuser-admin": (["admin"], True),
}


def roles_of(who: str) -> set[str]:
    """A superuser has exactly the application manager's rights, and nothing more."""
    groups, superuser = ACCOUNTS[who]
    return set(groups) | ({"admin"} if superuser else set())


def listing_photo(vacancy):
    """A photo of the vacancy, written as the service writes one (the vacancy is past the
    states whose listing changes)."""
    from tests.allocation.test_listing_photos import jpeg_with_exif
    from voorrang.allocation import photos
    from voorrang.allocation.models import VacancyPhoto

    stored_name, resized = photos.store(
        SimpleUploadedFile("room.jpg", jpeg_with_exif(60, 40), content_type="image/jpeg")
    )
    return VacancyPhoto.objects.create(
        vacancy=vacancy,
        stored_name=stored_name,
        alt_text="Living room",
        width=resized.width,
        height=resized.height,
    )


def matrix_urls(*, ranked_vacancy, staff, second_staff, settings, tmp_path) -> dict[str, str]:
    """A real address for every URL name of the matrix."""
    from tests.simulation_runs.conftest import finish_with_files, queued_run

    settings.DATA_DIR = tmp_path
    run = finish_with_files(queued_run(staff)).pk
    seeker = SeekerFactory()
    other = SeekerFactory()
    flag = DuplicateFlag.objects.create(seeker=seeker, other=other, ground="email")
    evidence = evidence_files.store_upload(
        owner=None, upload=SimpleUploadedFile("ib60.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    evidence.seeker = seeker
    evidence.save(update_fields=["seeker"])
    change = RegistrationDateChange.objects.create(
        seeker=seeker,
        old_date=seeker.registered_on,
        new_date=seeker.registered_on.replace(year=2000),
        reason="test",
        requested_by=second_staff,
    )
    urgency = UrgencyFactory(seeker=seeker, status="proposed", decided_by=None)
    urgency.document.save("declaration.pdf", ContentFile(b"%PDF-1.4\n"))
    reference = ranked_vacancy.reference
    photo = listing_photo(ranked_vacancy)
    from voorrang.allocation import services
    from voorrang.portal.services import request_account_end

    end_request = request_account_end(user=account("leaving@example.org", "seeker"))

    offer = services.offer_next(actor=staff, vacancy=ranked_vacancy)
    number = seeker.registration_number
    from voorrang.objections.services import lodge_objection

    passed_over = ranked_vacancy.rankings.get(is_current=True).entries.get(position=2).seeker
    objection = lodge_objection(
        actor=None,
        vacancy=ranked_vacancy,
        seeker=passed_over,
        reasons="test",
        document=SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    from voorrang.evaluation.example import load_example
    from voorrang.evaluation.models import EvaluationReport

    settings.VOORRANG_RESEARCH_KEY = "k" * 40
    load_example()
    built = EvaluationReport.objects.create(
        as_of=dt.date(2024, 1, 1),
        language="en",
        html="<p>report</p>",
        pdf=ContentFile(b"%PDF", name="r.pdf"),
        digest="",
    )
    from voorrang.evaluation.services import request_report

    report_job = request_report(actor=staff, as_of=dt.date(2024, 1, 1), language="en")
    wave = survey_services.create_wave(
        actor=staff,
        building=ranked_vacancy.unit.building,
        opens_on=ranked_vacancy.closes_on,
        closes_on=ranked_vacancy.closes_on,
    )
    respondent = survey_services.add_respondent(
        actor=staff, building=wave.building, cohort="incumbent"
    )
    from voorrang.imports.uploads import upload

    stored_import = upload(
        actor=staff,
        kind="units",
        name="units.csv",
        data=(
            "source_id,building,street,number,postcode,town,rooms,surface_m2,rent\n"
            f"ERP-1,{ranked_vacancy.unit.building.name},Laan,1,3706 AA,Zeist,2,50,500\n"
        ).encode(),
    )
    args = {
        "staff:survey_wave": [wave.pk],
        "staff:survey_wave_open": [wave.pk],
        "staff:survey_wave_close": [wave.pk],
        "staff:survey_respondent_add": [wave.pk],
        "staff:survey_invite": [wave.pk],
        "staff:survey_invite_all": [wave.pk],
        "staff:survey_paper": [wave.pk, respondent.pk],
        "staff:vacancy": [reference],
        "staff:vacancy_create_for_unit": [ranked_vacancy.unit_id],
        "staff:vacancy_publish": [reference],
        "staff:vacancy_close": [reference],
        "staff:vacancy_rank": [reference],
        "staff:vacancy_vera_kandidaten": [reference],
        "staff:vacancy_offer_next": [reference],
        "staff:vacancy_withdraw": [reference],
        "staff:vacancy_paper_response": [reference],
        "staff:vacancy_listing": [reference],
        "staff:vacancy_photo_add": [reference],
        "staff:vacancy_photo_remove": [reference, photo.pk],
        "staff:vacancy_photo_forward": [reference, photo.pk],
        "staff:vacancy_photo": [reference, photo.pk, "small"],
        "staff:offer_accept": [reference, offer.pk],
        "staff:offer_refuse": [reference, offer.pk],
        "staff:objection_decide": [objection.pk],
        "staff:objection_document": [objection.pk],
        "staff:offer_viewing": [reference, offer.pk],
        "staff:offer_viewing_outcome": [reference, offer.pk],
        # No allocation yet: the id is only looked up once access is granted.
        "staff:allocation_checks": [reference, offer.pk],
        "staff:allocation_contract": [reference, offer.pk],
        "staff:allocation_keys": [reference, offer.pk],
        "staff:seeker": [number],
        "staff:seeker_evidence": [number, evidence.pk],
        "staff:seeker_check": [number, "income"],
        "staff:seeker_check_reject": [number, "household"],
        "staff:seeker_date_change": [number],
        "staff:seeker_date_change_decide": [number, change.pk],
        "staff:seeker_duplicate_resolve": [number, flag.pk],
        "staff:seeker_urgency_propose": [number],
        "staff:seeker_urgency_confirm": [number, urgency.pk],
        "staff:seeker_urgency_reject": [number, urgency.pk],
        "staff:seeker_urgency_end": [number, urgency.pk],
        "staff:seeker_urgency_document": [number, urgency.pk],
        "staff:building": [ranked_vacancy.unit.building_id],
        "evaluation:report_download": [built.pk, "pdf"],
        "evaluation:report_job": [report_job.pk],
        **welfare_url_args(),
        **story_args(),
        "simulations:run": [run],
        "simulations:progress": [run],
        "simulations:cancel": [run],
        "simulations:file": [run, "figures.csv"],
        "staff:end_request_confirm": [end_request.pk],
        "staff:end_request_decline": [end_request.pk],
        "staff:import_preview": [stored_import.pk],
        "staff:import_confirm": [stored_import.pk],
    }
    return {name: reverse(name, args=args.get(name, [])) for name in ACCESS}
