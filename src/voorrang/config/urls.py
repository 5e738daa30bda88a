from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Voorrang administration")
admin.site.site_title = _("Voorrang administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("voorrang.portal.urls")),
    path("accounts/", include("voorrang.accounts.urls")),
    path("staff/simulations/", include("voorrang.simulation_runs.urls")),
    path("staff/", include("voorrang.staff.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
