"""Money for carts and orders, computed in one place. Decimal only; commission is ৳0."""

from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0.00")


def delivery_charge(vendor, district: str | None) -> Decimal:
    """Return the shop's delivery charge to ``district`` (inside or outside its own)."""
    if district and district == vendor.district:
        return vendor.delivery_charge_inside
    return vendor.delivery_charge_outside


def line_total(unit_price: Decimal, quantity: int) -> Decimal:
    return (unit_price * quantity).quantize(Decimal("0.01"))


@dataclass
class VendorGroup:
    """One shop's part of a cart: its lines and money."""

    vendor: object
    lines: list = field(default_factory=list)
    subtotal: Decimal = ZERO
    delivery: Decimal | None = None

    @property
    def total(self) -> Decimal:
        return self.subtotal + (self.delivery or ZERO)


def group_by_vendor(items, district: str | None = None) -> list[VendorGroup]:
    """Return cart lines grouped by shop with subtotals (and delivery if the district is known).

    ``items`` have ``product`` (with ``vendor``), ``quantity`` and a ``unit_price``.
    """
    groups: dict[int, VendorGroup] = {}
    for item in items:
        vendor = item.product.vendor
        group = groups.setdefault(vendor.pk, VendorGroup(vendor=vendor))
        group.lines.append(item)
        group.subtotal += line_total(item.unit_price, item.quantity)
    for group in groups.values():
        if district:
            group.delivery = delivery_charge(group.vendor, district)
    return sorted(groups.values(), key=lambda g: g.vendor.shop_name)


def grand_total(groups: list[VendorGroup]) -> Decimal:
    return sum((g.total for g in groups), ZERO)
