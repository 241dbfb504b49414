from django.urls import path

from haat.core.api.pagination import CURSOR_PARAM
from haat.core.api.throttling import anonymous_request_allowed
from haat.pages import public_page

from . import views
from .serializers import ProductQuerySerializer


def kept(**options):
    """Anonymous reads of the catalogue kept whole (haat.core.pagecache); a kept answer still
    counts against the client's rate."""
    return public_page(api=True, hit=anonymous_request_allowed, **options)


urlpatterns = [
    path("categories/", views.CategoryListView.as_view(), name="api-categories"),
    path(
        "products/",
        kept(params=[*ProductQuerySerializer().fields, CURSOR_PARAM])(
            views.ProductListView.as_view()
        ),
        name="api-products",
    ),
    path(
        "products/<int:pk>/",
        kept(product_kwarg="pk")(views.ProductDetailView.as_view()),
        name="api-product",
    ),
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
