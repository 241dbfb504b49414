"""Scale data for the benchmarks: shops, products with pictures, members, past haats.

Rows are generated in Python and written in bulk: PostgreSQL's COPY on PostgreSQL (with
the table's secondary indexes dropped during a large load and rebuilt after, the usual
bulk-load order), ``bulk_create`` in batches elsewhere (the smoke test's SQLite). Ids
are assigned here, so that rows can point at each other without reading anything back.

Every stage tops up: a second run with larger numbers adds only what is missing. Bench
rows are recognised by phone prefixes (members), the idempotency-key prefix (past
orders) and the session title (past haats). Pictures are made once through the real
upload pipeline (vendors.images) and then hard-linked (copied where linking fails) for
every product, so each ProductImage row points at files of its own.
"""

import datetime
import io
import os
import random
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from PIL import Image

from accounts.models import User
from haat import services as haat_services
from haat.core.formatting import haat_tz
from haat.core.text import lookalike_key
from haat.demo.common import demo_phone
from haat.demo.data import PRODUCTS as DEMO_PRODUCTS
from haat.demo.pictures import picture as demo_picture
from haat.models import HaatSchedule, HaatSession
from orders.models import Checkout, Order, OrderItem
from vendors.districts import DISTRICTS
from vendors.images import output_format, process_image
from vendors.models import Category, Follow, Product, ProductImage, Vendor
from vendors.search import search_text_refresh

# Phone prefixes of bench members: shop owners, and members who buy and follow.
OWNER_PREFIX = "0177"
MEMBER_PREFIX = "0188"
KEY_PREFIX = "bench-"
SESSION_TITLE = "bench"
PICTURE_DIR = "products/bench"
TEMPLATE_PICTURES = 8
# Above this many new rows a table's secondary indexes are rebuilt rather than kept.
DEFER_INDEXES_FROM = 50_000
COPY_BATCH = 20_000

# A word that only "rare" products carry: a selective search finds the same few products
# at 10k and at 1M (the first RARE_WITHIN products, one in RARE_EVERY of them).
RARE_TITLE = ("ঢাকাই মসলিন শাড়ি", "Dhakai muslin sharee")
RARE_EVERY = 100
RARE_WITHIN = 10_000


@dataclass
class Sizes:
    """How much data to make (the defaults are issue 7's)."""

    vendors: int = 10_000
    products: int = 100_000
    members: int = 100_000
    sessions: int = 100
    orders: int = 300_000
    seed: int = 7


@dataclass
class Report:
    """What a run added, table by table, and how long each stage took."""

    added: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


# --- writing rows in bulk -----------------------------------------------------------------


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")
        )
    return text


def bulk_write(model, columns: list[str], rows: Iterable[tuple], *, progress=None) -> int:
    """Insert ``rows`` (tuples in the order of the ``columns`` attnames); return how many.

    COPY on PostgreSQL, bulk_create elsewhere. Ids must be given; the table's sequence
    is moved past them afterwards.
    """
    rows = iter(rows)
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(
            connection.ops.quote_name(model._meta.get_field(c).column) for c in columns
        )
        with connection.cursor() as cursor:
            while batch := list(islice(rows, COPY_BATCH)):
                buffer = io.StringIO()
                buffer.writelines("\t".join(_copy_value(v) for v in row) + "\n" for row in batch)
                buffer.seek(0)
                cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
                count += len(batch)
                if progress:
                    progress.advance(len(batch))
    else:
        # bulk_create stamps auto_now(_add) fields with "now"; the given times are put back.
        stamped = [
            c
            for c in columns
            if getattr(model._meta.get_field(c), "auto_now", False)
            or getattr(model._meta.get_field(c), "auto_now_add", False)
        ]
        while batch := list(islice(rows, 1000)):
            objects = [model(**dict(zip(columns, row, strict=True))) for row in batch]
            model.objects.bulk_create(objects)
            if stamped:
                for obj, row in zip(objects, batch, strict=True):
                    for name in stamped:
                        setattr(obj, name, row[columns.index(name)])
                model.objects.bulk_update(objects, stamped)
            count += len(batch)
            if progress:
                progress.advance(len(batch))
    _sequence_reset(model)
    return count


def _sequence_reset(model) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _next_id(model) -> int:
    """Return the first id after the table's last; call inside the load's transaction.

    On PostgreSQL the table is locked against other inserts until that transaction ends
    (a running site may be taking orders): the ids from here on are ours, and
    bulk_write moves the sequence past them before anyone else inserts.
    """
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


@contextmanager
def indexes_deferred(model, rows: int):
    """Drop ``model``'s secondary indexes for a load of ``rows`` rows; rebuild them after.

    Only on PostgreSQL and only for a large load: the GIN search indexes alone make a
    million-row load several times slower when kept up row by row. Indexes that back a
    constraint (primary key, unique) stay.
    """
    if connection.vendor != "postgresql" or rows < DEFER_INDEXES_FROM:
        yield
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.tablename = %s AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # Django's foreign keys are checked at commit; an index cannot be built
            # while those checks are pending, so run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# --- the stages ---------------------------------------------------------------------------


class BenchData:
    """Make (or top up) the bench data set; each stage is a method, run in order."""

    def __init__(self, sizes: Sizes, *, progress: Callable | None = None):
        self.sizes = sizes
        self.now = timezone.now()
        self.report = Report()
        self._progress = progress or (lambda label, total: _NoProgress())

    def run(self) -> Report:
        """Run every stage; return what was added."""
        password = make_password(None)  # bench members never log in by password
        for name, stage in [
            ("members", lambda: self.stage_members(password)),
            ("vendors", self.stage_vendors),
            ("products", self.stage_products),
            ("pictures", self.stage_pictures),
            ("follows", self.stage_follows),
            ("past haats", self.stage_past_haats),
            ("search text", self.stage_search_text),
            ("analyze", self.stage_analyze),
        ]:
            started = timezone.now()
            if name == "analyze":  # VACUUM runs outside any transaction
                stage()
            else:
                with transaction.atomic():
                    stage()
            self.report.seconds[name] = (timezone.now() - started).total_seconds()
        return self.report

    # members ------------------------------------------------------------------------------

    def _members_of(self, prefix: str, wanted: int, password: str, label: str) -> None:
        have = User.objects.filter(phone__startswith=prefix).count()
        if have >= wanted:
            return
        first = _next_id(User)
        names = ["রহিমা বেগম", "Karim Mia", "সালমা আক্তার", "Nusrat Jahan", "আবদুল হালিম"]
        columns = ["id", "phone", "name", "password", "language", "date_joined"]
        columns += ["is_active", "is_staff", "is_superuser", "email"]
        rows = (
            (
                first + i,
                demo_phone(prefix, n),
                names[n % len(names)],
                password,
                "en" if n % 4 == 0 else "bn",
                self.now,
                True,
                False,
                False,
                "",
            )
            for i, n in enumerate(range(have + 1, wanted + 1))
        )
        bar = self._progress(label, wanted - have)
        self.report.added[label] = bulk_write(User, columns, rows, progress=bar)
        bar.done()

    def stage_members(self, password: str) -> None:
        """Create the shop owners and the buying, following members."""
        with transaction.atomic():
            self._members_of(OWNER_PREFIX, self.sizes.vendors, password, "shop owners")
            self._members_of(MEMBER_PREFIX, self.sizes.members, password, "members")

    # shops ----------------------------------------------------------------------------------

    def bench_vendors(self):
        return Vendor.objects.filter(owner__phone__startswith=OWNER_PREFIX)

    def stage_vendors(self) -> None:
        """Create the shops: most approved, 3 % pending, 2 % suspended."""
        have = self.bench_vendors().count()
        wanted = self.sizes.vendors
        if have >= wanted:
            return
        owners = dict(
            User.objects.filter(phone__startswith=OWNER_PREFIX).values_list("phone", "pk")
        )
        first = _next_id(Vendor)
        tops = list(Category.objects.filter(parent__isnull=True).order_by("position", "pk"))
        columns = [
            "id", "owner_id", "shop_name", "shop_name_key", "slug", "phone", "district",
            "upazila", "batch_number", "bkash_number", "nagad_number", "rocket_number", "logo",
            "description", "delivery_charge_inside", "delivery_charge_outside", "status",
            "approved_at", "rating_avg", "rating_count", "created_at", "updated_at",
        ]  # fmt: skip

        def rows():
            for i, n in enumerate(range(have + 1, wanted + 1)):
                phone = demo_phone(OWNER_PREFIX, n)
                top = tops[n % len(tops)]
                key, district_en, district_bn, _division = DISTRICTS[n % len(DISTRICTS)]
                if n % 100 < 3:
                    status = Vendor.Status.PENDING
                elif n % 100 < 5:
                    status = Vendor.Status.SUSPENDED
                else:
                    status = Vendor.Status.APPROVED
                name = f"{top.name_bn} ঘর {n}" if n % 2 else f"{district_en} {top.name_en} {n}"
                yield (
                    first + i, owners[phone], name, lookalike_key(name), f"bench-shop-{n}",
                    phone, key, f"{district_en} Sadar", 1 + n % 30, phone,
                    phone if n % 2 else "", "", "",
                    f"{district_bn} থেকে {top.name_bn}। {top.name_en} from {district_en}.",
                    Decimal("60.00"), Decimal("120.00"), status,
                    None if status == Vendor.Status.PENDING else self.now, None, 0,
                    self.now, self.now,
                )  # fmt: skip

        bar = self._progress("shops", wanted - have)
        with transaction.atomic():
            self.report.added["shops"] = bulk_write(Vendor, columns, rows(), progress=bar)
        bar.done()

    # products ---------------------------------------------------------------------------------

    def stage_products(self) -> None:
        """Create the products, spread over the shops; the newest have the highest ids.

        A shop sells in its own top category. One product in RARE_EVERY of the first
        RARE_WITHIN is a muslin sharee: the selective search of the benchmark.
        """
        vendors = list(
            self.bench_vendors().order_by("pk").values_list("pk", "owner__phone", "district")
        )
        have = Product.objects.filter(vendor__owner__phone__startswith=OWNER_PREFIX).count()
        wanted = self.sizes.products
        if have >= wanted or not vendors:
            return
        # The demo products per leaf category: (blurb bn, blurb en, [(bn, en, unit, ৳)]).
        catalogue = DEMO_PRODUCTS
        leaves = defaultdict(list)
        for leaf in Category.objects.filter(parent__isnull=False).order_by("position", "pk"):
            leaves[leaf.parent_id].append(leaf)
        tops = list(Category.objects.filter(parent__isnull=True).order_by("position", "pk"))
        districts = {key: (en, bn) for key, en, bn, _division in DISTRICTS}
        first = _next_id(Product)
        rng = random.Random(f"{self.sizes.seed}:products:{have}")
        # Spread creation times over the past year, newest last, all distinct.
        step = datetime.timedelta(seconds=max(1, 365 * 86400 // max(wanted, 1)))
        columns = [
            "id", "vendor_id", "category_id", "title", "description", "price", "unit",
            "stock", "is_active", "search_text", "sold_count", "created_at", "updated_at",
        ]  # fmt: skip

        def rows():
            for i, n in enumerate(range(have, wanted)):
                vendor_id, phone, district = vendors[n % len(vendors)]
                owner_number = int(phone[len(OWNER_PREFIX) :])
                top = tops[owner_number % len(tops)]
                shelf = leaves[top.pk] or [c for c in leaves.values() for c in c]
                leaf = shelf[(n // len(vendors)) % len(shelf)]
                blurb_bn, blurb_en, items = catalogue.get(
                    leaf.slug, ("", "", [(leaf.name_bn, leaf.name_en, "piece", 500)])
                )
                title_bn, title_en, unit, base = items[(n // 7) % len(items)]
                if n < RARE_WITHIN and n % RARE_EVERY == RARE_EVERY // 2:
                    title_bn, title_en = RARE_TITLE
                place_en, place_bn = districts[district]
                english = n % 3 == 1
                title = f"{title_en} ({place_en})" if english else f"{title_bn} ({place_bn})"
                price = Decimal(round(base * rng.uniform(0.85, 1.25) / 5) * 5 or 5)
                created = self.now - step * (wanted - n)
                yield (
                    first + i, vendor_id, leaf.pk, title[:160],
                    f"{title_bn} — {blurb_bn}\n\n{title_en}: {blurb_en}",
                    price.quantize(Decimal("0.01")), unit,
                    0 if rng.random() < 0.06 else rng.randint(3, 60),
                    rng.random() >= 0.04, "", rng.randint(0, 40), created, created,
                )  # fmt: skip

        bar = self._progress("products", wanted - have)
        with transaction.atomic(), indexes_deferred(Product, wanted - have):
            self.report.added["products"] = bulk_write(Product, columns, rows(), progress=bar)
        bar.done()

    # pictures ---------------------------------------------------------------------------------

    def _template_pictures(self, storage) -> list[tuple[str, str, str, int, int]]:
        """Return (original, display, thumbnail, width, height) of the template pictures.

        Made once through vendors.images.process_image (the upload pipeline); reused
        from disk when already there.
        """
        ext = output_format()[1]
        templates = []
        for k in range(TEMPLATE_PICTURES):
            names = {
                kind: f"{PICTURE_DIR}/templates/{k}-{kind}.{ext}"
                for kind in ("original", "display", "thumbnail")
            }
            if not all(storage.exists(name) for name in names.values()):
                data = demo_picture("HAAT"[k % 4], k, k, (800, 600))
                picture = process_image(ContentFile(data, name="bench.jpg"))
                for kind, name in names.items():
                    if storage.exists(name):
                        storage.delete(name)
                    storage.save(name, getattr(picture, kind))
            with Image.open(storage.path(names["original"])) as img:
                width, height = img.size
            templates.append(
                (names["original"], names["display"], names["thumbnail"], width, height)
            )
        return templates

    def stage_pictures(self) -> None:
        """Give every bench product without a picture one, as files of its own."""
        storage = ProductImage._meta.get_field("image").storage
        templates = self._template_pictures(storage)
        bare = list(
            Product.objects.filter(
                vendor__owner__phone__startswith=OWNER_PREFIX, images__isnull=True
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not bare:
            return
        first = _next_id(ProductImage)
        root = storage.path("")

        # A file takes at most ~65,000 links (ext4): past that, the copy just made becomes
        # the file the next products link to.
        link_source: dict[str, str] = {}

        def place(source: str, target: str) -> None:
            target_path = os.path.join(root, target)
            if os.path.exists(target_path):
                return
            try:
                os.link(link_source.get(source, os.path.join(root, source)), target_path)
            except OSError:
                shutil.copyfile(os.path.join(root, source), target_path)
                link_source[source] = target_path

        made_dirs = set()

        def rows():
            for i, pk in enumerate(bare):
                original, display, thumbnail, width, height = templates[pk % len(templates)]
                folder = f"{PICTURE_DIR}/{pk % 1000:03d}"
                if folder not in made_dirs:
                    os.makedirs(os.path.join(root, folder), exist_ok=True)
                    made_dirs.add(folder)
                names = []
                for source, kind in ((original, "o"), (display, "d"), (thumbnail, "t")):
                    name = f"{folder}/{pk}{kind}.{source.rsplit('.', 1)[-1]}"
                    place(source, name)
                    names.append(name)
                yield (first + i, pk, names[0], names[2], names[1], width, height, 0, self.now)

        columns = [
            "id", "product_id", "image", "thumbnail", "display", "width", "height",
            "position", "created_at",
        ]  # fmt: skip
        bar = self._progress("pictures", len(bare))
        with transaction.atomic(), indexes_deferred(ProductImage, len(bare)):
            self.report.added["pictures"] = bulk_write(ProductImage, columns, rows(), progress=bar)
        bar.done()

    # follows ----------------------------------------------------------------------------------

    def stage_follows(self) -> None:
        """Let every bench member follow one approved shop, and one in three a second."""
        if Follow.objects.filter(user__phone__startswith=MEMBER_PREFIX).exists():
            return
        approved = list(
            self.bench_vendors()
            .filter(status=Vendor.Status.APPROVED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        members = list(
            User.objects.filter(phone__startswith=MEMBER_PREFIX)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not approved or not members:
            return
        first = _next_id(Follow)

        def rows():
            i = 0
            for n, user_id in enumerate(members):
                picks = {approved[(n * 7919) % len(approved)]}
                if n % 3 == 0:
                    picks.add(approved[(n * 104729 + 1) % len(approved)])
                for vendor_id in sorted(picks):
                    yield (first + i, user_id, vendor_id, self.now)
                    i += 1

        bar = self._progress("follows", len(members) * 4 // 3)
        with transaction.atomic():
            self.report.added["follows"] = bulk_write(
                Follow, ["id", "user_id", "vendor_id", "created_at"], rows(), progress=bar
            )
        bar.done()

    # past haats with orders ------------------------------------------------------------------

    def _past_windows(self, count: int) -> list[tuple[datetime.datetime, datetime.datetime]]:
        """Return ``count`` past haat windows (the schedule's days, before today), oldest first."""
        tz = haat_tz()
        schedule = HaatSchedule.objects.filter(is_active=True).first() or HaatSchedule()
        taken = list(HaatSession.objects.values_list("opens_at", "closes_at"))
        windows = []
        day = self.now.astimezone(tz).date() - datetime.timedelta(days=1)
        while len(windows) < count:
            if day.weekday() in schedule.weekdays:
                opens_at = datetime.datetime.combine(day, schedule.opens_at, tzinfo=tz)
                closes_at = datetime.datetime.combine(day, schedule.closes_at, tzinfo=tz)
                if not any(o < closes_at and opens_at < c for o, c in taken):
                    windows.append((opens_at, closes_at))
            day -= datetime.timedelta(days=1)
        return windows[::-1]

    def stage_past_haats(self) -> None:
        """Hold the past haats: closed sessions with their orders and summaries.

        Written directly (the checkout service sells only while a haat is open now);
        the money follows orders.pricing: total = subtotal + delivery, commission 0.
        """
        if HaatSession.objects.filter(title=SESSION_TITLE).exists() or not self.sizes.sessions:
            return
        windows = self._past_windows(self.sizes.sessions)
        first_session = _next_id(HaatSession)
        session_rows = [
            (
                first_session + i, SESSION_TITLE, HaatSession.Kind.SPECIAL, opens_at, closes_at,
                HaatSession.Status.CLOSED, opens_at, closes_at, self.now,
            )
            for i, (opens_at, closes_at) in enumerate(windows)
        ]  # fmt: skip
        with transaction.atomic():
            bulk_write(
                HaatSession,
                ["id", "title", "kind", "opens_at", "closes_at", "status", "opened_at",
                 "closed_at", "created_at"],
                session_rows,
            )  # fmt: skip
            self.report.added["past haats"] = len(session_rows)
            sessions = [(row[0], row[3], row[4]) for row in session_rows]
            self.orders_write(sessions, self.sizes.orders, label="past orders")
            for session in HaatSession.objects.filter(title=SESSION_TITLE).order_by("opens_at"):
                haat_services.session_summarise(session=session)
            haat_services.sessions_renumber(
                schedule=HaatSchedule.objects.filter(is_active=True).first()
            )

    def orders_write(self, sessions: list[tuple], count: int, *, label: str = "orders") -> int:
        """Write ``count`` delivered (or cancelled) orders spread over ``sessions``.

        ``sessions`` holds (id, opens_at, closes_at). One checkout, one order and one or
        two lines each, from members to approved bench shops. Returns how many.
        """
        sellers = defaultdict(list)
        for pk, vendor_id, title, unit, price in (
            Product.objects.filter(
                vendor__owner__phone__startswith=OWNER_PREFIX,
                vendor__status=Vendor.Status.APPROVED,
            )
            .order_by("pk")
            .values_list("pk", "vendor_id", "title", "unit", "price")
        ):
            sellers[vendor_id].append((pk, title, unit, price))
        buyers = list(
            User.objects.filter(phone__startswith=MEMBER_PREFIX).values_list("pk", "phone")
        )
        if not sellers or not buyers or not sessions:
            return 0
        vendor_ids = sorted(sellers)
        rng = random.Random(f"{self.sizes.seed}:orders:{sessions[0][0]}")
        districts = [key for key, *_ in DISTRICTS]
        first_checkout, first_order, first_item = (
            _next_id(Checkout), _next_id(Order), _next_id(OrderItem)
        )  # fmt: skip
        checkouts, orders, items = [], [], []
        item_id = first_item
        for i in range(count):
            session_id, opens_at, closes_at = sessions[i * len(sessions) // count]
            buyer_id, phone = buyers[rng.randrange(len(buyers))]
            vendor_id = vendor_ids[rng.randrange(len(vendor_ids))]
            stock = sellers[vendor_id]
            picked = rng.sample(stock, min(len(stock), 1 if rng.random() < 0.75 else 2))
            placed = opens_at + (closes_at - opens_at) * rng.random()
            lines = []
            for pk, title, unit, price in picked:
                quantity = 1 if rng.random() < 0.7 else 2
                lines.append((item_id, first_order + i, pk, title, unit, price, quantity,
                              price * quantity))  # fmt: skip
                item_id += 1
            subtotal = sum((line[7] for line in lines), Decimal("0.00"))
            district = districts[buyer_id % len(districts)]
            delivery = (
                Decimal("60.00") if district == districts[vendor_id % 64] else Decimal("120.00")
            )
            status = Order.Status.CANCELLED if rng.random() < 0.07 else Order.Status.DELIVERED
            checkouts.append((first_checkout + i, buyer_id, f"{KEY_PREFIX}{first_checkout + i}",
                              session_id, subtotal + delivery, placed))  # fmt: skip
            orders.append((
                first_order + i, first_checkout + i, buyer_id, vendor_id, session_id, status,
                Order.PaymentMethod.COD, "", None, "Bench buyer", phone, district,
                f"House {i % 99 + 1}, Road {i % 20 + 1}", "", subtotal, delivery,
                subtotal + delivery, Decimal("0.00"), "", "", "", placed, placed,
            ))  # fmt: skip
            items.extend(lines)
        bar = self._progress(label, count)
        with indexes_deferred(Order, count), indexes_deferred(OrderItem, len(items)):
            bulk_write(
                Checkout,
                ["id", "buyer_id", "idempotency_key", "session_id", "total", "created_at"],
                checkouts,
            )
            bulk_write(
                Order,
                ["id", "checkout_id", "buyer_id", "vendor_id", "session_id", "status",
                 "payment_method", "transaction_id", "paid_at", "name", "phone", "district",
                 "address", "note", "subtotal", "delivery_charge", "total", "commission",
                 "courier", "tracking_code", "cancel_reason", "created_at", "updated_at"],
                orders,
                progress=bar,
            )  # fmt: skip
            bulk_write(
                OrderItem,
                ["id", "order_id", "product_id", "title", "unit", "unit_price", "quantity",
                 "line_total"],
                items,
            )  # fmt: skip
        bar.done()
        self.report.added[label] = count
        return count

    # the end ----------------------------------------------------------------------------------

    def stage_search_text(self) -> None:
        """Fill search_text for the products that have none, in one UPDATE."""
        stale = Product.objects.filter(search_text="")
        count = stale.count()
        if not count:
            return
        bar = self._progress("search text", count)
        with transaction.atomic(), indexes_deferred(Product, count):
            if count == Product.objects.count():
                search_text_refresh()
            else:
                search_text_refresh(product_ids=list(stale.values_list("pk", flat=True)))
        bar.done()

    def stage_analyze(self) -> None:
        """Refresh the planner's statistics and the visibility map after the load."""
        if connection.vendor != "postgresql":
            return
        tables = [m._meta.db_table for m in (User, Vendor, Product, ProductImage, Follow,
                                              HaatSession, Checkout, Order, OrderItem)]  # fmt: skip
        # VACUUM (for index-only scans) cannot run inside a transaction: a test's is one.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")


class _NoProgress:
    def advance(self, step: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


def counts() -> dict[str, int]:
    """Return the size of the data set, as the benchmark reports it."""
    return {
        "vendors": Vendor.objects.count(),
        "products": Product.objects.count(),
        "product_images": ProductImage.objects.count(),
        "members": User.objects.count(),
        "follows": Follow.objects.count(),
        "sessions_closed": HaatSession.objects.filter(status=HaatSession.Status.CLOSED).count(),
        "orders": Order.objects.count(),
        "order_items": OrderItem.objects.count(),
    }
