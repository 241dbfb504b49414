from django.urls import path

from . import views

urlpatterns = [
    path("cart/", views.CartView.as_view(), name="api-cart"),
    path("cart/items/", views.CartItemsView.as_view(), name="api-cart-items"),
    path("cart/items/<int:pk>/", views.CartItemView.as_view(), name="api-cart-item"),
    path(
        "cart/accept-prices/", views.CartAcceptPricesView.as_view(), name="api-cart-accept-prices"
    ),
    path("checkout/", views.CheckoutView.as_view(), name="api-checkout"),
    path("orders/", views.OrderListView.as_view(), name="api-orders"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="api-order"),
    path("orders/<int:pk>/cancel/", views.OrderCancelView.as_view(), name="api-order-cancel"),
    path(
        "orders/<int:pk>/transaction/",
        views.OrderTransactionView.as_view(),
        name="api-order-transaction",
    ),
    path("vendor/orders/", views.VendorOrderListView.as_view(), name="api-vendor-orders"),
    path("vendor/orders/<int:pk>/", views.VendorOrderDetailView.as_view(), name="api-vendor-order"),
    path("vendor/orders/<int:pk>/confirm/", views.VendorOrderConfirmView.as_view()),
    path("vendor/orders/<int:pk>/mark-paid/", views.VendorOrderMarkPaidView.as_view()),
    path("vendor/orders/<int:pk>/ship/", views.VendorOrderShipView.as_view()),
    path("vendor/orders/<int:pk>/deliver/", views.VendorOrderDeliverView.as_view()),
    path("vendor/orders/<int:pk>/cancel/", views.VendorOrderCancelView.as_view()),
]
