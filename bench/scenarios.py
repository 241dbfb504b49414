"""The parts of the benchmark that run inside Django: fixtures for the load runs, and the
scenarios timed in-process (the haat opening and closing, the query plans).

Called by bench.run with the bench environment applied (``python -m bench.run
prepare-growth`` runs the growth preparation in a process of its own, on another database).
"""

import datetime
import re
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string

from accounts.models import Notification, User
from haat import services as haat_services
from haat.demo.common import demo_phone
from haat.models import HaatSession, HaatSessionSummary, VendorSessionSummary
from orders.models import Cart, CartItem, Checkout, Order, OrderEvent, OrderItem
from vendors import selectors
from vendors.models import Category, Product, Vendor
from vendors.search import search_filter

from . import data

LIVE_TITLE = "bench-live"
CLOSING_TITLE = "bench-closing"
Status = HaatSession.Status

# The searches of the benchmark: a selective Bengali word, a selective English word and
# a typo of it (each matches the RARE products of bench.data, whatever the catalogue size).
SEARCHES = {"search_bn": "মসলিন", "search_en": "muslin", "search_typo": "muslim"}


# --- the live haat: the opening scenario ---------------------------------------------------


def retire_live_sessions(now: datetime.datetime | None = None) -> None:
    """End the live haats of earlier runs (bench fixtures only), so a new one can open."""
    now = now or timezone.now()
    for session in HaatSession.objects.filter(
        title=LIVE_TITLE, status__in=[Status.OPEN, Status.SCHEDULED]
    ):
        end = max(session.opens_at + datetime.timedelta(seconds=1), now - datetime.timedelta(
            minutes=2
        ))  # fmt: skip
        HaatSession.objects.filter(pk=session.pk).update(closes_at=min(session.closes_at, end))
        haat_services.session_close(session_id=session.pk, now=now)


def opening(*, hours: float = 4) -> dict:
    """Add a haat whose window has begun and open it, timing the transition itself.

    Returns the session id, the seconds session_open took and the followers to tell;
    the fan-out runs in the Celery worker after the opening commits.
    """
    now = timezone.now()
    retire_live_sessions(now)
    session = haat_services.session_add_special(
        opens_at=now - datetime.timedelta(seconds=30),
        closes_at=now + datetime.timedelta(hours=hours),
        title=LIVE_TITLE,
        now=now,
    )
    followers = selectors.follower_ids_of_approved_vendors().count()
    started = time.perf_counter()
    opened = haat_services.session_open(session_id=session.pk, now=timezone.now())
    seconds = time.perf_counter() - started
    return {
        "session_id": session.pk,
        "opened": opened,
        "transition_s": round(seconds, 4),
        "followers": followers,
        "chunk_setting": settings.HAAT_NOTIFY_CHUNK,
    }


def fan_out_progress(session_id: int) -> int:
    """Return how many opening notices of ``session_id`` have been sent."""
    return Notification.objects.filter(
        kind="haat_opened", key=f"session:{session_id}", sent_at__isnull=False
    ).count()


def worker_log_received(log: Path, task: str) -> int:
    """Return how many ``task`` messages the Celery worker logged as received."""
    if not log.exists():
        return 0
    pattern = re.compile(rf"Task {re.escape(task)}\[[^\]]+\] received")
    return len(pattern.findall(log.read_text(errors="replace")))


def worker_log_tasks(log: Path, task: str) -> list[float]:
    """Return the run times (s) of ``task`` that the Celery worker logged as succeeded."""
    if not log.exists():
        return []
    pattern = re.compile(rf"Task {re.escape(task)}\[[^\]]+\] succeeded in ([\d.]+)s")
    return [float(m.group(1)) for m in pattern.finditer(log.read_text(errors="replace"))]


# --- the closing scenario ------------------------------------------------------------------


def _free_window(hours: int = 2) -> tuple[datetime.datetime, datetime.datetime]:
    """Return a past window of ``hours`` at night that overlaps no session."""
    tz = datetime.timezone(datetime.timedelta(hours=6))  # Asia/Dhaka has no DST
    day = timezone.now().astimezone(tz).date() - datetime.timedelta(days=1)
    for _ in range(400):
        opens_at = datetime.datetime.combine(day, datetime.time(1, 0), tzinfo=tz)
        closes_at = opens_at + datetime.timedelta(hours=hours)
        if (
            not HaatSession.objects.filter(opens_at__lt=closes_at, closes_at__gt=opens_at).exists()
            and not HaatSession.objects.filter(opens_at=opens_at).exists()
        ):
            return opens_at, closes_at
        day -= datetime.timedelta(days=1)
    raise RuntimeError("No free night window in the past 400 days.")


def _delete_session(session_id: int) -> None:
    with transaction.atomic():
        orders = Order.objects.filter(session_id=session_id)
        OrderItem.objects.filter(order__in=orders).delete()
        OrderEvent.objects.filter(order__in=orders).delete()
        checkouts = list(orders.values_list("checkout_id", flat=True).distinct())
        orders.delete()
        Checkout.objects.filter(pk__in=checkouts).delete()
        Checkout.objects.filter(session_id=session_id).delete()
        VendorSessionSummary.objects.filter(session_id=session_id).delete()
        HaatSessionSummary.objects.filter(session_id=session_id).delete()
        HaatSession.objects.filter(pk=session_id).delete()


def closing(*, orders: int = 300_000) -> dict:
    """Close a haat that took ``orders`` orders, timing the close and its summary.

    The haat and its orders are bench fixtures written in bulk (bench.data), then
    closed through haat.services.session_close and removed again afterwards.
    """
    for old in HaatSession.objects.filter(title=CLOSING_TITLE).values_list("pk", flat=True):
        _delete_session(old)
    opens_at, closes_at = _free_window()
    session = HaatSession.objects.create(
        title=CLOSING_TITLE,
        kind=HaatSession.Kind.SPECIAL,
        opens_at=opens_at,
        closes_at=closes_at,
        status=Status.OPEN,
        opened_at=opens_at,
    )
    loader = data.BenchData(data.Sizes(seed=11))
    with transaction.atomic():
        written = loader.orders_write([(session.pk, opens_at, closes_at)], orders)
    with connection.cursor() as cursor:
        for table in ("orders_order", "orders_orderitem", "orders_checkout"):
            cursor.execute(f"ANALYZE {table}")
    started = time.perf_counter()
    closed = haat_services.session_close(session_id=session.pk, now=timezone.now())
    close_s = time.perf_counter() - started
    session.refresh_from_db()
    started = time.perf_counter()
    with transaction.atomic():
        summary = haat_services.session_summarise(session=session)
    summarise_s = time.perf_counter() - started
    result = {
        "orders": written,
        "closed": closed,
        "close_s": round(close_s, 3),
        "summarise_s": round(summarise_s, 3),
        "summary": {
            "orders_count": summary.orders_count,
            "units_sold": summary.units_sold,
            "vendors_active": summary.vendors_active,
            "buyers_active": summary.buyers_active,
        },
    }
    _delete_session(session.pk)
    return result


# --- buyers, products and paths for the load runs -------------------------------------------


def buyers(count: int, *, offset: int = 0) -> list[dict]:
    """Return ``count`` bench members signed in for the load runs, with empty carts.

    Each has an API token, and a web session with a CSRF secret: what a phone that
    logged in earlier would send.
    """
    from rest_framework.authtoken.models import Token

    engine = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    phones = [demo_phone(data.MEMBER_PREFIX, n) for n in range(offset + 1, offset + count + 1)]
    people = list(User.objects.filter(phone__in=phones).order_by("phone"))
    CartItem.objects.filter(cart__user__in=people).delete()
    out = []
    for user in people:
        Cart.objects.get_or_create(user=user)
        token, _created = Token.objects.get_or_create(user=user)
        session = engine()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        out.append(
            {
                "token": token.key,
                "session": session.session_key,
                "csrf": get_random_string(32),
                "phone": user.phone,
            }
        )
    return out


def sellable_products(count: int, *, restock: int | None = None) -> list[int]:
    """Return ids of ``count`` public products spread over the catalogue.

    With ``restock`` each gets that much stock (through the stock's own field: a bench
    fixture), so the random-checkout run does not empty them.
    """
    total = selectors.public_products().count()
    step = max(1, total // max(count, 1))
    ids = list(
        selectors.public_products()
        .order_by("pk")
        .values_list("pk", flat=True)[: step * count : step]
    )
    if restock is not None:
        Product.objects.filter(pk__in=ids).update(stock=restock)
    return ids


def hot_product(units: int) -> int:
    """Return the storm's hot product: a public product with exactly ``units`` in stock."""
    pk = selectors.public_products().order_by("pk").values_list("pk", flat=True).first()
    Product.objects.filter(pk=pk).update(stock=units)
    return pk


def storm_outcome(product_id: int, units: int, since: datetime.datetime) -> dict:
    """Return what the storm sold: orders, their rate, what is left, and any oversell."""
    lines = OrderItem.objects.filter(product_id=product_id, order__created_at__gte=since)
    sold = sum(lines.values_list("quantity", flat=True))
    times = sorted(lines.values_list("order__created_at", flat=True))
    left = Product.objects.values_list("stock", flat=True).get(pk=product_id)
    span = (times[-1] - times[0]).total_seconds() if len(times) > 1 else 0.0
    return {
        "orders": len(times),
        "units_sold": sold,
        "stock_left": left,
        "oversold": max(0, sold - units) + (1 if left < 0 else 0),
        "consistent": sold + left == units,
        "selling_s": round(span, 3),
        "orders_per_s": round((len(times) - 1) / span, 1) if span else 0.0,
    }


def deadlocks() -> int:
    """Return PostgreSQL's deadlock count for this database so far."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def product_lock_holders() -> int:
    """Return how many sessions hold a write lock on the product table right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE relation = 'vendors_product'::regclass "
            "AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def page_cursor(page: int, *, category: Category | None = None) -> str:
    """Return the keyset cursor that opens page ``page`` of the newest-first listing."""
    products = selectors.public_products()
    if category is not None:
        ids = [category.pk] + [c.pk for c in getattr(category, "child_list", [])]
        products = products.filter(category_id__in=ids)
    row = products.order_by("-created_at", "-id").values_list("created_at", "pk")[
        (page - 1) * selectors.LISTING_PAGE_SIZE - 1
    ]
    return selectors._encode_cursor([row[0].isoformat(), row[1]])


def paths(*, products: int = 2000, vendors: int = 500) -> dict[str, list[str]]:
    """Return the URL paths each GET scenario picks from at random."""
    tree = selectors.category_tree()
    slugs = [top.slug for top in tree] + [c.slug for top in tree for c in top.child_list]
    vendor_slugs = list(
        Vendor.objects.filter(status=Vendor.Status.APPROVED, products__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("slug", flat=True)[:vendors]
    )
    product_ids = sellable_products(products)
    return {
        "home": ["/"],
        "product_list": [f"/products/?category={slug}" for slug in slugs],
        "vendor_page": [f"/shops/{slug}/" for slug in vendor_slugs],
        "product_page": [f"/products/{pk}/" for pk in product_ids],
        "api_products": ["/api/v1/products/"]
        + [f"/api/v1/products/?category={slug}" for slug in slugs],
        **{name: [f"/products/?q={quote(word)}"] for name, word in SEARCHES.items()},
    }


# --- growth: the same pages at 10k and 1M products -------------------------------------------


def explain(name: str, call) -> str:
    """Return EXPLAIN (ANALYZE, BUFFERS) of the product query ``call`` runs."""
    with CaptureQueriesContext(connection) as queries:
        call()
    sql = next(q["sql"] for q in queries.captured_queries if '"vendors_product"' in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return f"-- {name}\n{sql}\n\n{plan}\n"


def prepare_growth(explain_dir: Path | None) -> dict:
    """Return the growth scenario's paths for this database, and write its query plans."""
    count = Product.objects.count()
    pages = selectors.public_products().count() // selectors.LISTING_PAGE_SIZE
    deep = min(1000, pages)
    cursor = page_cursor(deep)
    category = next(c for top in selectors.category_tree() for c in top.child_list)
    result = {
        "products": count,
        "deep_page": deep,
        "paths": {
            "first_page": ["/products/"],
            "deep_page": [f"/products/?after={cursor}"],
            "category_page": [f"/products/?category={category.slug}"],
            **{name: [f"/products/?q={quote(word)}"] for name, word in SEARCHES.items()},
        },
        "matches": {
            name: search_filter(selectors.public_products(), word).count()
            for name, word in SEARCHES.items()
        },
    }
    if explain_dir is not None:
        # The web listing's query, as a page asks for it (lean rows, 48 a page).
        web = {"lean": True, "page_size": selectors.LISTING_PAGE_SIZE}
        explain_dir.mkdir(parents=True, exist_ok=True)
        plans = [
            ("first page, newest first", lambda: selectors.product_page(**web)),
            (f"page {deep} by keyset cursor", lambda: selectors.product_page(cursor=cursor, **web)),
            (f"category {category.slug}", lambda: selectors.product_page(category=category, **web)),
        ] + [
            (f"search {word!r} (relevance)",
             lambda word=word: selectors.product_page(query=word, sort="relevance", **web))
            for word in SEARCHES.values()
        ]  # fmt: skip
        text = [f"-- {count:,} products; PostgreSQL plans of the catalogue queries\n"]
        text += [explain(name, call) for name, call in plans]
        (explain_dir / f"plans-{count // 1000}k.txt").write_text("\n".join(text))
        result["sql_ms"] = {
            key: float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
            for key, plan in zip(
                ["first_page", "deep_page", "category_page", *SEARCHES], text[1:], strict=True
            )
        }
    return result
