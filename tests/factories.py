"""factory_boy factories for every app's models."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from haat.models import HaatSchedule, HaatSession
from orders.models import Checkout, Order, OrderItem
from vendors.models import Category, Follow, Product, Vendor


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    phone = factory.Sequence(lambda n: f"017{n:08d}")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "haat-pass-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    owner = factory.SubFactory(UserFactory)
    shop_name = factory.Sequence(lambda n: f"Shop {n}")
    slug = factory.Sequence(lambda n: f"shop-{n}")
    phone = factory.Sequence(lambda n: f"018{n:08d}")
    district = "rangpur"
    upazila = "Pirganj"
    batch_number = 12
    status = Vendor.Status.APPROVED


def leaf_category():
    """Return a seeded leaf category (re-created where a transactional test flushed them)."""
    leaf = Category.objects.filter(parent__isnull=False).order_by("pk").first()
    if leaf is None:
        top, _ = Category.objects.get_or_create(
            slug="home-made-food", defaults={"name_bn": "ঘরে তৈরি খাবার", "name_en": "Home-made food"}
        )
        leaf, _ = Category.objects.get_or_create(
            slug="pickles", defaults={"name_bn": "আচার", "name_en": "Pickles", "parent": top}
        )
    return leaf


def default_schedule():
    """Return the active schedule (re-created where a transactional test flushed it)."""
    schedule = HaatSchedule.objects.filter(is_active=True).first()
    return schedule or HaatSchedule.objects.create(is_active=True)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    vendor = factory.SubFactory(VendorFactory)
    category = factory.LazyFunction(leaf_category)
    title = factory.Sequence(lambda n: f"Product {n}")
    price = Decimal("250.00")
    stock = 10


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    user = factory.SubFactory(UserFactory)
    vendor = factory.SubFactory(VendorFactory)


class HaatSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HaatSession

    kind = HaatSession.Kind.SPECIAL
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + datetime.timedelta(hours=12))


def session_covering_now():
    """Return the session whose window covers now, creating one (sessions may not overlap)."""
    now = timezone.now()
    current = (
        HaatSession.objects.exclude(status=HaatSession.Status.CANCELLED)
        .filter(opens_at__lte=now, closes_at__gt=now)
        .first()
    )
    return current or HaatSessionFactory()


class CheckoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Checkout

    buyer = factory.SubFactory(UserFactory)
    idempotency_key = factory.Sequence(lambda n: f"key-{n}")
    session = factory.LazyFunction(session_covering_now)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    checkout = factory.SubFactory(CheckoutFactory)
    buyer = factory.SelfAttribute("checkout.buyer")
    session = factory.SelfAttribute("checkout.session")
    vendor = factory.SubFactory(VendorFactory)
    payment_method = Order.PaymentMethod.COD
    name = "Rahima Begum"
    phone = "01711000000"
    district = "dhaka"
    address = "House 1, Road 2, Mirpur"
    subtotal = Decimal("500.00")
    delivery_charge = Decimal("60.00")
    total = Decimal("560.00")


class OrderItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderItem

    order = factory.SubFactory(OrderFactory)
    product = None
    title = "Mango pickle"
    unit = "jar"
    unit_price = Decimal("250.00")
    quantity = 2
    line_total = factory.LazyAttribute(lambda o: o.unit_price * o.quantity)


class ProductImageFactory(factory.django.DjangoModelFactory):
    """An image row whose files are only names: for pages, not for the pipeline."""

    class Meta:
        model = "vendors.ProductImage"

    product = factory.SubFactory(ProductFactory)
    image = factory.Sequence(lambda n: f"products/00/original-{n}.webp")
    display = factory.Sequence(lambda n: f"products/00/display-{n}.webp")
    thumbnail = factory.Sequence(lambda n: f"products/00/thumbnail-{n}.webp")
    width = 400
    height = 400
    position = factory.Sequence(lambda n: n)
