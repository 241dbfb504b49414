from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class VendorsConfig(AppConfig):
    name = "vendors"
    verbose_name = _("Shops and catalogue")

    def ready(self):
        from . import notifications, receivers, services  # noqa: F401 - notifications, category signals
        from .models import ProductImage, Vendor

        # Files follow their rows however the rows go (cascades, admin, querysets).
        post_delete.connect(
            services.product_image_files_cleanup,
            sender=ProductImage,
            dispatch_uid="vendors.product_image_files_cleanup",
        )
        post_delete.connect(
            services.vendor_logo_cleanup, sender=Vendor, dispatch_uid="vendors.vendor_logo_cleanup"
        )
