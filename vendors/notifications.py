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
