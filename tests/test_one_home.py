"""Rules that live in one place, read the same by every door (issue 12): what a shop can be
paid by, what is sellable (the stock UPDATE included), the quantity cap, a visitor's cart."""

import pytest
from django.urls import reverse

from orders import services
from orders.errors import CartProblems, InvalidPayment, PurchaseError
from orders.forms import payment_choices
from orders.models import MAX_QUANTITY
from vendors.api.serializers import OwnVendorSerializer, VendorProfileSerializer
from vendors.models import Product, Vendor
from vendors.payments import PaymentMethod
from vendors.services import VENDOR_PROFILE_FIELDS
from vendors.stock import InsufficientStock, stock_take

from .factories import ProductFactory, UserFactory, VendorFactory
from .support.data import CHECKOUT_CONTACT

pytestmark = pytest.mark.django_db


def test_a_shop_is_paid_only_the_ways_it_has_numbers_for():
    # Given a shop with a bKash number only
    shop = VendorFactory(bkash_number="01812345678")

    # Then every door reads the same list: cash on delivery, then bKash
    assert shop.payment_methods() == [(PaymentMethod.COD, ""), (PaymentMethod.BKASH, "01812345678")]
    assert [method for method, _label in payment_choices(shop)] == ["cod", "bkash"]
    assert shop.takes_payment("bkash") and not shop.takes_payment("rocket")


def test_checkout_refuses_a_payment_method_the_shop_does_not_take(open_haat):
    # Given a cart from a shop with a bKash number only
    buyer = UserFactory()
    product = ProductFactory(vendor=VendorFactory(bkash_number="01812345678"))
    services.cart_item_add(user=buyer, product_id=product.pk)

    # When the buyer asks to pay it by Rocket, then it is refused and nothing is bought
    with pytest.raises(InvalidPayment):
        services.checkout_complete(
            buyer=buyer,
            idempotency_key="k",
            contact=CHECKOUT_CONTACT,
            payments={product.vendor_id: "rocket"},
        )
    assert Product.objects.get(pk=product.pk).stock == 10


def test_the_stock_update_refuses_a_suspended_shops_product():
    # Given an active product in stock whose shop was suspended
    product = ProductFactory(vendor=VendorFactory(status=Vendor.Status.SUSPENDED), stock=5)

    # When stock is taken for it, then it counts as having none, and none is taken
    with pytest.raises(InsufficientStock):
        stock_take(lines={product.pk: 1})
    assert Product.objects.get(pk=product.pk).stock == 5
    assert not Product.objects.sellable().filter(pk=product.pk).exists()


def test_a_visitor_cannot_set_a_cart_line_above_the_stock(client, open_haat):
    # Given a visitor with two of a product of which 3 are left
    product = ProductFactory(stock=3)
    client.post(reverse("cart_add", args=[product.pk]), {"quantity": 2})

    # When they set the line to 7, then it is refused as for a member and stays at 2
    client.post(reverse("cart_update", args=[product.pk]), {"quantity": 7})
    assert client.session["cart"] == {str(product.pk): 2}
    with pytest.raises(CartProblems):
        services.session_cart_set(cart={str(product.pk): 2}, product_id=product.pk, quantity=7)


def test_the_quantity_cap_is_one_number_for_every_door(open_haat):
    product = ProductFactory(stock=MAX_QUANTITY + 5)
    with pytest.raises(PurchaseError):
        services.session_cart_add(cart={}, product_id=product.pk, quantity=MAX_QUANTITY + 1)
    cart = services.session_cart_add(cart={}, product_id=product.pk, quantity=MAX_QUANTITY)
    assert cart == {str(product.pk): MAX_QUANTITY}


def test_the_shop_profile_fields_are_the_services_list():
    assert set(VendorProfileSerializer().fields) == {*VENDOR_PROFILE_FIELDS, "logo"}
    assert set(VENDOR_PROFILE_FIELDS) <= set(OwnVendorSerializer.Meta.fields)
