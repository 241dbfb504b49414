"""Reads of the public catalogue: categories, product pages and cards, shops."""

import base64
import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone

from ..models import Category, Product, ProductImage, Vendor
from ..search import search_filter

PAGE_SIZE = 24


# The web listing's cards a page (issue 7: 48); the API keeps PAGE_SIZE.
LISTING_PAGE_SIZE = 48


SORTS = {
    # name: the ordering, newest/highest first where it reads naturally; id breaks ties.
    "new": ("-created_at", "-id"),
    "price": ("price", "id"),
    "-price": ("-price", "-id"),
    "popular": ("-sold_count", "-id"),
}


def public_products():
    """Return products anyone may see and buy: active, of an approved shop."""
    return Product.objects.sellable()


def with_cover(products):
    """Annotate each product with its cover thumbnail's path (no extra query per product)."""
    cover = ProductImage.objects.filter(product=OuterRef("pk")).order_by("position", "id")
    return products.annotate(cover_thumbnail=Subquery(cover.values("thumbnail")[:1]))


# The tree by version, in this process: a page asks Redis for the version only.
_tree_memo: dict[int, list[Category]] = {}


def category_tree(*, version: int | None = None) -> list[Category]:
    """Return the top categories with their children, cached until a category changes.

    ``version`` is category_tree_version() when the caller has it already.
    """
    version = category_tree_version() if version is None else version
    if version in _tree_memo:
        return _tree_memo[version]
    key = f"category-tree:{version}"
    tree = cache.get(key)
    if tree is None:
        categories = list(Category.objects.order_by("position", "name_en"))
        by_parent: dict[int | None, list[Category]] = {}
        for category in categories:
            by_parent.setdefault(category.parent_id, []).append(category)
        tree = []
        for top in by_parent.get(None, []):
            top.child_list = by_parent.get(top.pk, [])
            tree.append(top)
        cache.set(key, tree, timeout=24 * 3600)
    _tree_memo.clear()
    _tree_memo[version] = tree
    return tree


def category_tree_version() -> int:
    """Return the cached category tree's version: part of every cached page that names
    categories."""
    return cache.get_or_set("category-tree-version", 1, timeout=None)


def products_fingerprint(products, *extra) -> str:
    """Return a digest of what a page shows of ``products`` (products or CardKeys) and
    of ``extra`` values.

    The digest is of the shown values themselves (title, price, stock, shop…), not of
    a version someone must remember to bump: a page fragment cached under it cannot
    show a stale price, whichever code path changed the row.
    """
    digest = hashlib.sha1(usedforsecurity=False)
    for item in products:
        key = item if isinstance(item, CardKey) else card_key(item)
        # A card says "sold out" at 0 and shows no count: a sale elsewhere keeps the key.
        shown = key._replace(stock=key.stock == 0, sort_value=None)
        digest.update(repr(tuple(shown)).encode())
    digest.update(repr(extra).encode())
    return digest.hexdigest()


def category_tree_changed() -> None:
    """Drop the cached category tree (called when a category is saved or deleted)."""
    try:
        cache.incr("category-tree-version")
    except ValueError:
        cache.set("category-tree-version", 2, timeout=None)


def category_by_slug(slug: str, *, tree: list[Category] | None = None) -> Category | None:
    """Return the category with this slug from the cached tree (or ``tree``), or None."""
    for top in category_tree() if tree is None else tree:
        if top.slug == slug:
            return top
        for child in top.child_list:
            if child.slug == slug:
                return child
    return None


def _encode_cursor(values) -> str:
    raw = json.dumps([str(v) for v in values]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, count: int) -> list[str] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != count:
        return None
    return [str(v) for v in values]


def _after(ordering, values):
    """Return the Q selecting rows after ``values`` in keyset ``ordering`` (two fields)."""
    (first, second), (value, pk) = ordering, values
    first_name, second_name = first.lstrip("-"), second.lstrip("-")
    first_op = "lt" if first.startswith("-") else "gt"
    second_op = "lt" if second.startswith("-") else "gt"
    after = Q(**{f"{first_name}__{first_op}": value}) | Q(
        **{first_name: value, f"{second_name}__{second_op}": pk}
    )
    # The same bound once more, alone: PostgreSQL cannot start an index scan from an OR,
    # but from "created_at <= value" it can, so page 1,000 reads one page of the index,
    # not the 48,000 rows before it.
    return Q(**{f"{first_name}__{first_op}e": value}) & after


class CardKey(NamedTuple):
    """A lean listing row: everything a product card shows, and the row's sort value."""

    pk: int
    title: str
    price: Decimal
    unit: str
    stock: int
    vendor_slug: str
    shop_name: str
    district: str
    cover_thumbnail: str | None
    sort_value: object = None


_CARD_KEY_FIELDS = (
    "pk", "title", "price", "unit", "stock", "vendor__slug", "vendor__shop_name",
    "vendor__district", "cover_thumbnail",
)  # fmt: skip


def card_key(product: Product) -> CardKey:
    """Return the CardKey of a product fetched with its shop and ``cover_thumbnail``."""
    return CardKey(
        product.pk, product.title, product.price, product.unit, product.stock,
        product.vendor.slug, product.vendor.shop_name, product.vendor.district,
        getattr(product, "cover_thumbnail", None),
    )  # fmt: skip


def products_for_cards(keys) -> list[Product]:
    """Return the products of ``keys`` (CardKeys or ids), in that order, ready for cards."""
    ids = [getattr(key, "pk", key) for key in keys]
    products = with_cover(
        Product.objects.select_related("vendor", "category").defer(
            "description", "search_text", "vendor__description"
        )
    ).in_bulk(ids)
    return [products[pk] for pk in ids if pk in products]


@dataclass
class ProductPage:
    products: list
    next_cursor: str | None
    sort: str


def _cursor_values(ordering, cursor):
    values = _decode_cursor(cursor, 2) if cursor else None
    if values is None:
        return None
    field = Product._meta.get_field(ordering[0].lstrip("-"))
    try:
        value = field.to_python(values[0])
        pk = int(values[1])
    except (ValidationError, ValueError):
        return None
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        return None
    return value, pk


def product_page(
    *,
    query: str = "",
    category: Category | None = None,
    district: str = "",
    vendor: Vendor | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
    in_stock: bool = False,
    sort: str = "new",
    cursor: str = "",
    page_size: int = PAGE_SIZE,
    lean: bool = False,
) -> ProductPage:
    """Return one page of public products, filtered and sorted, and the next page's cursor.

    Keyset pagination: page 1,000 costs what page 1 costs, and there is no COUNT(*) over
    the catalogue. A text search sorts by relevance unless another sort is asked for; its
    pages are bounded (MAX_SEARCH_PAGES) instead of keyed.

    With ``lean`` the page holds CardKeys instead of products: enough to look up a cached
    page (products_fingerprint), and products_for_cards() fetches the rest on a miss.
    """
    # A card shows neither description nor search text: the long text columns stay in
    # the database (a page of them is most of the bytes a listing would fetch).
    products = (
        public_products()
        .select_related("vendor", "category")
        .defer("description", "search_text", "vendor__description")
    )
    if category is not None:
        ids = [category.pk] + [c.pk for c in getattr(category, "child_list", [])]
        products = products.filter(category_id__in=ids)
    if district:
        products = products.filter(vendor__district=district)
    if vendor is not None:
        products = products.filter(vendor=vendor)
    if min_price is not None:
        products = products.filter(price__gte=min_price)
    if max_price is not None:
        products = products.filter(price__lte=max_price)
    if in_stock:
        products = products.filter(stock__gt=0)
    products = with_cover(products)
    if query.strip() and sort == "relevance":
        products = search_filter(products, query).order_by("-relevance", "-id")
        offset = _bounded_offset(cursor, page_size)
        if lean:
            products = products.values_list(*_CARD_KEY_FIELDS)
        rows = list(products[offset : offset + page_size + 1])
        if lean:
            rows = [CardKey(*row) for row in rows]
        more = len(rows) > page_size and offset + page_size < MAX_SEARCH_PAGES * page_size
        next_cursor = _encode_cursor(["offset", offset + page_size]) if more else None
        return ProductPage(rows[:page_size], next_cursor, sort)
    if query.strip():
        products = search_filter(products, query)
    sort = sort if sort in SORTS else "new"
    return products_keyset_page(
        products, SORTS[sort], cursor=cursor, page_size=page_size, sort=sort, lean=lean
    )


def products_keyset_page(
    products, ordering, *, cursor: str, page_size: int, sort: str, lean: bool = False
) -> ProductPage:
    """Return the page of ``products`` after ``cursor`` in ``ordering`` (a field and id)."""
    after = _cursor_values(ordering, cursor)
    if after is not None:
        products = products.filter(_after(ordering, after))
    field = ordering[0].lstrip("-")
    products = products.order_by(*ordering)
    if lean:
        rows = [
            CardKey(*row) for row in products.values_list(*_CARD_KEY_FIELDS, field)[: page_size + 1]
        ]
    else:
        rows = list(products[: page_size + 1])
    next_cursor = None
    if len(rows) > page_size:
        last = rows[page_size - 1]
        value = last.sort_value if lean else getattr(last, field)
        if isinstance(value, datetime.datetime):
            value = value.isoformat()
        next_cursor = _encode_cursor([value, last.pk])
    return ProductPage(rows[:page_size], next_cursor, sort)


MAX_SEARCH_PAGES = 20


def _bounded_offset(cursor: str, page_size: int) -> int:
    values = _decode_cursor(cursor, 2) if cursor else None
    if not values or values[0] != "offset":
        return 0
    try:
        offset = int(values[1])
    except ValueError:
        return 0
    return min(max(offset, 0), (MAX_SEARCH_PAGES - 1) * page_size)


def product_for_page(pk: int) -> Product | None:
    """Return a public product with its shop, category and images, or None."""
    return (
        public_products()
        .select_related("vendor", "category", "category__parent")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"))
        )
        .filter(pk=pk)
        .first()
    )


def approved_vendor(slug: str) -> Vendor | None:
    """Return the approved shop with this slug, or None."""
    return Vendor.objects.filter(slug=slug, status=Vendor.Status.APPROVED).first()


def featured_vendors(limit: int = 8) -> list[Vendor]:
    """Return approved shops to show on the home page, most units sold first.

    Cached for ten minutes: the sum runs over every product.
    """
    ids = cache.get("featured-vendor-ids")
    if ids is None:
        ids = list(
            Vendor.objects.filter(status=Vendor.Status.APPROVED)
            .annotate(units=Sum("products__sold_count"))
            .order_by(F("units").desc(nulls_last=True), "-approved_at")
            .values_list("pk", flat=True)[:limit]
        )
        cache.set("featured-vendor-ids", ids, timeout=600)
    vendors = Vendor.objects.filter(pk__in=ids, status=Vendor.Status.APPROVED).in_bulk()
    return [vendors[pk] for pk in ids if pk in vendors]
