"""Cart and checkout through the API: idempotent, and refusals that say what to fix."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from orders.models import CartItem, Checkout, Order
from tests.api.conftest import assert_error
from tests.factories import HaatSessionFactory, ProductFactory, VendorFactory
from tests.support.data import CHECKOUT_CONTACT
from vendors.models import Product

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


def add(api, product, quantity=1):
    response = api.post(f"{V1}/cart/items/", {"product": product.pk, "quantity": quantity})
    assert response.status_code == 201, response.json()
    return response.json()


def checkout(api, key="key-1", **body):
    return api.post(f"{V1}/checkout/", {**CHECKOUT_CONTACT, **body}, HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_checkout_returns_the_same_body_with_200_and_buys_nothing_more(
    buyer_api, open_haat
):
    pickle, kantha = ProductFactory(stock=5), ProductFactory(stock=5)
    add(buyer_api, pickle, 2)
    add(buyer_api, kantha)
    first = checkout(buyer_api, key="phone-retry-1")
    assert first.status_code == 201, first.json()
    assert len(first.json()["orders"]) == 2
    # The network dropped the answer; the app sends the same request again.
    again = checkout(buyer_api, key="phone-retry-1")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Checkout.objects.count() == 1 and Order.objects.count() == 2
    assert Product.objects.get(pk=pickle.pk).stock == 3


def test_checkout_needs_an_idempotency_key(buyer_api, open_haat):
    add(buyer_api, ProductFactory())
    missing = buyer_api.post(f"{V1}/checkout/", CHECKOUT_CONTACT)
    assert_error(missing, 400, "idempotency_key_required")
    too_long = checkout(buyer_api, key="k" * 65)
    assert_error(too_long, 400, "invalid_idempotency_key")
    assert not Checkout.objects.exists()


def test_checkout_after_the_haat_closed_is_409_and_keeps_the_cart(buyer_api, open_haat):
    add(buyer_api, ProductFactory())
    later = HaatSessionFactory(
        opens_at=open_haat.closes_at + datetime.timedelta(days=3),
        closes_at=open_haat.closes_at + datetime.timedelta(days=3, hours=12),
    )
    with time_machine.travel(open_haat.closes_at + datetime.timedelta(minutes=1)):
        response = checkout(buyer_api)
    error = assert_error(response, 409, "haat_closed")
    assert error["details"]["next_haat"]["id"] == later.pk
    assert CartItem.objects.count() == 1 and not Order.objects.exists()


def test_adding_to_the_cart_between_haats_is_409(buyer_api):
    response = buyer_api.post(f"{V1}/cart/items/", {"product": ProductFactory().pk})
    error = assert_error(response, 409, "haat_closed")
    assert error["details"] == {"next_haat": None}


def test_insufficient_stock_is_409_listing_every_short_line(buyer_api, open_haat):
    pickle = ProductFactory(title="Mango pickle", stock=5)
    kantha = ProductFactory(title="Nakshi kantha", stock=5)
    honey = ProductFactory(title="Sundarban honey", stock=5)
    for product in (pickle, kantha, honey):
        add(buyer_api, product, 3)
    # Other buyers took most of two of them meanwhile.
    Product.objects.filter(pk=pickle.pk).update(stock=1)
    Product.objects.filter(pk=honey.pk).update(stock=0)
    error = assert_error(checkout(buyer_api), 409, "cart_problems")
    lines = {line["product"]: line for line in error["details"]["lines"]}
    assert set(lines) == {pickle.pk, honey.pk}
    assert lines[pickle.pk]["code"] == "insufficient_stock"
    assert (lines[pickle.pk]["requested"], lines[pickle.pk]["available"]) == (3, 1)
    assert lines[honey.pk]["available"] == 0 and lines[honey.pk]["message"]
    assert not Order.objects.exists()
    assert Product.objects.get(pk=kantha.pk).stock == 5


def test_a_changed_price_is_409_until_the_buyer_accepts_it(buyer_api, open_haat):
    pickle = ProductFactory(price=Decimal("250.00"))
    add(buyer_api, pickle)
    Product.objects.filter(pk=pickle.pk).update(price=Decimal("300.00"))
    error = assert_error(checkout(buyer_api), 409, "cart_problems")
    (line,) = error["details"]["lines"]
    assert (line["code"], line["old_price"], line["new_price"]) == (
        "price_changed",
        "250.00",
        "300.00",
    )
    cart = buyer_api.get(f"{V1}/cart/").json()
    assert cart["price_changed"] is True
    accepted = buyer_api.post(f"{V1}/cart/accept-prices/")
    assert accepted.json()["price_changed"] is False
    assert checkout(buyer_api).status_code == 201


def test_an_empty_cart_cannot_check_out(buyer_api, open_haat):
    assert_error(checkout(buyer_api), 400, "cart_empty")


def test_a_payment_method_the_shop_does_not_take_is_refused(buyer_api, open_haat):
    product = ProductFactory(vendor=VendorFactory(bkash_number=""))
    add(buyer_api, product)
    response = checkout(buyer_api, payments={product.vendor.slug: "bkash"})
    assert_error(response, 400, "invalid_payment")
    unknown = checkout(buyer_api, key="key-2", payments={product.vendor.slug: "gold"})
    assert_error(unknown, 400, "invalid")


def test_cart_lines_change_and_go(buyer_api, open_haat):
    line = add(buyer_api, ProductFactory(stock=4), 1)
    url = f"{V1}/cart/items/{line['id']}/"
    assert buyer_api.patch(url, {"quantity": 3}).json()["quantity"] == 3
    assert_error(buyer_api.patch(url, {"quantity": 5}), 409, "cart_problems")
    assert buyer_api.patch(url, {"quantity": 0}).status_code == 204
    assert_error(buyer_api.delete(url), 404, "not_found")
    assert buyer_api.get(f"{V1}/cart/").json() == {
        "groups": [],
        "total": "0.00",
        "price_changed": False,
    }


def test_the_cart_adds_delivery_once_the_district_is_known(buyer_api, open_haat):
    add(buyer_api, ProductFactory(vendor=VendorFactory(district="dhaka"), price=Decimal("100")))
    add(buyer_api, ProductFactory(vendor=VendorFactory(district="rangpur"), price=Decimal("50")))
    plain = buyer_api.get(f"{V1}/cart/").json()
    assert plain["total"] == "150.00"
    assert {g["delivery_charge"] for g in plain["groups"]} == {None}
    to_dhaka = buyer_api.get(f"{V1}/cart/", {"district": "dhaka"}).json()
    assert to_dhaka["total"] == "330.00"  # 100 + 60 inside Dhaka, 50 + 120 from Rangpur
