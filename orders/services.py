"""Every write to carts and orders: adding to a cart, checking out, moving an order on.

Checkout (``checkout_complete``) is the heart: one transaction that checks the haat is
open (holding its row FOR SHARE so closing waits for us), takes stock with conditional
updates in product-id order, and writes one checkout with one order per shop. A retried
request with the same idempotency key returns the first result and creates nothing.
"""

import re

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify_on_commit
from haat.selectors import haat_state, session_for_buying
from vendors.models import Product, Vendor
from vendors.stock import InsufficientStock, stock_available, stock_return, stock_take

from . import pricing
from .errors import (
    CartEmpty,
    CartProblems,
    HaatClosed,
    InvalidPayment,
    InvalidTransition,
    LineProblem,
    PurchaseError,
)
from .models import Cart, CartItem, Checkout, Order, OrderEvent, OrderItem, Review

MAX_QUANTITY = 999
Status = Order.Status
Method = Order.PaymentMethod


def _require_open_haat(now=None, *, lock=False):
    session = session_for_buying(now=now, lock=lock)
    if session is None:
        raise HaatClosed(haat_state(now=now).upcoming)
    return session


# --- the cart ---------------------------------------------------------------------------


def _sellable_product(product_id: int) -> Product:
    product = (
        Product.objects.select_related("vendor")
        .filter(pk=product_id, is_active=True, vendor__status=Vendor.Status.APPROVED)
        .first()
    )
    if product is None:
        raise CartProblems([LineProblem(product_id, _("This product"), "unavailable")])
    return product


def _check_quantity(product: Product, quantity: int) -> None:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise PurchaseError(_("Choose a quantity from 1 to %(max)s.") % {"max": MAX_QUANTITY})
    if quantity > product.stock:
        raise CartProblems(
            [
                LineProblem(
                    product.pk,
                    product.title,
                    "insufficient_stock",
                    requested=quantity,
                    available=product.stock,
                )
            ]
        )


def cart_item_add(*, user, product_id: int, quantity: int = 1, now=None) -> CartItem:
    """Add ``quantity`` of a product to the member's cart (adding to a line already there).

    Raises HaatClosed between haats, CartProblems for a product not sold or not in stock,
    PurchaseError for a quantity out of range.
    """
    _require_open_haat(now)
    product = _sellable_product(product_id)
    cart, _created = Cart.objects.get_or_create(user=user)
    with transaction.atomic():
        item = CartItem.objects.select_for_update().filter(cart=cart, product=product).first()
        total = quantity + (item.quantity if item else 0)
        _check_quantity(product, total)
        if item is None:
            item = CartItem.objects.create(
                cart=cart, product=product, quantity=total, unit_price_seen=product.price
            )
        else:
            item.quantity, item.unit_price_seen = total, product.price
            item.save(update_fields=["quantity", "unit_price_seen"])
    return item


def session_cart_add(*, cart: dict, product_id: int, quantity: int = 1, now=None) -> dict:
    """Return a visitor's session cart ``{product_id: quantity}`` with a product added.

    The same rules as cart_item_add; the caller stores the dict in the session.
    """
    _require_open_haat(now)
    product = _sellable_product(product_id)
    total = quantity + int(cart.get(str(product_id), 0))
    _check_quantity(product, total)
    return {**cart, str(product_id): total}


def cart_item_set(*, user, item_id: int, quantity: int) -> CartItem | None:
    """Set a line's quantity (0 removes it); return the line, or None if removed.

    Raises CartItem.DoesNotExist for a line that is not the member's.
    """
    item = CartItem.objects.select_related("product").get(pk=item_id, cart__user=user)
    if quantity <= 0:
        item.delete()
        return None
    _check_quantity(item.product, quantity)
    item.quantity = quantity
    item.save(update_fields=["quantity"])
    return item


def cart_prices_accept(*, user) -> int:
    """Record that the member accepts the current prices of the cart's products."""
    current = Product.objects.filter(pk=OuterRef("product_id")).values("price")[:1]
    return CartItem.objects.filter(cart__user=user).update(unit_price_seen=Subquery(current))


def cart_merge(*, user, items: dict) -> int:
    """Merge a visitor's session cart into the member's cart at login; return lines merged.

    Products no longer sold are dropped; quantities are capped at the stock left.
    """
    wanted = {int(pid): int(qty) for pid, qty in items.items() if str(pid).isdigit()}
    if not wanted:
        return 0
    cart, _created = Cart.objects.get_or_create(user=user)
    products = Product.objects.filter(
        pk__in=wanted, is_active=True, vendor__status=Vendor.Status.APPROVED
    )
    merged = 0
    with transaction.atomic():
        existing = {i.product_id: i for i in CartItem.objects.select_for_update().filter(cart=cart)}
        for product in products:
            item = existing.get(product.pk)
            quantity = min(wanted[product.pk] + (item.quantity if item else 0), product.stock)
            quantity = min(quantity, MAX_QUANTITY)
            if quantity < 1:
                continue
            CartItem.objects.update_or_create(
                cart=cart,
                product=product,
                defaults={"quantity": quantity, "unit_price_seen": product.price},
            )
            merged += 1
    return merged


# --- checkout ----------------------------------------------------------------------------

CONTACT_FIELDS = ("name", "phone", "district", "address", "note")


def _payment_methods(vendors, payments: dict) -> dict[int, str]:
    """Return each shop's payment method; raise InvalidPayment for one it cannot take."""
    numbers = {
        Method.BKASH: "bkash_number",
        Method.NAGAD: "nagad_number",
        Method.ROCKET: "rocket_number",
    }
    chosen = {}
    for vendor in vendors:
        method = payments.get(vendor.pk) or payments.get(vendor.slug) or Method.COD
        if method not in Method.values:
            raise InvalidPayment(_("Choose how to pay %(shop)s.") % {"shop": vendor.shop_name})
        if method != Method.COD and not getattr(vendor, numbers[method]):
            raise InvalidPayment(
                _("%(shop)s does not take %(method)s; choose another way to pay.")
                % {"shop": vendor.shop_name, "method": Method(method).label}
            )
        chosen[vendor.pk] = method
    return chosen


def _line_problems(items: list[CartItem], available: dict[int, int]) -> list[LineProblem]:
    problems = []
    for item in items:
        product = item.product
        if product.pk not in available:
            problems.append(LineProblem(product.pk, product.title, "unavailable"))
        elif item.price_changed:
            problems.append(
                LineProblem(
                    product.pk,
                    product.title,
                    "price_changed",
                    old_price=item.unit_price_seen,
                    new_price=product.price,
                )
            )
        elif available[product.pk] < item.quantity:
            problems.append(
                LineProblem(
                    product.pk,
                    product.title,
                    "insufficient_stock",
                    requested=item.quantity,
                    available=available[product.pk],
                )
            )
    return problems


def _cart_items(buyer) -> list[CartItem]:
    """Return the buyer's cart lines in product-id order; raise CartEmpty if there are none."""
    items = list(
        CartItem.objects.filter(cart__user=buyer)
        .select_related("product__vendor")
        .order_by("product_id")
    )
    if not items:
        raise CartEmpty()
    return items


def _existing_checkout(buyer, key: str) -> Checkout | None:
    return Checkout.objects.filter(buyer=buyer, idempotency_key=key).first()


def checkout_complete(
    *, buyer, idempotency_key: str, contact: dict, payments: dict | None = None, now=None
) -> tuple[Checkout, bool]:
    """Buy the member's whole cart: one checkout, one order per shop; return (checkout, created).

    ``contact`` has name, phone, district, address and note (validated by the caller's
    form); ``payments`` maps a shop (id or slug) to a payment method, cash on delivery
    by default. A repeat with the same key returns the first checkout and ``False``.

    Raises HaatClosed (the cart is kept), CartEmpty, CartProblems listing every line at
    fault (inactive product, changed price, not enough stock: nothing is bought), or
    InvalidPayment.
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        # Never cut a key short: two long keys sharing a prefix would collide.
        raise PurchaseError(_("This checkout has no valid key; reload the page and try again."))
    done = _existing_checkout(buyer, key)
    if done is not None:
        return done, False
    _require_open_haat(now)
    items = _cart_items(buyer)
    # A plain read first: a sold-out product is refused without taking any row lock.
    problems = _line_problems(items, stock_available([i.product_id for i in items]))
    if problems:
        raise CartProblems(problems)
    groups = pricing.group_by_vendor(items, contact["district"])
    methods = _payment_methods([g.vendor for g in groups], payments or {})
    try:
        with transaction.atomic():
            # One checkout at a time per buyer: a double submit waits here, then finds
            # the first one's checkout (same key) or an empty cart.
            Cart.objects.select_for_update().filter(user=buyer).first()
            done = _existing_checkout(buyer, key)
            if done is not None:
                return done, False
            session = _require_open_haat(now, lock=True)
            items = _cart_items(buyer)
            checkout = _orders_create(
                buyer=buyer,
                key=key,
                session=session,
                groups=pricing.group_by_vendor(items, contact["district"]),
                methods=methods,
                contact=contact,
            )
            CartItem.objects.filter(pk__in=[i.pk for i in items]).delete()
            # Stock last: a popular product's row stays locked from here to the commit
            # only, not through the inserts above (a shortage rolls them all back).
            try:
                stock_take(lines={i.product_id: i.quantity for i in items})
            except InsufficientStock as short:
                titles = {i.product_id: i.product.title for i in items}
                raise CartProblems(
                    [
                        LineProblem(
                            s.product_id,
                            titles[s.product_id],
                            "insufficient_stock",
                            requested=s.requested,
                            available=s.available,
                        )
                        for s in short.shortages
                    ]
                ) from short
    except IntegrityError:
        # The same key committed by a concurrent request: return its result.
        done = _existing_checkout(buyer, key)
        if done is None:
            raise
        return done, False
    return checkout, True


def _orders_create(*, buyer, key, session, groups, methods, contact) -> Checkout:
    checkout = Checkout.objects.create(
        buyer=buyer,
        idempotency_key=key,
        session=session,
        total=pricing.grand_total(groups),
    )
    details = {field: contact.get(field, "") or "" for field in CONTACT_FIELDS}
    lines, events, orders = [], [], []
    for group in groups:
        order = Order.objects.create(
            checkout=checkout,
            buyer=buyer,
            vendor=group.vendor,
            session=session,
            payment_method=methods[group.vendor.pk],
            subtotal=group.subtotal,
            delivery_charge=group.delivery,
            total=group.total,
            **details,
        )
        lines += [
            OrderItem(
                order=order,
                product=item.product,
                title=item.product.title,
                unit=item.product.unit,
                unit_price=item.unit_price,
                quantity=item.quantity,
                line_total=pricing.line_total(item.unit_price, item.quantity),
            )
            for item in group.lines
        ]
        orders.append(order)
        events.append(OrderEvent(order=order, actor=buyer, to_status=Status.PLACED))
        notify_on_commit(
            kind="order_placed",
            key=f"order:{order.pk}",
            user_ids=[group.vendor.owner_id],
            params={"order_id": order.pk},
        )
    OrderItem.objects.bulk_create(lines)
    OrderEvent.objects.bulk_create(events)
    # What was just written, for the answer to the buyer (no second read): the orders in
    # the order they were made (by shop name), each with its lines.
    checkout.placed_orders = orders
    for order in orders:
        order._prefetched_objects_cache = {"items": [x for x in lines if x.order is order]}
    return checkout


# --- after checkout ----------------------------------------------------------------------

# The shop's actions by name (web and API): the status each moves to, None for "paid".
VENDOR_ACTIONS = {
    "confirm": Status.CONFIRMED,
    "ship": Status.SHIPPED,
    "deliver": Status.DELIVERED,
    "cancel": Status.CANCELLED,
    "mark-paid": None,
}

# Who may make which move: the buyer only cancels an order not yet confirmed.
BUYER_MOVES = {(Status.PLACED, Status.CANCELLED)}


def vendor_actions(order: Order) -> list[str]:
    """Return the names of VENDOR_ACTIONS the shop can take on ``order`` now."""
    moves = Order.TRANSITIONS[order.status]
    actions = [name for name, target in VENDOR_ACTIONS.items() if target in moves]
    if _awaits_payment_confirmation(order):
        actions.append("mark-paid")
    return actions


def buyer_may_cancel(order: Order) -> bool:
    return (order.status, Status.CANCELLED) in BUYER_MOVES


def buyer_may_review(order: Order) -> bool:
    """Whether the buyer can still rate the shop (delivered, not yet reviewed)."""
    return order.status == Status.DELIVERED and not hasattr(order, "review")


def _awaits_payment_confirmation(order: Order) -> bool:
    return not order.paid_at and order.status != Status.CANCELLED


def _role(order: Order, actor) -> str:
    if actor.is_staff:
        return "staff"
    if order.vendor.owner_id == actor.pk:
        return "vendor"
    if order.buyer_id == actor.pk:
        return "buyer"
    return "none"


def order_transition(
    *,
    order_id: int,
    actor,
    to_status: str,
    note: str = "",
    courier: str = "",
    tracking_code: str = "",
) -> Order:
    """Move an order to ``to_status``, record who and when, tell the other side.

    The same status again is a no-op. Cancelling returns the stock. Raises
    InvalidTransition for a move the table or the actor's role does not allow.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().select_related("vendor").get(pk=order_id)
        if to_status == order.status:
            return order
        role = _role(order, actor)
        allowed = to_status in Order.TRANSITIONS.get(order.status, set())
        if role == "buyer":
            allowed = allowed and (order.status, to_status) in BUYER_MOVES
        if not allowed or role == "none":
            raise InvalidTransition()
        from_status = order.status
        order.status = to_status
        fields = ["status", "updated_at"]
        if to_status == Status.CANCELLED:
            stock_return(
                lines={
                    line.product_id: line.quantity
                    for line in order.items.exclude(product__isnull=True)
                }
            )
            order.cancel_reason = note[:200]
            fields.append("cancel_reason")
        if to_status == Status.SHIPPED:
            order.courier, order.tracking_code = courier[:80], tracking_code[:80]
            fields += ["courier", "tracking_code"]
        order.save(update_fields=fields)
        OrderEvent.objects.create(
            order=order, actor=actor, from_status=from_status, to_status=to_status, note=note[:200]
        )
        told = order.vendor.owner_id if role == "buyer" else order.buyer_id
        notify_on_commit(
            kind="order_status",
            key=f"order:{order.pk}:{to_status}",
            user_ids=[told],
            params={"order_id": order.pk},
        )
    return order


# Transaction IDs as the providers print them.
TRX_FORMATS = {
    Method.BKASH: re.compile(r"[A-Z0-9]{10}"),
    Method.NAGAD: re.compile(r"[A-Z0-9]{8,12}"),
    Method.ROCKET: re.compile(r"[0-9]{8,14}"),
}


def normalise_trx_id(value: str) -> str:
    """Return a transaction ID upper-cased, spaces dropped, Bengali digits made ASCII."""
    from accounts.phone import to_ascii_digits

    return re.sub(r"\s+", "", to_ascii_digits(value or "")).upper()


def order_transaction_set(*, order_id: int, actor, provider: str, trx_id: str) -> Order:
    """Record the buyer's mobile-money transaction ID for an order (or correct it).

    Raises InvalidPayment for an unknown provider, a badly formed ID, an ID already used
    for another order of the same provider, or an order already paid or cancelled;
    InvalidTransition if the actor is not the buyer.
    """
    trx_id = normalise_trx_id(trx_id)
    if provider not in TRX_FORMATS:
        raise InvalidPayment(_("Choose bKash, Nagad or Rocket."))
    if not TRX_FORMATS[provider].fullmatch(trx_id):
        raise InvalidPayment(
            _("This does not look like a %(provider)s transaction ID.")
            % {"provider": Method(provider).label}
        )
    try:
        with transaction.atomic():
            order = Order.objects.select_for_update().select_related("vendor").get(pk=order_id)
            if order.buyer_id != actor.pk:
                raise InvalidTransition()
            if not order.accepts_transaction_id:
                raise InvalidTransition(_("This order no longer takes a transaction ID."))
            previous = (order.payment_method, order.transaction_id)
            order.payment_method, order.transaction_id = provider, trx_id
            order.save(update_fields=["payment_method", "transaction_id", "updated_at"])
            OrderEvent.objects.create(
                order=order,
                actor=actor,
                from_status=order.status,
                to_status=order.status,
                note=f"{provider} {trx_id} (was {previous[0]} {previous[1] or '-'})"[:200],
            )
            notify_on_commit(
                kind="order_transaction",
                key=f"order:{order.pk}:trx:{trx_id}",
                user_ids=[order.vendor.owner_id],
                params={"order_id": order.pk},
            )
    except IntegrityError as exc:
        raise InvalidPayment(
            _("This transaction ID has already been used for another order.")
        ) from exc
    return order


def order_mark_paid(*, order_id: int, actor) -> Order:
    """The shop confirms it received the money; raises InvalidTransition otherwise."""
    with transaction.atomic():
        order = Order.objects.select_for_update().select_related("vendor").get(pk=order_id)
        if _role(order, actor) not in {"vendor", "staff"} or order.status == Status.CANCELLED:
            raise InvalidTransition()
        if not _awaits_payment_confirmation(order):
            return order  # already paid: a no-op
        order.paid_at = timezone.now()
        order.save(update_fields=["paid_at", "updated_at"])
        OrderEvent.objects.create(
            order=order,
            actor=actor,
            from_status=order.status,
            to_status=order.status,
            note=_("Payment received"),
        )
        notify_on_commit(
            kind="order_status",
            key=f"order:{order.pk}:paid",
            user_ids=[order.buyer_id],
            params={"order_id": order.pk},
        )
    return order


# --- reviews -----------------------------------------------------------------------------


def review_create(*, order_id: int, buyer, rating: int, text: str = "") -> Review:
    """Rate the shop of a delivered order, once per order; refresh the shop's average.

    Raises InvalidTransition if the order is not the buyer's or not delivered,
    PurchaseError for a rating outside 1-5 or a second review.
    """
    from vendors.community import vendor_rating_set

    from .selectors import vendor_rating

    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise PurchaseError(_("Choose a rating from 1 to 5."))
    try:
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order_id)
            if order.buyer_id != buyer.pk or order.status != Status.DELIVERED:
                raise InvalidTransition(_("You can review a shop after your order is delivered."))
            review = Review.objects.create(
                order=order, vendor_id=order.vendor_id, buyer=buyer, rating=rating, text=text[:2000]
            )
            average, count = vendor_rating(order.vendor_id)
            vendor_rating_set(vendor_id=order.vendor_id, average=average, count=count)
    except IntegrityError as exc:
        raise PurchaseError(_("You have already reviewed this order.")) from exc
    return review


def review_reply(*, review_id: int, actor, reply: str) -> Review:
    """The shop answers a review, once. Raises InvalidTransition otherwise."""
    reply = (reply or "").strip()[:2000]
    if not reply:
        raise PurchaseError(_("Write a reply first."))
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("vendor").get(pk=review_id)
        if review.vendor.owner_id != actor.pk or review.replied_at:
            raise InvalidTransition(_("This review cannot be answered again."))
        review.reply, review.replied_at = reply, timezone.now()
        review.save(update_fields=["reply", "replied_at"])
    return review
