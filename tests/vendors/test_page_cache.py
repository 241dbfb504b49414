"""Cached catalogue pages (vendors.selectors.products_fingerprint) never go stale.

Every change below is made the way that skips model signals and updated_at (a queryset
update), the hardest case for a cache: the next page must show it all the same.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ProductFactory, VendorFactory
from vendors.models import Product, Vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop_with_jar():
    vendor = VendorFactory(slug="jar-shop", shop_name="Jar Shop")
    return ProductFactory(vendor=vendor, title="Mango pickle jar", price=Decimal("250.00"))


@pytest.mark.parametrize("page", ["home", "product_list", "vendor", "product"])
def test_a_changed_price_shows_on_the_next_request(client, shop_with_jar, page):
    # Given a page seen once (its body is now cached)
    args = {"vendor": ["jar-shop"], "product": [shop_with_jar.pk]}.get(page, [])
    url = reverse(page, args=args)
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    # When the price changes without save() (no signal, no updated_at)
    Product.objects.filter(pk=shop_with_jar.pk).update(price=Decimal("275.00"))
    # Then the next request shows the new price, not the cached one
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "275.00" in body
    assert "250.00" not in body


def test_a_suspended_shop_leaves_the_cached_listing_at_once(client, shop_with_jar):
    client.get(reverse("product_list"))
    Vendor.objects.filter(pk=shop_with_jar.vendor_id).update(status=Vendor.Status.SUSPENDED)
    assert "Mango pickle jar" not in client.get(reverse("product_list")).content.decode()


def test_a_sale_updates_the_stock_on_the_product_page(client, shop_with_jar):
    url = reverse("product", args=[shop_with_jar.pk])
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    Product.objects.filter(pk=shop_with_jar.pk).update(stock=0)
    assert "Sold out" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_cached_listing_reads_no_product_rows(
    client, shop_with_jar, django_assert_max_num_queries
):
    # Given a listing seen once
    client.get(reverse("product_list"))
    # Then seeing it again costs the lean listing query and the haat banner's, nothing more
    with django_assert_max_num_queries(2):
        response = client.get(reverse("product_list"))
    assert "Mango pickle jar" in response.content.decode()


def test_unknown_parameters_are_not_cached(client, shop_with_jar, django_assert_num_queries):
    # Given a listing with junk in its query string, seen once
    url = reverse("product_list") + "?utm_source=x"
    client.get(url)
    # Then the next request renders it again (its products are read): junk fills no cache
    with django_assert_num_queries(3):
        response = client.get(url)
    assert "Mango pickle jar" in response.content.decode()
