"""Redis stopped for 60 s while buyers browse and check out, then started again.

Redis is the broker and the cache. While it is down, pages work (the cache misses),
checkout succeeds (its notification waits in the outbox) or says 503 — never 500 — and
once it is back the same worker consumes again and every order placed is told to its
shop exactly once: the ones placed during the outage through beat's outbox flush.
"""

import threading
import time
import uuid
from collections import Counter

from django.db import connection

from accounts.models import Notification
from haat.core.models import TaskOutbox
from orders.models import Order, OrderItem
from tests.factories import ProductFactory, UserFactory, VendorFactory
from tests.support.data import CHECKOUT_CONTACT
from vendors.models import Product

from .servers import wait_for

OUTAGE_SECONDS = 60
BUYERS = 6
INITIAL_STOCK = 10_000


class Shopper:
    """One buyer's browser, looping through the site; records every answer."""

    def __init__(self, web, product_id: int):
        self.web, self.product_id = web, product_id
        self.answers: list[tuple[str, int, float]] = []  # (what, status, time)
        self.checkouts: list[int] = []

    def _record(self, what: str, status: int) -> int:
        self.answers.append((what, status, time.monotonic()))
        return status

    def round(self) -> None:
        for what, path in (("home", "/"), ("list", "/products/"),
                           ("product", f"/products/{self.product_id}/")):  # fmt: skip
            self._record(what, self.web.get(path)[0])
        status, _body, _headers = self.web.post(f"/cart/add/{self.product_id}/", {"quantity": 1})
        self._record("cart_add", status)
        status, _body, headers = self.web.post(
            "/checkout/", {**CHECKOUT_CONTACT, "idempotency_key": uuid.uuid4().hex}
        )
        self._record("checkout", status)
        location = headers.get("Location", "")
        if status == 302 and location.startswith("/checkout/") and location != "/checkout/":
            self.checkouts.append(int(location.rstrip("/").rsplit("/", 1)[1]))


def _run(shoppers, stop: threading.Event) -> list[threading.Thread]:
    def loop(shopper):
        while not stop.is_set():
            shopper.round()

    threads = [threading.Thread(target=loop, args=(s,), daemon=True) for s in shoppers]
    for thread in threads:
        thread.start()
    return threads


def test_buyers_ride_out_a_minute_without_redis(stack, make_open_haat):
    # Given an open haat, a shop with plenty of stock, and buyers logged in
    make_open_haat()
    shop = VendorFactory()
    product = ProductFactory(vendor=shop, stock=INITIAL_STOCK)
    buyers = UserFactory.create_batch(BUYERS)
    web = stack.web()
    stack.worker()
    stack.beat()
    shoppers = []
    for buyer in buyers:
        browser = web.clone()
        browser.login(buyer.phone, "haat-pass-123")
        shoppers.append(Shopper(browser, product.pk))

    # When they shop for a few seconds, then Redis stops for a minute, then comes back
    stop = threading.Event()
    threads = _run(shoppers, stop)
    time.sleep(5)
    down_at = time.monotonic()
    stack.redis.stop()
    time.sleep(2)
    health_down = web.get("/health/")
    time.sleep(OUTAGE_SECONDS - 2)
    stack.redis.start()
    up_at = time.monotonic()
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    answers = [a for s in shoppers for a in s.answers]
    during = [(what, status) for what, status, at in answers if down_at <= at <= up_at]
    print(
        "during the outage:",
        Counter(during),
        f"\nin all: {len(answers)} requests, {Counter(st for _w, st, _t in answers)}",
    )

    # Then nothing answered 500, and browsing never failed
    assert all(status != 500 for _what, status, _at in answers)
    assert all(status == 200 for what, status in during if what in {"home", "list", "product"})
    # And checkout went on during the outage: placed, or a clear 503
    assert {status for what, status in during if what == "checkout"} <= {302, 503}
    assert any(what == "checkout" and status == 302 for what, status in during)
    # And /health/ said so while Redis was down
    assert health_down[0] == 503

    # Then every order placed is told to its shop, exactly once, by the same worker
    placed = [pk for s in shoppers for pk in s.checkouts]
    orders = Order.objects.filter(checkout_id__in=placed)

    def everyone_told() -> bool:
        connection.close()
        return Notification.objects.filter(
            kind="order_placed", sent_at__isnull=False, user_id=shop.owner_id
        ).count() >= len(placed)

    wait_for(everyone_told, 180, interval=2, what="every order's notification")
    connection.close()
    assert orders.count() == len(placed) == Order.objects.count()
    keys = set(Notification.objects.filter(kind="order_placed").values_list("key", flat=True))
    assert keys == {f"order:{pk}" for pk in orders.values_list("pk", flat=True)}
    sent = Counter(line.split()[1] for line in stack.sms_lines())
    assert sent == Counter({shop.owner.phone: len(placed)})
    assert not TaskOutbox.objects.exists()
    # And no order lost a line or oversold
    assert not Order.objects.filter(items__isnull=True).exists()
    sold = sum(OrderItem.objects.values_list("quantity", flat=True))
    assert Product.objects.get(pk=product.pk).stock + sold == INITIAL_STOCK
    assert web.get("/health/")[0] == 200
    print(f"orders placed: {len(placed)}, told: {len(keys)}, lost: 0")
