"""The public catalogue: product list and search, category, product and shop pages."""

from django.http import Http404
from django.shortcuts import render

from haat.selectors import haat_state
from orders.selectors import vendor_reviews

from . import selectors
from .forms import CatalogueFilterForm


def _listing(request, *, template, extra=None, category=None, vendor=None, status=200):
    form = CatalogueFilterForm(request.GET)
    filters = form.filters()
    category_slug, vendor_slug = filters.pop("category_slug"), filters.pop("vendor_slug")
    if category is None and category_slug:
        category = selectors.category_by_slug(category_slug)
    if vendor is None and vendor_slug:
        vendor = selectors.approved_vendor(vendor_slug)
    page = selectors.product_page(category=category, vendor=vendor, **filters)
    next_query = None
    if page.next_cursor:
        params = request.GET.copy()
        params["after"] = page.next_cursor
        next_query = params.urlencode()
    context = {
        "form": form,
        "page": page,
        "products": page.products,
        "next_query": next_query,
        "is_first_page": not filters["cursor"],
        "category": category,
        "vendor": vendor,
        "categories": selectors.category_tree(),
        "query": filters["query"],
        **(extra or {}),
    }
    return render(request, template, context, status=status)


def product_list(request):
    """Return the product list: search, filters, sort, keyset pages."""
    return _listing(request, template="vendors/product_list.html")


def category_page(request, slug: str):
    """Return a category's products (its sub-categories' too)."""
    category = selectors.category_by_slug(slug)
    if category is None:
        raise Http404
    return _listing(request, template="vendors/product_list.html", category=category)


def vendor_page(request, slug: str):
    """Return an approved shop's page with its products."""
    vendor = selectors.approved_vendor(slug)
    if vendor is None:
        raise Http404
    extra = {
        "following": selectors.is_following(request.user, vendor),
        "reviews": vendor_reviews(vendor) if vendor.rating_count else [],
    }
    return _listing(request, template="vendors/vendor_page.html", vendor=vendor, extra=extra)


def product_detail(request, pk: int):
    """Return a product's page; add to cart only while a haat is open."""
    product = selectors.product_for_page(pk)
    if product is None:
        raise Http404
    return render(
        request,
        "vendors/product_detail.html",
        {"product": product, "images": list(product.images.all()), "state": haat_state()},
    )
