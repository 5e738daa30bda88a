"""The welfare coordinators' pages, under /staff/welfare/. Each name here has its entry in
``voorrang.web.access.ACCESS``."""

from django.urls import path

from voorrang.commitments.views import (
    agreement,
    applications,
    caseload,
    catalogue,
    follow_up,
    objections,
    team,
)

app_name = "welfare"

urlpatterns = [
    path("", applications.queue, name="queue"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/intake/", applications.intake_schedule, name="intake_schedule"),
    path("applications/<int:pk>/intake/record/", applications.intake_record, name="intake_record"),
    path("applications/<int:pk>/assess/", applications.assess, name="assess"),
    path("applications/<int:pk>/decide/", applications.decide, name="decide"),
    path("applications/<int:pk>/renew/", applications.renew, name="renew"),
    path(
        "applications/<int:pk>/objections/<int:objection_id>/decide/",
        objections.objection_decide,
        name="objection_decide",
    ),
    path(
        "applications/<int:pk>/objections/<int:objection_id>/assign/",
        objections.objection_assign,
        name="objection_assign",
    ),
    path(
        "applications/<int:pk>/objections/<int:objection_id>/documents/<int:document_id>/",
        objections.objection_document,
        name="objection_document",
    ),
    path(
        "applications/<int:pk>/objections/by-post/",
        objections.objection_register,
        name="objection_register",
    ),
    path("applications/<int:pk>/agreement/", agreement.agreement, name="agreement"),
    path("applications/<int:pk>/agreement.pdf", agreement.agreement_pdf_view, name="agreement_pdf"),
    path("applications/<int:pk>/activities/", follow_up.activity_log, name="activity_log"),
    path("applications/<int:pk>/check-ins/<int:check_in_id>/", follow_up.check_in, name="check_in"),
    path(
        "applications/<int:pk>/support/<int:task_id>/close/",
        follow_up.support_close,
        name="support_close",
    ),
    path(
        "applications/<int:pk>/support/<int:task_id>/give/",
        follow_up.support_reassign,
        name="support_reassign",
    ),
    path("applications/<int:pk>/pause/", follow_up.pause, name="pause"),
    path("applications/<int:pk>/resume/", follow_up.resume, name="resume"),
    path("applications/<int:pk>/end/", follow_up.end, name="end"),
    path("caseload/", caseload.caseload, name="caseload"),
    path("allocation/", caseload.allocation, name="allocation"),
    path("rubric/", catalogue.rubric, name="rubric"),
    path("rubric/<int:criterion_id>/", catalogue.criterion, name="criterion"),
    path("rubric/<int:criterion_id>/toggle/", catalogue.criterion_toggle, name="criterion_toggle"),
    path("buildings/<int:building_id>/needs/", catalogue.catalogue, name="catalogue"),
    path(
        "buildings/<int:building_id>/needs/<int:need_id>/toggle/",
        catalogue.need_toggle,
        name="need_toggle",
    ),
    path("team/", team.team_page, name="team"),
    path("team/<int:organisation_id>/add/", team.team_add, name="team_add"),
    path(
        "team/<int:organisation_id>/coordinators/<int:user_id>/remove/",
        team.team_remove,
        name="team_remove",
    ),
    path(
        "team/<int:organisation_id>/coordinators/<int:user_id>/invite/",
        team.team_invite,
        name="team_invite",
    ),
]
