"""The cart: a member's in the database, a visitor's in the session, joined at login.

Adding is allowed only while a haat is open; a line remembers the price the buyer saw.
"""

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from haat.selectors import haat_state, session_for_buying
from vendors.models import Product

from ..errors import CartProblems, HaatClosed, LineProblem, PurchaseError
from ..models import MAX_QUANTITY, Cart, CartItem


def require_open_haat(now=None, *, lock=False):
    session = session_for_buying(now=now, lock=lock)
    if session is None:
        raise HaatClosed(haat_state(now=now).upcoming)
    return session


def _sellable_product(product_id: int) -> Product:
    product = Product.objects.sellable().select_related("vendor").filter(pk=product_id).first()
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
    require_open_haat(now)
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
    require_open_haat(now)
    product = _sellable_product(product_id)
    total = quantity + int(cart.get(str(product_id), 0))
    _check_quantity(product, total)
    return {**cart, str(product_id): total}


def session_cart_set(*, cart: dict, product_id: int, quantity: int) -> dict:
    """Return a visitor's session cart with a line's quantity set (0 removes the line).

    The same rules as cart_item_set; a product not in the cart leaves it as it is.
    Raises PurchaseError for a quantity out of range, CartProblems for a product no
    longer sold or short of stock.
    """
    key = str(product_id)
    if key not in cart:
        return dict(cart)
    if quantity <= 0:
        return {k: v for k, v in cart.items() if k != key}
    _check_quantity(_sellable_product(product_id), quantity)
    return {**cart, key: quantity}


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
    products = Product.objects.sellable().filter(pk__in=wanted)
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
