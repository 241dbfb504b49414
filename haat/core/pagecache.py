"""Whole public pages for anonymous visitors, kept until what they show changes.

At 09:00 most requests are anonymous GETs of the same few hundred catalogue pages. A
page decorated with ``cached_page`` is rendered once and then served from the cache by
a single read, with no query and no template, until a version it is keyed on moves:

- the **catalogue version**, moved on commit by every write to what a page can show:
  products, their pictures, shops, categories, reviews and haat sessions (a haat
  opening changes the banner and the add-to-cart button). ``CatalogueQuerySet`` moves
  it on ``update``, ``bulk_update`` and ``bulk_create``; the receivers of
  ``retire_on_change`` (for the models haat.pages names) on every save and delete
  (cascades included: a model with delete receivers is never fast-deleted). Stock is
  the one hot write, so it has its own path (below).
- a **product's own version** (product pages only), moved by every stock change of
  that product (``product_stock_changing`` before the write, so no cache round trip
  happens under the row lock, and ``product_stock_changed`` on commit); the catalogue
  version moves with it only when the product sells out or comes back, because
  listings show "sold out" and nothing else about stock.

A page is stored under its address and language together with the versions it was
rendered under, and read in the same round trip as the current versions: it is served
only while they are equal. Versions are random tokens, not counters: a version the
cache lost (evicted, flushed, Redis restarted) is replaced by a new random one, never by
a default an old page was stored with. Each is moved right away and again after commit,
so a page rendered from the old rows in between carries a version already retired.

What differs per visitor is left as a hole in the stored body and filled per request:
the CSRF token of the page's forms (``csrf_token`` is a placeholder while the page is
captured; see ``holes``), and the server's clock that the countdown starts from. Pages
are cached only for a visitor with no session and no pending messages (a member, or a
visitor with a cart, sees their own header), only for a 200, and only for query
strings made of the parameters the page knows, so junk URLs cannot fill the cache.
With Redis unreachable every read misses and the page is rendered as before.
"""

import functools
import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

CATALOGUE_KEY = "pv:catalogue"
# How long a stored page lives at most: featured shops and "popular" order rotate.
PAGE_SECONDS = 300
# How long a version lives unread-or-not. Any lifetime is safe (a version that expired is
# replaced by a new one, and pages under the old one are rendered again); a limit keeps
# the versions of products that do not exist, asked for by anyone, from piling up.
VERSION_SECONDS = 3600
# What the stored body holds instead of a per-request value (plain ASCII, HTML-safe).
CSRF_HOLE = "__haat_csrf_hole__"
NOW_HOLE = "__haat_now_hole__"
_HOLES = (CSRF_HOLE.encode(), NOW_HOLE.encode())
MAX_QUERY_LENGTH = 512
# Response headers worth keeping with the body; the middleware adds the rest again.
_KEPT_HEADERS = ("Content-Type", "Vary", "Allow")


def _product_key(pk) -> str:
    return f"pv:product:{pk}"


def _new_version() -> str:
    return secrets.token_hex(6)


def _move(keys: list[str]) -> None:
    versions = {key: _new_version() for key in keys}
    cache.set_many(versions, timeout=VERSION_SECONDS)


def catalogue_changed() -> None:
    """Retire every cached page (a product, shop, category or haat changed)."""
    _move([CATALOGUE_KEY])
    transaction.on_commit(lambda: _move([CATALOGUE_KEY]))


def product_stock_changing(pks) -> None:
    """Retire the pages of products ``pks`` before their stock is written.

    Called before the write so that no cache round trip happens while the product's
    row is locked; ``product_stock_changed`` moves the versions again after commit.
    """
    _move([_product_key(pk) for pk in pks])


def product_stock_changed(pks, *, availability_changed: bool) -> None:
    """After stock of ``pks`` was written: retire their pages on commit, and every page
    (now and on commit) when one of them sold out or came back."""
    keys = [_product_key(pk) for pk in pks]
    if availability_changed:
        keys.append(CATALOGUE_KEY)
        _move([CATALOGUE_KEY])
    transaction.on_commit(lambda: _move(keys))


def _read(page_key: str, version_keys: list[str]) -> tuple[object, list[str]]:
    """Return the stored page (or None) and the current versions, in one round trip."""
    found = cache.get_many([page_key, *version_keys])
    versions = [
        found.get(key) or cache.get_or_set(key, _new_version, timeout=VERSION_SECONDS)
        for key in version_keys
    ]
    return found.get(page_key), versions


class CatalogueQuerySet(models.QuerySet):
    """Bulk writes that retire cached pages (saves and deletes: retire_on_change)."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            catalogue_changed()
        return rows

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        rows = super().bulk_update(objs, fields, batch_size=batch_size)
        if rows:
            catalogue_changed()
        return rows

    bulk_update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            catalogue_changed()
        return created

    bulk_create.alters_data = True


# --- the template side ---------------------------------------------------------------------


# The parts of base.html that differ per member ({% personal %}): left as holes in a page
# kept for members and visitors with a session, rendered per request.
PERSONAL_PARTS = ("_who.html", "_messages.html")
_PART_HOLES = {name: f"__haat_part_{n}_hole__" for n, name in enumerate(PERSONAL_PARTS)}
PLAIN, PERSONAL = "plain", "personal"


def holes(request):
    """Context processor: while a page is captured, its CSRF token is a placeholder."""
    if getattr(request, "page_capture", None):
        return {"csrf_token": CSRF_HOLE}
    return {}


def personal_hole(request, template_name: str):
    """Return the hole for ``template_name`` while a page is captured for members."""
    if getattr(request, "page_capture", None) == PERSONAL:
        return mark_safe(_PART_HOLES[template_name])  # noqa: S308 - a fixed ASCII marker
    return None


def server_now(request) -> str:
    """Return the server's clock (Unix seconds) for the page, or its hole when captured."""
    if getattr(request, "page_capture", None):
        return NOW_HOLE
    return str(int(time.time()))


def _fill(body: bytes, request) -> bytes:
    for name, hole in _PART_HOLES.items():
        marker = hole.encode()
        if marker in body:
            body = body.replace(marker, render_to_string(name, request=request).encode())
    csrf_hole, now_hole = _HOLES
    if csrf_hole in body:
        body = body.replace(csrf_hole, get_token(request).encode())
    if now_hole in body:
        body = body.replace(now_hole, str(int(time.time())).encode())
    return body


# --- the view side ---------------------------------------------------------------------------


def _flavour(request, params: frozenset[str], api: bool, personal: bool) -> str | None:
    """Return which kept page serves this request: PLAIN (a visitor with no session and
    no messages: the page as it is), PERSONAL (with holes for the member's parts), or
    None (render it)."""
    if request.method not in ("GET", "HEAD"):
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_LENGTH or not set(request.GET) <= params:
        return None
    if api:
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        accept = request.META.get("HTTP_ACCEPT", "*/*")
        if "*/*" not in accept and "application/json" not in accept:
            return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return PERSONAL if personal and not api else None
    return PLAIN


def _page_key(request, flavour: str, api: bool) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(where.encode(), digest_size=16).hexdigest()
    return f"page:{'api' if api else 'web'}:{flavour}:{get_language()}:{digest}"


def _seconds_to_keep(request, until) -> int:
    """Return how long a page rendered now may be kept: PAGE_SECONDS, but never past the
    moment ``until(request)`` says the page reads differently on its own."""
    expires = until(request) if until is not None else None
    if expires is None:
        return PAGE_SECONDS
    return max(0, min(PAGE_SECONDS, int((expires - timezone.now()).total_seconds())))


def _replay(stored, request) -> HttpResponse:
    _versions, headers, body = stored
    response = HttpResponse(_fill(body, request))
    for name, value in headers:
        response[name] = value
    return response


def cached_page(
    *,
    params=(),
    product_kwarg: str | None = None,
    api: bool = False,
    hit=None,
    personal: bool = True,
    until=None,
):
    """Decorate a public GET view whose page is the same for every anonymous visitor.

    ``params``: the query parameters the page understands (others are never cached);
    ``product_kwarg``: the URL argument naming the product the page shows (its stock
    is on the page); ``api``: a JSON endpoint (no Authorization header, JSON accepted);
    ``hit``: a callable run before a stored page is served, that may refuse it
    (``False``: the view runs instead; the API's throttle is counted this way);
    ``personal``: members get the kept page too, with their own header and messages
    (False for a page that shows anything else of the member's, like "Following");
    ``until``: a callable(request) returning when the page next changes without a write
    (an aware datetime, or None), past which it is never kept.
    """
    params = frozenset(params)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            flavour = settings.PAGE_CACHE and _flavour(request, params, api, personal)
            if not flavour:
                return view(request, *args, **kwargs)
            keys = [CATALOGUE_KEY]
            if product_kwarg is not None:
                keys.append(_product_key(kwargs[product_kwarg]))
            # One key per page, stored with the versions it was rendered under: a page
            # from before a change is simply not served, and is overwritten below.
            key = _page_key(request, flavour, api)
            stored, versions = _read(key, keys)
            if stored is not None and stored[0] == versions and (hit is None or hit(request)):
                return _replay(stored, request)
            request.page_capture = flavour
            try:
                response = view(request, *args, **kwargs)
            finally:
                request.page_capture = None
            if response.streaming:
                return response
            if callable(getattr(response, "render", None)):
                response.render()  # a TemplateResponse or DRF's Response: render it now
            if (
                response.status_code == 200
                and not response.cookies
                and not response.has_header("Cache-Control")
            ):
                seconds = _seconds_to_keep(request, until)
                if seconds:
                    kept = [(h, response[h]) for h in _KEPT_HEADERS if response.has_header(h)]
                    cache.set(key, (versions, kept, response.content), timeout=seconds)
            response.content = _fill(response.content, request)
            return response

        return wrapper

    return decorate


# --- saves and deletes ------------------------------------------------------------------------


def _row_changed(sender, **kwargs) -> None:
    catalogue_changed()


def retire_on_change(models_shown) -> None:
    """Retire cached pages on every save and delete of each model in ``models_shown``
    (the project says which: haat.pages)."""
    for model in models_shown:
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(_row_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_row_changed, sender=model, dispatch_uid=uid)
