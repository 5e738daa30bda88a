"""A real address for every welfare page, for the access-matrix walk: one organisation with
one application at each stage the pages need, and the account ``user-staff-welfare`` (the
walk's welfare account) as its coordinator, with a colleague (whom the walk's empty POST may
remove from the team) and an invited coordinator who has not chosen a password yet."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.commitments import factories as f
from tests.factories import SeekerFactory
from voorrang.commitments import services, team

# The welfare pages that answer GET with 200 (the others are POST steps: 405).
WELFARE_PAGES = {
    "welfare:queue",
    "welfare:application",
    "welfare:assess",
    "welfare:agreement",
    "welfare:agreement_pdf",
    "welfare:check_in",
    "welfare:objection_document",
    "welfare:caseload",
    "welfare:allocation",
    "welfare:rubric",
    "welfare:criterion",
    "welfare:catalogue",
    "welfare:team",
    "welfare:team_add",
    "welfare:team_remove",
}


def welfare_url_args() -> dict[str, list]:
    org = f.organisation()
    coordinator = f.coordinator(org, "user-staff-welfare")
    agreement = f.moved_in(f.applied(org, seeker=SeekerFactory()), coordinator, days_ago=85)
    application = agreement.application
    declined = f.declined(f.applied(org, seeker=SeekerFactory()), coordinator)
    objection = services.lodge_objection(
        actor=None,
        application=declined,
        grounds="Oneens",
        documents=[SimpleUploadedFile("brief.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    supported = f.moved_in(f.applied(org, seeker=SeekerFactory()), coordinator, days_ago=85)
    services.answer_check_in(
        actor=None,
        check_in=supported.check_ins.get(month=3),
        answered_by="seeker",
        settled=3,
        contact=3,
        going="partly",
        hours_last_month=4,
        wants_support=True,
    )
    task = supported.support_tasks.get()
    colleague = f.coordinator(org, "collega")
    invited = team.add_coordinator_by_email(
        actor=None, organisation=org, email="uitgenodigd@example.org"
    ).user
    pk = application.pk
    building = application.building
    return {
        "welfare:application": [pk],
        "welfare:intake_schedule": [pk],
        "welfare:intake_record": [pk],
        "welfare:assess": [pk],
        "welfare:decide": [pk],
        "welfare:renew": [pk],
        "welfare:objection_decide": [declined.pk, objection.pk],
        "welfare:objection_assign": [declined.pk, objection.pk],
        "welfare:objection_register": [declined.pk],
        "welfare:objection_document": [
            declined.pk,
            objection.pk,
            objection.documents.get().pk,
        ],
        "welfare:agreement": [pk],
        "welfare:agreement_pdf": [pk],
        "welfare:activity_log": [pk],
        "welfare:check_in": [pk, agreement.check_ins.get(month=3).pk],
        "welfare:pause": [pk],
        "welfare:resume": [pk],
        "welfare:end": [pk],
        "welfare:criterion_toggle": [org.criteria.first().pk],
        "welfare:criterion": [org.criteria.first().pk],
        "welfare:support_close": [supported.application.pk, task.pk],
        "welfare:support_reassign": [supported.application.pk, task.pk],
        "welfare:catalogue": [building.pk],
        "welfare:need_toggle": [building.pk, building.needs.first().pk],
        "welfare:team_add": [org.pk],
        "welfare:team_remove": [org.pk, colleague.pk],
        "welfare:team_invite": [org.pk, invited.pk],
    }
