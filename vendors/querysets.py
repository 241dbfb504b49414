"""The catalogue's querysets: bulk writes that retire kept pages, and the rules of what
is sold (``Product.objects.sellable()``) and how a shop's name looks."""

from haat.core.pagecache import CatalogueQuerySet
from haat.core.text import lookalike_key


class VendorQuerySet(CatalogueQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create calls no save(): the look-alike key is set here as save() sets it.
        objs = list(objs)
        for vendor in objs:
            vendor.shop_name_key = lookalike_key(vendor.shop_name)
        return super().bulk_create(objs, *args, **kwargs)

    bulk_create.alters_data = True


class ProductQuerySet(CatalogueQuerySet):
    def sellable(self):
        """Return the products anyone may see and buy: active, of an approved shop.

        The one definition: pages, the cart, checkout and the stock UPDATE
        (vendors.stock, which compiles this queryset into its SQL) all read it.
        """
        shop = self.model._meta.get_field("vendor").related_model
        return self.filter(is_active=True, vendor__status=shop.Status.APPROVED)
