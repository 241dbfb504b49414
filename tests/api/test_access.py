"""Every object endpoint × verb, tried as another buyer, another vendor and anonymous.

Someone else's cart line, order, shop or product answers exactly as a missing one does
(404, never 403: a stranger learns nothing); anonymous gets 401. Nothing changes.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from orders import services as order_services
from orders.models import CartItem, Order
from tests.api.conftest import assert_error, client_for
from tests.factories import ProductFactory, UserFactory, VendorFactory
from tests.support.data import CHECKOUT_CONTACT
from vendors.models import Product, Vendor

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
TRX_ID = "8N7A6D5C4B"  # a well-formed bKash transaction ID
PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00"
    b"\x00:~\x9bU\x00\x00\x00\nIDATx\x9cc`\x00\x00\x00\x02\x00\x01H\xaf\xa4q\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


@pytest.fixture
def world(open_haat):
    """Return an owner (shop, product, order from a buyer, cart line) and two strangers."""
    owner = UserFactory()
    shop = VendorFactory(owner=owner, bkash_number="01811111111")
    product = ProductFactory(vendor=shop, stock=20)
    buyer = UserFactory()
    order_services.cart_item_add(user=buyer, product_id=product.pk, quantity=2)
    done, _ = order_services.checkout_complete(
        buyer=buyer, idempotency_key="k", contact=CHECKOUT_CONTACT, payments={shop.slug: "bkash"}
    )
    line = order_services.cart_item_add(user=buyer, product_id=product.pk, quantity=1)
    return {
        "owner": owner,
        "buyer": buyer,
        "product": product,
        "order": done.orders.get(),
        "line": line,
        "other_buyer": UserFactory(),
        "other_vendor": VendorFactory().owner,
    }


def buyer_endpoints(w):
    """(method, url, body) of everything that is the buyer's own."""
    order, line = w["order"].pk, w["line"].pk
    return [
        ("patch", f"{V1}/cart/items/{line}/", {"quantity": 2}),
        ("delete", f"{V1}/cart/items/{line}/", None),
        ("get", f"{V1}/orders/{order}/", None),
        ("post", f"{V1}/orders/{order}/cancel/", {"reason": "changed my mind"}),
        (
            "post",
            f"{V1}/orders/{order}/transaction/",
            {"provider": "bkash", "trx_id": "8N7A6D5C4B"},
        ),
    ]


def vendor_endpoints(w):
    """(method, url, body) of everything that is the shop owner's own."""
    order, product = w["order"].pk, w["product"].pk
    return [
        ("get", f"{V1}/vendor/orders/{order}/", None),
        *[
            ("post", f"{V1}/vendor/orders/{order}/{action}/", {})
            for action in ("confirm", "mark-paid", "ship", "deliver", "cancel")
        ],
        ("get", f"{V1}/vendor/products/{product}/", None),
        ("patch", f"{V1}/vendor/products/{product}/", {"title": "Stolen", "stock": 0}),
        ("delete", f"{V1}/vendor/products/{product}/", None),
        ("post", f"{V1}/vendor/products/{product}/images/", "image"),
    ]


def call(client, method, url, body):
    if body == "image":
        upload = SimpleUploadedFile("x.png", PNG_1PX, content_type="image/png")
        return client.post(url, {"image": upload}, format="multipart")
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, format="json")


def snapshot(w):
    order = Order.objects.get(pk=w["order"].pk)
    product = Product.objects.get(pk=w["product"].pk)
    return (
        order.status,
        order.transaction_id,
        order.paid_at,
        product.title,
        product.stock,
        product.images.count(),
        list(CartItem.objects.values_list("pk", "quantity")),
    )


# For the buyer's cart and order, the shop that sold it is someone else too; for the
# shop's side of it, the buyer is.
@pytest.mark.parametrize(
    "endpoints, who",
    [(buyer_endpoints, w) for w in ("other_buyer", "other_vendor", "owner", "anonymous")]
    + [(vendor_endpoints, w) for w in ("other_buyer", "other_vendor", "buyer", "anonymous")],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_no_one_else_reaches_anothers_cart_orders_shop_or_products(world, endpoints, who):
    before = snapshot(world)
    user = world.get(who)
    client = client_for(user)
    for method, url, body in endpoints(world):
        response = call(client, method, url, body)
        if user is None:
            assert_error(response, 401, "not_authenticated")
        else:
            assert_error(response, 404, "not_found")
    assert snapshot(world) == before


@pytest.mark.parametrize("who", ["other_buyer", "anonymous"])
def test_a_member_without_a_shop_has_no_shop_side(world, who):
    user = world.get(who)
    client = client_for(user)
    status, code = (404, "not_found") if user else (401, "not_authenticated")
    for method, url, body in [
        ("get", f"{V1}/vendor/shop/", None),
        ("patch", f"{V1}/vendor/shop/", {"shop_name": "Mine now"}),
        ("get", f"{V1}/vendor/products/", None),
        ("post", f"{V1}/vendor/products/", {"title": "x"}),
        ("get", f"{V1}/vendor/orders/", None),
    ]:
        assert_error(call(client, method, url, body), status, code)
    assert Vendor.objects.get(owner=world["owner"]).shop_name != "Mine now"


def test_lists_show_only_ones_own(world):
    other_buyer, other_vendor = client_for(world["other_buyer"]), client_for(world["other_vendor"])
    assert other_buyer.get(f"{V1}/orders/").json()["results"] == []
    assert other_buyer.get(f"{V1}/cart/").json()["groups"] == []
    assert other_vendor.get(f"{V1}/vendor/orders/").json()["results"] == []
    assert other_vendor.get(f"{V1}/vendor/products/").json()["results"] == []
    owner = client_for(world["owner"])
    assert [o["id"] for o in owner.get(f"{V1}/vendor/orders/").json()["results"]] == [
        world["order"].pk
    ]
    assert owner.get(f"{V1}/orders/").json()["results"] == []  # bought nothing himself


def test_the_owners_and_the_buyers_own_calls_succeed(world):
    # The same matrix as the owner: proof that the 404s above are about who asks.
    owner, buyer = client_for(world["owner"]), client_for(world["buyer"])
    order = world["order"].pk
    assert owner.get(f"{V1}/vendor/orders/{order}/").status_code == 200
    assert owner.get(f"{V1}/vendor/products/{world['product'].pk}/").status_code == 200
    assert buyer.get(f"{V1}/orders/{order}/").status_code == 200
    assert buyer.patch(f"{V1}/cart/items/{world['line'].pk}/", {"quantity": 2}).status_code == 200
    assert owner.post(f"{V1}/vendor/orders/{order}/confirm/").status_code == 200
    # Confirmed: the buyer may no longer cancel, and is told why.
    assert_error(buyer.post(f"{V1}/orders/{order}/cancel/"), 409, "invalid_transition")
