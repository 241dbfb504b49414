"""Taking and returning stock: the only code that changes Product.stock after listing.

Stock is taken by conditional updates (``stock = stock - n WHERE stock >= n``), one per
product, always in product-id order so that two checkouts holding the same products lock
their rows in the same order and never deadlock. Call inside the checkout's transaction:
a shortage raises, and the transaction's rollback returns whatever was already taken.
"""

import functools
from dataclasses import dataclass

from django.db import connection

from haat.core.pagecache import product_stock_changed, product_stock_changing

from .models import Product

# A row id no product has: the placeholder for the product in the compiled rule below.
_ANY_PRODUCT = -1
_RETURN = (
    "UPDATE vendors_product SET stock = stock + %s, "
    "sold_count = CASE WHEN sold_count > %s THEN sold_count - %s ELSE 0 END "
    "WHERE id = %s RETURNING stock"
)
assert Product._meta.db_table == "vendors_product"


@functools.cache
def _take_statement() -> tuple[str, list, int]:
    """Return the UPDATE that takes one product's stock, its fixed parameters, and where
    the product's id goes among them.

    One statement per product that also says what is left (RETURNING: PostgreSQL, and
    SQLite since 3.35), so a sale knows whether it sold the product out without a read.
    Which products may be sold is ``Product.objects.sellable()``, compiled here into the
    statement's condition (filtered on the one id, so it stays an index lookup).
    """
    query = Product.objects.sellable().filter(pk=_ANY_PRODUCT).order_by().values("pk").query
    sellable, params = query.sql_with_params()
    params = list(params)
    assert params.count(_ANY_PRODUCT) == 1
    # The condition is compiled by the ORM; every value is a parameter.
    sql = (
        "UPDATE vendors_product SET stock = stock - %s, sold_count = sold_count + %s "  # noqa: S608
        f"WHERE id IN ({sellable}) AND stock >= %s RETURNING stock"
    )
    return sql, params, params.index(_ANY_PRODUCT)


@dataclass(frozen=True)
class Shortage:
    """A line that could not be filled: how many were asked for and how many are left."""

    product_id: int
    requested: int
    available: int


class InsufficientStock(Exception):
    """Raised with every line that could not be filled."""

    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__(f"insufficient stock for products {[s.product_id for s in shortages]}")


def stock_available(product_ids) -> dict[int, int]:
    """Return the stock of each sellable product (a plain read: no row is locked)."""
    return dict(Product.objects.sellable().filter(pk__in=product_ids).values_list("pk", "stock"))


def stock_take(*, lines: dict[int, int]) -> None:
    """Take ``{product_id: quantity}`` from stock; raise InsufficientStock listing shortages.

    Products not sellable (inactive, or of a shop not approved) count as having no stock.
    Must run inside a transaction that is
    rolled back when this raises (nothing partial is kept).
    """
    shortages, sold_out = [], False
    # Cached pages show the stock (product page) and "sold out" (listings).
    product_stock_changing(lines)
    take, rule, at = _take_statement()
    with connection.cursor() as cursor:
        for product_id in sorted(lines):
            quantity = lines[product_id]
            params = rule.copy()
            params[at] = product_id
            cursor.execute(take, [quantity, quantity, *params, quantity])
            row = cursor.fetchone()
            if row is None:
                shortages.append(Shortage(product_id, quantity, 0))
            else:
                sold_out = sold_out or row[0] == 0
    if shortages:
        # Report what is really left, read after the failed updates.
        left = dict(
            Product.objects.filter(pk__in=[s.product_id for s in shortages]).values_list(
                "pk", "stock"
            )
        )
        raise InsufficientStock(
            [Shortage(s.product_id, s.requested, left.get(s.product_id, 0)) for s in shortages]
        )
    product_stock_changed(lines, availability_changed=sold_out)


def stock_return(*, lines: dict[int, int]) -> None:
    """Put ``{product_id: quantity}`` back (an order cancelled); deleted products are skipped."""
    back_on_sale = False
    product_stock_changing(lines)
    with connection.cursor() as cursor:
        for product_id in sorted(lines):
            quantity = lines[product_id]
            cursor.execute(_RETURN, [quantity, quantity, quantity, product_id])
            row = cursor.fetchone()
            back_on_sale = back_on_sale or (row is not None and row[0] == quantity)
    product_stock_changed(lines, availability_changed=back_on_sale)
