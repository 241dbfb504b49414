"""The public catalogue: product list and search, category, product and shop pages."""

from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from haat.pages import public_page
from haat.selectors import haat_state

from .. import selectors
from ..extensions import shop_page_context
from ..forms import CatalogueFilterForm

# How long a rendered listing stays in the cache (it cannot go stale: see _listing).
LISTING_CACHE_SECONDS = 600
# A listing's whole page is kept for anonymous visitors (haat.core.pagecache) when its query
# string has only the filter form's parameters.
cached_listing = public_page(params=CatalogueFilterForm.base_fields)


def _listing(request, *, template, extra=None, category=None, vendor=None, status=200):
    form = CatalogueFilterForm(request.GET)
    filters = form.filters()
    category_slug, vendor_slug = filters.pop("category_slug"), filters.pop("vendor_slug")
    version = selectors.category_tree_version()
    tree = selectors.category_tree(version=version)
    if category is None and category_slug:
        category = selectors.category_by_slug(category_slug, tree=tree)
    if vendor is None and vendor_slug:
        vendor = selectors.approved_vendor(vendor_slug)
    page = selectors.product_page(
        category=category,
        vendor=vendor,
        lean=True,
        page_size=selectors.LISTING_PAGE_SIZE,
        **filters,
    )
    next_query = None
    if page.next_cursor:
        params = request.GET.copy()
        params["after"] = page.next_cursor
        next_query = params.urlencode()
    first = request.GET.copy()
    first.pop("after", None)
    context = {
        # The listing below the shop's header is cached under what it shows (see
        # selectors.products_fingerprint): never stale, and rendered once per change.
        # Not for query strings with unknown parameters: junk must not fill the cache.
        "cache_seconds": LISTING_CACHE_SECONDS if set(request.GET) <= set(form.fields) else 0,
        "content_key": selectors.products_fingerprint(
            page.products,
            request.get_full_path(),
            get_language(),
            version,
            page.next_cursor,
        ),
        "form": form,
        "page": page,
        # Fetched only when the cached listing is missing (a change, or a new page).
        "products": SimpleLazyObject(lambda: selectors.products_for_cards(page.products)),
        "next_query": next_query,
        "is_first_page": not filters["cursor"],
        "first_query": first.urlencode(),
        "category": category,
        "vendor": vendor,
        "categories": tree,
        "query": filters["query"],
        **(extra or {}),
    }
    return render(request, template, context, status=status)


@cached_listing
def product_list(request):
    """Return the product list: search, filters, sort, keyset pages."""
    return _listing(request, template="vendors/product_list.html")


@cached_listing
def category_page(request, slug: str):
    """Return a category's products (its sub-categories' too)."""
    category = selectors.category_by_slug(slug)
    if category is None:
        raise Http404
    return _listing(request, template="vendors/product_list.html", category=category)


# Members see "Following" on a shop's page: kept for visitors only.
@public_page(params=CatalogueFilterForm.base_fields, personal=False)
def vendor_page(request, slug: str):
    """Return an approved shop's page with its products."""
    vendor = selectors.approved_vendor(slug)
    if vendor is None:
        raise Http404
    extra = {
        "following": selectors.is_following(request.user, vendor),
        **shop_page_context(vendor),
    }
    return _listing(request, template="vendors/vendor_page.html", vendor=vendor, extra=extra)


@public_page(product_kwarg="pk")
def product_detail(request, pk: int):
    """Return a product's page; add to cart only while a haat is open."""
    product = selectors.product_for_page(pk)
    if product is None:
        raise Http404
    images = list(product.images.all())
    vendor = product.vendor
    content_key = selectors.products_fingerprint(
        [product],
        (product.stock, product.description, product.category_id, vendor.upazila),
        [(i.image.name, i.display.name) for i in images],
        get_language(),
        selectors.category_tree_version(),
    )
    state = request.haat_state = haat_state()  # the banner reads the same
    return render(
        request,
        "vendors/product_detail.html",
        {"product": product, "images": images, "state": state, "content_key": content_key},
    )
