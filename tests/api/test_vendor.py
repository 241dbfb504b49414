"""The shop's own side through the API: its profile, its products and their photos."""

import pytest

from tests.api.conftest import assert_error, client_for, jpeg
from tests.factories import ProductFactory, UserFactory, VendorFactory, leaf_category
from tests.support.data import CHECKOUT_CONTACT
from vendors.models import Category, Product, ProductImage, Vendor
from vendors.services import MAX_PRODUCT_IMAGES

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
PROFILE = {
    "shop_name": "রহিমার রান্নাঘর",
    "district": "rangpur",
    "upazila": "Pirganj",
    "batch_number": 17,
    "phone": "01812345678",
}


@pytest.fixture
def shop():
    return VendorFactory(owner=UserFactory())


@pytest.fixture
def shop_api(shop):
    return client_for(shop.owner)


def product_body(**extra):
    return {
        "title": "Mango pickle",
        "category": leaf_category().pk,
        "price": "250",
        "unit": "jar",
        "stock": 5,
        **extra,
    }


def test_open_a_shop_with_a_logo_then_edit_it(buyer_api, buyer):
    opened = buyer_api.post(
        f"{V1}/vendor/shop/",
        {**PROFILE, "rocket_number": "০১৮১২৩৪৫৬৭৮৯", "logo": jpeg("logo.jpg")},
        format="multipart",
    )
    assert opened.status_code == 201, opened.json()
    body = opened.json()
    assert body["status"] == "pending" and body["slug"] == "রহিমার-রান্নাঘর"
    assert body["rocket_number"] == "018123456789"
    assert body["logo"].startswith("http://testserver/media/logos/")
    edited = buyer_api.patch(f"{V1}/vendor/shop/", {"shop_name": "Rahima's Kitchen"})
    assert edited.json()["shop_name"] == "Rahima's Kitchen"
    assert edited.json()["slug"] == body["slug"]  # the web address stays
    assert buyer_api.get(f"{V1}/vendor/shop/").json()["district"] == "rangpur"


def test_one_shop_per_member(shop_api):
    error = assert_error(shop_api.post(f"{V1}/vendor/shop/", PROFILE), 400, "shop_exists")
    assert error["details"] == {"non_field_errors": [error["message"]]}


def test_a_shop_profile_with_bad_fields_is_400_by_field(buyer_api):
    error = assert_error(
        buyer_api.post(
            f"{V1}/vendor/shop/",
            {**PROFILE, "district": "atlantis", "rocket_number": "12", "batch_number": 0},
        ),
        400,
        "invalid",
    )
    assert {"district", "batch_number"} <= set(error["details"])
    bad_rocket = buyer_api.post(f"{V1}/vendor/shop/", {**PROFILE, "rocket_number": "12"})
    assert "rocket_number" in assert_error(bad_rocket, 400, "invalid")["details"]
    assert not Vendor.objects.exists()


def test_a_product_from_json_then_changed_hidden_and_deleted(shop_api, shop):
    created = shop_api.post(f"{V1}/vendor/products/", product_body())
    assert created.status_code == 201, created.json()
    product = created.json()
    assert (product["price"], product["is_active"], product["images"]) == ("250.00", True, [])
    url = f"{V1}/vendor/products/{product['id']}/"
    changed = shop_api.patch(url, {"stock": 9, "is_active": False})
    assert (changed.json()["stock"], changed.json()["is_active"]) == (9, False)
    assert changed.json()["title"] == "Mango pickle"
    listed = shop_api.get(f"{V1}/vendor/products/").json()["results"]
    assert [p["id"] for p in listed] == [product["id"]]  # the shop still sees it
    assert shop_api.delete(url).status_code == 204
    assert not Product.objects.exists()


def test_a_top_category_or_a_bad_price_is_refused(shop_api):
    top = Category.objects.filter(parent__isnull=True).first()
    error = assert_error(
        shop_api.post(f"{V1}/vendor/products/", product_body(category=top.pk)), 400, "invalid"
    )
    assert list(error["details"]) == ["category"]
    for price in ("-1", "12345678901.5", "1.234", "abc"):
        response = shop_api.post(f"{V1}/vendor/products/", product_body(price=price))
        assert "price" in assert_error(response, 400, "invalid")["details"]
    assert not Product.objects.exists()


def test_a_picture_that_is_not_one_is_refused_naming_the_file(shop_api, shop):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")
    response = shop_api.post(
        f"{V1}/vendor/products/", product_body(images=[jpeg(), fake]), format="multipart"
    )
    error = assert_error(response, 400, "invalid")
    assert "virus.jpg" in error["details"]["images"][0]
    assert not Product.objects.exists() and not ProductImage.objects.exists()


def test_photos_are_added_one_by_one_up_to_the_cap(shop_api, shop):
    product = ProductFactory(vendor=shop)
    url = f"{V1}/vendor/products/{product.pk}/images/"
    for n in range(MAX_PRODUCT_IMAGES):
        added = shop_api.post(url, {"image": jpeg(f"{n}.jpg")}, format="multipart")
        assert added.status_code == 201, added.json()
    assert len(added.json()["images"]) == MAX_PRODUCT_IMAGES
    one_more = shop_api.post(url, {"image": jpeg()}, format="multipart")
    assert "image" in assert_error(one_more, 400, "invalid")["details"]
    assert_error(shop_api.post(url, {}, format="multipart"), 400, "invalid")
    assert_error(shop_api.post(url, {"image": "x"}, format="json"), 415, "unsupported_media_type")


def test_a_suspended_shop_cannot_add_products(shop_api, shop):
    Vendor.objects.filter(pk=shop.pk).update(status=Vendor.Status.SUSPENDED)
    assert_error(shop_api.post(f"{V1}/vendor/products/", product_body()), 400, "suspended")


def test_incoming_orders_move_only_the_way_the_table_allows(shop_api, shop, open_haat):
    from orders import services as order_services

    buyer = UserFactory()
    product = ProductFactory(vendor=shop, stock=5)
    order_services.cart_item_add(user=buyer, product_id=product.pk, quantity=2)
    done, _ = order_services.checkout_complete(
        buyer=buyer, idempotency_key="k", contact=CHECKOUT_CONTACT
    )
    order = done.orders.get()
    url = f"{V1}/vendor/orders/{order.pk}"
    assert_error(shop_api.post(f"{url}/deliver/"), 409, "invalid_transition")
    assert shop_api.get(f"{V1}/vendor/orders/", {"status": "confirmed"}).json()["results"] == []
    assert shop_api.get(f"{V1}/vendor/orders/", {"haat": open_haat.pk}).json()["results"]
    cancelled = shop_api.post(f"{url}/cancel/", {"reason": "Out of mangoes"})
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == (
        "cancelled",
        "Out of mangoes",
    )
    assert Product.objects.get(pk=product.pk).stock == 5  # the stock came back
    assert_error(shop_api.post(f"{url}/mark-paid/"), 409, "invalid_transition")
