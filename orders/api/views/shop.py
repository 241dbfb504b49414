"""The API's incoming orders of a shop, and the shop's actions on them."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from haat.core.api.schema import errors
from orders import selectors, services
from orders.models import Order
from orders.services import VENDOR_ACTIONS
from vendors.selectors import access_own_vendor

from ..serializers import (
    CancelSerializer,
    OrderDetailSerializer,
    OrderSerializer,
    ShipSerializer,
    VendorOrderQuerySerializer,
)


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
