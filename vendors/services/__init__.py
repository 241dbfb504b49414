"""Every write to shops and the catalogue, one module per use case: shops, products,
their photos, and the community (following, ratings). Callers use this package's names.
"""

from .community import follow_vendor, unfollow_vendor, vendor_rating_set
from .photos import (
    MAX_PRODUCT_IMAGES,
    product_image_add,
    product_image_delete,
    product_image_files_cleanup,
    product_image_store,
    product_images_reorder,
)
from .products import (
    PRODUCT_FIELDS,
    product_create,
    product_delete,
    product_set_active,
    product_update,
    products_unlist,
)
from .shops import (
    FALLBACK_SLUG,
    STATUS_REASON_MAX_LENGTH,
    VENDOR_PROFILE_FIELDS,
    rocket_number_normalise,
    status_reason_clean,
    vendor_apply,
    vendor_approve,
    vendor_logo_cleanup,
    vendor_logo_set,
    vendor_reject,
    vendor_suspend,
    vendor_update,
)

__all__ = [
    "FALLBACK_SLUG",
    "MAX_PRODUCT_IMAGES",
    "PRODUCT_FIELDS",
    "STATUS_REASON_MAX_LENGTH",
    "VENDOR_PROFILE_FIELDS",
    "follow_vendor",
    "product_create",
    "product_delete",
    "product_image_add",
    "product_image_delete",
    "product_image_files_cleanup",
    "product_image_store",
    "product_images_reorder",
    "product_set_active",
    "product_update",
    "products_unlist",
    "rocket_number_normalise",
    "status_reason_clean",
    "unfollow_vendor",
    "vendor_apply",
    "vendor_approve",
    "vendor_logo_cleanup",
    "vendor_logo_set",
    "vendor_rating_set",
    "vendor_reject",
    "vendor_suspend",
    "vendor_update",
]
