from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Carts and orders")

    def ready(self):
        # Notifications, the cart merge at login, the reviews on a shop's page (registered
        # with vendors.extensions), and how a refused purchase reads in the API
        # (registered with the core's error handler and schema).
        from . import notifications, receivers, selectors  # noqa: F401
        from .api import errors, schema  # noqa: F401
