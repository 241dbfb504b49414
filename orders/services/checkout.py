"""Checkout: the whole cart bought at once, one order per shop, never oversold.

One transaction checks the haat is open (holding its row FOR SHARE so closing waits for
it), takes stock with conditional updates in product-id order, and writes one checkout
with one order per shop. A retried request with the same idempotency key returns the
first result and creates nothing.
"""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.notifications import notify_on_commit
from vendors.models import Vendor
from vendors.stock import InsufficientStock, stock_available, stock_take

from .. import pricing
from ..errors import (
    CartEmpty,
    CartProblems,
    IdempotencyKeyReused,
    InvalidPayment,
    LineProblem,
    PurchaseError,
)
from ..models import Cart, CartItem, Checkout, Order, OrderEvent, OrderItem
from .cart import require_open_haat

Status = Order.Status
Method = Order.PaymentMethod


CONTACT_FIELDS = ("name", "phone", "district", "address", "note")


def _fingerprint(contact: dict, payments: dict) -> str:
    """Return a digest of what a checkout asks for: a retry with the same key must ask the
    same (Stripe's rule), or it is refused rather than answered with the first result."""
    asked = {
        "contact": {field: contact.get(field, "") or "" for field in CONTACT_FIELDS},
        "payments": {str(shop): method for shop, method in payments.items()},
    }
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()


def _replay(done: Checkout, fingerprint: str) -> tuple[Checkout, bool]:
    """Return the checkout a retry finds; raise IdempotencyKeyReused if it asked otherwise."""
    # Checkouts from before fingerprints were kept have none: they replay as before.
    if done.request_fingerprint and done.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    return done, False


def _shop_names(keys) -> list[str]:
    """Return the names of the shops ``keys`` (ids or slugs) name, the key where none."""
    ids = [key for key in keys if isinstance(key, int)]
    slugs = [key for key in keys if isinstance(key, str)]
    names = {
        **dict(Vendor.objects.filter(pk__in=ids).values_list("pk", "shop_name")),
        **dict(Vendor.objects.filter(slug__in=slugs).values_list("slug", "shop_name")),
    }
    return [f"{names[key]} ({key})" if key in names else str(key) for key in keys]


def _payment_methods(vendors, payments: dict) -> dict[int, str]:
    """Return each shop's payment method (cash on delivery where none is chosen).

    Raises InvalidPayment for a method a shop cannot take, or a choice for a shop that is
    not in the cart (naming them: the buyer meant to pay someone else).
    """
    known = {key for vendor in vendors for key in (vendor.pk, vendor.slug)}
    unknown = [shop for shop in payments if shop not in known]
    if unknown:
        raise InvalidPayment(
            _("These shops are not in your cart: %(shops)s. Choose how to pay the shops in it.")
            % {"shops": ", ".join(_shop_names(unknown))}
        )
    chosen = {}
    for vendor in vendors:
        method = payments.get(vendor.pk) or payments.get(vendor.slug) or Method.COD
        if method not in Method.values:
            raise InvalidPayment(_("Choose how to pay %(shop)s.") % {"shop": vendor.shop_name})
        if not vendor.takes_payment(method):
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
    by default. A repeat with the same key and the same contact and payments returns the
    first checkout and ``False``.

    Raises HaatClosed (the cart is kept), CartEmpty, CartProblems listing every line at
    fault (inactive product, changed price, not enough stock: nothing is bought), or
    InvalidPayment; IdempotencyKeyReused for a key already used with other details.
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        # Never cut a key short: two long keys sharing a prefix would collide.
        raise PurchaseError(_("This checkout has no valid key; reload the page and try again."))
    payments = payments or {}
    fingerprint = _fingerprint(contact, payments)
    done = _existing_checkout(buyer, key)
    if done is not None:
        return _replay(done, fingerprint)
    require_open_haat(now)
    items = _cart_items(buyer)
    # A plain read first: a sold-out product is refused without taking any row lock.
    problems = _line_problems(items, stock_available([i.product_id for i in items]))
    if problems:
        raise CartProblems(problems)
    groups = pricing.group_by_vendor(items, contact["district"])
    methods = _payment_methods([g.vendor for g in groups], payments)
    try:
        with transaction.atomic():
            # One checkout at a time per buyer: a double submit waits here, then finds
            # the first one's checkout (same key) or an empty cart.
            Cart.objects.select_for_update().filter(user=buyer).first()
            done = _existing_checkout(buyer, key)
            if done is not None:
                return _replay(done, fingerprint)
            session = require_open_haat(now, lock=True)
            items = _cart_items(buyer)
            checkout = _orders_create(
                buyer=buyer,
                key=key,
                fingerprint=fingerprint,
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
        return _replay(done, fingerprint)
    return checkout, True


def _orders_create(*, buyer, key, fingerprint, session, groups, methods, contact) -> Checkout:
    checkout = Checkout.objects.create(
        buyer=buyer,
        idempotency_key=key,
        request_fingerprint=fingerprint,
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
