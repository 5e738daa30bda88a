"""The evaluation pages, under /evaluation/. Each name here has its entry in
``voorrang.web.access.ACCESS``."""

from django.urls import path

from voorrang.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.theory_page, name="theory"),
    path("theory.json", views.theory_json, name="theory_json"),
    path("theory.csv", views.theory_csv, name="theory_csv"),
    path("theory/import/", views.theory_import, name="theory_import"),
    path("indicators/", views.indicators_page, name="indicators"),
    path("indicators/import/", views.observations_import, name="observations_import"),
    path("report/", views.report_page, name="report"),
    path("report/builds/<int:pk>/", views.report_job, name="report_job"),
    path("report/<int:pk>.<str:kind>", views.report_download, name="report_download"),
    path("research/", views.research_page, name="research"),
    path("research/export.zip", views.research_download, name="research_download"),
]
