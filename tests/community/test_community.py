"""The community: following shops, reviews, the member directory, the numbers, sales tab."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Notification
from haat import services as haat_services
from haat.models import HaatSchedule, HaatSession, VendorSessionSummary
from orders import services
from orders.errors import InvalidTransition, PurchaseError
from tests.factories import (
    HaatSessionFactory,
    OrderFactory,
    OrderItemFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
)
from vendors.models import Category, Follow, Vendor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def delivered_order(vendor, buyer=None):
    order = OrderFactory(
        vendor=vendor, status="delivered", **({"checkout__buyer": buyer} if buyer else {})
    )
    return order


def test_follow_and_unfollow_a_shop(client):
    shop = VendorFactory()
    member = UserFactory()
    client.force_login(member)
    client.post(reverse("follow", args=[shop.slug]))
    client.post(reverse("follow", args=[shop.slug]))  # twice is still once
    assert Follow.objects.filter(user=member, vendor=shop).count() == 1
    page = client.get(reverse("vendor", args=[shop.slug])).content.decode()
    assert reverse("unfollow", args=[shop.slug]) in page
    client.post(reverse("unfollow", args=[shop.slug]))
    assert not Follow.objects.filter(user=member).exists()


def test_following_needs_login_and_an_approved_shop(client):
    shop = VendorFactory(status="pending")
    response = client.post(reverse("follow", args=[shop.slug]))
    assert reverse("login") in response["Location"]
    client.force_login(UserFactory())
    assert client.post(reverse("follow", args=[shop.slug])).status_code == 404
    assert client.get(reverse("follow", args=[VendorFactory().slug])).status_code == 405


def test_a_follower_is_told_once_when_the_haat_opens(
    client, sms_outbox, django_capture_on_commit_callbacks
):
    shop = VendorFactory()
    member = UserFactory()
    client.force_login(member)
    client.post(reverse("follow", args=[shop.slug]))
    now = timezone.now()
    session = HaatSession.objects.create(
        kind="special",
        opens_at=now - datetime.timedelta(minutes=1),
        closes_at=now + datetime.timedelta(hours=3),
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            haat_services.sessions_sweep()
            haat_services.session_opened_notify(session_id=session.pk)
    assert [phone for phone, _ in sms_outbox] == [member.phone]
    assert Notification.objects.get(user=member, kind="haat_opened").sent_at


def test_a_delivered_order_can_be_reviewed_once_and_answered_once(client):
    shop = VendorFactory()
    order = delivered_order(shop)
    client.force_login(order.buyer)
    client.post(reverse("order_review", args=[order.pk]), {"rating": "4", "text": "Fresh pitha!"})
    response = client.post(
        reverse("order_review", args=[order.pk]),
        {"rating": "1"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "already reviewed" in response.content.decode()
    shop.refresh_from_db()
    assert (shop.rating_avg, shop.rating_count) == (Decimal("4.00"), 1)
    client.force_login(shop.owner)
    client.post(reverse("review_reply", args=[order.pk]), {"reply": "ধন্যবাদ!"})
    with pytest.raises(InvalidTransition):
        services.review_reply(review_id=order.review.pk, actor=shop.owner, reply="again")
    page = client.get(reverse("vendor", args=[shop.slug])).content.decode()
    assert "Fresh pitha!" in page and "ধন্যবাদ!" in page and "★★★★☆" in page
    # A visitor reading Bengali sees the count in Bengali digits (the page is kept for
    # visitors, and a review retires it).
    visitor = client.__class__(HTTP_ACCEPT_LANGUAGE="bn").get(reverse("vendor", args=[shop.slug]))
    assert "১টি রিভিউ" in visitor.content.decode()


def test_only_the_buyer_of_a_delivered_order_may_review():
    shop = VendorFactory()
    placed = OrderFactory(vendor=shop)
    with pytest.raises(InvalidTransition):
        services.review_create(order_id=placed.pk, buyer=placed.buyer, rating=5)
    delivered = delivered_order(shop)
    with pytest.raises(InvalidTransition):
        services.review_create(order_id=delivered.pk, buyer=UserFactory(), rating=5)
    with pytest.raises(PurchaseError):
        services.review_create(order_id=delivered.pk, buyer=delivered.buyer, rating=6)


def test_the_average_rating_follows_every_review():
    shop = VendorFactory()
    for rating in (5, 4, 2):
        order = delivered_order(shop)
        services.review_create(order_id=order.pk, buyer=order.buyer, rating=rating)
    shop.refresh_from_db()
    assert (shop.rating_avg, shop.rating_count) == (Decimal("3.67"), 3)


def test_directory_filters_by_batch_district_category_and_name(
    client, django_assert_max_num_queries
):
    honey = Category.objects.get(slug="honey")
    sylhet = VendorFactory(shop_name="Moulvi Tea", district="sylhet", batch_number=7)
    bogura = VendorFactory(shop_name="দই ঘর", district="bogura", batch_number=7)
    ProductFactory(vendor=bogura, category=honey)
    VendorFactory(shop_name="Hidden", status="pending", batch_number=7)
    session = HaatSessionFactory(status="closed")
    VendorSessionSummary.objects.create(session=session, vendor=sylhet, orders_count=2)

    def names(**params):
        with django_assert_max_num_queries(4):
            response = client.get(reverse("directory"), params)
        return [v.shop_name for v in response.context["vendors"]]

    assert names(batch=7) == ["Moulvi Tea", "দই ঘর"]
    assert names(district="bogura") == ["দই ঘর"]
    assert names(category="agro-products") == ["দই ঘর"]
    assert names(q="moulvi") == ["Moulvi Tea"]
    assert names(batch="x", district="nowhere") == ["Moulvi Tea", "দই ঘর"]
    body = client.get(reverse("directory"), {"q": "moulvi"}, HTTP_ACCEPT_LANGUAGE="en").content
    assert "sold in 1 haats" in body.decode()


def test_haat_in_numbers_from_summaries_refreshed_when_a_haat_closes(
    client, django_capture_on_commit_callbacks
):
    HaatSchedule.objects.filter(is_active=True).update(haats_held_before=258)
    shop = VendorFactory(district="rangpur")
    now = timezone.now()
    past = HaatSessionFactory(
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now - datetime.timedelta(days=3) + datetime.timedelta(hours=12),
    )
    order = OrderFactory(vendor=shop, checkout__session=past, subtotal=Decimal("250000000"))
    OrderItemFactory(order=order, product=ProductFactory(vendor=shop), quantity=1)
    haat_services.session_close(session_id=past.pk)
    with translation.override("bn"):
        body = client.get(reverse("numbers")).content.decode()
    assert "২৫৯" in body  # 258 held before + 1
    assert "২৫ কোটি" in body
    assert "<svg" in body and "রংপুর" in body
    # A second haat closes: the cached figures are refreshed
    later = HaatSessionFactory(
        opens_at=now - datetime.timedelta(days=1), closes_at=now - datetime.timedelta(hours=12)
    )
    with django_capture_on_commit_callbacks(execute=True):
        haat_services.session_close(session_id=later.pk)
    with translation.override("en"):
        body = client.get(reverse("numbers"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "260" in body and "25 crore" in body


def test_vendor_sales_tab_shows_each_haat(client):
    shop = VendorFactory()
    for number, gross in ((100, "1500.00"), (101, "3200.50")):
        opens = timezone.now() - datetime.timedelta(days=200 - number)
        session = HaatSessionFactory(
            number=number,
            status="closed",
            opens_at=opens,
            closes_at=opens + datetime.timedelta(hours=12),
        )
        VendorSessionSummary.objects.create(
            session=session,
            vendor=shop,
            orders_count=3,
            units_sold=5,
            gross_sales=Decimal(gross),
            buyers=3,
            repeat_buyers=1,
        )
    client.force_login(shop.owner)
    response = client.get(reverse("vendor_sales"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert "৳3,200.50" in body and "<svg" in body
    client.force_login(UserFactory())
    assert client.get(reverse("vendor_sales")).status_code == 404
    client.logout()
    assert client.get(reverse("vendor_sales")).status_code == 302


def test_unapproved_shops_are_not_in_the_directory(client):
    VendorFactory(shop_name="Suspended shop", status=Vendor.Status.SUSPENDED)
    assert client.get(reverse("directory")).context["vendors"] == []
