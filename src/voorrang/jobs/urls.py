"""The background work's status page, under /staff/background/. Each name here has its entry in
``voorrang.web.access.ACCESS``."""

from django.urls import path

from voorrang.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.status, name="status"),
]
