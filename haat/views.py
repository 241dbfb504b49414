from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from vendors import selectors
from vendors.districts import district_name

from . import selectors as selectors_haat
from .formatting import local_digits
from .models import HaatSession, VendorSessionSummary


def home(request):
    """Return the home page: the haat's state, categories, new products, featured shops."""
    new = selectors.with_cover(selectors.public_products().select_related("vendor"))
    context = {
        "categories": selectors.category_tree(),
        "new_products": list(new.order_by("-created_at", "-id")[:12]),
        "featured_vendors": selectors.featured_vendors(),
    }
    return render(request, "haat/home.html", context)


def session_detail(request, pk: int):
    """Return one haat's page: its window and, once closed, its figures."""
    session = get_object_or_404(HaatSession.objects.select_related("summary"), pk=pk)
    return render(request, "haat/session_detail.html", {"session": session})


def numbers(request):
    """Return the public "haat in numbers" page with its charts."""
    figures = selectors_haat.haat_numbers()
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
