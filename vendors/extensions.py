"""What the apps above vendors add to its pages, registered by them.

vendors sits below orders (README, Architecture) and cannot import it; a shop's page
still shows the reviews buyers left after delivered orders. So vendors owns this
registry and orders adds its part in its AppConfig.ready().
"""

from collections.abc import Callable

_SHOP_PAGE_PARTS: list[Callable] = []


def shop_page_part(part: Callable) -> Callable:
    """Register ``part(vendor) -> dict``, merged into every shop page's context."""
    _SHOP_PAGE_PARTS.append(part)
    return part


def shop_page_context(vendor) -> dict:
    """Return what every registered part adds to ``vendor``'s page."""
    context = {}
    for part in _SHOP_PAGE_PARTS:
        context.update(part(vendor))
    return context
