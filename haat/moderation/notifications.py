"""Notifications about reports (registered with accounts.notifications)."""

from django.utils.translation import gettext as _

from accounts.notifications import notification

from .kinds import kind_named
from .models import Report

Action = Report.Action


def _outcomes() -> dict[str, str]:
    return {
        Action.DISMISS: _(
            "The moderators looked at it and found nothing against the rules this time."
        ),
        Action.UNLIST: _("The moderators took the product off the marketplace."),
        Action.HIDE: _("The moderators hid the review from the shop's page."),
        Action.SUSPEND: _("The moderators suspended the shop."),
    }


# The name comes with the message, as it read when the moderator decided: the object
# may have changed or gone by the time the message is built.


@notification("report_resolved")
def report_resolved(user, *, kind: str, name: str, action: str) -> tuple[str, str]:
    subject = kind_named(kind).subject % {"name": name}
    body = "{}\n{}".format(_outcomes()[action], _("Thank you for telling us."))
    return subject, body
