"""The public questionnaire, reached through a single-use link."""

from django.urls import path

from voorrang.surveys import views

app_name = "surveys"

urlpatterns = [
    path("<str:token>/", views.questionnaire, name="questionnaire"),
]
