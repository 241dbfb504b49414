"""Writes of the community around the shops: following, and the ratings reviews give."""

from django.db import IntegrityError, transaction

from ..models import Follow, Vendor


def follow_vendor(*, user, vendor_id: int) -> bool:
    """Follow an approved shop; return False if already following. Raises Vendor.DoesNotExist."""
    vendor = Vendor.objects.get(pk=vendor_id, status=Vendor.Status.APPROVED)
    try:
        with transaction.atomic():
            Follow.objects.create(user=user, vendor=vendor)
    except IntegrityError:
        return False
    return True


def unfollow_vendor(*, user, vendor_id: int) -> bool:
    """Stop following a shop; return False if the member was not following it."""
    deleted, _ = Follow.objects.filter(user=user, vendor_id=vendor_id).delete()
    return bool(deleted)


def vendor_rating_set(*, vendor_id: int, average, count: int) -> None:
    """Store a shop's review average and count (computed by the orders app)."""
    Vendor.objects.filter(pk=vendor_id).update(rating_avg=average, rating_count=count)
