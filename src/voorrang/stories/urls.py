"""The stories' pages, under /staff/stories/. Each name here has its entry in
``voorrang.web.access.ACCESS``."""

from django.urls import path

from voorrang.stories import views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="stories"),
    path("new/", views.story_create, name="story_create"),
    path("export.csv", views.export, name="export"),
    path("setup/", views.setup, name="setup"),
    path("setup/domains/", views.setup_domain, name="setup_domain"),
    path("setup/periods/", views.setup_period, name="setup_period"),
    path("setup/themes/", views.setup_theme, name="setup_theme"),
    path("<int:pk>/", views.story_detail, name="story"),
    path("<int:pk>/redact/", views.story_redact, name="story_redact"),
    path("<int:pk>/consent/", views.story_consent, name="story_consent"),
    path("<int:pk>/withdraw/", views.story_withdraw, name="story_withdraw"),
    path("<int:pk>/themes/", views.story_themes, name="story_themes"),
    path("<int:pk>/feedback/", views.story_feedback, name="story_feedback"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/add/", views.round_add, name="round_add"),
    path("rounds/<int:pk>/remove/", views.round_remove, name="round_remove"),
    path("rounds/<int:pk>/open/", views.round_open, name="round_open"),
    path("rounds/<int:pk>/choose/", views.round_choose, name="round_choose"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("panel/", views.panel_rounds, name="panel_rounds"),
    path("panel/<int:pk>/", views.panel, name="panel"),
]
