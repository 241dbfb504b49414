"""Reads of a member's own shop: access checks and the dashboard's lists."""

from django.db.models import Count, Q
from django.http import Http404

from ..models import Product, Vendor
from .catalogue import ProductPage, products_keyset_page, with_cover

DASHBOARD_PAGE_SIZE = 50


DASHBOARD_ORDERING = ("-created_at", "-id")


def access_own_vendor(user) -> Vendor:
    """Return the shop ``user`` owns, whatever its status; raise Http404 if none."""
    if not user.is_authenticated:
        raise Http404
    vendor = Vendor.objects.filter(owner_id=user.pk).first()
    if vendor is None:
        raise Http404
    return vendor


def access_vendor_product(user, product_id: int, *, lock: bool = False) -> Product:
    """Return product ``product_id`` with its shop if ``user`` owns that shop.

    Raises Http404 for anyone else, as for a product that does not exist: a stranger
    learns nothing. With ``lock`` the product row is locked until the transaction ends.
    """
    if not user.is_authenticated:
        raise Http404
    products = Product.objects.select_related("vendor", "category").filter(
        pk=product_id, vendor__owner_id=user.pk
    )
    if lock:
        products = products.select_for_update(of=("self",))
    product = products.first()
    if product is None:
        raise Http404
    return product


def vendor_product_counts(*, vendor: Vendor) -> dict[str, int]:
    """Return how many products the shop has: ``total``, ``active`` and ``sold_out``."""
    return vendor.products.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(is_active=True)),
        sold_out=Count("pk", filter=Q(is_active=True, stock=0)),
    )


def vendor_product_page(
    *, vendor: Vendor, cursor: str = "", page_size: int = DASHBOARD_PAGE_SIZE
) -> ProductPage:
    """Return one page of the shop's own products, newest first, active or not.

    Keyset pages over the product_vendor_created index; each product carries its
    ``cover_thumbnail``.
    """
    products = with_cover(Product.objects.filter(vendor=vendor))
    return products_keyset_page(
        products, DASHBOARD_ORDERING, cursor=cursor, page_size=page_size, sort="new"
    )
