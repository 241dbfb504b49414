"""Cart, checkout, the buyer's orders and the shop's incoming orders: doors into services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haat.core.formatting import local_digits
from haat.selectors import haat_state
from vendors.districts import DISTRICT_KEYS
from vendors.selectors import access_own_vendor

from . import pricing, selectors, services
from .errors import CartEmpty, CartProblems, HaatClosed, PurchaseError
from .forms import (
    CancelForm,
    CheckoutForm,
    QuantityForm,
    ReviewForm,
    ShipForm,
    TransactionForm,
)
from .models import MAX_QUANTITY, CartItem, Checkout, Order
from .services import VENDOR_ACTIONS

SESSION_CART = "cart"
Status = Order.Status


def _report(request, error: PurchaseError) -> None:
    if isinstance(error, CartProblems):
        for problem in error.problems:
            messages.error(request, problem.message)
    else:
        messages.error(request, error.message)


def _attempt(request, action, success: str) -> bool:
    """Run a service call; report a refusal, or ``success``, as a message."""
    try:
        action()
    except PurchaseError as error:
        _report(request, error)
        return False
    messages.success(request, success)
    return True


def _lines(request) -> list:
    if request.user.is_authenticated:
        return selectors.cart_lines(request.user)
    return selectors.session_cart_lines(request.session.get(SESSION_CART, {}))


def cart(request):
    """Return the cart: lines grouped by shop with subtotals and delivery charges."""
    lines = _lines(request)
    district = request.GET.get("district") or ""
    groups = pricing.group_by_vendor(lines, district or None)
    return render(
        request,
        "orders/cart.html",
        {
            "groups": groups,
            "lines": lines,
            "any_price_changed": any(line.price_changed for line in lines),
            "state": haat_state(),
            "quantity_form": QuantityForm(),
            "max_quantity": MAX_QUANTITY,
        },
    )


@require_POST
def cart_add(request, product_id: int):
    """Add a product to the cart (a visitor's cart lives in the session until login)."""
    form = QuantityForm(request.POST or {"quantity": 1})
    quantity = form.cleaned_data["quantity"] if form.is_valid() else 0
    back = reverse("product", args=[product_id])
    if quantity < 1:
        messages.error(
            request, _("Choose a quantity from 1 to %(max)s.") % {"max": local_digits(MAX_QUANTITY)}
        )
        return redirect(back)
    try:
        if request.user.is_authenticated:
            services.cart_item_add(user=request.user, product_id=product_id, quantity=quantity)
        else:
            request.session[SESSION_CART] = services.session_cart_add(
                cart=request.session.get(SESSION_CART, {}),
                product_id=product_id,
                quantity=quantity,
            )
    except PurchaseError as error:
        _report(request, error)
        return redirect(back)
    messages.success(request, _("Added to your cart."))
    return redirect("cart")


@require_POST
def cart_update(request, line_id: int):
    """Change a line's quantity; 0 removes it."""
    form = QuantityForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose a quantity from 0 to %(max)s.") % {"max": local_digits(MAX_QUANTITY)}
        )
        return redirect("cart")
    quantity = form.cleaned_data["quantity"]
    try:
        if request.user.is_authenticated:
            services.cart_item_set(user=request.user, item_id=line_id, quantity=quantity)
        else:
            request.session[SESSION_CART] = services.session_cart_set(
                cart=request.session.get(SESSION_CART, {}), product_id=line_id, quantity=quantity
            )
    except CartItem.DoesNotExist as exc:
        raise Http404 from exc
    except PurchaseError as error:
        _report(request, error)
    return redirect("cart")


@login_required
@require_POST
def cart_accept_prices(request):
    services.cart_prices_accept(user=request.user)
    messages.success(request, _("The new prices are accepted."))
    return redirect("cart")


@login_required
def checkout(request):
    """Ask for contact details and payment per shop; create one order per shop."""
    lines = selectors.cart_lines(request.user)
    if not lines and request.method != "POST":
        # A POST goes on to the service even so: a retry of a completed checkout finds
        # its result by the idempotency key.
        messages.info(request, _("Your cart is empty."))
        return redirect("cart")
    vendors = [group.vendor for group in pricing.group_by_vendor(lines)]
    initial = {"name": request.user.name, "phone": request.user.phone}
    form = CheckoutForm(request.POST or None, vendors=vendors, initial=initial)
    status = 200
    # "Show delivery charges" re-renders the form with the totals for the chosen district
    # (no JavaScript needed); only "Place order" buys.
    previewing = "preview" in request.POST
    if request.method == "POST" and not previewing:
        if form.is_valid():
            try:
                done, _created = services.checkout_complete(
                    buyer=request.user,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    contact=form.contact(),
                    payments=form.payments(),
                )
            except (CartProblems, HaatClosed, CartEmpty) as error:
                _report(request, error)
                return redirect("cart")
            except PurchaseError as error:
                _report(request, error)
                status = 400
            else:
                return redirect("checkout_done", pk=done.pk)
        else:
            status = 400
    district = form["district"].value() if form.is_bound else None
    groups = pricing.group_by_vendor(lines, district if district in DISTRICT_KEYS else None)
    known = bool(groups) and all(group.delivery is not None for group in groups)
    return render(
        request,
        "orders/checkout.html",
        {
            "form": form,
            "groups": groups,
            "total": pricing.grand_total(groups) if known else None,
            "subtotal": sum((group.subtotal for group in groups), pricing.ZERO),
            "state": haat_state(),
        },
        status=status,
    )


@login_required
def checkout_done(request, pk: int):
    done = get_object_or_404(Checkout, pk=pk, buyer=request.user)
    orders = done.orders.select_related("vendor").prefetch_related("items")
    return render(request, "orders/checkout_done.html", {"checkout": done, "orders": orders})


@login_required
def my_orders(request):
    orders = selectors.buyer_orders(request.user)[:100]
    return render(request, "orders/my_orders.html", {"orders": orders})


@login_required
def order_detail(request, pk: int):
    order = selectors.access_buyer_order(request.user, pk)
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "items": order.items.all(),
            "events": order.events.select_related("actor"),
            "trx_form": TransactionForm(initial={"provider": order.payment_method}),
            "cancel_form": CancelForm(),
            "can_cancel": services.buyer_may_cancel(order),
            "can_review": services.buyer_may_review(order),
            "review_form": ReviewForm(),
        },
    )


@login_required
@require_POST
def order_cancel(request, pk: int):
    order = selectors.access_buyer_order(request.user, pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _attempt(
        request,
        lambda: services.order_transition(
            order_id=order.pk, actor=request.user, to_status=Status.CANCELLED, note=reason
        ),
        _("Your order is cancelled."),
    )
    return redirect("order", pk=order.pk)


@login_required
@require_POST
def order_transaction(request, pk: int):
    order = selectors.access_buyer_order(request.user, pk)
    form = TransactionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the provider and type the transaction ID."))
        return redirect("order", pk=order.pk)
    _attempt(
        request,
        lambda: services.order_transaction_set(
            order_id=order.pk,
            actor=request.user,
            provider=form.cleaned_data["provider"],
            trx_id=form.cleaned_data["trx_id"],
        ),
        _("Thank you: the shop will confirm your payment."),
    )
    return redirect("order", pk=order.pk)


# --- the shop's side ---------------------------------------------------------------------


@login_required
def vendor_orders(request):
    """Return the shop's incoming orders, by status and by haat."""
    vendor = access_own_vendor(request.user)
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    session_id = request.GET.get("haat", "")
    session_id = int(session_id) if session_id.isdigit() else None
    orders = selectors.vendor_orders(vendor, status=status, session_id=session_id)[:100]
    counts = selectors.vendor_order_counts(vendor)
    return render(
        request,
        "orders/vendor_orders.html",
        {
            "vendor": vendor,
            "orders": orders,
            "statuses": [(value, label, counts.get(value)) for value, label in Status.choices],
            "status": status,
            "sessions": selectors.vendor_sessions(vendor),
            "session_id": session_id,
        },
    )


@login_required
def vendor_order_detail(request, pk: int):
    order = selectors.access_vendor_order(request.user, pk)
    actions = services.vendor_actions(order)
    return render(
        request,
        "orders/vendor_order_detail.html",
        {
            "order": order,
            "items": order.items.all(),
            "events": order.events.select_related("actor"),
            "actions": actions,
            "ship_form": ShipForm(),
            "cancel_form": CancelForm(),
            "review": getattr(order, "review", None),
        },
    )


@login_required
@require_POST
def vendor_order_action(request, pk: int, action: str):
    """Confirm, mark paid, ship, deliver or cancel an order of the member's shop."""
    order = selectors.access_vendor_order(request.user, pk)
    if action not in VENDOR_ACTIONS:
        raise Http404
    ship, cancel = ShipForm(request.POST), CancelForm(request.POST)
    ship.is_valid()
    cancel.is_valid()

    def act():
        if action == "mark-paid":
            return services.order_mark_paid(order_id=order.pk, actor=request.user)
        return services.order_transition(
            order_id=order.pk,
            actor=request.user,
            to_status=VENDOR_ACTIONS[action],
            note=cancel.cleaned_data.get("reason", ""),
            courier=ship.cleaned_data.get("courier", ""),
            tracking_code=ship.cleaned_data.get("tracking_code", ""),
        )

    _attempt(request, act, _("Order updated."))
    return redirect("vendor_order", pk=order.pk)


@login_required
@require_POST
def order_review(request, pk: int):
    """The buyer rates the shop of a delivered order."""
    order = selectors.access_buyer_order(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a rating from 1 to 5."))
        return redirect("order", pk=order.pk)
    _attempt(
        request,
        lambda: services.review_create(
            order_id=order.pk,
            buyer=request.user,
            rating=form.cleaned_data["rating"],
            text=form.cleaned_data["text"],
        ),
        _("Thank you for your review."),
    )
    return redirect("order", pk=order.pk)


@login_required
@require_POST
def review_reply(request, pk: int):
    """The shop answers the review of one of its orders."""
    order = selectors.access_vendor_order(request.user, pk)
    review = getattr(order, "review", None)
    if review is None:
        raise Http404
    _attempt(
        request,
        lambda: services.review_reply(
            review_id=review.pk, actor=request.user, reply=request.POST.get("reply", "")
        ),
        _("Your reply is published."),
    )
    return redirect("vendor_order", pk=order.pk)
