from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from voorrang.accounts.forms import RateLimitedAdminAuthenticationForm

admin.site.site_header = _("Voorrang administration")
admin.site.site_title = _("Voorrang administration")
admin.site.index_title = _("Administration")
# The log-in limits hold on the administration's log-in page too.
admin.site.login_form = RateLimitedAdminAuthenticationForm

urlpatterns = [
    path("", include("voorrang.portal.urls")),
    path("accounts/", include("voorrang.accounts.urls")),
    path("inzet/", include("voorrang.commitments.urls")),
    path("staff/welfare/", include("voorrang.commitments.welfare_urls")),
    path("staff/stories/", include("voorrang.stories.urls")),
    path("staff/simulations/", include("voorrang.simulation_runs.urls")),
    path("staff/", include("voorrang.staff.urls")),
    path("evaluation/", include("voorrang.evaluation.urls")),
    path("vragenlijst/", include("voorrang.surveys.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
