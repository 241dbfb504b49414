from django.urls import path

from . import community_views

urlpatterns = [
    path("members/", community_views.directory, name="directory"),
    path("shops/<str:slug>/follow/", community_views.follow, name="follow"),
    path("shops/<str:slug>/unfollow/", community_views.unfollow, name="unfollow"),
]
