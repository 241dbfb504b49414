"""Reads of shops and the catalogue that pages, the API and other apps share."""

from .models import Follow, Vendor


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
