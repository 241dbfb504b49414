"""Notifications the haat calendar sends (registered with accounts.notifications)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notification
from haat.core.formatting import haat_tz, local_digits

from .models import HaatSession, VendorSessionSummary


@notification("haat_opened")
def haat_opened(user, *, session_id: int) -> tuple[str, str]:
    session = HaatSession.objects.get(pk=session_id)
    closes = timezone.localtime(session.closes_at, haat_tz()).strftime("%H:%M")
    subject = _("%(haat)s is open now") % {"haat": session}
    body = _("The shops you follow are selling until %(time)s. Visit %(url)s") % {
        "time": local_digits(closes),
        "url": settings.SITE_URL + reverse("home"),
    }
    return subject, body


@notification("haat_vendor_report")
def haat_vendor_report(user, *, session_id: int) -> tuple[str, str]:
    row = VendorSessionSummary.objects.select_related("session").get(
        session_id=session_id, vendor__owner=user
    )
    subject = _("Your sales at %(haat)s") % {"haat": row.session}
    body = _(
        "Orders: %(orders)s, units: %(units)s, gross sales: ৳%(gross)s, buyers: %(buyers)s "
        "(%(repeat)s repeat). Commission: ৳0."
    ) % {
        "orders": local_digits(row.orders_count),
        "units": local_digits(row.units_sold),
        "gross": local_digits(row.gross_sales),
        "buyers": local_digits(row.buyers),
        "repeat": local_digits(row.repeat_buyers),
    }
    return subject, body
