"""Reviews: a buyer rates the shop of a delivered order; the shop answers once."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vendors.services import vendor_rating_set

from ..errors import InvalidTransition, PurchaseError
from ..models import Order, Review
from ..selectors import vendor_rating

Status = Order.Status


def review_create(*, order_id: int, buyer, rating: int, text: str = "") -> Review:
    """Rate the shop of a delivered order, once per order; refresh the shop's average.

    Raises InvalidTransition if the order is not the buyer's or not delivered,
    PurchaseError for a rating outside 1-5 or a second review.
    """
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise PurchaseError(_("Choose a rating from 1 to 5."))
    try:
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order_id)
            if order.buyer_id != buyer.pk or order.status != Status.DELIVERED:
                raise InvalidTransition(_("You can review a shop after your order is delivered."))
            review = Review.objects.create(
                order=order, vendor_id=order.vendor_id, buyer=buyer, rating=rating, text=text[:2000]
            )
            average, count = vendor_rating(order.vendor_id)
            vendor_rating_set(vendor_id=order.vendor_id, average=average, count=count)
    except IntegrityError as exc:
        raise PurchaseError(_("You have already reviewed this order.")) from exc
    return review


def review_reply(*, review_id: int, actor, reply: str) -> Review:
    """The shop answers a review, once. Raises InvalidTransition otherwise."""
    reply = (reply or "").strip()[:2000]
    if not reply:
        raise PurchaseError(_("Write a reply first."))
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("vendor").get(pk=review_id)
        if review.vendor.owner_id != actor.pk or review.replied_at:
            raise InvalidTransition(_("This review cannot be answered again."))
        review.reply, review.replied_at = reply, timezone.now()
        review.save(update_fields=["reply", "replied_at"])
    return review


def review_hide(*, review_id: int) -> bool:
    """Hide a review from its shop's page (a moderator's action); return False if it was
    hidden already. The shop's average keeps it. One compare-and-swap UPDATE, which
    retires the kept pages that showed it. Raises nothing."""
    return bool(Review.objects.filter(pk=review_id, hidden=False).update(hidden=True))
