"""The page cache wired to the marketplace: which models a kept page shows, and when a
kept page expires on its own (the haat's next opening or closing changes its banner and
cart button). The cache itself (haat.core.pagecache) knows neither.
"""

from django.apps import apps

from haat.core.pagecache import cached_page, retire_on_change

from .selectors import haat_state

# What a kept page can show: a save or delete of any of these retires every kept page.
SHOWN_MODELS = (
    "vendors.Category",
    "vendors.Vendor",
    "vendors.Product",
    "vendors.ProductImage",
    "haat.HaatSession",
    "orders.Review",
)


def haat_changes_at(request):
    """Return when the haat's state next reads differently (read once per request)."""
    state = getattr(request, "haat_state", None)  # read by the page's banner already
    if state is None:
        state = request.haat_state = haat_state()
    return state.changes_at


def public_page(**options):
    """``cached_page`` for a public page of the marketplace (see its options)."""
    return cached_page(until=haat_changes_at, **options)


def connect_receivers() -> None:
    """Retire kept pages on every save and delete of a shown model (HaatConfig.ready)."""
    retire_on_change(apps.get_model(name) for name in SHOWN_MODELS)
