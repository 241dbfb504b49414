"""The mobile app's whole journey through the API, using only paths the schema lists."""

import re

import pytest

from tests.api.conftest import client_for, jpeg
from tests.factories import leaf_category
from tests.support.data import CHECKOUT_CONTACT
from vendors.models import Vendor
from vendors.services import vendor_approve

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


@pytest.fixture
def schema_paths(anon):
    schema = anon.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    return schema.json()["paths"]


def documented(paths, url: str, method: str) -> bool:
    """Return whether ``method url`` is an operation of the schema."""
    path = url.split("?")[0]
    for template, operations in paths.items():
        pattern = re.sub(r"\{[^}]+\}", r"[^/]+", template)
        if re.fullmatch(pattern, path) and method.lower() in operations:
            return True
    return False


class SchemaClient:
    """An API client that refuses to call anything the schema does not document."""

    def __init__(self, client, paths):
        self.client, self.paths = client, paths

    def __getattr__(self, method):
        def call(url, *args, **kwargs):
            assert documented(self.paths, url, method), f"{method} {url} is not in the schema"
            return getattr(self.client, method)(url, *args, **kwargs)

        return call


def register_and_log_in(anon, paths, phone: str, name: str):
    api = SchemaClient(anon, paths)
    password = "mango-pickle-42"
    created = api.post(f"{V1}/auth/register/", {"phone": phone, "password": password, "name": name})
    assert created.status_code == 201, created.json()
    login = api.post(f"{V1}/auth/token/", {"phone": phone, "password": password})
    assert login.status_code == 200
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION=f"Token {login.json()['token']}")
    return created.json(), SchemaClient(client, paths)


def test_a_buyer_and_a_vendor_do_a_whole_haat_through_the_api(anon, open_haat, schema_paths):
    # Given a vendor who registers, opens a shop and is approved by an admin
    _me, vendor_api = register_and_log_in(anon, schema_paths, "01812345678", "Shapla")
    shop = vendor_api.post(
        f"{V1}/vendor/shop/",
        {
            "shop_name": "Shapla Achar Ghar",
            "district": "rangpur",
            "upazila": "Pirganj",
            "batch_number": 17,
            "phone": "01812345678",
            "bkash_number": "01812345678",
        },
    )
    assert shop.status_code == 201, shop.json()
    assert shop.json()["status"] == "pending"
    vendor_approve(vendor_id=shop.json()["id"])

    # When the vendor lists a product with a photo, and adds a second photo
    created = vendor_api.post(
        f"{V1}/vendor/products/",
        {
            "title": "Mango pickle",
            "description": "Home-made, mustard oil",
            "category": leaf_category().pk,
            "price": "250.00",
            "unit": "jar",
            "stock": 5,
            "images": [jpeg()],
        },
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    product = created.json()
    assert len(product["images"]) == 1
    more = vendor_api.post(
        f"{V1}/vendor/products/{product['id']}/images/",
        {"image": jpeg("second.jpg", color=(20, 120, 40))},
        format="multipart",
    )
    assert more.status_code == 201, more.json()
    assert len(more.json()["images"]) == 2

    # And a buyer registers (a number typed the international way) and browses
    me, buyer_api = register_and_log_in(anon, schema_paths, "+880 1712-345678", "Rahima")
    assert me["phone"] == "01712345678"
    assert buyer_api.get(f"{V1}/haats/current/").json()["id"] == open_haat.pk
    tree = buyer_api.get(f"{V1}/categories/").json()
    assert any(leaf_category().slug in [c["slug"] for c in top["children"]] for top in tree)
    listing = buyer_api.get(f"{V1}/products/", {"search": "mango", "in_stock": "true"}).json()
    assert [p["id"] for p in listing["results"]] == [product["id"]]
    assert listing["results"][0]["thumbnail"].startswith("http://testserver/media/")
    detail = buyer_api.get(f"{V1}/products/{product['id']}/").json()
    for image in detail["images"]:
        assert {"thumbnail", "display", "original"} <= image.keys()
        assert all(image[k].startswith("http") for k in ("thumbnail", "display", "original"))
    slug = detail["vendor"]["slug"]
    assert buyer_api.get(f"{V1}/vendors/{slug}/").json()["payment_methods"] == ["cod", "bkash"]

    # And fills a cart and checks out, paying the shop by bKash
    line = buyer_api.post(f"{V1}/cart/items/", {"product": product["id"], "quantity": 2})
    assert line.status_code == 201, line.json()
    cart = buyer_api.get(f"{V1}/cart/", {"district": "dhaka"}).json()
    assert cart["total"] == "620.00"  # 2 × 250 + 120 delivery outside Rangpur
    checkout = buyer_api.post(
        f"{V1}/checkout/",
        {**CHECKOUT_CONTACT, "payments": {slug: "bkash"}},
        HTTP_IDEMPOTENCY_KEY="3f0c5a1e-first-try",
    )
    assert checkout.status_code == 201, checkout.json()
    (order,) = checkout.json()["orders"]
    assert order["payment_method"] == "bkash" and order["pay_to"] == "01812345678"
    paid = buyer_api.post(
        f"{V1}/orders/{order['id']}/transaction/", {"provider": "bkash", "trx_id": "8n7a6d5c4b"}
    )
    assert paid.json()["transaction_id"] == "8N7A6D5C4B"
    assert [o["id"] for o in buyer_api.get(f"{V1}/orders/").json()["results"]] == [order["id"]]

    # Then the vendor sees the order and moves it to delivered
    incoming = vendor_api.get(f"{V1}/vendor/orders/", {"status": "placed"}).json()["results"]
    assert [o["id"] for o in incoming] == [order["id"]]
    url = f"{V1}/vendor/orders/{order['id']}"
    for action, body in [
        ("confirm", {}),
        ("mark-paid", {}),
        ("ship", {"courier": "Sundarban", "tracking_code": "SB-1"}),
        ("deliver", {}),
    ]:
        moved = vendor_api.post(f"{url}/{action}/", body)
        assert moved.status_code == 200, (action, moved.json())
    final = buyer_api.get(f"{V1}/orders/{order['id']}/").json()
    assert final["status"] == "delivered" and final["paid"] is True
    assert final["courier"] == "Sundarban"
    assert [e["to_status"] for e in final["events"]][-3:] == ["confirmed", "shipped", "delivered"]
    assert Vendor.objects.get(slug=slug).products.get().stock == 3
