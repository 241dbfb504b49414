"""Every write to carts and orders, one module per use case: the cart, checkout,
fulfilment (the status machine), payments and reviews. Callers use this package's names.
"""

from .cart import (
    cart_item_add,
    cart_item_set,
    cart_merge,
    cart_prices_accept,
    require_open_haat,
    session_cart_add,
    session_cart_set,
)
from .checkout import CONTACT_FIELDS, checkout_complete
from .fulfilment import (
    BUYER_MOVES,
    VENDOR_ACTIONS,
    buyer_may_cancel,
    buyer_may_review,
    order_transition,
    vendor_actions,
)
from .payments import TRX_FORMATS, normalise_trx_id, order_mark_paid, order_transaction_set
from .reviews import review_create, review_hide, review_reply

__all__ = [
    "BUYER_MOVES",
    "CONTACT_FIELDS",
    "TRX_FORMATS",
    "VENDOR_ACTIONS",
    "buyer_may_cancel",
    "buyer_may_review",
    "cart_item_add",
    "cart_item_set",
    "cart_merge",
    "cart_prices_accept",
    "checkout_complete",
    "normalise_trx_id",
    "order_mark_paid",
    "order_transaction_set",
    "order_transition",
    "require_open_haat",
    "review_create",
    "review_hide",
    "review_reply",
    "session_cart_add",
    "session_cart_set",
    "vendor_actions",
]
