"""Hostile and careless requests found against a running stack (issue 13), each kept here
as it was sent: none may answer 500, and each answers what a client can act on.

REQUESTS is the corpus: add every new one found to it.
"""

import pytest
from django.test import Client

from haat.core.text import clean_text, lookalike_key
from orders.models import Checkout, Order
from tests.api.conftest import assert_error, client_for
from tests.factories import ProductFactory, UserFactory, VendorFactory, leaf_category
from tests.support.data import CHECKOUT_CONTACT
from vendors.models import Product, Vendor

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
NESTED = b"[" * 100_000 + b"]" * 100_000

# (method, path, body, content type, the statuses that are right for it)
REQUESTS = [
    ("post", f"{V1}/auth/token/", NESTED, "application/json", {400}),
    ("post", f"{V1}/auth/register/", NESTED, "application/json", {400}),
    ("post", f"{V1}/cart/items/", NESTED, "application/json", {400}),
    ("post", f"{V1}/checkout/", NESTED, "application/json", {400}),
    (
        "post",
        f"{V1}/cart/items/",
        b'{"product": {"a": ' * 40 + b"1" + b"}" * 40,
        "application/json",
        {400},
    ),
    ("get", f"{V1}/vendors/%00/", None, None, {404}),
    ("get", "/shops/%00/", None, None, {404}),
    ("get", "/shops/%00/follow/", None, None, {404, 405}),
    ("get", f"{V1}/products/%00/", None, None, {404}),
    ("get", f"{V1}/products/?search=%00", None, None, {400}),
    ("get", "/products/?q=%00", None, None, {200, 400}),
]


@pytest.mark.parametrize(("method", "path", "body", "content_type", "statuses"), REQUESTS)
def test_a_hostile_request_gets_a_clear_answer_never_a_500(
    method, path, body, content_type, statuses
):
    client = client_for(UserFactory()) if path.startswith("/api/") else Client()
    send = getattr(client, method)
    extra = {"content_type": content_type} if content_type else {}
    response = send(path, body, **extra) if body is not None else send(path)
    assert response.status_code in statuses, response.content[:300]
    if path.startswith("/api/"):
        assert response["Content-Type"].startswith("application/json")
        assert set(response.json()["error"]) == {"code", "message", "details"}


def test_deeply_nested_json_is_a_parse_error():
    response = client_for(UserFactory()).post(
        f"{V1}/checkout/", NESTED, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert_error(response, 400, "parse_error")


def _cart_and_checkout(api, key, **body):
    return api.post(f"{V1}/checkout/", {**CHECKOUT_CONTACT, **body}, HTTP_IDEMPOTENCY_KEY=key)


def test_a_key_reused_with_another_body_is_refused_not_replayed(open_haat):
    # Given a checkout placed with key K, and a new cart
    buyer = UserFactory()
    api = client_for(buyer)
    shop = VendorFactory(bkash_number="01812345678")
    first_product, second_product = ProductFactory(vendor=shop), ProductFactory(vendor=shop)
    api.post(f"{V1}/cart/items/", {"product": first_product.pk})
    first = _cart_and_checkout(api, "K")
    assert first.status_code == 201
    api.post(f"{V1}/cart/items/", {"product": second_product.pk})

    # When K is sent again with another payment method, district and address
    again = _cart_and_checkout(
        api,
        "K",
        payments={shop.slug: "bkash"},
        district="rangpur",
        address="Another house, another road",
    )

    # Then it is refused, nothing new is bought, and the first answer is not replayed
    assert_error(again, 422, "idempotency_key_reused")
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1
    assert Product.objects.get(pk=second_product.pk).stock == 10
    # The same key with the same body still replays the first checkout
    replay = _cart_and_checkout(api, "K")
    assert replay.status_code == 200 and replay.json() == first.json()


def test_a_payment_choice_for_a_shop_not_in_the_cart_is_refused(open_haat):
    # Given a cart from one shop
    buyer = UserFactory()
    api = client_for(buyer)
    in_cart = ProductFactory(vendor=VendorFactory(bkash_number="01812345678"))
    elsewhere = VendorFactory(slug="not-in-the-cart")
    api.post(f"{V1}/cart/items/", {"product": in_cart.pk})

    # When the buyer chooses bKash for another shop
    response = _cart_and_checkout(api, "P", payments={elsewhere.slug: "bkash"})

    # Then it is a 400 naming that shop, and nothing is bought as cash on delivery
    error = assert_error(response, 400, "invalid_payment")
    assert "not-in-the-cart" in error["message"]
    assert not Order.objects.exists()


def test_invisible_characters_are_removed_from_what_members_write(open_haat):
    # Given a shop whose owner sends a title with a right-to-left override
    owner = UserFactory()
    api = client_for(owner)
    shop = VendorFactory(owner=owner, shop_name="Rahima\u200bs Kitchen")
    response = api.post(
        f"{V1}/vendor/products/",
        {
            "title": "Invoice \u202egpj.exe",
            "description": "মধু\u200b\u2066 খাঁটি",
            "category": leaf_category().pk,
            "price": "250.00",
            "unit": "piece",
            "stock": 5,
        },
    )
    # Then what is stored (and shown) reads as it is; Bengali's joiners are kept
    assert response.status_code == 201, response.content
    product = Product.objects.get(vendor=shop)
    assert product.title == "Invoice gpj.exe"
    assert product.description == "মধু খাঁটি"
    shop.refresh_from_db()
    assert shop.shop_name == "Rahimas Kitchen"
    assert clean_text("র\u200d্য") == "র\u200d্য"


def test_a_shop_name_that_looks_like_another_is_refused(open_haat):
    # Given an open shop
    VendorFactory(shop_name="Rahima's Kitchen")
    api = client_for(UserFactory())
    # When another member applies as "rahimas\u200b  KITCHEN"
    response = api.post(
        f"{V1}/vendor/shop/",
        {
            "shop_name": "rahimas\u200b  KITCHEN",
            "district": "rangpur",
            "upazila": "Pirganj",
            "batch_number": 12,
            "phone": "01812345678",
        },
    )
    # Then it is refused on the name, and no second shop exists
    error = assert_error(response, 400, "invalid")
    assert "shop_name" in error["details"]
    assert Vendor.objects.count() == 1
    assert lookalike_key("Rahima's Kitchen") == lookalike_key("RAHIMAS-kitchen")
    assert lookalike_key("দোকান ২") == lookalike_key("দোকান 2")
