from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts.views import language_set

from . import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("haats/<int:pk>/", views.session_detail, name="session"),
    path("numbers/", views.numbers, name="numbers"),
    path("dashboard/sales/", views.vendor_sales, name="vendor_sales"),
    path("", include("vendors.community_urls")),
    path("", include("vendors.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("orders.urls")),
    path("admin/", admin.site.urls),
    path("", include("haat.api_urls")),
    # Django's set_language, plus remembering the choice on the member's account.
    path("i18n/setlang/", language_set, name="set_language"),
]
# An outage (database or Redis down) answers 503 and Retry-After, not 500.
handler500 = "haat.health.server_error"
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
if settings.BENCH_ENDPOINTS:
    # Baseline B1 of the benchmark suite (bench/); never on in production.
    urlpatterns += [path("bench/", include("bench.urls"))]
