"""The seeker's pages of the targeted track ("inzet"), in the portal's address space."""

from django.urls import path

from voorrang.commitments.views import seeker

app_name = "track"

urlpatterns = [
    path("", seeker.overview, name="overview"),
    path("aanmelden/", seeker.apply, name="apply"),
    path("<int:pk>/", seeker.application_detail, name="application"),
    path("<int:pk>/intrekken/", seeker.withdraw, name="withdraw"),
    path("<int:pk>/bezwaar/", seeker.objection, name="objection"),
    path(
        "<int:pk>/bezwaar/<int:objection_id>/intrekken/",
        seeker.objection_withdraw,
        name="objection_withdraw",
    ),
    path("<int:pk>/activiteiten/", seeker.activities, name="activities"),
    path("<int:pk>/check-in/<int:check_in_id>/", seeker.check_in, name="check_in"),
]
