"""The moderators' admin for carts, checkouts and orders.

Money and status are read-only here: checkout computes the amounts, and status changes
belong to the order service (which records who changed what, returns stock on cancel and
tells the buyer and the shop).
"""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from haat.core.admin import ReadOnlyAdminMixin, ReadOnlyInlineMixin

from .models import Cart, CartItem, Checkout, Order, OrderEvent, OrderItem


class OrderItemInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = OrderItem
    fields = ["product", "title", "unit", "unit_price", "quantity", "line_total"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")


class OrderEventInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = OrderEvent
    fields = ["created_at", "actor", "from_status", "to_status", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "buyer",
        "vendor",
        "session",
        "status",
        "payment_method",
        "total",
        "created_at",
    ]
    list_filter = ["status", "payment_method", "session", "vendor__district"]
    search_fields = ["=id", "buyer__phone", "vendor__shop_name", "transaction_id", "phone"]
    list_select_related = ["buyer", "vendor", "session"]
    date_hierarchy = "created_at"
    fieldsets = [
        (
            None,
            {"fields": ["checkout", "buyer", "vendor", "session", "status", "created_at"]},
        ),
        (
            _("Payment"),
            {
                "fields": [
                    "payment_method",
                    "transaction_id",
                    "paid_at",
                    "subtotal",
                    "delivery_charge",
                    "total",
                    "commission",
                ]
            },
        ),
        (
            _("Delivery"),
            {
                "fields": [
                    "name",
                    "phone",
                    "address",
                    "note",
                    "district",
                    "courier",
                    "tracking_code",
                    "cancel_reason",
                ]
            },
        ),
    ]
    inlines = [OrderItemInline, OrderEventInline]

    def get_readonly_fields(self, request, obj=None):
        # Only the buyer's contact details can be corrected here. The district priced the
        # delivery, and courier, tracking and cancel reason go with status changes.
        editable = {"name", "phone", "address", "note"}
        return [name for name in flatten_fieldsets(self.fieldsets) if name not in editable]

    def has_add_permission(self, request):
        # Orders are made by checkout only, which takes the stock.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CheckoutOrderInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Order
    fields = ["vendor", "status", "payment_method", "total", "created_at"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("vendor")


@admin.register(Checkout)
class CheckoutAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "buyer", "session", "total", "created_at"]
    list_filter = ["session"]
    search_fields = ["=id", "buyer__phone", "idempotency_key"]
    list_select_related = ["buyer", "session"]
    date_hierarchy = "created_at"
    inlines = [CheckoutOrderInline]


class CartItemInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = CartItem
    fields = ["product", "quantity", "unit_price_seen", "added_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")


@admin.register(Cart)
class CartAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Members' carts, to help one who asks; only the member and the cart service change them."""

    list_display = ["user", "item_count", "updated_at"]
    search_fields = ["user__phone", "user__name"]
    list_select_related = ["user"]
    inlines = [CartItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description=_("items"), ordering="item_count")
    def item_count(self, obj):
        return obj.item_count
