"""Reads of the haat calendar that pages, the API and other apps share."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import HaatSession

Status = HaatSession.Status


def haat_tz() -> ZoneInfo:
    """Return the haat's time zone (Asia/Dhaka), whatever the server runs in."""
    return ZoneInfo(settings.HAAT_TIME_ZONE)


def session_for_buying(*, now: datetime.datetime | None = None, lock: bool = False):
    """Return the session buying is allowed in at ``now``, or None.

    Buying is allowed only while a session is open *and* the clock is inside its
    window [opens_at, closes_at): a close task that runs late lets no one buy after it.

    With ``lock`` (inside a transaction) the session row is held FOR SHARE until commit:
    checkouts do not block each other, but closing the session waits for them, so the
    closing summary counts every order placed in the window.
    """
    now = now or timezone.now()
    if lock and connection.vendor == "postgresql":
        rows = list(
            HaatSession.objects.raw(
                "SELECT * FROM haat_haatsession WHERE status = %s AND opens_at <= %s "
                "AND closes_at > %s ORDER BY opens_at LIMIT 1 FOR SHARE",
                [Status.OPEN, now, now],
            )
        )
        return rows[0] if rows else None
    # SQLite runs one write transaction at a time: no row lock is needed there.
    return (
        HaatSession.objects.filter(status=Status.OPEN, opens_at__lte=now, closes_at__gt=now)
        .order_by("opens_at")
        .first()
    )


def buying_allowed(*, now: datetime.datetime | None = None) -> bool:
    """Return whether anyone may buy at ``now``; every purchase path asks this."""
    return session_for_buying(now=now) is not None


@dataclass(frozen=True)
class HaatState:
    """What the site tells everyone: the haat open now, or the next one and when."""

    now: datetime.datetime
    current: HaatSession | None
    upcoming: HaatSession | None

    @property
    def is_open(self) -> bool:
        return self.current is not None

    @property
    def changes_at(self) -> datetime.datetime | None:
        """When this state next reads differently without a write: the open haat's
        closing time or the next one's opening time (the sweep writes it after)."""
        if self.current is not None:
            return self.current.closes_at
        return self.upcoming.opens_at if self.upcoming is not None else None


def haat_state(*, now: datetime.datetime | None = None) -> HaatState:
    """Return the current and the next session in one query."""
    now = now or timezone.now()
    sessions = list(
        HaatSession.objects.filter(
            status__in=[Status.OPEN, Status.SCHEDULED], closes_at__gt=now
        ).order_by("opens_at")[:2]
    )
    current = next((s for s in sessions if s.is_open_at(now)), None)
    upcoming = next((s for s in sessions if s is not current and s.opens_at > now), None)
    return HaatState(now=now, current=current, upcoming=upcoming)


def sessions_due_to_open(*, now: datetime.datetime) -> list[int]:
    """Return ids of scheduled sessions whose window has begun and not ended."""
    return list(
        HaatSession.objects.filter(
            status=Status.SCHEDULED, opens_at__lte=now, closes_at__gt=now
        ).values_list("pk", flat=True)
    )


def sessions_due_to_close(*, now: datetime.datetime) -> list[int]:
    """Return ids of open sessions that have ended, and scheduled ones missed entirely."""
    return list(
        HaatSession.objects.filter(
            status__in=[Status.OPEN, Status.SCHEDULED], closes_at__lte=now
        ).values_list("pk", flat=True)
    )


NUMBERS_CACHE_KEY = "haat-in-numbers"


def haat_numbers() -> dict:
    """Return the public "haat in numbers", from summaries and aggregate queries.

    Cached until the next session closes (haat.services.session_close drops it).
    """
    from django.core.cache import cache

    figures = cache.get(NUMBERS_CACHE_KEY)
    if figures is not None:
        return figures
    from django.db.models import Count, Sum

    from orders.selectors import distinct_buyers_count, sales_by_category, sales_by_district
    from vendors.models import Category, Vendor

    from .models import HaatSchedule, HaatSessionSummary

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
