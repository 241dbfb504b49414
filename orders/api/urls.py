from django.urls import path

from .views import buying, mine, shop

urlpatterns = [
    path("cart/", buying.CartView.as_view(), name="api-cart"),
    path("cart/items/", buying.CartItemsView.as_view(), name="api-cart-items"),
    path("cart/items/<int:pk>/", buying.CartItemView.as_view(), name="api-cart-item"),
    path(
        "cart/accept-prices/", buying.CartAcceptPricesView.as_view(), name="api-cart-accept-prices"
    ),
    path("checkout/", buying.CheckoutView.as_view(), name="api-checkout"),
    path("orders/", mine.OrderListView.as_view(), name="api-orders"),
    path("orders/<int:pk>/", mine.OrderDetailView.as_view(), name="api-order"),
    path("orders/<int:pk>/cancel/", mine.OrderCancelView.as_view(), name="api-order-cancel"),
    path(
        "orders/<int:pk>/transaction/",
        mine.OrderTransactionView.as_view(),
        name="api-order-transaction",
    ),
    path("vendor/orders/", shop.VendorOrderListView.as_view(), name="api-vendor-orders"),
    path("vendor/orders/<int:pk>/", shop.VendorOrderDetailView.as_view(), name="api-vendor-order"),
    path("vendor/orders/<int:pk>/confirm/", shop.VendorOrderConfirmView.as_view()),
    path("vendor/orders/<int:pk>/mark-paid/", shop.VendorOrderMarkPaidView.as_view()),
    path("vendor/orders/<int:pk>/ship/", shop.VendorOrderShipView.as_view()),
    path("vendor/orders/<int:pk>/deliver/", shop.VendorOrderDeliverView.as_view()),
    path("vendor/orders/<int:pk>/cancel/", shop.VendorOrderCancelView.as_view()),
]
