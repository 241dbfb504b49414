"""After checkout: the order's status machine, and who may move it where."""

from django.db import transaction

from accounts.notifications import notify_on_commit
from vendors.stock import stock_return

from ..errors import InvalidTransition
from ..models import Order, OrderEvent

Status = Order.Status


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
    if awaits_payment_confirmation(order):
        actions.append("mark-paid")
    return actions


def buyer_may_cancel(order: Order) -> bool:
    return (order.status, Status.CANCELLED) in BUYER_MOVES


def buyer_may_review(order: Order) -> bool:
    """Whether the buyer can still rate the shop (delivered, not yet reviewed)."""
    return order.status == Status.DELIVERED and not hasattr(order, "review")


def awaits_payment_confirmation(order: Order) -> bool:
    return not order.paid_at and order.status != Status.CANCELLED


def actor_role(order: Order, actor) -> str:
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
        role = actor_role(order, actor)
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
