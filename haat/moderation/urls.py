from django.urls import path

from . import views

urlpatterns = [
    path("report/<slug:kind>/<int:pk>/", views.report, name="report"),
]
