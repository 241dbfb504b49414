"""PostgreSQL stopped and started again under checkout load.

While it refuses connections, pages answer 503 (never 500) and /health/ says 503 within
10 s; once it is back the errors stop by themselves (CONN_HEALTH_CHECKS drops the dead
connections). Buyers retry a failed checkout with the same idempotency key, as the
phone's form does: every checkout they were shown exists exactly once, no order lacks
its lines, and stock plus units sold is the stock there was.
"""

import random
import threading
import time
import uuid
from collections import Counter

from django.db import connection

from orders.models import Checkout, Order, OrderItem
from tests.factories import ProductFactory, UserFactory, VendorFactory
from tests.support.data import CHECKOUT_CONTACT
from vendors.models import Product

from .servers import wait_for

BUYERS = 8
INITIAL_STOCK = 5_000
DOWN_SECONDS = 15
HEALTH_DEADLINE = 10.0


class Buyer:
    """A buyer who keeps buying, and retries a failed step until it is done."""

    def __init__(self, web, product_ids: list[int], seed: int):
        self.web, self.product_ids = web, product_ids
        self.rng = random.Random(seed)  # noqa: S311 - not a secret
        self.answers: list[tuple[str, int, float]] = []
        self.done: dict[str, int] = {}  # idempotency key -> checkout id

    def _until_done(self, what: str, send, stop: threading.Event):
        while True:
            try:
                status, _body, headers = send()
            except OSError:
                status, headers = 0, {}
            self.answers.append((what, status, time.monotonic()))
            if status in {200, 302} or stop.is_set() and status == 0:
                return status, headers
            time.sleep(0.2)

    def round(self, stop: threading.Event) -> None:
        product = self.rng.choice(self.product_ids)
        quantity = self.rng.randint(1, 3)
        self._until_done(
            "cart_add",
            lambda: self.web.post(f"/cart/add/{product}/", {"quantity": quantity}),
            stop,
        )
        key = uuid.uuid4().hex
        status, headers = self._until_done(
            "checkout",
            lambda: self.web.post("/checkout/", {**CHECKOUT_CONTACT, "idempotency_key": key}),
            stop,
        )
        location = headers.get("Location", "")
        if status == 302 and location.rstrip("/").rsplit("/", 1)[-1].isdigit():
            self.done[key] = int(location.rstrip("/").rsplit("/", 1)[1])


def test_checkout_survives_a_postgres_restart(stack, make_open_haat):
    # Given an open haat, a shop with three products, and buyers logged in
    make_open_haat()
    shop = VendorFactory()
    products = [ProductFactory(vendor=shop, stock=INITIAL_STOCK) for _ in range(3)]
    users = UserFactory.create_batch(BUYERS)
    web = stack.web(workers=2, threads=4)
    stack.beat()  # the sweep keeps beat's heartbeat fresh for /health/
    stack.worker()
    wait_for(lambda: web.get("/health/")[0] == 200, 90, interval=2, what="a healthy start")
    buyers = []
    for n, user in enumerate(users):
        browser = web.clone()
        browser.login(user.phone, "haat-pass-123")
        buyers.append(Buyer(browser, [p.pk for p in products], seed=n))
    connection.close()

    # When they buy under load and PostgreSQL stops, stays down, and starts again
    stop = threading.Event()

    def loop(buyer):
        while not stop.is_set():
            buyer.round(stop)

    threads = [threading.Thread(target=loop, args=(b,), daemon=True) for b in buyers]
    for thread in threads:
        thread.start()
    time.sleep(8)
    stack.postgres.stop("fast")
    down_at = time.monotonic()
    health_while_down = []
    while time.monotonic() - down_at < DOWN_SECONDS:
        started = time.monotonic()
        status = web.get("/health/", timeout=30)[0]
        health_while_down.append((status, time.monotonic() - started))
        time.sleep(1)
    stack.postgres.start()
    up_at = time.monotonic()
    healthy_again = wait_for(
        lambda: web.get("/health/")[0] == 200 and time.monotonic(), 30, what="health 200"
    )
    time.sleep(20)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)

    answers = [a for b in buyers for a in b.answers]
    statuses = Counter(status for _what, status, _at in answers)
    errors_after = [
        (what, status) for what, status, at in answers if at > up_at + 5 and status >= 500
    ]
    print(
        f"requests: {len(answers)} {dict(statuses)}; while down /health/: {health_while_down};"
        f" healthy {healthy_again - up_at:.1f} s after the start"
    )

    # Then while the database refused connections, /health/ said 503 within 10 s
    assert health_while_down and all(
        status == 503 and took < HEALTH_DEADLINE for status, took in health_while_down
    )
    # And the site answered 503, never 500, and the errors stopped by themselves
    assert statuses[500] == 0
    assert statuses[503] > 0
    assert errors_after == []
    # And no checkout was lost or made twice: each one a buyer saw exists once
    connection.close()
    shown = {key: pk for b in buyers for key, pk in b.done.items()}
    assert len(shown) > 0
    assert Checkout.objects.count() == len(shown)
    assert dict(Checkout.objects.values_list("idempotency_key", "pk")) == shown
    # And no order lacks its lines, and nothing was oversold or lost from stock
    assert Order.objects.count() == len(shown)
    assert not Order.objects.filter(items__isnull=True).exists()
    for product in products:
        sold = sum(OrderItem.objects.filter(product=product).values_list("quantity", flat=True))
        assert Product.objects.get(pk=product.pk).stock + sold == INITIAL_STOCK
    print(f"checkouts: {len(shown)}, lost: 0, duplicated: 0")
