"""Checkout: one order per shop, nothing partial, stock never oversold, idempotent."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone, translation

from accounts.models import Notification
from haat.models import HaatSession
from orders import services
from orders.errors import CartEmpty, CartProblems, HaatClosed, InvalidPayment
from orders.models import CartItem, Checkout, Order, OrderEvent
from tests.factories import HaatSessionFactory, ProductFactory, UserFactory, VendorFactory
from tests.support.data import CHECKOUT_CONTACT
from vendors.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_shops():
    dhaka = VendorFactory(district="dhaka", bkash_number="01811111111")
    rangpur = VendorFactory(district="rangpur")
    return {
        "achar": ProductFactory(vendor=dhaka, price=Decimal("250.00"), stock=10, title="Achar"),
        "ghee": ProductFactory(vendor=dhaka, price=Decimal("1200.50"), stock=3, title="Ghee"),
        "kantha": ProductFactory(vendor=rangpur, price=Decimal("3500"), stock=1, title="Kantha"),
    }


def fill_cart(buyer, lines):
    for product, quantity in lines:
        services.cart_item_add(user=buyer, product_id=product.pk, quantity=quantity)


def test_checkout_makes_one_order_per_shop_with_snapshots_and_totals(
    open_haat, two_shops, django_capture_on_commit_callbacks, sms_outbox
):
    buyer = UserFactory()
    fill_cart(buyer, [(two_shops["achar"], 2), (two_shops["ghee"], 1), (two_shops["kantha"], 1)])
    dhaka_shop, rangpur_shop = two_shops["achar"].vendor, two_shops["kantha"].vendor
    with django_capture_on_commit_callbacks(execute=True):
        checkout, created = services.checkout_complete(
            buyer=buyer,
            idempotency_key="k1",
            contact=CHECKOUT_CONTACT,
            payments={dhaka_shop.pk: "bkash", rangpur_shop.pk: "cod"},
        )
    assert created
    orders = {o.vendor_id: o for o in checkout.orders.all()}
    dhaka_order, rangpur_order = orders[dhaka_shop.pk], orders[rangpur_shop.pk]
    # Inside Dhaka the Dhaka shop charges its inside rate, the Rangpur shop its outside rate
    assert dhaka_order.subtotal == Decimal("1700.50")
    assert dhaka_order.delivery_charge == dhaka_shop.delivery_charge_inside
    assert dhaka_order.total == Decimal("1700.50") + dhaka_shop.delivery_charge_inside
    assert rangpur_order.delivery_charge == rangpur_shop.delivery_charge_outside
    assert checkout.total == dhaka_order.total + rangpur_order.total
    assert dhaka_order.payment_method == "bkash" and rangpur_order.payment_method == "cod"
    assert dhaka_order.commission == 0 and dhaka_order.session == open_haat
    assert dhaka_order.address == CHECKOUT_CONTACT["address"]
    # Stock taken, cart emptied, history and notifications written
    assert Product.objects.get(pk=two_shops["achar"].pk).stock == 8
    assert Product.objects.get(pk=two_shops["kantha"].pk).stock == 0
    assert Product.objects.get(pk=two_shops["achar"].pk).sold_count == 2
    assert not CartItem.objects.filter(cart__user=buyer).exists()
    assert OrderEvent.objects.filter(to_status="placed").count() == 2
    assert sorted(p for p, _ in sms_outbox) == sorted(
        [dhaka_shop.owner.phone, rangpur_shop.owner.phone]
    )
    # A later price edit changes no order line
    Product.objects.filter(pk=two_shops["achar"].pk).update(price=Decimal("999"), title="New")
    line = dhaka_order.items.get(product=two_shops["achar"])
    assert (line.title, line.unit_price, line.line_total) == (
        "Achar",
        Decimal("250.00"),
        Decimal("500.00"),
    )


def test_the_same_key_again_returns_the_first_checkout(open_haat, two_shops):
    buyer = UserFactory()
    fill_cart(buyer, [(two_shops["achar"], 1)])
    first, created = services.checkout_complete(
        buyer=buyer, idempotency_key="same", contact=CHECKOUT_CONTACT
    )
    fill_cart(buyer, [(two_shops["achar"], 1)])
    again, created_again = services.checkout_complete(
        buyer=buyer, idempotency_key="same", contact=CHECKOUT_CONTACT
    )
    assert created and not created_again
    assert again.pk == first.pk
    assert Order.objects.count() == 1
    assert Product.objects.get(pk=two_shops["achar"].pk).stock == 9


def test_checkout_is_refused_after_closing_time_and_the_cart_is_kept(two_shops):
    now = timezone.now()
    session = HaatSessionFactory(
        status=HaatSession.Status.OPEN,
        opens_at=now - datetime.timedelta(hours=11),
        closes_at=now + datetime.timedelta(minutes=30),
    )
    HaatSessionFactory(
        opens_at=now + datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=3, hours=12),
    )
    buyer = UserFactory()
    fill_cart(buyer, [(two_shops["achar"], 2)])
    # An hour later the close task has not even run, yet buying is refused
    later = now + datetime.timedelta(hours=1)
    with (
        translation.override("en"),
        time_machine.travel(later, tick=False),
        pytest.raises(HaatClosed) as refused,
    ):
        services.checkout_complete(buyer=buyer, idempotency_key="late", contact=CHECKOUT_CONTACT)
    assert refused.value.next_session is not None
    assert "opens" in refused.value.message
    assert HaatSession.objects.get(pk=session.pk).status == "open"
    assert CartItem.objects.filter(cart__user=buyer).count() == 1
    assert Product.objects.get(pk=two_shops["achar"].pk).stock == 10
    assert not Checkout.objects.exists()


def test_adding_to_cart_between_haats_is_refused(two_shops):
    with pytest.raises(HaatClosed):
        services.cart_item_add(user=UserFactory(), product_id=two_shops["achar"].pk)


def test_every_line_at_fault_is_reported_and_nothing_is_bought(open_haat, two_shops):
    buyer = UserFactory()
    fill_cart(buyer, [(two_shops["achar"], 2), (two_shops["ghee"], 3), (two_shops["kantha"], 1)])
    # Meanwhile: the ghee sells down to 1, the kantha's shop is suspended, achar's price rises
    Product.objects.filter(pk=two_shops["ghee"].pk).update(stock=1)
    two_shops["kantha"].vendor.__class__.objects.filter(pk=two_shops["kantha"].vendor_id).update(
        status="suspended"
    )
    Product.objects.filter(pk=two_shops["achar"].pk).update(price=Decimal("260.00"))
    with pytest.raises(CartProblems) as refused:
        services.checkout_complete(buyer=buyer, idempotency_key="x", contact=CHECKOUT_CONTACT)
    codes = {p.product_id: p.code for p in refused.value.problems}
    assert codes == {
        two_shops["achar"].pk: "price_changed",
        two_shops["ghee"].pk: "insufficient_stock",
        two_shops["kantha"].pk: "unavailable",
    }
    assert not Order.objects.exists()
    assert Product.objects.get(pk=two_shops["achar"].pk).stock == 10
    # Once the buyer accepts the new price and fixes the cart, it goes through
    services.cart_prices_accept(user=buyer)
    CartItem.objects.filter(product=two_shops["kantha"]).delete()
    CartItem.objects.filter(product=two_shops["ghee"]).update(quantity=1)
    checkout, _ = services.checkout_complete(
        buyer=buyer, idempotency_key="y", contact=CHECKOUT_CONTACT
    )
    assert checkout.orders.get().items.get(product=two_shops["achar"]).unit_price == Decimal("260")


def test_a_shortage_found_inside_the_transaction_undoes_every_line(
    open_haat, two_shops, monkeypatch
):
    # Given a cart whose second line is short only at the moment stock is taken
    buyer = UserFactory()
    fill_cart(buyer, [(two_shops["achar"], 2), (two_shops["kantha"], 1)])
    from vendors import stock

    real_available = stock.stock_available

    def stale_read(ids):  # the plain read saw stock that a rival buyer then took
        Product.objects.filter(pk=two_shops["kantha"].pk).update(stock=0)
        return real_available(ids) | {two_shops["kantha"].pk: 1}

    monkeypatch.setattr("orders.services.checkout.stock_available", stale_read)
    with pytest.raises(CartProblems) as refused:
        services.checkout_complete(buyer=buyer, idempotency_key="z", contact=CHECKOUT_CONTACT)
    assert [p.code for p in refused.value.problems] == ["insufficient_stock"]
    assert Product.objects.get(pk=two_shops["achar"].pk).stock == 10  # rolled back
    assert not Order.objects.exists()


def test_empty_cart_and_unsupported_payment_are_refused(open_haat, two_shops):
    buyer = UserFactory()
    with pytest.raises(CartEmpty):
        services.checkout_complete(buyer=buyer, idempotency_key="e", contact=CHECKOUT_CONTACT)
    fill_cart(buyer, [(two_shops["kantha"], 1)])
    with pytest.raises(InvalidPayment):  # the Rangpur shop has no bKash number
        services.checkout_complete(
            buyer=buyer,
            idempotency_key="p",
            contact=CHECKOUT_CONTACT,
            payments={two_shops["kantha"].vendor_id: "bkash"},
        )
    assert Product.objects.get(pk=two_shops["kantha"].pk).stock == 1


def test_cart_refuses_more_than_the_stock(open_haat, two_shops):
    buyer = UserFactory()
    with pytest.raises(CartProblems):
        services.cart_item_add(user=buyer, product_id=two_shops["ghee"].pk, quantity=4)
    services.cart_item_add(user=buyer, product_id=two_shops["ghee"].pk, quantity=2)
    with pytest.raises(CartProblems):
        services.cart_item_add(user=buyer, product_id=two_shops["ghee"].pk, quantity=2)
    assert CartItem.objects.get(cart__user=buyer).quantity == 2


def test_session_cart_merges_at_login_capped_by_stock(open_haat, two_shops):
    visitor_cart = services.session_cart_add(cart={}, product_id=two_shops["ghee"].pk, quantity=2)
    buyer = UserFactory()
    services.cart_item_add(user=buyer, product_id=two_shops["ghee"].pk, quantity=2)
    assert services.cart_merge(user=buyer, items=visitor_cart) == 1
    assert CartItem.objects.get(cart__user=buyer).quantity == 3  # only 3 in stock


def test_notifications_record_each_order_once(
    open_haat, two_shops, django_capture_on_commit_callbacks
):
    buyer = UserFactory()
    fill_cart(buyer, [(two_shops["achar"], 1)])
    with django_capture_on_commit_callbacks(execute=True):
        services.checkout_complete(buyer=buyer, idempotency_key="n", contact=CHECKOUT_CONTACT)
    assert Notification.objects.filter(kind="order_placed").count() == 1
