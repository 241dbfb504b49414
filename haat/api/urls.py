from django.urls import path

from . import views

urlpatterns = [
    path("haats/", views.HaatListView.as_view(), name="api-haats"),
    path("haats/current/", views.HaatCurrentView.as_view(), name="api-haat-current"),
    path("haats/next/", views.HaatNextView.as_view(), name="api-haat-next"),
]
