"""Notifications about orders (registered with accounts.notifications)."""

from django.utils.translation import gettext as _

from accounts.notifications import notification
from haat.core.formatting import format_taka, local_digits

from .models import Order


def _order(order_id: int) -> Order:
    return Order.objects.select_related("vendor").get(pk=order_id)


@notification("order_placed")
def order_placed(user, *, order_id: int) -> tuple[str, str]:
    order = _order(order_id)
    subject = _("New order %(number)s") % {"number": local_digits(f"#{order.pk}")}
    body = _("%(name)s ordered for %(total)s (%(method)s). Open your shop's orders to confirm.") % {
        "name": order.name,
        "total": format_taka(order.total),
        "method": order.get_payment_method_display(),
    }
    return subject, body


@notification("order_status")
def order_status(user, *, order_id: int) -> tuple[str, str]:
    order = _order(order_id)
    subject = _("Order %(number)s: %(status)s") % {
        "number": local_digits(f"#{order.pk}"),
        "status": order.get_status_display(),
    }
    if order.paid_at and order.status != Order.Status.CANCELLED:
        body = _("%(shop)s: payment received.") % {"shop": order.vendor.shop_name}
    else:
        body = _("%(shop)s: your order is now %(status)s.") % {
            "shop": order.vendor.shop_name,
            "status": order.get_status_display(),
        }
    return subject, body


@notification("order_transaction")
def order_transaction(user, *, order_id: int) -> tuple[str, str]:
    order = _order(order_id)
    subject = _("Payment sent for order %(number)s") % {"number": local_digits(f"#{order.pk}")}
    body = _("%(method)s transaction ID %(trx)s for %(total)s: please check and confirm.") % {
        "method": order.get_payment_method_display(),
        "trx": order.transaction_id,
        "total": format_taka(order.total),
    }
    return subject, body
