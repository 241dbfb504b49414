"""What can stop a purchase, each with a code for the API and a message for people."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haat.core.formatting import format_dhaka


class PurchaseError(Exception):
    """Base of every refusal; ``code`` is machine-readable, ``message`` translated."""

    code = "purchase_error"
    status = 400

    def __init__(self, message=None):
        self.message = str(message or self.default_message())
        super().__init__(self.message)

    def default_message(self):
        return gettext_lazy("This purchase cannot be completed.")


class HaatClosed(PurchaseError):
    """Buying is allowed only while a haat is open; the cart is kept for the next one."""

    code = "haat_closed"
    status = 409

    def __init__(self, next_session=None):
        self.next_session = next_session
        super().__init__()

    def default_message(self):
        if self.next_session is None:
            return _("The haat is closed. Your cart is kept for the next haat.")
        return _("The haat is closed. Your cart is kept: %(haat)s opens %(when)s.") % {
            "haat": self.next_session,
            "when": format_dhaka(self.next_session.opens_at, "l, d F, H:i"),
        }


class CartEmpty(PurchaseError):
    code = "cart_empty"

    def default_message(self):
        return _("Your cart is empty.")


@dataclass(frozen=True)
class LineProblem:
    """One cart line that cannot be bought as it is."""

    product_id: int
    title: str
    code: str  # unavailable | price_changed | insufficient_stock | invalid_quantity
    requested: int = 0
    available: int = 0
    old_price: Decimal | None = None
    new_price: Decimal | None = None

    @property
    def message(self) -> str:
        if self.code == "insufficient_stock":
            if self.available == 0:
                return _("%(title)s is sold out.") % {"title": self.title}
            return _("Only %(available)s of %(title)s left (you asked for %(requested)s).") % {
                "available": self.available,
                "title": self.title,
                "requested": self.requested,
            }
        if self.code == "price_changed":
            return _(
                "The price of %(title)s changed from ৳%(old)s to ৳%(new)s: please confirm."
            ) % {
                "title": self.title,
                "old": self.old_price,
                "new": self.new_price,
            }
        return _("%(title)s is no longer sold.") % {"title": self.title}


class CartProblems(PurchaseError):
    """Raised with every line at fault; nothing was bought."""

    code = "cart_problems"
    status = 409

    def __init__(self, problems: list[LineProblem]):
        self.problems = problems
        super().__init__(" ".join(p.message for p in problems))


class IdempotencyKeyReused(PurchaseError):
    """A checkout key sent again with other details: answering with the first checkout
    would tell the buyer an order they did not place went through."""

    code = "idempotency_key_reused"
    status = 422

    def default_message(self):
        return _(
            "This checkout was already placed with other details. Reload the checkout page "
            "and order again."
        )


class InvalidPayment(PurchaseError):
    code = "invalid_payment"


class InvalidTransition(PurchaseError):
    code = "invalid_transition"
    status = 409

    def default_message(self):
        return _("This order cannot be changed that way now.")
