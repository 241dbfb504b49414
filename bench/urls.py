"""The site's URLs plus /bench/ping/ (baseline B1), for the bench stack only (bench.settings)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/ping/", views.ping, name="bench_ping"),
    path("", include("haat.urls")),
]
# Outages answer 503, as on the site itself.
handler500 = "haat.core.health.server_error"
