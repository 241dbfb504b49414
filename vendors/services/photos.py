"""A product's photos: processed through the image pipeline, stored, ordered, removed."""

import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from ..images import ImageRejected, ProcessedImage, process_image
from ..models import Product, ProductImage
from .files import files_delete
from .shops import shop_catalogue_check


def _product_image_names(image: ProductImage) -> list[str]:
    return [image.image.name, image.display.name, image.thumbnail.name]


def product_image_add(*, product: Product, upload, position: int | None = None) -> ProductImage:
    """Process ``upload`` and store it as an image of ``product``; return the new row.

    The picture is validated and re-encoded before anything is written; the three files
    and the row are then saved together. Without ``position`` the image goes last.
    Raises ImageRejected (a ValidationError) for an unacceptable upload; on that or any
    other failure no file and no row is left behind.

    The cleanup covers this call only: do not wrap it in a larger transaction that may
    roll back after it returns, or its files would outlive the row. Raises
    ValidationError for a suspended shop.
    """
    shop_catalogue_check(vendor_id=product.vendor_id)
    return product_image_store(product=product, processed=process_image(upload), position=position)


def product_image_store(
    *, product: Product, processed: ProcessedImage, position: int | None = None
) -> ProductImage:
    """Store a picture process_image() accepted as an image of ``product``; return the row.

    For callers that check every upload before writing any (product_create and
    product_update), so that no lock is held while Pillow works. On failure
    no file and no row is left; the same caveat as product_image_add holds.
    """
    storage = ProductImage._meta.get_field("image").storage
    image = ProductImage(product=product, width=processed.width, height=processed.height)
    written: list[str] = []
    try:
        with transaction.atomic():
            # Held until commit: two uploads to one product do not pick the same position.
            list(Product.objects.select_for_update().filter(pk=product.pk).values_list("pk"))
            if position is None:
                last = product.images.aggregate(last=Max("position"))["last"]
                position = 0 if last is None else last + 1
            image.position = position
            for field, content in (
                (image.image, processed.original),
                (image.display, processed.display),
                (image.thumbnail, processed.thumbnail),
            ):
                field.save(content.name, content, save=False)
                written.append(field.name)
            image.save()
    except BaseException:
        files_delete(storage, written)
        raise
    return image


def product_image_delete(*, image_id: int) -> bool:
    """Delete a product image; return False if there was none.

    Its three files are removed once the deletion commits (by the post_delete handler).
    Raises ValidationError for a suspended shop.
    """
    for vendor_id in ProductImage.objects.filter(pk=image_id).values_list(
        "product__vendor_id", flat=True
    ):
        shop_catalogue_check(vendor_id=vendor_id)
    deleted, _counts = ProductImage.objects.filter(pk=image_id).delete()
    return bool(deleted)


def product_images_reorder(*, product: Product, image_ids: list[int]) -> None:
    """Put the product's images in the order of ``image_ids``; the first is the cover.

    Raises ValidationError unless ``image_ids`` lists each of the product's images once,
    or for a suspended shop.
    """
    shop_catalogue_check(vendor_id=product.vendor_id)
    with transaction.atomic():
        images = {
            image.pk: image
            for image in ProductImage.objects.select_for_update()
            .filter(product=product)
            .order_by("pk")
        }
        if len(image_ids) != len(set(image_ids)) or set(image_ids) != set(images):
            raise ValidationError(
                _("List every image of this product exactly once."), code="bad_image_order"
            )
        changed = []
        for position, image_id in enumerate(image_ids):
            image = images[image_id]
            if image.position != position:
                image.position = position
                changed.append(image)
        ProductImage.objects.bulk_update(changed, ["position"])


def product_image_files_cleanup(sender, instance: ProductImage, **kwargs) -> None:
    """post_delete handler: remove an image's files once the deletion commits.

    A handler, not a service step, so that every way a row goes (a product or shop
    deleted, the admin, a queryset delete) takes its files with it. After commit, so a
    rolled-back deletion keeps its files.
    """
    storage = ProductImage._meta.get_field("image").storage
    names = _product_image_names(instance)
    transaction.on_commit(lambda: files_delete(storage, names))


# Enough photos to show a product from every side; a cap keeps one form post bounded.
MAX_PRODUCT_IMAGES = 8


def _upload_name(upload) -> str:
    return os.path.basename(str(getattr(upload, "name", "") or ""))[:80] or "?"


def photos_process(uploads, *, existing: int = 0) -> list[ProcessedImage]:
    """Return every upload processed, before anything is written or locked.

    Raises ValidationError on ``images`` naming each refused file, or when the product
    would have more than MAX_PRODUCT_IMAGES photos.
    """
    uploads = list(uploads)
    if existing + len(uploads) > MAX_PRODUCT_IMAGES:
        raise ValidationError(
            {
                "images": ValidationError(
                    _("A product can have at most %(limit)d photos."),
                    code="too_many_images",
                    params={"limit": MAX_PRODUCT_IMAGES},
                )
            }
        )
    processed, errors = [], []
    for upload in uploads:
        try:
            processed.append(process_image(upload))
        except ImageRejected as exc:
            errors.append(
                ValidationError(
                    _("%(file)s: %(reason)s"),
                    code=exc.code,
                    params={"file": _upload_name(upload), "reason": " ".join(exc.messages)},
                )
            )
    if errors:
        raise ValidationError({"images": errors})
    return processed


def photos_store(*, product: Product, processed: list[ProcessedImage], written: list[str]):
    for picture in processed:
        image = product_image_store(product=product, processed=picture)
        written.extend(_product_image_names(image))
