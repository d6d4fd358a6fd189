"""Top-level URLs: each app's pages, the partner API, and its OpenAPI document."""

from django.urls import include, path

from earlyhelp.api import api

urlpatterns = [
    path("", include("earlyhelp.core.urls")),
    path("", include("earlyhelp.access.urls")),
    path("audit/", include("earlyhelp.audit.urls")),
    path("requests/", include("earlyhelp.referrals.urls")),
    path("casework/", include("earlyhelp.casework.urls")),
    path("performance/", include("earlyhelp.performance.urls")),
    path("api/v1/", api.urls),
]
