from django.shortcuts import get_object_or_404, render

from vendors import selectors

from .models import HaatSession


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
