"""Every write to shops and the catalogue, and the rules that go with it."""

from django.db import transaction
from django.utils import timezone

from accounts.notifications import notify_on_commit

from .models import Vendor


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
