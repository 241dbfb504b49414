from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class VendorsConfig(AppConfig):
    name = "vendors"
    verbose_name = _("Shops and catalogue")

    def ready(self):
        from haat.core.text import clean_on_save

        from . import notifications, receivers, services  # noqa: F401 - notifications, category signals
        from .models import Product, ProductImage, Vendor

        # What members write loses invisible characters before it is saved.
        clean_on_save(Vendor, "shop_name", "upazila", "description")
        clean_on_save(Product, "title", "description")

        # Files follow their rows however the rows go (cascades, admin, querysets).
        post_delete.connect(
            services.product_image_files_cleanup,
            sender=ProductImage,
            dispatch_uid="vendors.product_image_files_cleanup",
        )
        post_delete.connect(
            services.vendor_logo_cleanup, sender=Vendor, dispatch_uid="vendors.vendor_logo_cleanup"
        )
