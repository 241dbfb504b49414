"""The API: version 1 under /api/v1/, its OpenAPI schema and its interactive docs.

Anything else under /api/ is a JSON 404, never the site's HTML page (nor the redirect
that would add a missing slash, which cannot carry a POST body along).
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from haat.api.errors import not_found

v1 = [
    path("", include("accounts.api.urls")),
    path("", include("haat.api.urls")),
    path("", include("vendors.api.urls")),
    path("", include("orders.api.urls")),
]

urlpatterns = [
    path("api/v1/", include(v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^api/", not_found),
]
