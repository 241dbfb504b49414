from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Carts and orders")

    def ready(self):
        from . import messages, receivers  # noqa: F401 - notifications, cart merge at login
