from django.contrib.auth import views as auth_views
from django.urls import include, path

from tests.oidc_provider_site import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="provider_login.html")),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
    path("impostor/jwks/", views.impostor_jwks),
]
