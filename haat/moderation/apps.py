from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "haat.moderation"
    label = "moderation"
    verbose_name = _("Reports and moderation")

    def ready(self):
        # The kinds of object a member can report, the outcome's message, and how a
        # second report reads in the API (registered with the core's error handler).
        from haat.core.text import clean_on_save

        from . import kinds, notifications  # noqa: F401
        from .api import errors  # noqa: F401
        from .models import Report

        # What members write loses invisible characters before it is saved.
        clean_on_save(Report, "text")
        kinds.connect_receivers()
