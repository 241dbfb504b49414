"""What can refuse a report, with a code for the API and a message for people."""

from django.utils.translation import gettext as _


class AlreadyReported(Exception):
    """The member has reported this object before: one report per member per object."""

    code = "already_reported"
    status = 409

    def __init__(self):
        self.message = _("You have already reported this. The moderators will look at it.")
        super().__init__(self.message)
