"""The public catalogue: what a visitor sees, finds and cannot see."""

import datetime
import math
import re
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import HaatSessionFactory, ProductFactory, VendorFactory
from tests.support.catalogue import make_catalogue
from vendors.models import Product, Vendor
from vendors.search import search_text_refresh
from vendors.selectors import LISTING_PAGE_SIZE

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [p.title for p in response.context["products"]]


@pytest.fixture
def catalogue():
    """Products of two shops in two districts, in food and clothing."""
    return make_catalogue()


def test_only_approved_shops_active_products_are_listed(client, catalogue):
    ProductFactory(title="Hidden: inactive", is_active=False)
    ProductFactory(title="Hidden: pending shop", vendor=VendorFactory(status="pending"))
    ProductFactory(title="Hidden: suspended shop", vendor=VendorFactory(status="suspended"))
    response = client.get(reverse("product_list"))
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(p.title for p in catalogue.values())


def test_category_filter_includes_its_children(client, catalogue):
    response = client.get(reverse("category", args=["home-made-food"]))
    assert sorted(titles(response)) == ["আমের আচার"]
    response = client.get(reverse("category", args=["agro-products"]))
    assert titles(response) == ["Sundarbans honey"]
    assert client.get(reverse("category", args=["no-such-thing"])).status_code == 404


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"district": "dhaka"}, ["Red Jamdani sharee"]),
        ({"vendor": "rahimar-rannaghor", "sort": "price"}, ["আমের আচার", "Sundarbans honey"]),
        ({"min_price": "800", "max_price": "1000"}, ["Sundarbans honey"]),
        ({"in_stock": "on", "sort": "price"}, ["আমের আচার", "Red Jamdani sharee"]),
        ({"sort": "-price"}, ["Red Jamdani sharee", "Sundarbans honey", "আমের আচার"]),
    ],
)
def test_filters_and_sorts(client, catalogue, params, expected):
    response = client.get(reverse("product_list"), params)
    assert titles(response) == expected


def test_bad_filter_values_are_ignored_with_a_message_not_a_500(client, catalogue):
    response = client.get(
        reverse("product_list"),
        {
            "min_price": "lots",
            "max_price": "-5",
            "district": "atlantis",
            "sort": "x",
            "after": "!!",
        },
    )
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert response.context["form"].errors


def test_popular_sort_puts_best_sellers_first(client, catalogue):
    Product.objects.filter(pk=catalogue["sharee"].pk).update(sold_count=40)
    Product.objects.filter(pk=catalogue["achar"].pk).update(sold_count=7)
    response = client.get(reverse("product_list"), {"sort": "popular"})
    assert titles(response)[:2] == ["Red Jamdani sharee", "আমের আচার"]


@pytest.mark.parametrize("sort", ["new", "price", "-price", "popular"])
def test_keyset_pages_walk_every_product_once(client, sort):
    vendor = VendorFactory()
    for i in range(55):
        ProductFactory(vendor=vendor, price=Decimal(100 + i % 7), title=f"Item {i:02d}")
    seen, params, pages = [], {"sort": sort}, 0
    while True:
        response = client.get(reverse("product_list"), params)
        seen += titles(response)
        pages += 1
        match = re.search(r'href="\?([^"]*after=[^"]+)"', response.content.decode())
        if not match:
            break
        params = dict(p.split("=", 1) for p in match.group(1).replace("&amp;", "&").split("&"))
    assert pages == math.ceil(55 / LISTING_PAGE_SIZE)
    assert len(seen) == 55 and len(set(seen)) == 55


@pytest.mark.parametrize(
    "query, expected",
    [
        ("আচার", ["আমের আচার"]),
        ("honey", ["Sundarbans honey"]),
        ("মধু", ["Sundarbans honey"]),  # a word of the description
        ("জামদানি", ["Red Jamdani sharee"]),  # the category's Bengali name
        ("tanter", ["Red Jamdani sharee"]),  # the shop's name
        ("pickle", ["আমের আচার"]),  # the category's English name
    ],
)
def test_search_in_bengali_and_english(client, catalogue, query, expected):
    response = client.get(reverse("product_list"), {"q": query})
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize("typo", ["jamdany", "sundarbns", "জামদানী"])
def test_search_forgives_typos_on_postgresql(client, catalogue, typo):
    if connection.vendor != "postgresql":
        pytest.skip("typo-tolerant search is PostgreSQL's trigram index")
    response = client.get(reverse("product_list"), {"q": typo})
    assert titles(response)[:1] in (["Red Jamdani sharee"], ["Sundarbans honey"])
    assert titles(response)


def test_search_by_partial_word(client, catalogue):
    response = client.get(reverse("product_list"), {"q": "sundar"})
    assert titles(response) == ["Sundarbans honey"]


def test_search_with_only_symbols_lists_everything_without_error(client, catalogue):
    response = client.get(reverse("product_list"), {"q": "'&|!():*"})
    assert response.status_code == 200


def test_product_page_shows_price_and_shop(client, catalogue):
    response = client.get(reverse("product", args=[catalogue["achar"].pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "রহিমার রান্নাঘর" in body
    assert "৳২৫০.০০" in body  # Bengali digits by default


def test_product_of_a_hidden_shop_is_not_found(client):
    product = ProductFactory(vendor=VendorFactory(status="pending"))
    assert client.get(reverse("product", args=[product.pk])).status_code == 404
    inactive = ProductFactory(is_active=False)
    assert client.get(reverse("product", args=[inactive.pk])).status_code == 404


def test_add_to_cart_is_disabled_between_haats(client, catalogue):
    HaatSessionFactory(
        opens_at=timezone.now() + datetime.timedelta(days=2),
        closes_at=timezone.now() + datetime.timedelta(days=2, hours=12),
    )
    response = client.get(reverse("product", args=[catalogue["achar"].pk]))
    assert b"disabled" in response.content


def test_vendor_page_lists_its_products_and_hides_unapproved_shops(client, catalogue):
    response = client.get(reverse("vendor", args=["rahimar-rannaghor"]))
    assert sorted(titles(response)) == ["Sundarbans honey", "আমের আচার"]
    pending = VendorFactory(status=Vendor.Status.PENDING)
    assert client.get(reverse("vendor", args=[pending.slug])).status_code == 404


def test_home_shows_the_open_haat_with_its_closing_time(client, catalogue, open_haat):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "is open now" in body
    assert "Red Jamdani sharee" in body


def test_home_between_haats_counts_down_to_the_next(client):
    haat = HaatSessionFactory(
        number=300,
        opens_at=timezone.now() + datetime.timedelta(hours=5),
        closes_at=timezone.now() + datetime.timedelta(hours=17),
    )
    for _visit in range(2):  # rendered, then served from the page cache
        before = int(time.time())
        body = client.get(reverse("home")).content.decode()
        assert "৩০০তম হাট" in body
        # The countdown runs from the opening time and the server's clock at sending.
        assert f'class="countdown" data-until="{int(haat.opens_at.timestamp())}"' in body
        sent = int(re.search(r'<meta name="server-now" content="(\d+)">', body).group(1))
        assert before <= sent <= time.time()


@pytest.mark.parametrize("count", [3, 30])
def test_pages_use_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count, open_haat
):
    vendor = VendorFactory(slug="big-shop")
    products = [ProductFactory(vendor=vendor, title=f"Pitha {i}") for i in range(count)]
    search_text_refresh()
    client.get(reverse("home"))  # warm the category cache, as a running site has it
    pages = [
        reverse("home"),
        reverse("product_list"),
        reverse("product_list") + "?q=pitha",
        reverse("category", args=["home-made-food"]),
        reverse("product", args=[products[0].pk]),
        reverse("vendor", args=["big-shop"]),
    ]
    for url in pages:
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200
