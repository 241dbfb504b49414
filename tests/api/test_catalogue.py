"""The catalogue and the haat calendar as the app reads them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from haat.models import HaatSession
from tests.api.conftest import assert_error, jpeg
from tests.factories import HaatSessionFactory, ProductFactory, VendorFactory
from tests.support.catalogue import make_catalogue
from vendors.selectors import PAGE_SIZE
from vendors.services import product_image_add

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


def titles(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [p["title"] for p in response.json()["results"]]


@pytest.fixture
def catalogue():
    """The shared small catalogue, plus products no one may see."""
    items = make_catalogue()
    ProductFactory(title="Hidden: inactive", is_active=False)
    ProductFactory(title="Hidden: pending shop", vendor=VendorFactory(status="pending"))
    return items


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Red Jamdani sharee", "Sundarbans honey", "আমের আচার"]),
        ({"category": "home-made-food"}, ["আমের আচার"]),  # a top category: its children
        ({"category": "agro-products"}, ["Sundarbans honey"]),
        ({"category": "pickles"}, ["আমের আচার"]),
        ({"district": "dhaka"}, ["Red Jamdani sharee"]),
        ({"vendor": "rahimar-rannaghor"}, ["Sundarbans honey", "আমের আচার"]),
        ({"min_price": "500", "max_price": "1000"}, ["Sundarbans honey"]),
        ({"in_stock": "true", "vendor": "rahimar-rannaghor"}, ["আমের আচার"]),
        ({"ordering": "price"}, ["আমের আচার", "Sundarbans honey", "Red Jamdani sharee"]),
        ({"ordering": "-price"}, ["Red Jamdani sharee", "Sundarbans honey", "আমের আচার"]),
        ({"search": "আচার"}, ["আমের আচার"]),
        ({"search": "jamdani"}, ["Red Jamdani sharee"]),
    ],
)
def test_products_filter_and_sort(anon, catalogue, params, expected):
    got = titles(anon.get(f"{V1}/products/", params))
    assert got == expected if "ordering" in params else sorted(got) == sorted(expected)


def test_popularity_puts_best_sellers_first(anon, catalogue):
    catalogue["sharee"].sold_count = 40
    catalogue["sharee"].save()
    catalogue["achar"].sold_count = 5
    catalogue["achar"].save()
    ordered = titles(anon.get(f"{V1}/products/", {"ordering": "-popularity"}))
    assert ordered[:2] == ["Red Jamdani sharee", "আমের আচার"]


@pytest.mark.parametrize("ordering", ["-created", "price", "-price", "-popularity"])
def test_next_links_walk_every_product_once(anon, ordering):
    shop = VendorFactory()
    count = 2 * PAGE_SIZE + 5
    made = {ProductFactory(vendor=shop, price=Decimal(100 + n % 7)).pk for n in range(count)}
    seen, url, pages = [], f"{V1}/products/?ordering={ordering}", 0
    while url:
        page = anon.get(url).json()
        seen += [p["id"] for p in page["results"]]
        url, pages = page["next"], pages + 1
    assert pages == 3
    assert len(seen) == len(made) and set(seen) == made


def test_a_product_with_its_pictures(anon, catalogue):
    product = catalogue["achar"]
    product_image_add(product=product, upload=jpeg())
    body = anon.get(f"{V1}/products/{product.pk}/").json()
    assert body["vendor"]["slug"] == "rahimar-rannaghor"
    assert body["category"]["slug"] == "pickles"
    (image,) = body["images"]
    assert image["thumbnail"] == body["thumbnail"]
    for size in ("thumbnail", "display", "original"):
        assert image[size].startswith("http://testserver/media/products/")


def test_a_hidden_product_is_not_found(anon, catalogue):
    hidden = ProductFactory(vendor=VendorFactory(status="suspended"))
    assert_error(anon.get(f"{V1}/products/{hidden.pk}/"), 404, "not_found")


def test_the_category_tree_has_two_levels(anon):
    tree = anon.get(f"{V1}/categories/", HTTP_ACCEPT_LANGUAGE="en").json()
    food = next(top for top in tree if top["slug"] == "home-made-food")
    assert food["name"] == "Home-made food"
    assert "pickles" in [child["slug"] for child in food["children"]]
    assert all("children" not in child for child in food["children"])


def test_vendors_list_approved_shops_only_with_filters(anon, catalogue):
    VendorFactory(shop_name="Pending", status="pending", batch_number=3)
    VendorFactory(shop_name="Batch three", district="khulna", batch_number=3)

    def names(params=None):
        response = anon.get(f"{V1}/vendors/", params or {})
        assert response.status_code == 200, response.json()
        return sorted(v["shop_name"] for v in response.json()["results"])

    assert "Pending" not in names()
    assert names({"batch": 3}) == ["Batch three"]
    assert names({"district": "dhaka"}) == ["Tanter Chhoa"]
    assert names({"category": "jamdani-sharee"}) == ["Tanter Chhoa"]
    assert names({"search": "tanter"}) == ["Tanter Chhoa"]


def test_vendor_by_slug_and_a_pending_one_is_not_found(anon, catalogue):
    shop = anon.get(f"{V1}/vendors/rahimar-rannaghor/").json()
    assert shop["shop_name"] == "রহিমার রান্নাঘর" and shop["payment_methods"] == ["cod"]
    pending = VendorFactory(status="pending")
    assert_error(anon.get(f"{V1}/vendors/{pending.slug}/"), 404, "not_found")


def test_current_haat_is_404_between_haats_and_next_says_when(anon):
    now = timezone.now()
    opens = now + datetime.timedelta(days=2)
    upcoming = HaatSessionFactory(opens_at=opens, closes_at=opens + datetime.timedelta(hours=12))
    assert_error(anon.get(f"{V1}/haats/current/"), 404, "not_found")
    nxt = anon.get(f"{V1}/haats/next/").json()
    assert nxt["id"] == upcoming.pk and nxt["is_open"] is False


def test_current_haat_while_one_is_open(anon, open_haat):
    current = anon.get(f"{V1}/haats/current/").json()
    assert current["id"] == open_haat.pk and current["is_open"] is True
    listed = anon.get(f"{V1}/haats/", {"status": "open"}).json()["results"]
    assert [h["id"] for h in listed] == [open_haat.pk]
    assert anon.get(f"{V1}/haats/", {"status": HaatSession.Status.CLOSED}).json()["results"] == []
