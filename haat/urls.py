from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.views import language_set
from haat.core import health
from haat.core.api.errors import not_found

from . import views

# The API, version 1, from each app's api/urls.py.
api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("haat.api.urls")),
    path("", include("vendors.api.urls")),
    path("", include("orders.api.urls")),
    path("", include("haat.moderation.api.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("haats/<int:pk>/", views.session_detail, name="session"),
    path("numbers/", views.numbers, name="numbers"),
    path("dashboard/sales/", views.vendor_sales, name="vendor_sales"),
    path("", include("vendors.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("orders.urls")),
    path("", include("haat.moderation.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Anything else under /api/ is a JSON 404, never the site's HTML page (nor the
    # redirect that would add a missing slash, which cannot carry a POST body along).
    re_path(r"^api/", not_found),
    # Django's set_language, plus remembering the choice on the member's account.
    path("i18n/setlang/", language_set, name="set_language"),
]
# An outage (database or Redis down) answers 503 and Retry-After, not 500.
handler500 = "haat.core.health.server_error"
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
