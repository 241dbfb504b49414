"""Cart, checkout, the buyer's orders and the shop's incoming orders, for the apps.

Doors into orders.services, as the web views in orders/views.py are: the same service
calls, with JSON in and out. A refusal (PurchaseError) becomes its status and code in
haat.core.api.errors; every order is fetched through an ``access_*`` selector (404 for
anyone else's).
"""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from haat.core.api.schema import errors
from orders import pricing, selectors, services
from orders.models import CartItem, Order
from orders.services import VENDOR_ACTIONS
from vendors.selectors import access_own_vendor

from .serializers import (
    CancelSerializer,
    CartItemAddSerializer,
    CartItemSerializer,
    CartItemSetSerializer,
    CartQuerySerializer,
    CartSerializer,
    CheckoutInputSerializer,
    CheckoutSerializer,
    OrderDetailSerializer,
    OrderSerializer,
    ShipSerializer,
    TransactionSerializer,
    VendorOrderQuerySerializer,
)

Status = Order.Status
IDEMPOTENCY_HEADER = "Idempotency-Key"
# What Checkout.idempotency_key holds; a longer key would be cut and could collide.
_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,64}")


def _cart_body(user, district: str = "") -> dict:
    lines = selectors.cart_lines(user)
    groups = pricing.group_by_vendor(lines, district or None)
    return CartSerializer(
        {
            "groups": groups,
            "total": pricing.grand_total(groups),
            "price_changed": any(line.price_changed for line in lines),
        }
    ).data


# --- the cart ----------------------------------------------------------------------------


class CartView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="cart_retrieve",
        summary="The member's cart, by shop",
        parameters=[CartQuerySerializer],
        responses={200: CartSerializer, **errors(400)},
    )
    def get(self, request):
        query = CartQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(_cart_body(request.user, query.validated_data.get("district", "")))


class CartItemsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="cart_items_create",
        summary="Add a product to the cart (only while a haat is open)",
        description="Adds to the line already there. 409: the haat is closed "
        "(`haat_closed`), or the product is not sold or not in stock (`cart_problems`).",
        request=CartItemAddSerializer,
        responses={201: CartItemSerializer, **errors(400, 409)},
    )
    def post(self, request):
        data = CartItemAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.cart_item_add(
            user=request.user,
            product_id=data.validated_data["product"],
            quantity=data.validated_data["quantity"],
        )
        return Response(CartItemSerializer(item).data, status=status.HTTP_201_CREATED)


class CartItemView(APIView):
    permission_classes = [IsAuthenticated]

    def _set(self, request, pk: int, quantity: int):
        try:
            return services.cart_item_set(user=request.user, item_id=pk, quantity=quantity)
        except CartItem.DoesNotExist as exc:
            raise NotFound() from exc

    @extend_schema(
        operation_id="cart_items_update",
        summary="Change a line's quantity (0 removes it)",
        request=CartItemSetSerializer,
        responses={
            200: CartItemSerializer,
            204: OpenApiResponse(description="Quantity 0: the line is removed."),
            **errors(400, 404, 409),
        },
    )
    def patch(self, request, pk: int):
        data = CartItemSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = self._set(request, pk, data.validated_data["quantity"])
        if item is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(CartItemSerializer(item).data)

    @extend_schema(
        operation_id="cart_items_destroy",
        summary="Remove a line",
        responses={204: None, **errors(404)},
    )
    def delete(self, request, pk: int):
        self._set(request, pk, 0)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CartAcceptPricesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="cart_accept_prices",
        summary="Accept the current prices of the cart's products",
        description="After checkout answered `price_changed` lines.",
        request=None,
        responses={200: CartSerializer},
    )
    def post(self, request):
        services.cart_prices_accept(user=request.user)
        return Response(_cart_body(request.user))


# --- checkout ----------------------------------------------------------------------------


class CheckoutView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="checkout_create",
        summary="Buy the whole cart: one order per shop",
        description=(
            "Send a fresh `Idempotency-Key` (1–64 visible ASCII characters, e.g. a UUID) "
            "with each new checkout and the same one when retrying: the first success "
            "answers 201, a retry with the same key answers 200 with the same checkout and "
            "creates nothing. 409: the haat is closed (`haat_closed`) or lines cannot be "
            "bought as they are (`cart_problems`, every line in `details.lines`: sold out, "
            "price changed, no longer sold); nothing is bought then. 400 `cart_empty`: "
            "nothing to buy."
        ),
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                required=True,
                description="1–64 visible ASCII characters; the same on a retry.",
                examples=[OpenApiExample("A UUID", value="0f8fad5b-d9cb-469f-a165-70867728950e")],
            )
        ],
        request=CheckoutInputSerializer,
        examples=[
            OpenApiExample(
                "Delivery to Dhaka",
                value={
                    "name": "Ayesha Akter",
                    "phone": "01711111111",
                    "district": "dhaka",
                    "address": "House 4, Road 7, Dhanmondi",
                    "note": "Call before coming",
                    "payments": {"rahimar-rannaghor": "bkash"},
                },
                request_only=True,
            )
        ],
        responses={
            201: CheckoutSerializer,
            200: OpenApiResponse(CheckoutSerializer, description="A retry: the first result."),
            **errors(400, 409),
        },
    )
    def post(self, request):
        key = request.headers.get(IDEMPOTENCY_HEADER, "")
        if not key:
            raise ValidationError(
                _("Send an Idempotency-Key header with each checkout."),
                code="idempotency_key_required",
            )
        if not _IDEMPOTENCY_KEY.fullmatch(key):
            raise ValidationError(
                _("The Idempotency-Key must be 1 to 64 visible ASCII characters."),
                code="invalid_idempotency_key",
            )
        data = CheckoutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checkout, created = services.checkout_complete(
            buyer=request.user,
            idempotency_key=key,
            contact=data.contact(),
            payments=data.validated_data["payments"],
        )
        body = CheckoutSerializer(checkout).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


# --- the buyer's orders ------------------------------------------------------------------


class OrderListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer
    queryset = Order.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return selectors.buyer_orders(self.request.user)

    @extend_schema(
        operation_id="orders_list",
        summary="The member's orders, newest first",
        responses={200: OrderSerializer(many=True), **errors(400)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class OrderDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="orders_retrieve",
        responses={200: OrderDetailSerializer, **errors(404)},
    )
    def get(self, request, pk: int):
        order = selectors.access_buyer_order(request.user, pk)
        return Response(OrderDetailSerializer(order).data)


class OrderCancelView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="orders_cancel",
        summary="Cancel an order the shop has not confirmed yet",
        description="409 `invalid_transition` once the shop has confirmed it.",
        request=CancelSerializer,
        responses={200: OrderDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request, pk: int):
        order = selectors.access_buyer_order(request.user, pk)
        data = CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.order_transition(
            order_id=order.pk,
            actor=request.user,
            to_status=Status.CANCELLED,
            note=data.validated_data["reason"],
        )
        return Response(OrderDetailSerializer(order).data)


class OrderTransactionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="orders_transaction",
        summary="Send the mobile-money transaction ID of a payment",
        description="400 `invalid_payment`: a badly formed ID, one already used, or an "
        "order already paid or cancelled.",
        request=TransactionSerializer,
        responses={200: OrderDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request, pk: int):
        order = selectors.access_buyer_order(request.user, pk)
        data = TransactionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.order_transaction_set(
            order_id=order.pk,
            actor=request.user,
            provider=data.validated_data["provider"],
            trx_id=data.validated_data["trx_id"],
        )
        return Response(OrderDetailSerializer(order).data)


# --- the shop's incoming orders ----------------------------------------------------------


class VendorOrderListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer
    queryset = Order.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        vendor = access_own_vendor(self.request.user)
        query = VendorOrderQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.vendor_orders(
            vendor,
            status=query.validated_data.get("status", ""),
            session_id=query.validated_data.get("haat"),
        ).select_related("vendor")

    @extend_schema(
        operation_id="vendor_orders_list",
        summary="The shop's incoming orders, newest first",
        parameters=[VendorOrderQuerySerializer],
        responses={200: OrderSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class VendorOrderDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="vendor_orders_retrieve",
        responses={200: OrderDetailSerializer, **errors(404)},
    )
    def get(self, request, pk: int):
        order = selectors.access_vendor_order(request.user, pk)
        return Response(OrderDetailSerializer(order).data)


class _VendorOrderActionView(APIView):
    """Confirm, mark paid, ship, deliver or cancel an order of the member's shop."""

    permission_classes = [IsAuthenticated]
    order_action = ""
    body_serializer = None

    def post(self, request, pk: int):
        order = selectors.access_vendor_order(request.user, pk)
        body = {}
        if self.body_serializer is not None:
            data = self.body_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            body = data.validated_data
        if self.order_action == "mark-paid":
            order = services.order_mark_paid(order_id=order.pk, actor=request.user)
        else:
            order = services.order_transition(
                order_id=order.pk,
                actor=request.user,
                to_status=VENDOR_ACTIONS[self.order_action],
                note=body.get("reason", ""),
                courier=body.get("courier", ""),
                tracking_code=body.get("tracking_code", ""),
            )
        return Response(OrderDetailSerializer(order).data)


def _action_schema(action: str, summary: str, request=None):
    return extend_schema(
        operation_id=f"vendor_orders_{action.replace('-', '_')}",
        summary=summary,
        description="409 `invalid_transition` when the order cannot move that way now.",
        request=request,
        responses={200: OrderDetailSerializer, **errors(400, 404, 409)},
    )


class VendorOrderConfirmView(_VendorOrderActionView):
    order_action = "confirm"

    @_action_schema("confirm", "Confirm a placed order")
    def post(self, request, pk: int):
        return super().post(request, pk)


class VendorOrderMarkPaidView(_VendorOrderActionView):
    order_action = "mark-paid"

    @_action_schema("mark-paid", "Confirm the payment was received")
    def post(self, request, pk: int):
        return super().post(request, pk)


class VendorOrderShipView(_VendorOrderActionView):
    order_action = "ship"
    body_serializer = ShipSerializer

    @_action_schema("ship", "Hand a confirmed order to the courier", ShipSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)


class VendorOrderDeliverView(_VendorOrderActionView):
    order_action = "deliver"

    @_action_schema("deliver", "Mark a shipped order delivered")
    def post(self, request, pk: int):
        return super().post(request, pk)


class VendorOrderCancelView(_VendorOrderActionView):
    order_action = "cancel"
    body_serializer = CancelSerializer

    @_action_schema("cancel", "Cancel an order (its stock returns)", CancelSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)
