"""The API's cart and checkout, for the apps.

Doors into orders.services, as the web views in orders/views.py are: the same service
calls, with JSON in and out. A refusal (PurchaseError) becomes its status and code through
the error handler (orders.api.errors); every order is fetched through an ``access_*``
selector (404 for anyone else's).
"""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from haat.core.api.schema import errors
from orders import pricing, selectors, services
from orders.models import CartItem, Order

from ..serializers import (
    CartItemAddSerializer,
    CartItemSerializer,
    CartItemSetSerializer,
    CartQuerySerializer,
    CartSerializer,
    CheckoutInputSerializer,
    CheckoutSerializer,
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
            **errors(400, 409, 422),
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
