"""Reads of orders that pages, the API and the haat calendar share."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum

from .models import Order, OrderItem


def _sold_orders(session_id: int):
    # Cancelled orders sold nothing; every other status counts as a sale.
    return Order.objects.filter(session_id=session_id).exclude(status=Order.Status.CANCELLED)


def session_sales_totals(*, session_id: int) -> dict:
    """Return a session's orders, units, gross sales, shops and buyers, by aggregate SQL."""
    totals = _sold_orders(session_id).aggregate(
        orders_count=Count("id"),
        gross_sales=Sum("subtotal"),
        vendors_active=Count("vendor", distinct=True),
        buyers_active=Count("buyer", distinct=True),
    )
    units = (
        OrderItem.objects.filter(order__session_id=session_id)
        .exclude(order__status=Order.Status.CANCELLED)
        .aggregate(units=Sum("quantity"))["units"]
    )
    totals["gross_sales"] = totals["gross_sales"] or Decimal("0")
    totals["units_sold"] = units or 0
    return totals


def session_sales_by_vendor(*, session_id: int, opens_at) -> list[dict]:
    """Return each shop's orders, units, gross sales, buyers and repeat buyers in a session.

    A repeat buyer bought from the same shop in an earlier haat too. Three aggregate
    queries, whatever the number of shops.
    """
    rows = {
        row["vendor_id"]: row
        for row in _sold_orders(session_id)
        .values("vendor_id")
        .annotate(
            orders_count=Count("id"),
            gross_sales=Sum("subtotal"),
            buyers=Count("buyer", distinct=True),
        )
        .order_by()
    }
    units = (
        OrderItem.objects.filter(order__session_id=session_id)
        .exclude(order__status=Order.Status.CANCELLED)
        .values("order__vendor_id")
        .annotate(units=Sum("quantity"))
        .order_by()
    )
    earlier = Order.objects.filter(
        vendor_id=OuterRef("vendor_id"),
        buyer_id=OuterRef("buyer_id"),
        session__opens_at__lt=opens_at,
    ).exclude(status=Order.Status.CANCELLED)
    repeat = (
        _sold_orders(session_id)
        .filter(Exists(earlier))
        .values("vendor_id")
        .annotate(repeat_buyers=Count("buyer", distinct=True))
        .order_by()
    )
    for row in rows.values():
        row["units_sold"] = 0
        row["repeat_buyers"] = 0
    for row in units:
        rows[row["order__vendor_id"]]["units_sold"] = row["units"] or 0
    for row in repeat:
        rows[row["vendor_id"]]["repeat_buyers"] = row["repeat_buyers"]
    return list(rows.values())
