"""A visitor's session cart joins the member's cart at login."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services import cart_merge


@receiver(user_logged_in, dispatch_uid="orders.merge_session_cart")
def merge_session_cart(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    items = request.session.pop("cart", None)
    if items:
        cart_merge(user=user, items=items)
