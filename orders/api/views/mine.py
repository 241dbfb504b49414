"""The API's orders of the buyer: the list, one order, cancelling, the transaction ID."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from haat.core.api.schema import errors
from orders import selectors, services
from orders.models import Order

from ..serializers import (
    CancelSerializer,
    OrderDetailSerializer,
    OrderSerializer,
    TransactionSerializer,
)

Status = Order.Status


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
