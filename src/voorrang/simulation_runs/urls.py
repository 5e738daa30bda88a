"""The simulation pages, under /staff/simulations/. Each name here has its entry in
``voorrang.web.access.ACCESS``."""

from django.urls import path

from voorrang.simulation_runs import views

app_name = "simulations"

urlpatterns = [
    path("", views.run_list, name="list"),
    path("new/", views.run_new, name="new"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/progress/", views.run_progress, name="progress"),
    path("<int:pk>/cancel/", views.run_cancel, name="cancel"),
    path("<int:pk>/files/<path:name>", views.run_file, name="file"),
]
