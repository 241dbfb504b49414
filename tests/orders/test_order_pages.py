"""Buying in the browser: cart, checkout, my orders, and the shop's incoming orders."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from orders import services
from orders.models import CartItem, Checkout, Order, OrderEvent
from tests.factories import ProductFactory, UserFactory, VendorFactory
from tests.support.data import CHECKOUT_CONTACT
from vendors.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops():
    return {
        "dhaka": VendorFactory(district="dhaka", bkash_number="01822222222"),
        "rangpur": VendorFactory(district="rangpur"),
    }


def place_order(buyer, product, quantity=1, key="k"):
    services.cart_item_add(user=buyer, product_id=product.pk, quantity=quantity)
    checkout, _ = services.checkout_complete(
        buyer=buyer, idempotency_key=key, contact=CHECKOUT_CONTACT
    )
    return checkout.orders.get()


def test_a_visitor_fills_a_cart_logs_in_and_buys_from_two_shops(client, open_haat, shops):
    pickle = ProductFactory(vendor=shops["dhaka"], price=Decimal("300"), stock=5)
    kantha = ProductFactory(vendor=shops["rangpur"], price=Decimal("2500"), stock=2)
    # A visitor adds to the cart before logging in
    client.post(reverse("cart_add", args=[pickle.pk]), {"quantity": 2})
    assert client.get(reverse("cart")).context["lines"][0].quantity == 2
    buyer = UserFactory(phone="01933333333")
    client.post(reverse("login"), {"phone": "01933333333", "password": "haat-pass-123"})
    # The session cart joined the member's cart; add a second shop's product
    client.post(reverse("cart_add", args=[kantha.pk]), {"quantity": 1})
    assert CartItem.objects.filter(cart__user=buyer).count() == 2
    page = client.get(reverse("checkout"))
    assert page.status_code == 200
    key = page.context["form"].initial["idempotency_key"]
    data = {
        **CHECKOUT_CONTACT,
        "idempotency_key": key,
        f"payment_{shops['dhaka'].pk}": "bkash",
        f"payment_{shops['rangpur'].pk}": "cod",
    }
    response = client.post(reverse("checkout"), data)
    checkout = Checkout.objects.get(buyer=buyer)
    assert response["Location"] == reverse("checkout_done", args=[checkout.pk])
    assert sorted(checkout.orders.values_list("payment_method", flat=True)) == ["bkash", "cod"]
    # The phone's retry of the same form returns the same checkout
    again = client.post(reverse("checkout"), data)
    assert again["Location"] == response["Location"]
    assert Checkout.objects.count() == 1 and Order.objects.count() == 2
    done = client.get(response["Location"]).content.decode()
    assert "01822222222" in done  # the bKash number to pay to


def test_checkout_after_closing_sends_the_buyer_back_to_a_kept_cart(client, open_haat, shops):
    buyer = UserFactory()
    product = ProductFactory(vendor=shops["dhaka"])
    services.cart_item_add(user=buyer, product_id=product.pk)
    client.force_login(buyer)
    form = client.get(reverse("checkout")).context["form"]
    data = {**CHECKOUT_CONTACT, "idempotency_key": form.initial["idempotency_key"]}
    with time_machine.travel(open_haat.closes_at + datetime.timedelta(seconds=1)):
        response = client.post(reverse("checkout"), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "The haat is closed" in response.content.decode()
    assert CartItem.objects.filter(cart__user=buyer).exists()
    assert not Order.objects.exists()


def test_checkout_form_errors_are_shown_not_500(client, open_haat, shops):
    buyer = UserFactory()
    services.cart_item_add(user=buyer, product_id=ProductFactory(vendor=shops["dhaka"]).pk)
    client.force_login(buyer)
    response = client.post(
        reverse("checkout"),
        {"idempotency_key": "x", "name": "", "phone": "12", "district": "mars", "address": ""},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"name", "phone", "district", "address"}


def test_buyer_cancels_a_placed_order_and_stock_returns(client, open_haat, shops):
    buyer = UserFactory()
    product = ProductFactory(vendor=shops["dhaka"], stock=5)
    order = place_order(buyer, product, quantity=2)
    client.force_login(buyer)
    client.post(reverse("order_cancel", args=[order.pk]), {"reason": "Ordered twice"})
    order.refresh_from_db()
    assert order.status == "cancelled" and order.cancel_reason == "Ordered twice"
    assert Product.objects.get(pk=product.pk).stock == 5
    event = order.events.get(to_status="cancelled")
    assert event.actor == buyer and event.from_status == "placed"


def test_buyer_cannot_cancel_once_confirmed(client, open_haat, shops):
    buyer = UserFactory()
    order = place_order(buyer, ProductFactory(vendor=shops["dhaka"]))
    services.order_transition(order_id=order.pk, actor=shops["dhaka"].owner, to_status="confirmed")
    client.force_login(buyer)
    response = client.post(
        reverse("order_cancel", args=[order.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "cannot be changed" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == "confirmed"


def test_transaction_ids_are_checked_and_used_once(client, open_haat, shops):
    buyer = UserFactory()
    product = ProductFactory(vendor=shops["dhaka"], stock=5)
    first = place_order(buyer, product, key="a")
    second = place_order(buyer, product, key="b")
    client.force_login(buyer)
    url = reverse("order_transaction", args=[first.pk])
    response = client.post(
        url, {"provider": "bkash", "trx_id": "bad id"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "does not look like" in response.content.decode()
    client.post(url, {"provider": "bkash", "trx_id": "9ab1cd2ef3"})
    assert Order.objects.get(pk=first.pk).transaction_id == "9AB1CD2EF3"
    response = client.post(
        reverse("order_transaction", args=[second.pk]),
        {"provider": "bkash", "trx_id": "9AB1CD2EF3"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "already been used" in response.content.decode()
    assert Order.objects.get(pk=second.pk).transaction_id == ""


def test_vendor_walks_an_order_to_delivered(client, open_haat, shops):
    buyer = UserFactory()
    order = place_order(buyer, ProductFactory(vendor=shops["dhaka"]))
    client.force_login(shops["dhaka"].owner)
    listing = client.get(reverse("vendor_orders"), {"status": "placed"})
    assert [o.pk for o in listing.context["orders"]] == [order.pk]

    def act(action, **data):
        return client.post(reverse("vendor_order_action", args=[order.pk, action]), data)

    # Delivering an order that was never shipped is refused
    act("deliver")
    assert Order.objects.get(pk=order.pk).status == "placed"
    act("confirm")
    act("mark-paid")
    act("ship", courier="Sundarban Courier", tracking_code="SC-123")
    act("deliver")
    order.refresh_from_db()
    assert order.status == "delivered" and order.paid_at is not None
    assert order.courier == "Sundarban Courier"
    moves = list(order.events.values_list("from_status", "to_status"))
    assert moves == [
        ("", "placed"),
        ("placed", "confirmed"),
        ("confirmed", "confirmed"),
        ("confirmed", "shipped"),
        ("shipped", "delivered"),
    ]
    assert OrderEvent.objects.filter(order=order, actor=shops["dhaka"].owner).count() == 4


def test_vendor_cancel_returns_stock(client, open_haat, shops):
    product = ProductFactory(vendor=shops["dhaka"], stock=4)
    order = place_order(UserFactory(), product, quantity=3)
    client.force_login(shops["dhaka"].owner)
    client.post(
        reverse("vendor_order_action", args=[order.pk, "cancel"]), {"reason": "Out of mangoes"}
    )
    assert Product.objects.get(pk=product.pk).stock == 4
    assert Order.objects.get(pk=order.pk).cancel_reason == "Out of mangoes"


def test_order_urls_are_only_for_their_owners(client, open_haat, shops):
    buyer = UserFactory()
    order = place_order(buyer, ProductFactory(vendor=shops["dhaka"]))
    other_buyer = UserFactory()
    other_vendor = shops["rangpur"].owner
    buyer_urls = [
        ("get", reverse("order", args=[order.pk])),
        ("post", reverse("order_cancel", args=[order.pk])),
        ("post", reverse("order_transaction", args=[order.pk])),
        ("get", reverse("checkout_done", args=[order.checkout_id])),
    ]
    vendor_urls = [("get", reverse("vendor_order", args=[order.pk]))] + [
        ("post", reverse("vendor_order_action", args=[order.pk, action]))
        for action in ("confirm", "mark-paid", "ship", "deliver", "cancel")
    ]
    for method, url in buyer_urls + vendor_urls:
        client.logout()
        anonymous = getattr(client, method)(url)
        assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"], url
        for outsider in (other_buyer, other_vendor):
            client.force_login(outsider)
            assert getattr(client, method)(url).status_code == 404, (url, outsider)
    # The shop owner is not the buyer, and the buyer is not the shop
    client.force_login(shops["dhaka"].owner)
    assert client.get(reverse("order", args=[order.pk])).status_code == 404
    client.force_login(buyer)
    assert client.get(reverse("vendor_order", args=[order.pk])).status_code == 404
    assert client.get(reverse("vendor_orders")).status_code == 404
    order.refresh_from_db()
    assert order.status == "placed" and order.transaction_id == ""


@pytest.mark.parametrize("count", [2, 12])
def test_order_lists_use_a_fixed_number_of_queries(
    client, open_haat, shops, django_assert_max_num_queries, count
):
    buyer = UserFactory()
    product = ProductFactory(vendor=shops["dhaka"], stock=100)
    for i in range(count):
        place_order(buyer, product, key=f"q{i}")
    client.force_login(buyer)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("my_orders")).status_code == 200
    client.force_login(shops["dhaka"].owner)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("vendor_orders")).status_code == 200


def test_checkout_shows_the_delivery_charges_for_the_chosen_district_before_buying(
    client, open_haat, shops
):
    buyer = UserFactory()
    services.cart_item_add(
        user=buyer, product_id=ProductFactory(vendor=shops["rangpur"], price=Decimal("500")).pk
    )
    client.force_login(buyer)
    first = client.get(reverse("checkout"), HTTP_ACCEPT_LANGUAGE="en")
    assert first.context["total"] is None  # no district chosen yet: no total pretended
    preview = client.post(
        reverse("checkout"),
        {"preview": "1", "district": "rangpur", "idempotency_key": "p"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert preview.status_code == 200
    assert preview.context["total"] == Decimal("500") + shops["rangpur"].delivery_charge_inside
    assert not Order.objects.exists()


def test_a_delivered_cash_order_asks_for_no_transaction_id(client, open_haat, shops):
    buyer = UserFactory()
    order = place_order(buyer, ProductFactory(vendor=shops["dhaka"]))
    for status in ("confirmed", "shipped", "delivered"):
        services.order_transition(order_id=order.pk, actor=shops["dhaka"].owner, to_status=status)
    client.force_login(buyer)
    page = client.get(reverse("order", args=[order.pk])).content.decode()
    assert reverse("order_transaction", args=[order.pk]) not in page
    response = client.post(
        reverse("order_transaction", args=[order.pk]), {"provider": "bkash", "trx_id": "9AB1CD2EF3"}
    )
    assert response.status_code == 302
    assert Order.objects.get(pk=order.pk).transaction_id == ""


def test_each_side_is_offered_only_the_moves_the_order_allows(open_haat, shops):
    buyer = UserFactory()
    order = place_order(buyer, ProductFactory(vendor=shops["dhaka"]))
    owner = shops["dhaka"].owner
    assert services.vendor_actions(order) == ["confirm", "cancel", "mark-paid"]
    assert services.buyer_may_cancel(order) and not services.buyer_may_review(order)
    services.order_transition(order_id=order.pk, actor=owner, to_status="confirmed")
    order.refresh_from_db()
    assert services.vendor_actions(order) == ["ship", "cancel", "mark-paid"]
    assert not services.buyer_may_cancel(order)
    services.order_mark_paid(order_id=order.pk, actor=owner)
    for status in ("shipped", "delivered"):
        services.order_transition(order_id=order.pk, actor=owner, to_status=status)
    order = Order.objects.get(pk=order.pk)
    assert services.vendor_actions(order) == []
    assert services.buyer_may_review(order)
    services.review_create(order_id=order.pk, buyer=buyer, rating=5)
    assert not services.buyer_may_review(Order.objects.get(pk=order.pk))
