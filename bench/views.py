"""Baseline B1: the cheapest Django view there is, to measure the framework's ceiling."""

from django.http import JsonResponse


def ping(request):
    """Return a small JSON body: no database, no template, no session read."""
    return JsonResponse({"ok": True, "service": "haat"})
