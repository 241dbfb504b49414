from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HaatConfig(AppConfig):
    name = "haat"
    verbose_name = _("Haat calendar")

    def ready(self):
        from . import notifications  # noqa: F401 - registers the calendar's notifications
        from .pages import connect_receivers

        connect_receivers()
