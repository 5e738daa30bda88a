from django.urls import path
from django.views.generic import TemplateView

from voorrang.portal import details, registration, views

app_name = "portal"

urlpatterns = [
    path("", TemplateView.as_view(template_name="portal/home.html"), name="home"),
    # The usual address of a Dutch accessibility statement, without a trailing slash.
    path(
        "toegankelijkheid",
        TemplateView.as_view(template_name="portal/accessibility.html"),
        name="accessibility",
    ),
    path("privacy", views.privacy, name="privacy"),
    # Find homes, respond, withdraw
    path("homes/", views.vacancy_list, name="vacancies"),
    path("homes/<str:reference>/", views.vacancy_detail, name="vacancy"),
    path("homes/<str:reference>/respond/", views.respond, name="respond"),
    path(
        "homes/<str:reference>/photos/<int:photo_id>/<str:size>.jpg",
        views.vacancy_photo,
        name="vacancy_photo",
    ),
    path("homes/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("results/", views.results, name="results"),
    path("results/audit-roots.json", views.audit_roots, name="audit_roots"),
    # Registering, one question per page
    path("register/", registration.start, name="register_start"),
    path("register/you/", registration.you, name="register_you"),
    path("register/household/", registration.household, name="register_household"),
    path("register/income/", registration.income, name="register_income"),
    path("register/contact/", registration.contact, name="register_contact"),
    path("register/local-tie/", registration.local_tie, name="register_local_tie"),
    path("register/check/", registration.check, name="register_check"),
    # The seeker's own pages
    path("my/", views.my_page, name="my_page"),
    path("my/responses/", views.my_responses, name="my_responses"),
    path("my/offers/<int:pk>/", views.offer, name="offer"),
    path("my/objections/<str:reference>/", views.objection, name="objection"),
    path(
        "my/objections/<str:reference>/withdraw/",
        views.objection_withdraw,
        name="objection_withdraw",
    ),
    path("my/details/", details.overview, name="details"),
    path("my/details/contact/", details.contact, name="details_contact"),
    path("my/details/income/", details.income, name="details_income"),
    path("my/details/local-tie/", details.local_tie, name="details_local_tie"),
    path("my/details/household/", details.household, name="details_household"),
    path("my/details/language/", details.language, name="details_language"),
    path("my/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("my/data/", views.export, name="export"),
    path("my/end/", views.end_account, name="end_account"),
]
