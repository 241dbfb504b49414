"""Reads of the community around the shops: followers, owners, the member directory."""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from haat.models import VendorSessionSummary

from ..models import Follow, Product, Vendor


def follower_ids_of_approved_vendors():
    """Return the ids of members following at least one approved shop (a lazy queryset)."""
    return (
        Follow.objects.filter(vendor__status=Vendor.Status.APPROVED)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


def owner_ids_of_vendors(vendor_ids) -> list[int]:
    """Return the owners' member ids of these shops."""
    return list(Vendor.objects.filter(pk__in=vendor_ids).values_list("owner_id", flat=True))


DIRECTORY_PAGE_SIZE = 30


DIRECTORY_MAX_PAGES = 100


def directory_page(
    *, query: str = "", district: str = "", batch: int | None = None, category=None, page: int = 1
) -> tuple[list[Vendor], bool]:
    """Return one page of approved shops (by name) and whether there is a next page.

    Each shop carries ``haats_sold``: the haats it has sold in, counted per shop shown.
    """
    vendors = Vendor.objects.filter(status=Vendor.Status.APPROVED)
    if query.strip():
        vendors = vendors.filter(
            Q(shop_name__icontains=query.strip()) | Q(upazila__icontains=query.strip())
        )
    if district:
        vendors = vendors.filter(district=district)
    if batch:
        vendors = vendors.filter(batch_number=batch)
    if category is not None:
        ids = [category.pk] + [c.pk for c in getattr(category, "child_list", [])]
        vendors = vendors.filter(
            Exists(
                Product.objects.filter(vendor=OuterRef("pk"), is_active=True, category_id__in=ids)
            )
        )
    haats = (
        VendorSessionSummary.objects.filter(vendor=OuterRef("pk"))
        .order_by()
        .values("vendor")
        .annotate(n=Count("id"))
        .values("n")
    )
    page = min(max(page, 1), DIRECTORY_MAX_PAGES)
    start = (page - 1) * DIRECTORY_PAGE_SIZE
    rows = list(
        vendors.annotate(haats_sold=Coalesce(Subquery(haats), 0)).order_by("shop_name", "pk")[
            start : start + DIRECTORY_PAGE_SIZE + 1
        ]
    )
    has_next = len(rows) > DIRECTORY_PAGE_SIZE and page < DIRECTORY_MAX_PAGES
    return rows[:DIRECTORY_PAGE_SIZE], has_next


def is_following(user, vendor) -> bool:
    return bool(user.is_authenticated) and Follow.objects.filter(user=user, vendor=vendor).exists()
