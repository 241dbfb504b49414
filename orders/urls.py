from django.urls import path

from . import views

urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/<int:product_id>/", views.cart_add, name="cart_add"),
    path("cart/lines/<int:line_id>/", views.cart_update, name="cart_update"),
    path("cart/accept-prices/", views.cart_accept_prices, name="cart_accept_prices"),
    path("checkout/", views.checkout, name="checkout"),
    path("checkout/<int:pk>/", views.checkout_done, name="checkout_done"),
    path("orders/", views.my_orders, name="my_orders"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("orders/<int:pk>/cancel/", views.order_cancel, name="order_cancel"),
    path("orders/<int:pk>/transaction/", views.order_transaction, name="order_transaction"),
    path("orders/<int:pk>/review/", views.order_review, name="order_review"),
    path("dashboard/orders/", views.vendor_orders, name="vendor_orders"),
    path("dashboard/orders/<int:pk>/reply/", views.review_reply, name="review_reply"),
    path("dashboard/orders/<int:pk>/", views.vendor_order_detail, name="vendor_order"),
    path(
        "dashboard/orders/<int:pk>/<slug:action>/",
        views.vendor_order_action,
        name="vendor_order_action",
    ),
]
