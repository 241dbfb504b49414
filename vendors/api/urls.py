from django.urls import path

from . import views

urlpatterns = [
    path("categories/", views.CategoryListView.as_view(), name="api-categories"),
    path("products/", views.ProductListView.as_view(), name="api-products"),
    path("products/<int:pk>/", views.ProductDetailView.as_view(), name="api-product"),
    path("vendors/", views.VendorListView.as_view(), name="api-vendors"),
    path("vendors/<str:slug>/", views.VendorDetailView.as_view(), name="api-vendor"),
    path("vendor/shop/", views.OwnShopView.as_view(), name="api-own-shop"),
    path("vendor/products/", views.OwnProductListView.as_view(), name="api-own-products"),
    path("vendor/products/<int:pk>/", views.OwnProductDetailView.as_view(), name="api-own-product"),
    path(
        "vendor/products/<int:pk>/images/",
        views.OwnProductImagesView.as_view(),
        name="api-own-product-images",
    ),
]
