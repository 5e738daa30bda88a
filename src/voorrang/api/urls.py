from django.urls import include, path

urlpatterns = [
    path("vera/", include("voorrang.api.vera.urls")),
    path("v1/", include("voorrang.api.v1.urls")),
]
