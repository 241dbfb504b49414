"""The shop's side: opening a shop, its profile, and managing its products."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image, ImageDraw

from tests.factories import (
    ProductFactory,
    ProductImageFactory,
    UserFactory,
    VendorFactory,
    leaf_category,
)
from vendors import selectors, services
from vendors.models import Category, Product, ProductImage, Vendor
from vendors.search import search_text_refresh
from vendors.services import shops

pytestmark = pytest.mark.django_db

RED = (220, 20, 20)
BLUE = (20, 20, 220)


# --- helpers ----------------------------------------------------------------------------


def jpeg(size=(120, 80), colour=BLUE, *, orientation: int | None = None) -> bytes:
    """Return a JPEG; with ``orientation`` its top band is red and EXIF says how to turn it."""
    img = Image.new("RGB", size, colour)
    params = {}
    if orientation:
        ImageDraw.Draw(img).rectangle((0, 0, size[0] - 1, size[1] // 5), fill=RED)
        exif = Image.Exif()
        exif[ExifTags.Base.Orientation] = orientation
        params["exif"] = exif
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", **params)
    return buffer.getvalue()


def photo(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg() if data is None else data, content_type="image/jpeg")


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def shop_form(**overrides) -> dict:
    data = {
        "shop_name": "রহিমার রান্নাঘর",
        "district": "rangpur",
        "upazila": "পীরগঞ্জ",
        "batch_number": "১২",  # Bengali digits, as typed on a Bengali keyboard
        "phone": "০১৭১২-৩৪৫৬৭৮",
        "bkash_number": "+8801812345678",
        "nagad_number": "",
        "rocket_number": "০১৭১২৩৪৫৬৭৮৯",
        "description": "ঘরে তৈরি আচার আর পিঠা",
        "delivery_charge_inside": "60",
        "delivery_charge_outside": "120",
    }
    return data | overrides


def product_form(**overrides) -> dict:
    data = {
        "title": "আমের আচার",
        "description": "Mango pickle in mustard oil",
        "category": str(leaf_category().pk),
        "price": "250.00",
        "unit": "jar",
        "stock": "10",
        "is_active": "on",
    }
    return data | overrides


def form_errors(response) -> dict:
    return response.context["form"].errors


@pytest.fixture
def owner_client(client):
    """A client signed in as the owner of an approved shop; the shop is ``client.vendor``."""
    client.vendor = VendorFactory(shop_name="Tanter Chhoa")
    client.force_login(client.vendor.owner)
    return client


# --- opening a shop ---------------------------------------------------------------------


def test_member_opens_a_pending_shop_whose_slug_survives_a_rename(client):
    # Given a signed-in member without a shop
    member = UserFactory()
    client.force_login(member)

    # When they apply with a Bengali shop name, Bengali digits and a +880 number
    response = client.post(reverse("vendor_apply"), shop_form())

    # Then the shop exists, pending, with numbers normalised and a Unicode slug
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    vendor = Vendor.objects.get(owner=member)
    assert vendor.status == Vendor.Status.PENDING
    assert vendor.slug == "রহিমার-রান্নাঘর"  # whole Bengali words, vowel signs kept
    assert client.get(reverse("vendor", args=[vendor.slug])).status_code == 404  # pending
    assert vendor.slug and vendor.slug != "shop"
    assert (vendor.phone, vendor.bkash_number) == ("01712345678", "01812345678")
    assert (vendor.rocket_number, vendor.batch_number) == ("017123456789", 12)
    dashboard = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert "waiting for approval" in dashboard.content.decode()

    # And given a product, approved, then the shop renamed
    product = services.product_create(vendor=vendor, data=_product_data(), images=())
    assert selectors.product_page(query="আচার").products == []  # pending: not public
    services.vendor_approve(vendor_id=vendor.pk)
    response = client.post(
        reverse("vendor_edit"), shop_form(shop_name="Nakshi Kantha Ghar", batch_number="12")
    )
    assert response.status_code == 302

    # Then the web address is the same and search finds the product by the new name
    vendor.refresh_from_db()
    assert vendor.shop_name == "Nakshi Kantha Ghar"
    assert vendor.slug == "রহিমার-রান্নাঘর"
    assert client.get(reverse("vendor", args=[vendor.slug])).status_code == 200
    found = selectors.product_page(query="nakshi kantha").products
    assert [p.pk for p in found] == [product.pk]
    assert selectors.product_page(query="রান্নাঘর").products == []


def _product_data(**overrides) -> dict:
    data = {
        "title": "আমের আচার",
        "description": "",
        "category": leaf_category(),
        "price": Decimal("250"),
        "unit": Product.Unit.JAR,
        "stock": 10,
        "is_active": True,
    }
    return data | overrides


def test_slugs_are_unique_and_never_empty():
    first = services.vendor_apply(owner=UserFactory(), data=_shop_data("Haat Bazar"))
    nameless = services.vendor_apply(owner=UserFactory(), data=_shop_data("!!! ???"))
    # Names of signs only look like nothing: they are not compared, and share a slug base
    another = services.vendor_apply(owner=UserFactory(), data=_shop_data("*** ###"))

    assert first.slug == "haat-bazar"
    assert [nameless.slug, another.slug] == ["shop", "shop-2"]


def test_a_name_that_reads_like_an_open_shops_is_refused():
    services.vendor_apply(owner=UserFactory(), data=_shop_data("Haat Bazar"))
    for lookalike in ("Haat  Bazar!", "haat-bazar", "HAAT\u200bBAZAR"):
        with pytest.raises(ValidationError) as refused:
            services.vendor_apply(owner=UserFactory(), data=_shop_data(lookalike))
        assert "shop_name" in refused.value.error_dict
    assert Vendor.objects.count() == 1


def test_a_slug_taken_in_a_race_is_retried_with_the_next_one(monkeypatch):
    # Given a shop that took "haat-bazar" after the free-slug lookup ran
    VendorFactory(slug="haat-bazar")
    stale = iter(["haat-bazar"])
    free = shops._slug_free
    monkeypatch.setattr(
        "vendors.services.shops._slug_free", lambda base: next(stale, None) or free(base)
    )

    # When another member's application hits the unique constraint
    vendor = services.vendor_apply(owner=UserFactory(), data=_shop_data("Haat Bazar"))

    # Then it is not mistaken for a second shop: the next slug is taken
    assert vendor.slug == "haat-bazar-2"


def _shop_data(name: str) -> dict:
    return {
        "shop_name": name,
        "district": "dhaka",
        "upazila": "Mirpur",
        "batch_number": 3,
        "phone": "01711111111",
    }


def test_a_member_cannot_open_a_second_shop(client):
    vendor = VendorFactory()

    with pytest.raises(ValidationError) as refused:
        services.vendor_apply(owner=vendor.owner, data=_shop_data("Second shop"))

    with translation.override("en"):
        assert "You already have a shop" in str(refused.value)
    assert Vendor.objects.filter(owner=vendor.owner).count() == 1
    # The form does not even offer it: the member is sent to their dashboard.
    client.force_login(vendor.owner)
    response = client.post(reverse("vendor_apply"), shop_form(shop_name="Second shop"))
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert Vendor.objects.count() == 1


def test_refused_logo_leaves_no_shop_and_no_file(client, settings):
    client.force_login(UserFactory())

    response = client.post(
        reverse("vendor_apply"),
        shop_form(logo=photo("logo.jpg", b"this is not a picture")),
    )

    assert response.status_code == 400
    assert form_errors(response)["logo"]
    assert not Vendor.objects.exists()
    assert media_files(settings) == []


def test_shop_opens_with_a_logo(client):
    client.force_login(UserFactory())

    client.post(reverse("vendor_apply"), shop_form(logo=photo("logo.jpg")))

    vendor = Vendor.objects.get()
    assert vendor.logo.name.startswith("logos/")
    assert Image.open(vendor.logo.path).size == (400, 400)


@pytest.mark.parametrize(
    "field, value",
    [
        ("rocket_number", "0171234567"),  # ten digits
        ("phone", "12345"),
        ("district", "atlantis"),
        ("delivery_charge_inside", "-5"),
    ],
)
def test_bad_shop_fields_are_refused(client, field, value):
    client.force_login(UserFactory())

    response = client.post(reverse("vendor_apply"), shop_form(**{field: value}))

    assert response.status_code == 400
    assert field in form_errors(response)
    assert not Vendor.objects.exists()


def test_profile_edit_with_a_refused_logo_changes_nothing(owner_client, settings):
    response = owner_client.post(
        reverse("vendor_edit"),
        shop_form(shop_name="New name", logo=photo("logo.png", b"\x89PNG broken")),
    )

    assert response.status_code == 400
    assert form_errors(response)["logo"]
    owner_client.vendor.refresh_from_db()
    assert owner_client.vendor.shop_name == "Tanter Chhoa"
    assert media_files(settings) == []


# --- products ---------------------------------------------------------------------------


def test_vendor_adds_a_product_with_two_photos_and_the_phone_photo_comes_out_upright(
    owner_client, settings
):
    # Given a phone photo stored sideways (300x200, EXIF Orientation=6) and a plain one
    sideways = photo("IMG_0001.jpg", jpeg((300, 200), orientation=6))
    plain = photo("second.jpg")

    # When the vendor creates a product with both
    response = owner_client.post(reverse("product_create"), product_form(images=[sideways, plain]))

    # Then the product is saved with the photos in upload order, three files each
    assert response.status_code == 302
    product = Product.objects.get()
    assert response.url == reverse("product_edit", args=[product.pk])
    assert product.vendor == owner_client.vendor
    assert (product.price, product.stock, product.unit) == (Decimal("250.00"), 10, "jar")
    cover, second = product.images.order_by("position")
    assert (cover.width, cover.height) == (200, 300)
    upright = Image.open(cover.image.path)
    assert upright.getpixel((195, 150))[0] > 150  # the red band is now on the right
    assert upright.getpixel((5, 150))[2] > 150
    assert (second.width, second.height) == (120, 80)
    assert len(media_files(settings)) == 6
    # And it can be found at once, by a Bengali and an English word
    assert [p.pk for p in selectors.product_page(query="আচার").products] == [product.pk]
    assert [p.pk for p in selectors.product_page(query="mustard").products] == [product.pk]


def truncated_jpeg() -> bytes:
    data = jpeg((400, 300))
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "name, data",
    [("notes.jpg", b"just some text, not a picture"), ("cut.jpg", truncated_jpeg())],
)
def test_a_broken_photo_saves_nothing_and_names_the_file(owner_client, settings, name, data):
    # Given a good photo and a broken one in the same form
    uploads = [photo("good.jpg"), photo(name, data)]

    response = owner_client.post(reverse("product_create"), product_form(images=uploads))

    # Then the form comes back with a message naming the file, and nothing is kept
    assert response.status_code == 400
    errors = form_errors(response)["images"]
    assert len(errors) == 1 and errors[0].startswith(f"{name}: ")
    assert name in response.content.decode()
    assert not Product.objects.exists()
    assert not ProductImage.objects.exists()
    assert media_files(settings) == []


def test_every_refused_photo_is_named(owner_client):
    uploads = [photo("a.jpg", b"nope"), photo("fine.jpg"), photo("b.jpg", b"nope either")]

    response = owner_client.post(reverse("product_create"), product_form(images=uploads))

    errors = form_errors(response)["images"]
    assert [e.split(":")[0] for e in errors] == ["a.jpg", "b.jpg"]


def test_refusal_message_follows_the_language(owner_client):
    owner_client.post(reverse("set_language"), {"language": "en"})

    response = owner_client.post(
        reverse("product_create"), product_form(images=[photo("x.jpg", b"text")])
    )

    assert "x.jpg: This file is not a photo we can read" in response.content.decode()


@pytest.mark.parametrize(
    "field, value",
    [
        ("price", "-1"),
        ("price", "10.555"),
        ("price", "lots"),
        ("stock", "-3"),
        ("stock", "2.5"),
        ("unit", "bucket"),
    ],
)
def test_bad_product_fields_are_refused(owner_client, field, value):
    response = owner_client.post(reverse("product_create"), product_form(**{field: value}))

    assert response.status_code == 400
    assert field in form_errors(response)
    assert not Product.objects.exists()


def test_only_a_sub_category_may_be_chosen(owner_client):
    top = Category.objects.filter(parent__isnull=True).first()

    response = owner_client.post(reverse("product_create"), product_form(category=str(top.pk)))
    assert response.status_code == 400
    assert "category" in form_errors(response)
    # The service holds the rule too, whoever calls it.
    with pytest.raises(ValidationError) as refused:
        services.product_create(vendor=owner_client.vendor, data=_product_data(category=top))
    assert "category" in refused.value.error_dict


def test_vendor_edits_price_and_stock(owner_client):
    product = ProductFactory(vendor=owner_client.vendor, price=Decimal("250"), stock=10)

    response = owner_client.post(
        reverse("product_edit", args=[product.pk]),
        product_form(title=product.title, price="১২০.৫০", stock="৪"),
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.price, product.stock) == (Decimal("120.50"), 4)


def test_a_refused_photo_on_edit_keeps_the_old_fields(owner_client, settings):
    product = ProductFactory(vendor=owner_client.vendor, price=Decimal("250"))

    response = owner_client.post(
        reverse("product_edit", args=[product.pk]),
        product_form(price="999", images=[photo("ok.jpg"), photo("bad.jpg", b"bad")]),
    )

    assert response.status_code == 400
    product.refresh_from_db()
    assert product.price == Decimal("250.00")
    assert media_files(settings) == []


def test_making_a_photo_the_cover_and_moving_it(owner_client):
    product = ProductFactory(vendor=owner_client.vendor)
    first, second, third = (
        services.product_image_add(product=product, upload=photo(f"{n}.jpg")) for n in "abc"
    )
    move_url = "product_image_move"

    def order():
        return list(product.images.order_by("position").values_list("pk", flat=True))

    owner_client.post(reverse(move_url, args=[product.pk, third.pk]), {"to": "first"})
    assert order() == [third.pk, first.pk, second.pk]
    page = selectors.vendor_product_page(vendor=owner_client.vendor)
    assert page.products[0].cover_thumbnail == third.thumbnail.name

    owner_client.post(reverse(move_url, args=[product.pk, third.pk]), {"to": "down"})
    assert order() == [first.pk, third.pk, second.pk]
    owner_client.post(reverse(move_url, args=[product.pk, second.pk]), {"to": "up"})
    assert order() == [first.pk, second.pk, third.pk]


def test_deleting_a_photo_removes_its_files(
    owner_client, settings, django_capture_on_commit_callbacks
):
    product = ProductFactory(vendor=owner_client.vendor)
    kept = services.product_image_add(product=product, upload=photo("keep.jpg"))
    gone = services.product_image_add(product=product, upload=photo("gone.jpg"))
    gone_files = [Path(f.path) for f in (gone.image, gone.display, gone.thumbnail)]

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("product_image_delete", args=[product.pk, gone.pk]))

    assert response.status_code == 302
    assert list(product.images.all()) == [kept]
    assert not any(p.exists() for p in gone_files)
    assert len(media_files(settings)) == 3


def test_a_photo_of_another_product_cannot_be_deleted_through_mine(owner_client):
    mine = ProductFactory(vendor=owner_client.vendor)
    theirs = ProductImageFactory()

    response = owner_client.post(reverse("product_image_delete", args=[mine.pk, theirs.pk]))

    assert response.status_code == 404
    assert ProductImage.objects.filter(pk=theirs.pk).exists()


def test_hiding_a_product_takes_it_off_the_public_list(owner_client, client):
    product = ProductFactory(vendor=owner_client.vendor, title="Nakshi kantha")
    public_titles = lambda: [p.title for p in selectors.product_page().products]  # noqa: E731
    assert public_titles() == ["Nakshi kantha"]

    response = owner_client.post(reverse("product_deactivate", args=[product.pk]))

    assert response.status_code == 302
    assert public_titles() == []
    assert owner_client.get(reverse("product", args=[product.pk])).status_code == 404
    # The shop still sees it, and can list it again.
    listing = owner_client.get(reverse("dashboard_products"))
    assert [p.pk for p in listing.context["products"]] == [product.pk]
    owner_client.post(reverse("product_activate", args=[product.pk]))
    assert public_titles() == ["Nakshi kantha"]


def test_a_pending_shop_may_add_products_that_stay_unlisted(client):
    vendor = VendorFactory(status=Vendor.Status.PENDING)
    client.force_login(vendor.owner)

    response = client.post(reverse("product_create"), product_form())

    assert response.status_code == 302
    assert Product.objects.filter(vendor=vendor).count() == 1
    assert selectors.product_page().products == []


def test_a_suspended_shop_cannot_add_products(client):
    vendor = VendorFactory(status=Vendor.Status.SUSPENDED)
    client.force_login(vendor.owner)

    response = client.post(reverse("product_create"), product_form())

    assert response.status_code == 400
    with translation.override("en"):
        assert "suspended" in str(form_errors(response))
    assert not Product.objects.exists()
    with pytest.raises(ValidationError):
        services.product_create(vendor=vendor, data=_product_data())
    dashboard = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert "suspended" in dashboard.content.decode()


def test_too_many_photos_are_refused(owner_client, settings):
    uploads = [photo(f"{n}.jpg") for n in range(services.MAX_PRODUCT_IMAGES + 1)]

    response = owner_client.post(reverse("product_create"), product_form(images=uploads))

    assert response.status_code == 400
    assert "images" in form_errors(response)
    assert media_files(settings) == []


def test_products_list_pages_by_fifty(owner_client):
    for _ in range(55):
        ProductFactory(vendor=owner_client.vendor)
    ProductFactory()  # another shop's

    first = owner_client.get(reverse("dashboard_products"))
    after = first.context["next_cursor"]
    second = owner_client.get(reverse("dashboard_products"), {"after": after})

    pks = [p.pk for p in first.context["products"]] + [p.pk for p in second.context["products"]]
    assert len(first.context["products"]) == 50
    assert second.context["next_cursor"] is None
    assert sorted(pks) == sorted(owner_client.vendor.products.values_list("pk", flat=True))


@pytest.mark.parametrize("count", [3, 30])
def test_products_list_runs_a_fixed_number_of_queries(
    owner_client, django_assert_max_num_queries, count
):
    for _ in range(count):
        ProductImageFactory(product=ProductFactory(vendor=owner_client.vendor))

    with django_assert_max_num_queries(5):
        response = owner_client.get(reverse("dashboard_products"))

    assert len(response.context["products"]) == count
    assert response.content.decode().count('loading="lazy"') == count


# --- who may see and change what --------------------------------------------------------


@pytest.fixture
def shop():
    """An approved shop's product with two photos, another shop, and a buyer."""
    product = ProductFactory(vendor=VendorFactory(shop_name="Owner's Shop"), title="Owned item")
    images = [ProductImageFactory(product=product), ProductImageFactory(product=product)]
    other = VendorFactory(shop_name="Other Shop")
    ProductFactory(vendor=other, title="Other item")
    return {
        "product": product,
        "image": images[1],
        "owner": product.vendor.owner,
        "other_vendor": other.owner,
        "buyer": UserFactory(),
    }


def product_requests(product, image):
    """Return every (method, url, data) acting on one product of a shop."""
    edit = product_form(title="Changed", price="1")
    return [
        ("get", reverse("product_edit", args=[product.pk]), None),
        ("post", reverse("product_edit", args=[product.pk]), edit),
        ("post", reverse("product_deactivate", args=[product.pk]), {}),
        ("post", reverse("product_activate", args=[product.pk]), {}),
        ("post", reverse("product_image_move", args=[product.pk, image.pk]), {"to": "first"}),
        ("post", reverse("product_image_delete", args=[product.pk, image.pk]), {}),
    ]


SHOP_REQUESTS = [
    ("get", "dashboard", None),
    ("get", "vendor_edit", None),
    ("post", "vendor_edit", "shop"),
    ("get", "dashboard_products", None),
    ("get", "product_create", None),
    ("post", "product_create", "product"),
]


def _send(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data or {})


@pytest.mark.parametrize("index", range(6))
def test_product_urls_are_the_owners_alone(client, shop, index):
    product, image = shop["product"], shop["image"]
    method, url, data = product_requests(product, image)[index]
    before = (Product.objects.filter(pk=product.pk).values().get(), ProductImage.objects.count())

    # Anonymous: sent to log in
    response = _send(client, method, url, data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")

    # A buyer without a shop, and the owner of another shop: not found
    for someone in ("buyer", "other_vendor"):
        client.force_login(shop[someone])
        assert _send(client, method, url, data).status_code == 404, someone

    # Nothing changed
    after = (Product.objects.filter(pk=product.pk).values().get(), ProductImage.objects.count())
    assert after == before

    # The owner: done
    client.force_login(shop["owner"])
    assert _send(client, method, url, data).status_code in (200, 302)


@pytest.mark.parametrize("method, name, data", SHOP_REQUESTS)
def test_shop_urls_show_only_the_members_own_shop(client, shop, method, name, data):
    url = reverse(name)
    data = {"shop": shop_form(), "product": product_form()}.get(data)

    # Anonymous: sent to log in
    response = _send(client, method, url, data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")

    # A buyer without a shop: the overview offers to open one, the rest is not found
    client.force_login(shop["buyer"])
    response = _send(client, method, url, data)
    if name == "dashboard":
        assert response.status_code == 302 and response.url == reverse("vendor_apply")
    else:
        assert response.status_code == 404

    # Another shop's owner sees their own shop, never the other one
    if method == "get":
        client.force_login(shop["other_vendor"])
        response = client.get(url)
        assert response.status_code == 200
        assert "Owner&#x27;s Shop" not in response.content.decode()
        assert "Owned item" not in response.content.decode()

    # The owner: done
    client.force_login(shop["owner"])
    assert _send(client, method, url, data).status_code in (200, 302)


def test_access_helpers_raise_not_found_for_strangers(shop):
    from django.http import Http404

    product = shop["product"]
    assert selectors.access_vendor_product(shop["owner"], product.pk, lock=True) == product
    for someone in ("buyer", "other_vendor"):
        with pytest.raises(Http404):
            selectors.access_vendor_product(shop[someone], product.pk)
    with pytest.raises(Http404):
        selectors.access_vendor_product(shop["owner"], 10**9)
    with pytest.raises(Http404):
        selectors.access_own_vendor(shop["buyer"])
    assert selectors.access_own_vendor(shop["owner"]) == product.vendor


def test_search_text_is_refreshed_after_an_edit(owner_client):
    product = ProductFactory(vendor=owner_client.vendor, title="Old title")
    search_text_refresh(product_ids=[product.pk])

    services.product_update(product=product, data={"title": "Jamdani sharee"})

    assert [p.pk for p in selectors.product_page(query="jamdani").products] == [product.pk]
    assert selectors.product_page(query="old").products == []
