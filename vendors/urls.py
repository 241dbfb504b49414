from django.urls import path

from .views import catalogue, community, dashboard

urlpatterns = [
    path("products/", catalogue.product_list, name="product_list"),
    path("products/<int:pk>/", catalogue.product_detail, name="product"),
    path("c/<slug:slug>/", catalogue.category_page, name="category"),
    path("shops/<str:slug>/", catalogue.vendor_page, name="vendor"),
    # The community: the member directory, following shops.
    path("members/", community.directory, name="directory"),
    path("shops/<str:slug>/follow/", community.follow, name="follow"),
    path("shops/<str:slug>/unfollow/", community.unfollow, name="unfollow"),
    # The shop's own side.
    path("shop/open/", dashboard.vendor_apply, name="vendor_apply"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/shop/", dashboard.vendor_edit, name="vendor_edit"),
    path("dashboard/products/", dashboard.dashboard_products, name="dashboard_products"),
    path("dashboard/products/new/", dashboard.product_create, name="product_create"),
    path("dashboard/products/<int:pk>/", dashboard.product_edit, name="product_edit"),
    path(
        "dashboard/products/<int:pk>/hide/",
        dashboard.product_deactivate,
        name="product_deactivate",
    ),
    path("dashboard/products/<int:pk>/show/", dashboard.product_activate, name="product_activate"),
    path(
        "dashboard/products/<int:pk>/photos/<int:image_pk>/delete/",
        dashboard.product_image_delete,
        name="product_image_delete",
    ),
    path(
        "dashboard/products/<int:pk>/photos/<int:image_pk>/move/",
        dashboard.product_image_move,
        name="product_image_move",
    ),
]
