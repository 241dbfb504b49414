"""The public "haat in numbers": figures across every app, so it sits above them all."""

from django.core.cache import cache
from django.db.models import Count, Sum

from orders.selectors import distinct_buyers_count, sales_by_category, sales_by_district
from vendors.models import Category, Vendor

from .models import HaatSchedule, HaatSession, HaatSessionSummary

Status = HaatSession.Status

NUMBERS_CACHE_KEY = "haat-in-numbers"


def haat_numbers() -> dict:
    """Return the public "haat in numbers", from summaries and aggregate queries.

    Cached until the next session closes (haat.services.session_close drops it).
    """
    figures = cache.get(NUMBERS_CACHE_KEY)
    if figures is not None:
        return figures
    totals = HaatSessionSummary.objects.filter(session__status=Status.CLOSED).aggregate(
        held=Count("id"), gross=Sum("gross_sales"), orders=Sum("orders_count")
    )
    schedule = HaatSchedule.objects.order_by("-is_active", "pk").first()
    recent = list(
        HaatSessionSummary.objects.filter(session__status=Status.CLOSED)
        .select_related("session")
        .order_by("-session__opens_at")[:24]
    )[::-1]
    category_rows = sales_by_category()
    categories = Category.objects.in_bulk(
        [row["product__category__parent_id"] for row in category_rows]
    )
    figures = {
        "haats_held": (schedule.haats_held_before if schedule else 0) + totals["held"],
        "gross_sales": totals["gross"] or 0,
        "orders": totals["orders"] or 0,
        "vendors": Vendor.objects.filter(status=Vendor.Status.APPROVED).count(),
        "buyers": distinct_buyers_count(),
        "per_haat": [(s.session.number, s.gross_sales, s.orders_count) for s in recent],
        "top_districts": [(r["vendor__district"], r["gross"]) for r in sales_by_district()],
        "top_categories": [
            (categories[r["product__category__parent_id"]], r["gross"])
            for r in category_rows
            if r["product__category__parent_id"] in categories
        ],
    }
    cache.set(NUMBERS_CACHE_KEY, figures, timeout=6 * 3600)
    return figures
