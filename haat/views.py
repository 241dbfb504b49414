from django.shortcuts import get_object_or_404, render

from .models import HaatSession


def home(request):
    """Return the home page: the haat's state with a countdown."""
    return render(request, "haat/home.html")


def session_detail(request, pk: int):
    """Return one haat's page: its window and, once closed, its figures."""
    session = get_object_or_404(HaatSession.objects.select_related("summary"), pk=pk)
    return render(request, "haat/session_detail.html", {"session": session})
