"""Checkout under real concurrency on PostgreSQL: no oversell, no deadlock, one checkout per key."""

from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation

from orders import services
from orders.errors import CartProblems
from orders.models import Checkout, Order, OrderItem
from tests.factories import ProductFactory, UserFactory, VendorFactory
from tests.support.concurrency import run_at_once
from tests.support.data import CHECKOUT_CONTACT
from vendors.models import Product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def open_haat(make_open_haat):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proved on PostgreSQL (set DATABASE_URL)")
    return make_open_haat()


def test_fifty_buyers_for_the_last_ten_units(django_assert_max_num_queries):
    # Given a product with 10 left, and 50 buyers each with one in their cart
    product = ProductFactory(stock=50, price=Decimal("150.00"))
    buyers = [UserFactory() for _ in range(50)]
    for buyer in buyers:
        services.cart_item_add(user=buyer, product_id=product.pk, quantity=1)
    Product.objects.filter(pk=product.pk).update(stock=10)

    # When all 50 check out in the same instant
    outcomes = run_at_once(
        [
            lambda b=buyer: services.checkout_complete(
                buyer=b, idempotency_key=f"k-{b.pk}", contact=CHECKOUT_CONTACT
            )
            for buyer in buyers
        ]
    )

    # Then exactly 10 bought, 40 were told "sold out", and nothing else went wrong
    sold = [result for result, error in outcomes if error is None]
    refused = [error for _, error in outcomes if error is not None]
    assert len(sold) == 10
    assert len(refused) == 40
    assert all(isinstance(e, CartProblems) for e in refused), refused[:3]
    assert all(e.problems[0].code == "insufficient_stock" for e in refused)
    with translation.override("en"):
        assert "sold out" in refused[0].problems[0].message
    product.refresh_from_db()
    assert product.stock == 0
    assert product.sold_count == 10
    assert Order.objects.count() == 10
    assert sum(OrderItem.objects.values_list("quantity", flat=True)) == 10


def test_two_carts_with_the_same_products_in_opposite_order_both_resolve():
    first, second = ProductFactory(stock=100), ProductFactory(stock=100)
    pairs = []
    for _ in range(10):
        a, b = UserFactory(), UserFactory()
        services.cart_item_add(user=a, product_id=first.pk, quantity=1)
        services.cart_item_add(user=a, product_id=second.pk, quantity=1)
        services.cart_item_add(user=b, product_id=second.pk, quantity=1)
        services.cart_item_add(user=b, product_id=first.pk, quantity=1)
        pairs += [a, b]
    outcomes = run_at_once(
        [
            lambda u=user: services.checkout_complete(
                buyer=u, idempotency_key="opposite", contact=CHECKOUT_CONTACT
            )
            for user in pairs
        ]
    )
    assert [error for _, error in outcomes] == [None] * 20
    assert Product.objects.get(pk=first.pk).stock == 80
    assert Product.objects.get(pk=second.pk).stock == 80


def test_the_same_key_sent_eight_times_at_once_makes_one_checkout():
    buyer = UserFactory()
    shop_a, shop_b = VendorFactory(), VendorFactory()
    product_a, product_b = ProductFactory(vendor=shop_a), ProductFactory(vendor=shop_b)
    services.cart_item_add(user=buyer, product_id=product_a.pk, quantity=2)
    services.cart_item_add(user=buyer, product_id=product_b.pk, quantity=1)
    outcomes = run_at_once(
        [
            lambda: services.checkout_complete(
                buyer=buyer, idempotency_key="retry-me", contact=CHECKOUT_CONTACT
            )
            for _ in range(8)
        ]
    )
    assert [error for _, error in outcomes] == [None] * 8
    checkout_ids = {result[0].pk for result, _ in outcomes}
    assert len(checkout_ids) == 1
    assert [result[1] for result, _ in outcomes].count(True) == 1
    assert Checkout.objects.count() == 1
    assert Order.objects.count() == 2
    assert Product.objects.get(pk=product_a.pk).stock == 8
