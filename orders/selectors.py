"""Reads of orders that pages, the API and the haat calendar share."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Sum
from django.http import Http404

from haat.models import HaatSession
from vendors.extensions import shop_page_part
from vendors.models import Product, Vendor

from .models import CartItem, Order, OrderItem, Review


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


# --- carts and orders as their owners see them ------------------------------------------


@dataclass
class SessionCartLine:
    """A visitor's cart line (kept in the session until login)."""

    product: Product
    quantity: int
    pk: int = 0

    @property
    def unit_price(self):
        return self.product.price

    price_changed = False


def cart_lines(user) -> list:
    """Return the member's cart lines with products and shops (one query)."""
    return list(
        CartItem.objects.filter(cart__user=user)
        .select_related("product__vendor", "product__category")
        .order_by("product__vendor__shop_name", "product_id")
    )


def session_cart_lines(cart: dict) -> list[SessionCartLine]:
    """Return a visitor's session cart ``{product_id: qty}`` as lines (one query)."""
    ids = [int(pid) for pid in cart if str(pid).isdigit()]
    products = Product.objects.select_related("vendor").in_bulk(ids)
    return [
        SessionCartLine(products[int(pid)], int(qty), int(pid))
        for pid, qty in cart.items()
        if str(pid).isdigit() and int(pid) in products
    ]


def cart_count(user) -> int:
    return CartItem.objects.filter(cart__user=user).count()


def access_buyer_order(user, order_id) -> Order:
    """Return the member's own order (as buyer), or raise Http404."""
    order = (
        Order.objects.select_related("vendor", "session")
        .filter(pk=order_id, buyer_id=getattr(user, "pk", None))
        .first()
    )
    if order is None:
        raise Http404
    return order


def access_vendor_order(user, order_id) -> Order:
    """Return an order placed with the member's own shop, or raise Http404."""
    order = (
        Order.objects.select_related("vendor", "session", "buyer")
        .filter(pk=order_id, vendor__owner_id=getattr(user, "pk", None))
        .first()
    )
    if order is None:
        raise Http404
    return order


def buyer_orders(user):
    """Return the member's orders, newest first, with shop and lines."""
    return (
        Order.objects.filter(buyer=user)
        .select_related("vendor", "session")
        .prefetch_related("items")
        .order_by("-created_at", "-id")
    )


def vendor_orders(vendor, *, status: str = "", session_id: int | None = None):
    """Return the shop's incoming orders, filtered by status and haat, newest first."""
    orders = Order.objects.filter(vendor=vendor)
    if status:
        orders = orders.filter(status=status)
    if session_id:
        orders = orders.filter(session_id=session_id)
    return (
        orders.select_related("session", "buyer", "vendor")
        .prefetch_related("items")
        .order_by("-created_at", "-id")
    )


def vendor_order_counts(vendor) -> dict[str, int]:
    """Return how many of the shop's orders are in each status (one aggregate query)."""
    rows = Order.objects.filter(vendor=vendor).values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def vendor_sessions(vendor) -> list:
    """Return the haats the shop has orders in, newest first."""
    return list(
        HaatSession.objects.filter(orders__vendor=vendor).distinct().order_by("-opens_at")[:50]
    )


def vendor_rating(vendor_id: int) -> tuple[Decimal | None, int]:
    """Return a shop's average rating (two places) and number of reviews."""
    row = Review.objects.filter(vendor_id=vendor_id).aggregate(avg=Avg("rating"), n=Count("id"))
    average = Decimal(str(row["avg"])).quantize(Decimal("0.01")) if row["avg"] else None
    return average, row["n"]


def distinct_buyers_count() -> int:
    """Return how many members have bought at least once (orders not cancelled)."""
    return (
        Order.objects.exclude(status=Order.Status.CANCELLED)
        .values("buyer_id")
        .distinct()
        .order_by()
        .count()
    )


def sales_by_district(limit: int = 5) -> list[dict]:
    """Return the shops' districts with the most sales: district, gross, orders."""
    return list(
        Order.objects.exclude(status=Order.Status.CANCELLED)
        .values("vendor__district")
        .annotate(gross=Sum("subtotal"), orders=Count("id"))
        .order_by("-gross")[:limit]
    )


def sales_by_category(limit: int = 5) -> list[dict]:
    """Return the top-level categories with the most sales: category id, gross, units."""
    return list(
        OrderItem.objects.exclude(order__status=Order.Status.CANCELLED)
        .exclude(product__isnull=True)
        .values("product__category__parent_id")
        .annotate(gross=Sum("line_total"), units=Sum("quantity"))
        .order_by("-gross")[:limit]
    )


def shown_reviews():
    """Return the reviews a shop's page may show: not hidden by a moderator, of an
    approved shop."""
    return Review.objects.filter(hidden=False, vendor__status=Vendor.Status.APPROVED)


def vendor_reviews(vendor, limit: int = 10) -> list:
    """Return a shop's latest shown reviews with their buyers."""
    return list(shown_reviews().filter(vendor=vendor).select_related("buyer")[:limit])


@shop_page_part
def shop_page_reviews(vendor) -> dict:
    """Return the reviews a shop's page shows (registered with vendors.extensions)."""
    return {"reviews": vendor_reviews(vendor) if vendor.rating_count else []}
