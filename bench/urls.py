"""URLs mounted under /bench/ only when the BENCH_ENDPOINTS setting is on."""

from django.urls import path

from . import views

urlpatterns = [path("ping/", views.ping, name="bench_ping")]
