from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Carts and orders")

    def ready(self):
        # Notifications, the cart merge at login, the reviews on a shop's page (registered
        # with vendors.extensions), and how a refused purchase reads in the API
        # (registered with the core's error handler and schema).
        from haat.core.text import clean_on_save

        from . import notifications, receivers, selectors  # noqa: F401
        from .api import errors, schema  # noqa: F401
        from .models import Order, OrderEvent, Review

        # What members write loses invisible characters before it is saved.
        clean_on_save(Order, "name", "address", "note", "cancel_reason", "courier", "tracking_code")
        clean_on_save(OrderEvent, "note")
        clean_on_save(Review, "text", "reply")
