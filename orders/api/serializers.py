"""What the API reads and says about carts, checkouts and orders.

Money is a string with two decimal places ("250.00"); amounts come from orders.pricing.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import PhoneField
from haat.core.api.serializers import BodySerializer, QuerySerializer
from orders import pricing
from orders.models import MAX_QUANTITY, CartItem, Checkout, Order, OrderEvent, OrderItem
from vendors.districts import DISTRICT_CHOICES

Method = Order.PaymentMethod
# The largest id a database row can have: a bigger number is refused, not sent to SQL.
MAX_ID = 2**63 - 1


def _money(**kwargs):
    return serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, **kwargs)


# --- the cart ----------------------------------------------------------------------------


class PaymentOptionSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=Method.choices)
    number = serializers.CharField(help_text="The shop's number for it; empty for `cod`.")


class CartVendorSerializer(serializers.Serializer):
    slug = serializers.CharField()
    shop_name = serializers.CharField()
    district = serializers.CharField()
    payment_options = serializers.SerializerMethodField(
        help_text="How this shop can be paid; send one as `payments[slug]` at checkout."
    )

    @extend_schema_field(PaymentOptionSerializer(many=True))
    def get_payment_options(self, vendor):
        return [{"method": m, "number": number} for m, number in vendor.payment_methods()]


class CartProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    price = _money()
    unit = serializers.CharField()
    stock = serializers.IntegerField()
    is_active = serializers.BooleanField()


class CartItemSerializer(serializers.ModelSerializer):
    product = CartProductSerializer(read_only=True)
    unit_price = _money(help_text="The product's price now: what checkout charges.")
    unit_price_seen = _money(help_text="The price when added.")
    price_changed = serializers.BooleanField(read_only=True)
    line_total = serializers.SerializerMethodField()

    class Meta:
        model = CartItem
        fields = [
            "id",
            "product",
            "quantity",
            "unit_price",
            "unit_price_seen",
            "price_changed",
            "line_total",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_line_total(self, item):
        return f"{pricing.line_total(item.unit_price, item.quantity):.2f}"


class CartGroupSerializer(serializers.Serializer):
    vendor = CartVendorSerializer()
    items = CartItemSerializer(source="lines", many=True)
    subtotal = _money()
    delivery_charge = _money(
        source="delivery", allow_null=True, help_text="Known once `district` is given."
    )
    total = _money()


class CartSerializer(serializers.Serializer):
    groups = CartGroupSerializer(many=True, help_text="One group per shop.")
    total = _money(help_text="With delivery when `district` is given.")
    price_changed = serializers.BooleanField(
        help_text="A price changed since it was added: accept the prices before checkout."
    )


class CartQuerySerializer(QuerySerializer):
    district = serializers.ChoiceField(
        choices=DISTRICT_CHOICES, required=False, help_text="Where to deliver: adds delivery."
    )


class CartItemAddSerializer(BodySerializer):
    product = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="A product id.")
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, default=1)


class CartItemSetSerializer(BodySerializer):
    quantity = serializers.IntegerField(
        min_value=0, max_value=MAX_QUANTITY, help_text="0 removes the line."
    )


# --- orders ------------------------------------------------------------------------------


class SessionBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(source="__str__")


class OrderVendorSerializer(serializers.Serializer):
    slug = serializers.CharField()
    shop_name = serializers.CharField()


class OrderItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderItem
        fields = ["product", "title", "unit", "unit_price", "quantity", "line_total"]
        read_only_fields = fields


class OrderEventSerializer(serializers.ModelSerializer):
    # The first event of an order has no previous status: "" must be in the schema's enum.
    from_status = serializers.ChoiceField(
        choices=[("", "")] + Order.Status.choices,
        allow_blank=True,
        read_only=True,
        help_text="The status before; empty for the order's first event.",
    )

    class Meta:
        model = OrderEvent
        fields = ["from_status", "to_status", "note", "created_at"]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer):
    """An order as its buyer and its shop see it."""

    session = SessionBriefSerializer(read_only=True)
    vendor = OrderVendorSerializer(read_only=True)
    items = OrderItemSerializer(many=True, read_only=True)
    paid = serializers.SerializerMethodField(help_text="The shop confirmed the payment.")
    pay_to = serializers.SerializerMethodField(
        help_text="The shop's mobile-money number for this order's method; empty for `cod`."
    )

    class Meta:
        model = Order
        fields = [
            "id",
            "checkout",
            "session",
            "vendor",
            "status",
            "payment_method",
            "pay_to",
            "transaction_id",
            "paid",
            "paid_at",
            "name",
            "phone",
            "district",
            "address",
            "note",
            "items",
            "subtotal",
            "delivery_charge",
            "total",
            "commission",
            "courier",
            "tracking_code",
            "cancel_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_paid(self, order) -> bool:
        return order.paid_at is not None

    def get_pay_to(self, order) -> str:
        return order.vendor.payment_number(order.payment_method)


class OrderDetailSerializer(OrderSerializer):
    events = OrderEventSerializer(
        many=True, read_only=True, help_text="Every change, oldest first."
    )

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "events"]
        read_only_fields = fields


class CheckoutSerializer(serializers.ModelSerializer):
    session = SessionBriefSerializer(read_only=True)
    orders = serializers.SerializerMethodField()

    class Meta:
        model = Checkout
        fields = ["id", "session", "total", "created_at", "orders"]
        read_only_fields = fields

    @extend_schema_field(OrderSerializer(many=True))
    def get_orders(self, checkout):
        # A checkout just placed carries its orders; a retry reads them, in the same
        # order (they were made in shop-name order).
        orders = getattr(checkout, "placed_orders", None)
        if orders is None:
            orders = (
                checkout.orders.select_related("vendor", "session")
                .prefetch_related("items")
                .order_by("id")
            )
        return OrderSerializer(orders, many=True, context=self.context).data


class CheckoutInputSerializer(BodySerializer):
    """Contact and delivery details, and how each shop is paid."""

    name = serializers.CharField(max_length=120)
    phone = PhoneField()
    district = serializers.ChoiceField(choices=DISTRICT_CHOICES)
    address = serializers.CharField(max_length=500)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    payments = serializers.DictField(
        child=serializers.ChoiceField(choices=Method.choices),
        required=False,
        default=dict,
        help_text="Shop slug → payment method; a shop left out is paid on delivery.",
    )

    def contact(self) -> dict:
        return {k: self.validated_data[k] for k in ("name", "phone", "district", "address", "note")}


class CancelSerializer(BodySerializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ShipSerializer(BodySerializer):
    courier = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    tracking_code = serializers.CharField(
        max_length=80, required=False, allow_blank=True, default=""
    )


class TransactionSerializer(BodySerializer):
    provider = serializers.ChoiceField(
        choices=[(m, m.label) for m in (Method.BKASH, Method.NAGAD, Method.ROCKET)]
    )
    trx_id = serializers.CharField(max_length=40, help_text="As the provider's SMS shows it.")


class VendorOrderQuerySerializer(QuerySerializer):
    status = serializers.ChoiceField(choices=Order.Status.choices, required=False)
    haat = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="A haat's id."
    )
