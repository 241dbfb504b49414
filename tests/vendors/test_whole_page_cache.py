"""Whole pages kept for anonymous visitors (haat.core.pagecache): fast, and never stale.

Each test shows a page, changes what it shows through the code path a user would take,
and reads the page again as the next visitor would.
"""

import datetime
import re
import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from haat.core import pagecache
from haat.models import HaatSession
from haat.services import session_open
from orders import services as orders
from tests.factories import HaatSessionFactory, ProductFactory, UserFactory, VendorFactory
from tests.support.data import CHECKOUT_CONTACT
from vendors import services as vendors
from vendors.models import Product

pytestmark = pytest.mark.django_db

LIST = reverse("product_list")


@pytest.fixture
def pitha():
    vendor = VendorFactory(shop_name="Rahima's Kitchen", slug="rahimas-kitchen")
    return ProductFactory(vendor=vendor, title="Bhapa pitha", price=Decimal("120.00"), stock=5)


def queries_for(client, django_assert_max_num_queries, path, *, most: int, **extra):
    with django_assert_max_num_queries(most) as captured:
        response = client.get(path, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_a_second_visitor_is_served_without_a_query(client, pitha, django_assert_num_queries):
    first = client.get(LIST).content.decode()
    for path in (LIST, reverse("home"), reverse("product", args=[pitha.pk])):
        client.get(path)
        with django_assert_num_queries(0):
            again = Client().get(path)
        assert again.status_code == 200
    assert "Bhapa pitha" in first
    assert "Bhapa pitha" in Client().get(LIST).content.decode()


@pytest.mark.parametrize("how", ["save", "service", "queryset"])
def test_a_new_price_shows_at_once(client, pitha, how):
    assert "১২০" in client.get(LIST).content.decode()
    assert "১২০" in client.get(reverse("product", args=[pitha.pk])).content.decode()
    if how == "save":  # Django admin and the dashboard's forms
        pitha.price = Decimal("95.00")
        pitha.save()
    elif how == "service":
        vendors.product_update(product=pitha, data={"price": Decimal("95.00")})
    else:
        Product.objects.filter(pk=pitha.pk).update(price=Decimal("95.00"))
    for path in (LIST, reverse("product", args=[pitha.pk]), reverse("home")):
        body = client.get(path).content.decode()
        assert "৳৯৫" in body, path
        assert "৳১২০" not in body, path


def test_hidden_and_deleted_products_leave_the_pages(client, pitha):
    other = ProductFactory(vendor=pitha.vendor, title="Chitoi pitha")
    assert "Chitoi pitha" in client.get(LIST).content.decode()
    vendors.product_set_active(product=other, active=False)
    assert "Chitoi pitha" not in client.get(LIST).content.decode()
    assert "Bhapa pitha" in client.get(LIST).content.decode()
    vendors.product_delete(product_id=pitha.pk)
    assert "Bhapa pitha" not in client.get(LIST).content.decode()
    assert client.get(reverse("product", args=[pitha.pk])).status_code == 404


def test_a_suspended_shop_leaves_the_pages(client, pitha):
    shop = reverse("vendor", args=[pitha.vendor.slug])
    assert client.get(shop).status_code == 200
    assert "Bhapa pitha" in client.get(LIST).content.decode()
    vendors.vendor_suspend(vendor_id=pitha.vendor.pk, reason="Photos of another shop", actor=None)
    assert client.get(shop).status_code == 404
    assert "Bhapa pitha" not in client.get(LIST).content.decode()


def buy(product, quantity):
    buyer = UserFactory()
    orders.cart_item_add(user=buyer, product_id=product.pk, quantity=quantity)
    return orders.checkout_complete(
        buyer=buyer, idempotency_key=f"k{buyer.pk}", contact=CHECKOUT_CONTACT
    )


def test_stock_shows_after_each_sale_and_sold_out_reaches_the_listing(
    pitha, open_haat, django_assert_num_queries
):
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = reverse("product", args=[pitha.pk])
    assert "5 in stock" in english.get(page).content.decode()
    english.get(LIST)
    buy(pitha, 2)
    assert "3 in stock" in english.get(page).content.decode()
    # Listings show "sold out" and nothing else of stock: a sale that leaves some keeps
    # them (no query), a sale of the last unit retires them.
    with django_assert_num_queries(0):
        assert "Sold out" not in english.get(LIST).content.decode()
    buy(pitha, 3)
    for path in (page, LIST):
        assert "Sold out" in english.get(path).content.decode(), path
    assert "Add to cart" not in english.get(page).content.decode()


def test_a_cancelled_order_puts_the_product_back_on_sale(client, pitha, open_haat):
    checkout, _created = buy(pitha, 5)
    page = reverse("product", args=[pitha.pk])
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert "Sold out" in english.get(page).content.decode()
    assert "Sold out" in english.get(LIST).content.decode()
    order = checkout.orders.get()
    orders.order_transition(order_id=order.pk, actor=order.buyer, to_status="cancelled")
    assert "Sold out" not in english.get(page).content.decode()
    assert "Sold out" not in english.get(LIST).content.decode()


def test_the_banner_and_buying_follow_the_haat_opening(pitha):
    now = timezone.now()
    haat = HaatSessionFactory(
        number=300,
        opens_at=now - datetime.timedelta(minutes=1),
        closes_at=now + datetime.timedelta(hours=12),
    )
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = reverse("product", args=[pitha.pk])
    buying = reverse("cart_add", args=[pitha.pk])
    # Its window has begun, but the sweep has not opened it yet.
    assert "is open now" not in english.get(reverse("home")).content.decode()
    assert buying not in english.get(page).content.decode()
    assert session_open(session_id=haat.pk)
    assert "is open now" in english.get(reverse("home")).content.decode()
    assert buying in english.get(page).content.decode()


def test_a_page_is_not_kept_past_the_haats_closing_time(pitha):
    now = timezone.now()
    HaatSessionFactory(
        status=HaatSession.Status.OPEN,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(seconds=2),
    )
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert "is open now" in english.get(reverse("home")).content.decode()
    time.sleep(2.5)  # closing time passed; the sweep has not run yet
    assert "is open now" not in english.get(reverse("home")).content.decode()


def test_each_language_has_its_own_page(pitha):
    bengali = Client(HTTP_ACCEPT_LANGUAGE="bn").get(LIST).content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(LIST).content.decode()
    assert 'lang="bn"' in bengali and "৳১২০" in bengali
    assert 'lang="en"' in english and "৳120" in english


def test_members_get_kept_pages_with_their_own_header(pitha, django_assert_max_num_queries):
    Client().get(LIST)  # kept for visitors
    shirin, karim = UserFactory(name="Shirin Akter"), UserFactory(name="Karim Uddin")
    first, second = Client(), Client()
    first.force_login(shirin)
    second.force_login(karim)
    assert "Shirin" in first.get(LIST).content.decode()  # rendered, kept with holes
    # Karim gets the kept page: his session and his account read, nothing else.
    with django_assert_max_num_queries(2):
        body = second.get(LIST).content.decode()
    assert "Karim" in body and "Shirin" not in body
    assert "Bhapa pitha" in body
    assert "Shirin" not in Client().get(LIST).content.decode()
    # His log-out form works: the kept page carries his own token.
    token = re.search(
        r'action="[^"]*logout/" method="post" class="inline">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        body,
    )
    assert token, "the log-out form has a token"
    assert pagecache.CSRF_HOLE not in body


def test_a_members_message_shows_once_on_a_kept_page(pitha, open_haat):
    member = UserFactory()
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(member)
    page = reverse("product", args=[pitha.pk])
    Client().get(page)
    browser.get(page)  # kept for members, with a hole for messages
    added = browser.post(reverse("cart_add", args=[pitha.pk]), {"quantity": 1}, follow=True)
    assert added.status_code == 200
    assert '<ul class="messages">' in added.content.decode()
    assert '<ul class="messages">' not in browser.get(page).content.decode()


def test_a_shop_page_is_not_kept_for_members(pitha, django_assert_max_num_queries):
    shop = reverse("vendor", args=[pitha.vendor.slug])
    follower = Client(HTTP_ACCEPT_LANGUAGE="en")
    follower.force_login(UserFactory())
    vendors_community_follow(follower, pitha.vendor)
    Client().get(shop)
    assert "Following" in follower.get(shop).content.decode()
    assert "Following" not in Client(HTTP_ACCEPT_LANGUAGE="en").get(shop).content.decode()


def vendors_community_follow(browser, vendor):
    response = browser.post(reverse("follow", args=[vendor.slug]))
    assert response.status_code == 302


def test_the_forms_of_a_kept_page_carry_a_working_token(pitha):
    Client().get(LIST)
    visitor = Client(enforce_csrf_checks=True)
    body = visitor.get(LIST).content.decode()  # served from the cache
    assert pagecache.CSRF_HOLE not in body and pagecache.NOW_HOLE not in body
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    switched = visitor.post(
        reverse("set_language"), {"language": "en", "next": LIST, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    assert 'lang="en"' in visitor.get(LIST).content.decode()


def test_unknown_parameters_are_never_kept(pitha, django_assert_max_num_queries):
    for _ in range(2):
        _body, count = queries_for(
            Client(), django_assert_max_num_queries, LIST + "?utm_source=x", most=20
        )
        assert count > 0


def test_a_lost_version_never_brings_back_an_old_page(client, pitha):
    client.get(LIST)
    # Redis evicted the version key, then the price changed by a path that moved it.
    cache.delete(pagecache.CATALOGUE_KEY)
    Product.objects.filter(pk=pitha.pk).update(price=Decimal("80.00"))
    cache.delete(pagecache.CATALOGUE_KEY)
    body = client.get(LIST).content.decode()
    assert "৳৮০" in body and "৳১২০" not in body


def test_the_api_list_is_kept_for_anonymous_clients_and_still_throttled(
    pitha, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": None})
    url = reverse("api-products")
    api = Client()
    assert api.get(url).json()["results"][0]["title"] == "Bhapa pitha"
    with django_assert_num_queries(0):
        assert api.get(url).status_code == 200
    assert api.get(url).status_code == 200
    refused = api.get(url)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"


def test_the_api_shows_a_new_price_and_token_clients_are_not_kept(
    client, pitha, django_assert_max_num_queries
):
    url = reverse("api-products")
    assert client.get(url).json()["results"][0]["price"] == "120.00"
    Product.objects.filter(pk=pitha.pk).update(price=Decimal("99.50"))
    assert client.get(url).json()["results"][0]["price"] == "99.50"
    detail = reverse("api-product", args=[pitha.pk])
    assert client.get(detail).json()["stock"] == 5
    member = UserFactory()
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=member)
    with django_assert_max_num_queries(20) as captured:
        client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert len(captured) > 0
