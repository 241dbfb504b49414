from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VendorsConfig(AppConfig):
    name = "vendors"
    verbose_name = _("Shops and catalogue")

    def ready(self):
        from . import messages  # noqa: F401 - registers the shop notifications
