"""Products: creating and editing them with their photos, hiding, deleting."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Product, ProductImage, Vendor
from ..search import search_text_refresh
from .files import files_delete
from .photos import photos_process, photos_store
from .shops import shop_catalogue_check


def product_delete(*, product_id: int) -> bool:
    """Delete a product and its images; return False if there was none.

    The image files go once the deletion commits (by the post_delete handler). Order
    lines keep their title and price snapshot and lose only the link. Raises
    ValidationError for a suspended shop's product.
    """
    for vendor_id in Product.objects.filter(pk=product_id).values_list("vendor_id", flat=True):
        shop_catalogue_check(vendor_id=vendor_id)
    deleted, _counts = Product.objects.filter(pk=product_id).delete()
    return bool(deleted)


PRODUCT_FIELDS = ("title", "description", "category", "price", "unit", "stock", "is_active")


def _product_apply(product: Product, data: dict) -> None:
    """Set the product fields found in ``data``; raise ValidationError (by field)."""
    for name in PRODUCT_FIELDS:
        if name in data:
            value = data[name]
            if name == "description" and value is None:
                value = ""
            setattr(product, name, value)
    # Price and stock: the model's validators (two places, not negative) and its
    # check constraints; the shop was fetched by the caller.
    product.full_clean(exclude=["vendor", "search_text", "sold_count"])
    if product.category.parent_id is None:
        raise ValidationError(
            {"category": _("Choose a sub-category, not a top-level one.")}, code="not_leaf"
        )
    product.price = product.price.quantize(Decimal("0.01"))


def product_create(*, vendor: Vendor, data: dict, images=()) -> Product:
    """Create a product of ``vendor`` with its photos (the first is the cover); return it.

    ``data`` holds PRODUCT_FIELDS; the category must be a sub-category. A pending shop's
    products wait, unlisted, for its approval. Raises ValidationError for a suspended
    shop, an invalid field or any refused photo (naming every such file); then no
    product row and no file is left.
    """
    shop_catalogue_check(vendor_id=vendor.pk)
    product = Product(vendor=vendor)
    _product_apply(product, data)
    # Photos are decoded and re-encoded before the transaction: seconds of Pillow work
    # must not hold a lock (on SQLite, the whole database's write lock).
    processed = photos_process(images)
    written: list[str] = []
    try:
        with transaction.atomic():
            product.save(force_insert=True)
            photos_store(product=product, processed=processed, written=written)
            search_text_refresh(product_ids=[product.pk])
    except BaseException:
        # product_image_store removes its own files when it fails, not when this
        # transaction rolls back after it returned.
        files_delete(ProductImage._meta.get_field("image").storage, written)
        product.pk = None
        raise
    return product


def product_update(*, product: Product, data: dict, new_images=()) -> Product:
    """Change a product's fields found in ``data`` and add ``new_images``; return it.

    Raises ValidationError for a suspended shop, an invalid field or any refused photo
    (naming every such file); then nothing is changed and no new file is left.
    """
    shop_catalogue_check(vendor_id=product.vendor_id)
    processed = photos_process(new_images, existing=product.images.count())
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Product.objects.select_for_update().get(pk=product.pk)
            _product_apply(locked, data)
            locked.save()
            photos_store(product=locked, processed=processed, written=written)
            search_text_refresh(product_ids=[locked.pk])
    except BaseException:
        files_delete(ProductImage._meta.get_field("image").storage, written)
        raise
    return locked


def product_set_active(*, product: Product, active: bool) -> bool:
    """List (``active``) or unlist a product; return False if it already was so.

    Raises ValidationError for a suspended shop.
    """
    shop_catalogue_check(vendor_id=product.vendor_id)
    changed = (
        Product.objects.filter(pk=product.pk)
        .exclude(is_active=active)
        .update(is_active=active, updated_at=timezone.now())
    )
    product.is_active = active
    return bool(changed)


def products_unlist(*, product_ids) -> int:
    """Unlist products (a moderator's action: buyers no longer see them); return how many
    were listed before. One UPDATE, which retires the kept pages that showed them."""
    return Product.objects.filter(pk__in=list(product_ids), is_active=True).update(
        is_active=False, updated_at=timezone.now()
    )
