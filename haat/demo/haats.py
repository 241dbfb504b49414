"""The demo seeder's calendar: past haats with their orders and summaries, one open now.

A past haat is recognised by its demo checkouts (data.KEY_PREFIX): a second run holds
only the missing ones, and opens a demo haat only when none is open.
"""

import datetime
import random
import string
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from haat import selectors as haat_selectors
from haat import services as haat_services
from haat.core.formatting import haat_tz
from haat.models import HaatSchedule, HaatSession, HaatSkipDate
from orders import pricing
from orders.models import Checkout, Order, OrderEvent, OrderItem
from vendors.districts import DISTRICTS
from vendors.models import Product, Vendor

from .common import Stages, seeded_rng
from .data import ADDRESS_LINES, DEMO_HAAT_TITLE, HAATS_HELD_BEFORE, KEY_PREFIX

# A demo haat shorter than this would close before anyone looked at it.
MIN_DEMO_WINDOW = datetime.timedelta(hours=1)

Status = HaatSession.Status
UNSHIPPED = (Order.Status.PLACED, Order.Status.CONFIRMED, Order.Status.CANCELLED)


class HaatStages(Stages):
    """The haat numbering, the past haats with their orders, and the haat open now."""

    # --- the calendar -------------------------------------------------------------------

    def stage_calendar_base(self) -> None:
        """Carry the numbering on from the haats held before the platform (if unset)."""
        schedule = HaatSchedule.objects.filter(is_active=True).first()
        if schedule is not None and schedule.haats_held_before == 0:
            schedule.haats_held_before = HAATS_HELD_BEFORE
            # The calendar service saves it under the calendar lock and renumbers.
            haat_services.schedule_save(schedule=schedule)

    def _past_windows(self, now: datetime.datetime, wanted: int) -> list[tuple]:
        """Return up to ``wanted`` free past haat windows on the schedule's weekdays.

        The latest first; a window already ended, on no skipped date, overlapping no
        session and opening when no session (even a cancelled one) opens.
        """
        tz = haat_tz()
        schedule = HaatSchedule.objects.filter(is_active=True).first() or HaatSchedule()
        skipped = set(HaatSkipDate.objects.values_list("date", flat=True))
        windows = []
        day = now.astimezone(tz).date()
        for _ in range(366):
            if len(windows) >= wanted:
                break
            if day.weekday() in schedule.weekdays and day not in skipped:
                opens_at = datetime.datetime.combine(day, schedule.opens_at, tzinfo=tz)
                closes_at = datetime.datetime.combine(day, schedule.closes_at, tzinfo=tz)
                # opens_at is unique even among cancelled sessions; overlap counts the rest.
                clash = HaatSession.objects.filter(
                    Q(opens_at=opens_at)
                    | (
                        Q(opens_at__lt=closes_at, closes_at__gt=opens_at)
                        & ~Q(status=Status.CANCELLED)
                    )
                ).exists()
                if closes_at <= now and not clash:
                    windows.append((opens_at, closes_at))
            day -= datetime.timedelta(days=1)
        return windows

    def stage_past_haats(
        self, now: datetime.datetime, count: int, members: list[User], vendors: list[Vendor]
    ) -> None:
        """Hold ``count`` past haats with orders and close them, so each has its summary.

        A past haat is recognised by its demo checkouts; only the missing ones are added.
        Each haat, its orders and its closing are one transaction.
        """
        held = (
            HaatSession.objects.filter(checkouts__idempotency_key__startswith=KEY_PREFIX)
            .distinct()
            .count()
        )
        sellers = self._sellers(vendors)
        wanted = max(0, count - held)
        if not sellers or not members:
            wanted = 0
        windows = sorted(self._past_windows(now, wanted))
        bar = self.progress("past haats", len(windows))
        buyers = members + [v.owner for v in vendors]
        for position, (opens_at, closes_at) in enumerate(windows):
            latest = position == len(windows) - 1 and held == 0
            with transaction.atomic():
                session = haat_services.session_add_special(
                    opens_at=opens_at, closes_at=closes_at, now=now, allow_past=True
                )
                self._orders(session, sellers, buyers, latest=latest, now=now)
                haat_services.session_close(session_id=session.pk, now=now)
            bar.advance()
        bar.done()

    @staticmethod
    def _sellers(vendors: list[Vendor]) -> dict[Vendor, list[Product]]:
        approved = {v.pk: v for v in vendors if v.status == Vendor.Status.APPROVED}
        sellers = defaultdict(list)
        for product in Product.objects.filter(
            vendor_id__in=approved, is_active=True, price__gt=0
        ).order_by("pk"):
            sellers[approved[product.vendor_id]].append(product)
        return dict(sellers)

    def _orders(
        self,
        session: HaatSession,
        sellers: dict,
        buyers: list[User],
        *,
        latest: bool,
        now: datetime.datetime,
    ) -> None:
        """Create checkouts, orders, lines and their history in ``session``.

        Written directly, in bulk: the checkout service sells only while a haat is open
        now, and these haats are over. The money follows orders.pricing, as a checkout's
        does: subtotal = sum of lines, total = subtotal + delivery, commission 0.
        """
        rng = seeded_rng(self.seed, "haat", session.opens_at.date())
        shops = sorted(sellers, key=lambda v: v.pk)
        districts = [key for key, *_ in DISTRICTS]
        window = (session.closes_at - session.opens_at).total_seconds()
        checkouts, plans = [], []
        for n in range(rng.randint(max(4, len(shops)), max(6, 2 * len(shops)))):
            buyer = rng.choice(buyers)
            others = [v for v in shops if v.owner_id != buyer.pk]
            if not others:
                continue
            placed_at = session.opens_at + datetime.timedelta(
                seconds=rng.uniform(300, window - 300)
            )
            picked = rng.sample(others, min(len(others), rng.choices([1, 2, 3], [70, 22, 8])[0]))
            checkouts.append(
                Checkout(
                    buyer=buyer, idempotency_key=f"{KEY_PREFIX}{session.pk}-{n}", session=session
                )
            )
            plans.append((placed_at, buyer, picked))
        Checkout.objects.bulk_create(checkouts, batch_size=500)

        orders, lines, events, sold = [], [], [], defaultdict(int)
        order_times, event_times = [], []
        for checkout, (placed_at, buyer, picked) in zip(checkouts, plans, strict=True):
            checkout.total = Decimal("0.00")
            checkout.created_at = placed_at
            district = districts[buyer.pk % len(districts)]
            address = rng.choice(ADDRESS_LINES).format(n=rng.randint(1, 99), m=rng.randint(1, 20))
            for vendor in picked:
                status = self._order_status(rng, latest)
                stock = sellers[vendor]
                chosen = rng.sample(stock, min(len(stock), rng.choice([1, 1, 2, 3])))
                items = [
                    OrderItem(
                        product=p,
                        title=p.title,
                        unit=p.unit,
                        unit_price=p.price,
                        quantity=(q := rng.choices([1, 2, 3], [65, 25, 10])[0]),
                        line_total=pricing.line_total(p.price, q),
                    )
                    for p in chosen
                ]
                subtotal = sum((i.line_total for i in items), Decimal("0.00"))
                charge = pricing.delivery_charge(vendor, district)
                method = self._payment_method(rng, vendor)
                order = Order(
                    checkout=checkout,
                    buyer=buyer,
                    vendor=vendor,
                    session=session,
                    status=status,
                    payment_method=method,
                    transaction_id=""
                    if method == Order.PaymentMethod.COD
                    else "".join(rng.choices(string.ascii_uppercase + string.digits, k=10)),
                    paid_at=None
                    if method == Order.PaymentMethod.COD or status == Order.Status.CANCELLED
                    else placed_at + datetime.timedelta(minutes=rng.randint(2, 40)),
                    name=buyer.name or buyer.phone,
                    phone=buyer.phone,
                    district=district,
                    address=address,
                    subtotal=subtotal,
                    delivery_charge=charge,
                    total=subtotal + charge,
                    cancel_reason="স্টক শেষ / Out of stock"
                    if status == Order.Status.CANCELLED
                    else "",
                    courier=""
                    if status in UNSHIPPED
                    else rng.choice(["Sundarban Courier", "Pathao", "SA Paribahan"]),
                )
                checkout.total += order.total
                orders.append(order)
                order_times.append(placed_at)
                for item in items:
                    item.order = order
                    if status != Order.Status.CANCELLED:
                        sold[item.product.pk] += item.quantity
                lines.extend(items)
                for event, when in self._history(order, placed_at, vendor, now):
                    events.append(event)
                    event_times.append(when)

        Order.objects.bulk_create(orders, batch_size=500)
        OrderItem.objects.bulk_create(lines, batch_size=1000)
        OrderEvent.objects.bulk_create(events, batch_size=1000)
        # Creation times are stamped "now" on insert; this history is past, so set them
        # afterwards (bulk_update writes the values as given).
        for order, when in zip(orders, order_times, strict=True):
            order.created_at = when
        for event, when in zip(events, event_times, strict=True):
            event.created_at = when
        Checkout.objects.bulk_update(checkouts, ["total", "created_at"], batch_size=500)
        Order.objects.bulk_update(orders, ["created_at"], batch_size=500)
        OrderEvent.objects.bulk_update(events, ["created_at"], batch_size=1000)
        products = list(Product.objects.filter(pk__in=sold).order_by("pk"))
        for product in products:
            product.sold_count += sold[product.pk]
        Product.objects.bulk_update(products, ["sold_count"], batch_size=500)

    @staticmethod
    def _order_status(rng: random.Random, latest: bool) -> str:
        # The latest haat's parcels are still on their way; older ones have arrived.
        if latest:
            weights = {"delivered": 70, "shipped": 15, "confirmed": 8, "cancelled": 7}
        else:
            weights = {"delivered": 93, "cancelled": 7}
        return rng.choices(list(weights), list(weights.values()))[0]

    @staticmethod
    def _payment_method(rng: random.Random, vendor: Vendor) -> str:
        methods = [Order.PaymentMethod.COD] * 6
        if vendor.bkash_number:
            methods += [Order.PaymentMethod.BKASH] * 3
        if vendor.nagad_number:
            methods += [Order.PaymentMethod.NAGAD] * 2
        return rng.choice(methods)

    @staticmethod
    def _history(
        order: Order, placed_at: datetime.datetime, vendor: Vendor, now: datetime.datetime
    ) -> list:
        """Return the order's status changes up to its status, each with when it happened.

        Steps follow a few hours to days apart, but none lies in the future: a haat that
        ended yesterday has its deliveries squeezed in before ``now``.
        """
        steps = [("", Order.Status.PLACED, order.buyer_id, 0)]
        if order.status == Order.Status.CANCELLED:
            steps.append((Order.Status.PLACED, Order.Status.CANCELLED, vendor.owner_id, 3))
        else:
            path = [Order.Status.CONFIRMED, Order.Status.SHIPPED, Order.Status.DELIVERED]
            hours = [2, 20, 70]
            previous = Order.Status.PLACED
            for status, after in zip(path, hours, strict=True):
                steps.append((previous, status, vendor.owner_id, after))
                previous = status
                if status == order.status:
                    break
        events = []
        for position, (before, after, actor, hours) in enumerate(steps):
            latest = now - datetime.timedelta(minutes=len(steps) - position)
            when = max(
                min(placed_at + datetime.timedelta(hours=hours), latest),
                placed_at + datetime.timedelta(seconds=position),
            )
            event = OrderEvent(order=order, actor_id=actor, from_status=before, to_status=after)
            events.append((event, when))
        return events

    def stage_open_now(self) -> HaatSession | None:
        """Make sure buying is allowed now; return the session that is open.

        A regular haat whose window has begun is simply opened. Otherwise a special demo
        haat covers the next hours: it ends when the next planned haat opens if that is
        at least an hour away, and the planned ones it would overlap are cancelled if not.
        """
        now = timezone.now()
        haat_services.sessions_sweep(now=now)
        current = haat_selectors.session_for_buying(now=now)
        if current is not None:
            self.progress("haat open now", 1).done()
            return current

        opens_at = now - datetime.timedelta(hours=1)
        closes_at = now + datetime.timedelta(hours=12)
        live = HaatSession.objects.exclude(status=Status.CANCELLED)
        # Start when the last haat ended, if that was within the hour.
        ended = live.filter(closes_at__gt=opens_at, closes_at__lte=now).order_by("-closes_at")
        if ended:
            opens_at = ended[0].closes_at
        ahead = live.filter(opens_at__gt=now, opens_at__lt=closes_at).order_by("opens_at")
        first = ahead.first()
        with transaction.atomic():
            if first is not None and first.opens_at - now >= MIN_DEMO_WINDOW:
                closes_at = first.opens_at
            else:
                for session in ahead:
                    haat_services.session_cancel(session_id=session.pk, now=now)
            try:
                haat_services.session_add_special(
                    opens_at=opens_at, closes_at=closes_at, title=DEMO_HAAT_TITLE, now=now
                )
            except ValidationError as exc:
                raise CommandError(f"Could not add the demo haat: {exc.messages}") from exc
            haat_services.sessions_sweep(now=now)
        self.progress("haat open now", 1).done()
        return haat_selectors.session_for_buying(now=now)
