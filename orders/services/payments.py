"""Mobile money: the buyer's transaction ID, and the shop confirming the money came."""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify_on_commit
from accounts.phone import to_ascii_digits

from ..errors import InvalidPayment, InvalidTransition
from ..models import Order, OrderEvent
from .fulfilment import actor_role, awaits_payment_confirmation

Status = Order.Status
Method = Order.PaymentMethod


# Transaction IDs as the providers print them.
TRX_FORMATS = {
    Method.BKASH: re.compile(r"[A-Z0-9]{10}"),
    Method.NAGAD: re.compile(r"[A-Z0-9]{8,12}"),
    Method.ROCKET: re.compile(r"[0-9]{8,14}"),
}


def normalise_trx_id(value: str) -> str:
    """Return a transaction ID upper-cased, spaces dropped, Bengali digits made ASCII."""
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
        if actor_role(order, actor) not in {"vendor", "staff"} or order.status == Status.CANCELLED:
            raise InvalidTransition()
        if not awaits_payment_confirmation(order):
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
