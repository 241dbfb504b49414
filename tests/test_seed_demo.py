"""``manage.py seed_demo``: a believable marketplace, consistent figures, a haat open now."""

import datetime
import io
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from accounts.models import User
from haat import selectors
from haat.models import HaatSchedule, HaatSession
from orders.models import Checkout, Order, OrderEvent, OrderItem
from vendors.models import Category, Follow, Product, ProductImage, Vendor

DHAKA = ZoneInfo("Asia/Dhaka")
Status = HaatSession.Status
pytestmark = pytest.mark.django_db

# A Wednesday afternoon: no regular haat today, the next one is on Friday.
WEDNESDAY_AFTERNOON = datetime.datetime(2026, 11, 25, 15, 0, tzinfo=DHAKA)


@pytest.fixture(autouse=True)
def _development(settings):
    # The command refuses to run without DEBUG (it creates a known superuser login).
    settings.DEBUG = True


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [User, Vendor, Product, ProductImage, Follow, HaatSession, Checkout, Order]
    models += [OrderItem, OrderEvent]
    return {model.__name__: model.objects.count() for model in models}


def is_bengali(text: str) -> bool:
    return any("\u0980" <= char <= "\u09ff" for char in text)


def open_sessions(now) -> list[HaatSession]:
    return [s for s in HaatSession.objects.filter(status=Status.OPEN) if s.is_open_at(now)]


def test_seed_fills_a_believable_marketplace_with_a_haat_open_now(settings):
    # When the demo data is seeded on a Wednesday afternoon
    with time_machine.travel(WEDNESDAY_AFTERNOON, tick=False):
        output = seed(vendors=5, products=20)

    # Then the admin can log in with the printed demo login
    assert "01700000000" in output and "haat-admin-demo" in output
    assert "[##############################] 100% products 20/20" in output
    admin = authenticate(username="01700000000", password="haat-admin-demo")
    assert admin is not None and admin.is_superuser

    # And there are approved shops, some with Bengali names, over several districts
    vendors = list(Vendor.objects.all())
    assert len(vendors) == 5
    approved = [v for v in vendors if v.status == Vendor.Status.APPROVED]
    assert approved
    assert any(is_bengali(v.shop_name) for v in approved)
    assert any(not is_bengali(v.shop_name) for v in vendors)
    assert len({v.district for v in vendors}) == 5
    assert all(1 <= v.batch_number <= 30 and v.bkash_number for v in vendors)

    # And 20 products in 20 different leaf categories, priced in taka, with a picture
    products = list(Product.objects.select_related("category"))
    assert len(products) == 20
    assert all(p.category.parent_id for p in products)
    assert len({p.category_id for p in products}) == 20
    assert all(isinstance(p.price, Decimal) and p.price > 0 for p in products)
    assert any(is_bengali(p.title) for p in products)
    assert any(not is_bengali(p.title) for p in products)
    assert all(is_bengali(p.description) and "\n\n" in p.description for p in products)
    images = list(ProductImage.objects.all())
    assert {i.product_id for i in images} == {p.pk for p in products}
    for image in images:
        for field in (image.image, image.display, image.thumbnail):
            assert Path(field.path).is_file()
    assert all(Path(v.logo.path).is_file() for v in vendors)
    assert Follow.objects.exists()

    # And the past haats are closed, each summary matching its orders
    past = list(HaatSession.objects.filter(status=Status.CLOSED).order_by("opens_at"))
    assert len(past) == 5
    for session in past:
        assert session.closes_at <= WEDNESDAY_AFTERNOON
        assert session.opens_at.astimezone(DHAKA).weekday() in (1, 4)
        sold = session.orders.exclude(status=Order.Status.CANCELLED)
        assert sold.exists()
        assert session.summary.orders_count == sold.count()
        assert session.summary.gross_sales == sold.aggregate(s=Sum("subtotal"))["s"]
        assert session.summary.commission == 0
        assert session.vendor_summaries.exists()
    assert [s.number for s in past] == [256, 257, 258, 259, 260]

    # And every order adds up, and its history never lies in the future
    for order in Order.objects.annotate(lines=Sum("items__line_total"), n=Count("items")):
        assert order.n >= 1
        assert order.subtotal == order.lines
        assert order.total == order.subtotal + order.delivery_charge
        assert order.commission == 0
        assert order.session.opens_at <= order.created_at < order.session.closes_at
    for checkout in Checkout.objects.annotate(sum=Sum("orders__total")):
        assert checkout.total == checkout.sum
    for item in OrderItem.objects.all():
        assert item.line_total == item.unit_price * item.quantity
    assert not OrderEvent.objects.filter(created_at__gt=WEDNESDAY_AFTERNOON).exists()
    assert Order.objects.filter(status=Order.Status.DELIVERED).count() > Order.objects.count() / 2

    # And exactly one haat is open now, numbered after the past ones, and buying is allowed
    (current,) = open_sessions(WEDNESDAY_AFTERNOON)
    assert current.number == 261
    assert selectors.buying_allowed(now=WEDNESDAY_AFTERNOON)
    # And the regular calendar is planned after it
    assert HaatSession.objects.filter(kind="regular", status=Status.SCHEDULED).exists()
    assert HaatSchedule.objects.get(is_active=True).haats_held_before == 255


def test_second_run_raises_nothing_and_duplicates_nothing():
    with time_machine.travel(WEDNESDAY_AFTERNOON, tick=False):
        seed(vendors=5, products=20)
        before = counts()

        seed(vendors=5, products=20)
        # A smaller run later finds more than it asks for and adds nothing either
        seed(vendors=2, products=5, past_haats=1)

        assert counts() == before
        assert len(open_sessions(WEDNESDAY_AFTERNOON)) == 1
        assert selectors.buying_allowed()


def test_later_run_with_more_products_tops_up_to_every_leaf_category():
    leaves = Category.objects.filter(parent__isnull=False).count()
    with time_machine.travel(WEDNESDAY_AFTERNOON, tick=False):
        seed(vendors=5, products=20)
        sessions = HaatSession.objects.count()

        seed(vendors=6, products=leaves)

    assert Vendor.objects.count() == 6
    assert Product.objects.count() == leaves
    uncovered = Category.objects.filter(parent__isnull=False, products__isnull=True)
    assert not uncovered.exists()
    assert ProductImage.objects.count() == leaves
    assert HaatSession.objects.count() == sessions


def test_a_regular_haat_that_is_on_is_used_not_a_demo_one():
    # A Tuesday morning: the regular haat's window has begun
    now = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=DHAKA)
    with time_machine.travel(now, tick=False):
        seed(vendors=3, products=4, past_haats=2)

    (current,) = open_sessions(now)
    assert current.kind == HaatSession.Kind.REGULAR
    assert not HaatSession.objects.filter(title__contains="Demo").exists()


def test_demo_haat_ends_when_the_next_regular_haat_opens():
    # Monday night: a twelve-hour demo haat would run into Tuesday's
    now = datetime.datetime(2026, 11, 23, 23, 0, tzinfo=DHAKA)
    with time_machine.travel(now, tick=False):
        seed(vendors=3, products=4, past_haats=2)

    (current,) = open_sessions(now)
    tuesday = HaatSession.objects.get(kind="regular", planned_for=datetime.date(2026, 11, 24))
    assert current.kind == HaatSession.Kind.SPECIAL
    assert current.closes_at == tuesday.opens_at
    assert tuesday.status == Status.SCHEDULED
    assert current.number + 1 == tuesday.number


def test_demo_haat_replaces_a_regular_haat_about_to_open():
    # Tuesday 08:30: half an hour is too short a demo; the regular haat gives way
    now = datetime.datetime(2026, 11, 24, 8, 30, tzinfo=DHAKA)
    with time_machine.travel(now, tick=False):
        seed(vendors=3, products=4, past_haats=2)

    (current,) = open_sessions(now)
    tuesday = HaatSession.objects.get(kind="regular", planned_for=datetime.date(2026, 11, 24))
    assert current.kind == HaatSession.Kind.SPECIAL
    assert current.closes_at - now == datetime.timedelta(hours=12)
    assert tuesday.status == Status.CANCELLED


def test_demo_haat_starts_after_a_haat_that_just_closed():
    # Tuesday 21:30: today's haat (a seeded past one) ended half an hour ago
    now = datetime.datetime(2026, 11, 24, 21, 30, tzinfo=DHAKA)
    with time_machine.travel(now, tick=False):
        seed(vendors=3, products=4, past_haats=2)

    (current,) = open_sessions(now)
    today = HaatSession.objects.get(opens_at=datetime.datetime(2026, 11, 24, 9, tzinfo=DHAKA))
    assert today.status == Status.CLOSED
    assert current.opens_at == today.closes_at


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        seed(vendors=2, products=2)

    assert not User.objects.exists()


def test_a_shop_name_used_again_is_numbered_in_its_own_script():
    # Given one top category with two shop names, jewellery's
    from haat.demo.shops import ShopStages

    stages = ShopStages(io.StringIO(), seed=261)
    tops = [Category(slug="jewellery")]
    # Then the third and fourth shops take the names again, numbered 2 in their script
    names = [stages._vendor_name(index, tops) for index in range(6)]
    assert names == [
        "গয়নার ঝাঁপি", "Putir Mala", "গয়নার ঝাঁপি ২", "Putir Mala 2", "গয়নার ঝাঁপি ৩", "Putir Mala 3",
    ]  # fmt: skip
    assert [stages._vendor_slug(index, tops) for index in (0, 2, 5)] == [
        "goynar-jhapi", "goynar-jhapi-2", "putir-mala-3",
    ]  # fmt: skip
