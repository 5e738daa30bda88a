"""The survey pages among the staff pages (namespace ``staff``); each name has its entry in
``voorrang.web.access.ACCESS``."""

from django.urls import path

from voorrang.surveys import views

urlpatterns = [
    path("surveys/", views.wave_list, name="surveys"),
    path("surveys/new/", views.wave_create, name="survey_wave_create"),
    path("surveys/results/", views.results, name="survey_results"),
    path("surveys/<int:pk>/", views.wave_detail, name="survey_wave"),
    path("surveys/<int:pk>/open/", views.wave_open, name="survey_wave_open"),
    path("surveys/<int:pk>/close/", views.wave_close, name="survey_wave_close"),
    path("surveys/<int:pk>/respondents/", views.respondent_add, name="survey_respondent_add"),
    path("surveys/<int:pk>/invite/", views.invite, name="survey_invite"),
    path("surveys/<int:pk>/invite-all/", views.invite_all, name="survey_invite_all"),
    path("surveys/<int:pk>/paper/<int:respondent_id>/", views.paper_entry, name="survey_paper"),
]
