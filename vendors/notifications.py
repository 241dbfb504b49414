"""Notifications about shops (registered with accounts.notifications)."""

from django.utils.translation import gettext as _

from accounts.notifications import notification

from .models import Vendor


@notification("vendor_approved")
def vendor_approved(user, *, vendor_id: int) -> tuple[str, str]:
    vendor = Vendor.objects.get(pk=vendor_id)
    subject = _("Your shop %(shop)s is approved") % {"shop": vendor.shop_name}
    body = _("You can now list products and sell at every haat.")
    return subject, body


# The reason comes with the message, as the moderator wrote it when deciding: the shop's
# own row may have moved on by the time the message is built.


@notification("vendor_rejected")
def vendor_rejected(user, *, vendor_id: int, reason: str) -> tuple[str, str]:
    vendor = Vendor.objects.get(pk=vendor_id)
    subject = _("Your shop %(shop)s was not approved") % {"shop": vendor.shop_name}
    body = _(
        "The admins wrote: %(reason)s\n"
        "Change your shop's profile on the dashboard and save it to apply again."
    ) % {"reason": reason}
    return subject, body


@notification("vendor_suspended")
def vendor_suspended(user, *, vendor_id: int, reason: str) -> tuple[str, str]:
    vendor = Vendor.objects.get(pk=vendor_id)
    subject = _("Your shop %(shop)s is suspended") % {"shop": vendor.shop_name}
    body = _(
        "The admins wrote: %(reason)s\n"
        "Buyers cannot see or buy its products until an admin approves the shop again."
    ) % {"reason": reason}
    return subject, body
