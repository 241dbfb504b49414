"""Every write to shops and the catalogue, and the rules that go with it."""

import logging
import os
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.notifications import notify_on_commit
from accounts.phone import to_ascii_digits

from .images import ImageRejected, ProcessedImage, process_image, process_logo
from .models import Product, ProductImage, Vendor, shop_slugify
from .search import search_text_refresh

logger = logging.getLogger(__name__)


def vendor_approve(*, vendor_id: int) -> bool:
    """Approve a pending or suspended shop; return False if it was already approved.

    The owner is told once the approval commits.
    """
    with transaction.atomic():
        changed = (
            Vendor.objects.filter(pk=vendor_id)
            .exclude(status=Vendor.Status.APPROVED)
            .update(status=Vendor.Status.APPROVED, approved_at=timezone.now())
        )
        if changed:
            owner_id = Vendor.objects.values_list("owner_id", flat=True).get(pk=vendor_id)
            notify_on_commit(
                kind="vendor_approved",
                key=f"vendor:{vendor_id}:{timezone.now().isoformat()}",
                user_ids=[owner_id],
                params={"vendor_id": vendor_id},
            )
    return bool(changed)


def vendor_suspend(*, vendor_id: int) -> bool:
    """Suspend a shop (it lists and sells nothing); return False if already suspended."""
    changed = (
        Vendor.objects.filter(pk=vendor_id)
        .exclude(status=Vendor.Status.SUSPENDED)
        .update(status=Vendor.Status.SUSPENDED)
    )
    return bool(changed)


# --- Images ---------------------------------------------------------------------------


def _files_delete(storage, names: list[str]) -> None:
    """Delete stored files by name; a file already gone is not an error."""
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            # Leaving one orphan is better than failing the request that removed its row.
            logger.warning("Could not delete stored file %s", name, exc_info=True)


def _product_image_names(image: ProductImage) -> list[str]:
    return [image.image.name, image.display.name, image.thumbnail.name]


def product_image_add(*, product: Product, upload, position: int | None = None) -> ProductImage:
    """Process ``upload`` and store it as an image of ``product``; return the new row.

    The picture is validated and re-encoded before anything is written; the three files
    and the row are then saved together. Without ``position`` the image goes last.
    Raises ImageRejected (a ValidationError) for an unacceptable upload; on that or any
    other failure no file and no row is left behind.

    The cleanup covers this call only: do not wrap it in a larger transaction that may
    roll back after it returns, or its files would outlive the row.
    """
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
        _files_delete(storage, written)
        raise
    return image


def product_image_delete(*, image_id: int) -> bool:
    """Delete a product image; return False if there was none.

    Its three files are removed once the deletion commits (by the post_delete handler).
    """
    deleted, _counts = ProductImage.objects.filter(pk=image_id).delete()
    return bool(deleted)


def product_images_reorder(*, product: Product, image_ids: list[int]) -> None:
    """Put the product's images in the order of ``image_ids``; the first is the cover.

    Raises ValidationError unless ``image_ids`` lists each of the product's images once.
    """
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


def product_delete(*, product_id: int) -> bool:
    """Delete a product and its images; return False if there was none.

    The image files go once the deletion commits (by the post_delete handler). Order
    lines keep their title and price snapshot and lose only the link.
    """
    deleted, _counts = Product.objects.filter(pk=product_id).delete()
    return bool(deleted)


def product_image_files_cleanup(sender, instance: ProductImage, **kwargs) -> None:
    """post_delete handler: remove an image's files once the deletion commits.

    A handler, not a service step, so that every way a row goes (a product or shop
    deleted, the admin, a queryset delete) takes its files with it. After commit, so a
    rolled-back deletion keeps its files.
    """
    storage = ProductImage._meta.get_field("image").storage
    names = _product_image_names(instance)
    transaction.on_commit(lambda: _files_delete(storage, names))


def vendor_logo_set(*, vendor: Vendor, upload) -> Vendor:
    """Process ``upload`` into the shop's square logo, replacing any earlier one.

    Raises ImageRejected (a ValidationError) for an unacceptable upload, leaving the old
    logo in place. The old file is removed once the change commits.
    """
    content = process_logo(upload)
    storage = Vendor._meta.get_field("logo").storage
    previous = vendor.logo.name
    written: list[str] = []
    try:
        with transaction.atomic():
            old = (
                Vendor.objects.select_for_update().values_list("logo", flat=True).get(pk=vendor.pk)
            )
            vendor.logo.save(content.name, content, save=False)
            written.append(vendor.logo.name)
            # Only the logo column: the caller's copy of the other fields may be stale.
            Vendor.objects.filter(pk=vendor.pk).update(logo=vendor.logo.name)
            if old:
                transaction.on_commit(lambda: _files_delete(storage, [old]))
    except BaseException:
        _files_delete(storage, written)
        vendor.logo.name = previous
        raise
    return vendor


def vendor_logo_cleanup(sender, instance: Vendor, **kwargs) -> None:
    """post_delete handler: remove a deleted shop's logo file once the deletion commits."""
    if instance.logo:
        storage = Vendor._meta.get_field("logo").storage
        name = instance.logo.name
        transaction.on_commit(lambda: _files_delete(storage, [name]))


# --- Shops: opening and editing ---------------------------------------------------------

# The profile fields a member sets; slug, owner, status and logo are the services' own.
VENDOR_PROFILE_FIELDS = (
    "shop_name",
    "phone",
    "district",
    "upazila",
    "batch_number",
    "bkash_number",
    "nagad_number",
    "rocket_number",
    "description",
    "delivery_charge_inside",
    "delivery_charge_outside",
)

# A name made only of signs slugify drops (or of punctuation) still needs a slug.
FALLBACK_SLUG = "shop"
_SLUG_ATTEMPTS = 5
_ROCKET_NUMBER = re.compile(r"\d{11,12}")


def rocket_number_normalise(value: str) -> str:
    """Return a Rocket account number as 11 or 12 ASCII digits ("" stays "").

    Bengali digits, spaces and dashes are accepted. Raises ValidationError otherwise.
    """
    digits = re.sub(r"[\s\-]", "", to_ascii_digits(str(value or "")))
    if digits and not _ROCKET_NUMBER.fullmatch(digits):
        raise ValidationError(
            _("A Rocket number has 11 or 12 digits."), code="invalid_rocket_number"
        )
    return digits


def _profile_apply(vendor: Vendor, data: dict) -> list[str]:
    """Set the profile fields found in ``data`` on ``vendor``; return the changed names.

    Raises ValidationError (by field) for a value the model refuses.
    """
    changed = []
    for name in VENDOR_PROFILE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "rocket_number":
            try:
                value = rocket_number_normalise(value)
            except ValidationError as exc:
                raise ValidationError({name: exc.error_list}) from exc
        elif value is None and name in ("bkash_number", "nagad_number", "description"):
            value = ""
        if getattr(vendor, name) != value:
            setattr(vendor, name, value)
            changed.append(name)
    # Owner and slug are checked by the database's unique constraints (see vendor_apply);
    # the logo goes through the image pipeline.
    vendor.full_clean(exclude=["owner", "slug", "logo"])
    return changed


def _slug_base(shop_name: str) -> str:
    max_length = Vendor._meta.get_field("slug").max_length - 4  # room for "-999"
    return shop_slugify(shop_name)[:max_length].strip("-_") or FALLBACK_SLUG


def _slug_free(base: str) -> str:
    """Return ``base`` or the first ``base-N`` (N ≥ 2) no shop has yet."""
    taken = set(Vendor.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _logo_replace(*, vendor: Vendor, upload) -> str:
    """Set the shop's logo; return the new file's name. Raises ValidationError on logo."""
    try:
        vendor_logo_set(vendor=vendor, upload=upload)
    except ImageRejected as exc:
        raise ValidationError({"logo": exc.error_list}) from exc
    return vendor.logo.name


def _written_logo_forget(vendor: Vendor, name: str) -> None:
    # vendor_logo_set cleans up after its own failures only; when the transaction around
    # it rolls back later, the file it wrote is ours to remove.
    _files_delete(Vendor._meta.get_field("logo").storage, [name])


def vendor_apply(*, owner, data: dict, logo=None) -> Vendor:
    """Open a shop for ``owner``, pending approval; return it.

    ``data`` holds the profile fields (VENDOR_PROFILE_FIELDS). The slug is the shop name
    slugified with Unicode kept ("shop" when nothing is left), made unique with -2, -3,
    …; it never changes afterwards. Raises ValidationError for an invalid field, for a
    member who already has a shop ("You already have a shop"), or on ``logo`` for an
    unacceptable picture; on any error no shop row and no logo file is left.
    """
    vendor = Vendor(owner=owner, status=Vendor.Status.PENDING)
    _profile_apply(vendor, data)
    base = _slug_base(vendor.shop_name)
    written_logo = ""
    try:
        with transaction.atomic():
            for _attempt in range(_SLUG_ATTEMPTS):
                vendor.slug = _slug_free(base)
                try:
                    # A savepoint: a lost race for the slug leaves the transaction usable.
                    with transaction.atomic():
                        vendor.save(force_insert=True)
                    break
                except IntegrityError:
                    # One shop per member is the OneToOne's unique constraint; this asks
                    # which constraint refused the row, it does not decide the rule.
                    if Vendor.objects.filter(owner_id=owner.pk).exists():
                        raise ValidationError(
                            _("You already have a shop."), code="shop_exists"
                        ) from None
                    vendor.pk = None
            else:
                raise ValidationError(
                    {"shop_name": _("Could not find a free web address; try again.")},
                    code="slug_busy",
                )
            if logo:
                written_logo = _logo_replace(vendor=vendor, upload=logo)
    except BaseException:
        if written_logo:
            _written_logo_forget(vendor, written_logo)
        vendor.pk = None
        raise
    return vendor


def vendor_update(*, vendor: Vendor, data: dict, logo=None) -> Vendor:
    """Change a shop's profile (and logo, when given); return the shop as saved.

    The slug never changes. A new shop name is written into its products' search text,
    so that search finds them by it. Raises ValidationError for invalid fields or an
    unacceptable logo; then nothing is changed.
    """
    written_logo = ""
    try:
        with transaction.atomic():
            locked = Vendor.objects.select_for_update().get(pk=vendor.pk)
            changed = _profile_apply(locked, data)
            if changed:
                locked.save(update_fields=[*changed, "updated_at"])
            if "shop_name" in changed:
                search_text_refresh(vendor_id=locked.pk)
            if logo:
                written_logo = _logo_replace(vendor=locked, upload=logo)
    except BaseException:
        if written_logo:
            _written_logo_forget(locked, written_logo)
        raise
    return locked


# --- Products ---------------------------------------------------------------------------

PRODUCT_FIELDS = ("title", "description", "category", "price", "unit", "stock", "is_active")
# Enough photos to show a product from every side; a cap keeps one form post bounded.
MAX_PRODUCT_IMAGES = 8


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


def _upload_name(upload) -> str:
    return os.path.basename(str(getattr(upload, "name", "") or ""))[:80] or "?"


def _uploads_process(uploads, *, existing: int = 0) -> list[ProcessedImage]:
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


def _images_store(*, product: Product, processed: list[ProcessedImage], written: list[str]):
    for picture in processed:
        image = product_image_store(product=product, processed=picture)
        written.extend(_product_image_names(image))


def product_create(*, vendor: Vendor, data: dict, images=()) -> Product:
    """Create a product of ``vendor`` with its photos (the first is the cover); return it.

    ``data`` holds PRODUCT_FIELDS; the category must be a sub-category. A pending shop's
    products wait, unlisted, for its approval. Raises ValidationError for a suspended
    shop, an invalid field or any refused photo (naming every such file); then no
    product row and no file is left.
    """
    status = Vendor.objects.values_list("status", flat=True).get(pk=vendor.pk)
    if status == Vendor.Status.SUSPENDED:
        raise ValidationError(
            _("Your shop is suspended: it cannot add products."), code="suspended"
        )
    product = Product(vendor=vendor)
    _product_apply(product, data)
    # Photos are decoded and re-encoded before the transaction: seconds of Pillow work
    # must not hold a lock (on SQLite, the whole database's write lock).
    processed = _uploads_process(images)
    written: list[str] = []
    try:
        with transaction.atomic():
            product.save(force_insert=True)
            _images_store(product=product, processed=processed, written=written)
            search_text_refresh(product_ids=[product.pk])
    except BaseException:
        # product_image_store removes its own files when it fails, not when this
        # transaction rolls back after it returned.
        _files_delete(ProductImage._meta.get_field("image").storage, written)
        product.pk = None
        raise
    return product


def product_update(*, product: Product, data: dict, new_images=()) -> Product:
    """Change a product's fields found in ``data`` and add ``new_images``; return it.

    Raises ValidationError for an invalid field or any refused photo (naming every such
    file); then nothing is changed and no new file is left.
    """
    processed = _uploads_process(new_images, existing=product.images.count())
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Product.objects.select_for_update().get(pk=product.pk)
            _product_apply(locked, data)
            locked.save()
            _images_store(product=locked, processed=processed, written=written)
            search_text_refresh(product_ids=[locked.pk])
    except BaseException:
        _files_delete(ProductImage._meta.get_field("image").storage, written)
        raise
    return locked


def product_set_active(*, product: Product, active: bool) -> bool:
    """List (``active``) or unlist a product; return False if it already was so."""
    changed = (
        Product.objects.filter(pk=product.pk)
        .exclude(is_active=active)
        .update(is_active=active, updated_at=timezone.now())
    )
    product.is_active = active
    return bool(changed)
