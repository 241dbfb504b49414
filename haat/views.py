from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from haat.core.formatting import local_digits
from haat.pages import public_page
from vendors import selectors
from vendors.districts import district_name

from . import reports
from .models import HaatSession, VendorSessionSummary


@public_page()
def home(request):
    """Return the home page: the haat's state, categories, new products, featured shops."""
    newest = selectors.product_page(page_size=12, lean=True).products
    featured = selectors.featured_vendors()
    version = selectors.category_tree_version()
    context = {
        "categories": selectors.category_tree(version=version),
        # Fetched only when the cached page body is missing (products_fingerprint).
        "new_products": SimpleLazyObject(lambda: selectors.products_for_cards(newest)),
        "featured_vendors": featured,
        "content_key": selectors.products_fingerprint(
            newest,
            [(v.slug, v.shop_name, v.district) for v in featured],
            get_language(),
            version,
        ),
    }
    return render(request, "haat/home.html", context)


def session_detail(request, pk: int):
    """Return one haat's page: its window and, once closed, its figures."""
    session = get_object_or_404(HaatSession.objects.select_related("summary"), pk=pk)
    return render(request, "haat/session_detail.html", {"session": session})


def numbers(request):
    """Return the public "haat in numbers" page with its charts."""
    figures = reports.haat_numbers()
    return render(
        request,
        "haat/numbers.html",
        {
            "figures": figures,
            "sales_points": [(local_digits(n or ""), g) for n, g, _o in figures["per_haat"]],
            "district_points": [(district_name(d), g) for d, g in figures["top_districts"]],
            "category_points": [(c.name, g) for c, g in figures["top_categories"]],
        },
    )


@login_required
def vendor_sales(request):
    """Return the shop's sales per haat: orders, units, gross sales, repeat buyers."""
    vendor = selectors.access_own_vendor(request.user)
    rows = list(
        VendorSessionSummary.objects.filter(vendor=vendor)
        .select_related("session")
        .order_by("-session__opens_at")[:52]
    )
    return render(
        request,
        "haat/vendor_sales.html",
        {
            "vendor": vendor,
            "rows": rows,
            "points": [(local_digits(r.session.number or ""), r.gross_sales) for r in rows[::-1]],
        },
    )
