from django.urls import path
from django.views.generic import TemplateView

app_name = "portal"

urlpatterns = [
    path("", TemplateView.as_view(template_name="portal/home.html"), name="home"),
    # The usual address of a Dutch accessibility statement, without a trailing slash.
    path(
        "toegankelijkheid",
        TemplateView.as_view(template_name="portal/accessibility.html"),
        name="accessibility",
    ),
]
