"""Lists cost a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders import services as order_services
from tests.api.conftest import client_for
from tests.factories import OrderFactory, ProductFactory, UserFactory, VendorFactory
from tests.support.data import CHECKOUT_CONTACT

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(captured.captured_queries)


def buy(buyer, product, key):
    order_services.cart_item_add(user=buyer, product_id=product.pk)
    order_services.checkout_complete(buyer=buyer, idempotency_key=key, contact=CHECKOUT_CONTACT)


@pytest.mark.parametrize(
    "url", [f"{V1}/products/", f"{V1}/vendors/", f"{V1}/orders/", f"{V1}/vendor/orders/"]
)
def test_lists_do_not_query_per_row(open_haat, url):
    shop = VendorFactory(bkash_number="01811111111")
    buyer = shop.owner  # buys from other shops, and sells to others
    client = client_for(buyer)

    def grow(n):
        for i in range(n):
            other = ProductFactory(stock=5)
            buy(buyer, other, f"buy-{other.pk}")
            buy(UserFactory(), ProductFactory(vendor=shop, stock=5), f"sell-{i}")

    grow(2)
    few = queries(client, url)
    grow(10)
    assert queries(client, url) == few


def test_order_pages_follow_signed_next_links_to_the_end():
    buyer = UserFactory()
    made = {OrderFactory(buyer=buyer, checkout__buyer=buyer).pk for _ in range(30)}
    client, seen, url = client_for(buyer), [], f"{V1}/orders/"
    while url:
        page = client.get(url).json()
        seen += [order["id"] for order in page["results"]]
        url = page["next"]
    assert seen == sorted(made, reverse=True)


def test_the_cart_does_not_query_per_line(open_haat):
    buyer = UserFactory()
    client = client_for(buyer)
    for _ in range(2):
        order_services.cart_item_add(user=buyer, product_id=ProductFactory().pk)
    few = queries(client, f"{V1}/cart/")
    for _ in range(10):
        order_services.cart_item_add(user=buyer, product_id=ProductFactory().pk)
    assert queries(client, f"{V1}/cart/") == few
