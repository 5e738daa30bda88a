"""The staff pages, under /staff/. Each name here has its entry in ``access.ACCESS``."""

from django.urls import path

from voorrang.staff.views import (
    buildings,
    end_requests,
    exports,
    imports,
    objections,
    queue,
    seekers,
    vacancies,
    vera_exports,
)
from voorrang.surveys.staff_urls import urlpatterns as survey_urlpatterns

app_name = "staff"

urlpatterns = [
    path("", queue.work_queue, name="queue"),
    path("allocations/vera.json", exports.allocations_vera, name="allocations_vera"),
    path("vacancies/", vacancies.vacancy_list, name="vacancies"),
    path("imports/", imports.import_upload, name="imports"),
    path("imports/<int:pk>/", imports.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("vacancies/new/", vacancies.vacancy_create, name="vacancy_create"),
    path(
        "vacancies/new/<int:unit_id>/",
        vacancies.vacancy_create_for_unit,
        name="vacancy_create_for_unit",
    ),
    path("vacancies/<str:reference>/", vacancies.vacancy_detail, name="vacancy"),
    path("vacancies/<str:reference>/publish/", vacancies.vacancy_publish, name="vacancy_publish"),
    path("vacancies/<str:reference>/close/", vacancies.vacancy_close, name="vacancy_close"),
    path("vacancies/<str:reference>/listing/", vacancies.vacancy_listing, name="vacancy_listing"),
    path(
        "vacancies/<str:reference>/photos/", vacancies.vacancy_photo_add, name="vacancy_photo_add"
    ),
    path(
        "vacancies/<str:reference>/photos/<int:photo_id>/remove/",
        vacancies.vacancy_photo_remove,
        name="vacancy_photo_remove",
    ),
    path(
        "vacancies/<str:reference>/photos/<int:photo_id>/forward/",
        vacancies.vacancy_photo_forward,
        name="vacancy_photo_forward",
    ),
    path(
        "vacancies/<str:reference>/photos/<int:photo_id>/<str:size>.jpg",
        vacancies.vacancy_photo,
        name="vacancy_photo",
    ),
    path("vacancies/<str:reference>/rank/", vacancies.vacancy_rank, name="vacancy_rank"),
    path(
        "vacancies/<str:reference>/vera-kandidaten.json",
        vera_exports.vacancy_kandidaten,
        name="vacancy_vera_kandidaten",
    ),
    path(
        "vacancies/<str:reference>/offer-next/",
        vacancies.vacancy_offer_next,
        name="vacancy_offer_next",
    ),
    path(
        "vacancies/<str:reference>/withdraw/", vacancies.vacancy_withdraw, name="vacancy_withdraw"
    ),
    path(
        "vacancies/<str:reference>/paper-response/",
        vacancies.vacancy_paper_response,
        name="vacancy_paper_response",
    ),
    path(
        "vacancies/<str:reference>/offers/<int:offer_id>/accept/",
        vacancies.offer_accept,
        name="offer_accept",
    ),
    path(
        "vacancies/<str:reference>/offers/<int:offer_id>/viewing/",
        vacancies.offer_viewing,
        name="offer_viewing",
    ),
    path(
        "vacancies/<str:reference>/offers/<int:offer_id>/viewing-outcome/",
        vacancies.offer_viewing_outcome,
        name="offer_viewing_outcome",
    ),
    path(
        "vacancies/<str:reference>/allocations/<int:allocation_id>/checks/",
        vacancies.allocation_checks,
        name="allocation_checks",
    ),
    path(
        "vacancies/<str:reference>/allocations/<int:allocation_id>/contract/",
        vacancies.allocation_contract,
        name="allocation_contract",
    ),
    path(
        "vacancies/<str:reference>/allocations/<int:allocation_id>/keys/",
        vacancies.allocation_keys,
        name="allocation_keys",
    ),
    path(
        "vacancies/<str:reference>/offers/<int:offer_id>/refuse/",
        vacancies.offer_refuse,
        name="offer_refuse",
    ),
    path("objections/", objections.objection_list, name="objections"),
    path("objections/by-post/", objections.objection_register, name="objection_register"),
    path("objections/<int:pk>/decide/", objections.objection_decide, name="objection_decide"),
    path("objections/<int:pk>/document/", objections.objection_document, name="objection_document"),
    path("seekers/", seekers.seeker_list, name="seekers"),
    path("seekers/<str:registration_number>/", seekers.seeker_detail, name="seeker"),
    path(
        "seekers/<str:registration_number>/evidence/<int:evidence_id>/",
        seekers.seeker_evidence,
        name="seeker_evidence",
    ),
    path(
        "seekers/<str:registration_number>/check/<str:part>/",
        seekers.check_confirm,
        name="seeker_check",
    ),
    path(
        "seekers/<str:registration_number>/check/<str:part>/reject/",
        seekers.check_reject,
        name="seeker_check_reject",
    ),
    path(
        "seekers/<str:registration_number>/date-change/",
        seekers.date_change_request,
        name="seeker_date_change",
    ),
    path(
        "seekers/<str:registration_number>/date-change/<int:change_id>/decide/",
        seekers.date_change_decide,
        name="seeker_date_change_decide",
    ),
    path(
        "seekers/<str:registration_number>/duplicates/<int:flag_id>/resolve/",
        seekers.duplicate_resolve,
        name="seeker_duplicate_resolve",
    ),
    path(
        "seekers/<str:registration_number>/urgency/",
        seekers.urgency_propose,
        name="seeker_urgency_propose",
    ),
    path(
        "seekers/<str:registration_number>/urgency/<int:declaration_id>/confirm/",
        seekers.urgency_confirm,
        name="seeker_urgency_confirm",
    ),
    path(
        "seekers/<str:registration_number>/urgency/<int:declaration_id>/reject/",
        seekers.urgency_reject,
        name="seeker_urgency_reject",
    ),
    path(
        "seekers/<str:registration_number>/urgency/<int:declaration_id>/end/",
        seekers.urgency_end,
        name="seeker_urgency_end",
    ),
    path(
        "seekers/<str:registration_number>/urgency/<int:declaration_id>/document/",
        seekers.urgency_document,
        name="seeker_urgency_document",
    ),
    path("buildings/", buildings.building_list, name="buildings"),
    path("buildings/<int:pk>/", buildings.building_detail, name="building"),
    path("account-ends/", end_requests.end_request_list, name="end_requests"),
    path(
        "account-ends/<int:pk>/confirm/",
        end_requests.end_request_confirm,
        name="end_request_confirm",
    ),
    path(
        "account-ends/<int:pk>/decline/",
        end_requests.end_request_decline,
        name="end_request_decline",
    ),
]

urlpatterns += survey_urlpatterns
