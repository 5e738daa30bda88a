"""The welfare coordinators' pages, under /staff/welfare/. Each name here has its entry in
``voorrang.web.access.ACCESS``."""

from django.urls import path

from voorrang.commitments.views import welfare

app_name = "welfare"

urlpatterns = [
    path("", welfare.queue, name="queue"),
    path("applications/<int:pk>/", welfare.application_detail, name="application"),
    path("applications/<int:pk>/intake/", welfare.intake_schedule, name="intake_schedule"),
    path("applications/<int:pk>/intake/record/", welfare.intake_record, name="intake_record"),
    path("applications/<int:pk>/assess/", welfare.assess, name="assess"),
    path("applications/<int:pk>/decide/", welfare.decide, name="decide"),
    path("applications/<int:pk>/renew/", welfare.renew, name="renew"),
    path(
        "applications/<int:pk>/objections/<int:objection_id>/decide/",
        welfare.objection_decide,
        name="objection_decide",
    ),
    path("applications/<int:pk>/agreement/", welfare.agreement, name="agreement"),
    path("applications/<int:pk>/agreement.pdf", welfare.agreement_pdf_view, name="agreement_pdf"),
    path("applications/<int:pk>/moved-in/", welfare.follow_up_start, name="follow_up_start"),
    path("applications/<int:pk>/activities/", welfare.activity_log, name="activity_log"),
    path("applications/<int:pk>/check-ins/<int:check_in_id>/", welfare.check_in, name="check_in"),
    path("applications/<int:pk>/pause/", welfare.pause, name="pause"),
    path("applications/<int:pk>/resume/", welfare.resume, name="resume"),
    path("applications/<int:pk>/end/", welfare.end, name="end"),
    path("caseload/", welfare.caseload, name="caseload"),
    path("allocation/", welfare.allocation, name="allocation"),
    path("rubric/", welfare.rubric, name="rubric"),
    path("rubric/<int:criterion_id>/toggle/", welfare.criterion_toggle, name="criterion_toggle"),
    path("buildings/<int:building_id>/needs/", welfare.catalogue, name="catalogue"),
    path(
        "buildings/<int:building_id>/needs/<int:need_id>/toggle/",
        welfare.need_toggle,
        name="need_toggle",
    ),
    path("team/", welfare.team_page, name="team"),
    path("team/<int:organisation_id>/add/", welfare.team_add, name="team_add"),
    path(
        "team/<int:organisation_id>/coordinators/<int:user_id>/remove/",
        welfare.team_remove,
        name="team_remove",
    ),
    path(
        "team/<int:organisation_id>/coordinators/<int:user_id>/invite/",
        welfare.team_invite,
        name="team_invite",
    ),
]
