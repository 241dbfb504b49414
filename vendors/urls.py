from django.urls import path

from . import views

urlpatterns = [
    path("products/", views.product_list, name="product_list"),
    path("products/<int:pk>/", views.product_detail, name="product"),
    path("c/<slug:slug>/", views.category_page, name="category"),
    path("shops/<str:slug>/", views.vendor_page, name="vendor"),
]
