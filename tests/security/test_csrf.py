"""Every unsafe request on a logged-in session needs the CSRF token: without it, 403.

The URLs are read from the resolver, so a view added tomorrow is covered the day it
lands; one that is csrf_exempt must be listed below with its reason.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView

from tests.factories import ProductFactory, UserFactory

UNSAFE = ("post", "put", "patch", "delete")

# Views that skip Django's CSRF check and why that is safe.
EXEMPT = {
    # Answers 404 to any method on an unknown /api/ path; changes nothing.
    "haat.core.api.errors.not_found",
}

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")
_SAMPLES = {"int": "1", "slug": "x", "str": "x", "path": "1", "uuid": "0" * 32}


def _concrete(pattern) -> str:
    """Return a path the pattern matches, with sample values for its parameters."""
    text = str(pattern)
    if text.startswith("^") or "(?P<" in text:
        text = _REGEX_GROUP.sub(lambda m: m["body"].split("|")[0].strip("^$\\w+*.") or "x", text)
        return text.lstrip("^").rstrip("$").replace("\\", "")
    return _ROUTE_PARAM.sub(lambda m: _SAMPLES.get(m["converter"] or "str", "x"), text)


def _endpoints(resolver=None, prefix=""):
    """Yield (path, view callback) for every URL the project serves."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _endpoints(entry, prefix + _concrete(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + _concrete(entry.pattern), entry.callback


def _dotted(view) -> str:
    return f"{view.__module__}.{view.__name__}"


def _session_authenticated(view) -> bool:
    """Return whether an API view accepts a session login (so must check CSRF itself)."""
    cls = getattr(view, "cls", None)
    if cls is None or not issubclass(cls, APIView):
        return True
    return any(issubclass(auth, SessionAuthentication) for auth in cls().authentication_classes)


@pytest.fixture
def session_client(db):
    """A staff member's logged-in browser that never sends a CSRF token."""
    user = UserFactory(is_staff=True, is_superuser=True)
    ProductFactory(vendor__owner=user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_the_resolver_lists_the_pages_that_matter():
    paths = {path for path, _view in _endpoints()}
    for expected in ("/checkout/", "/dashboard/products/new/", "/accounts/logout/"):
        assert expected in paths


def test_every_unsafe_request_without_a_token_is_refused(session_client):
    # Given every URL of the site, web pages and session-authenticated API endpoints
    refused, let_through = 0, []
    for path, view in _endpoints():
        if _dotted(view) in EXEMPT or not _session_authenticated(view):
            continue
        for method in UNSAFE:
            # When a logged-in browser sends an unsafe request with no CSRF token
            response = getattr(session_client, method)(path)
            # Then it is refused before the view changes anything
            if response.status_code == 403:
                refused += 1
            else:
                let_through.append((method.upper(), path, response.status_code))
    assert let_through == []
    assert refused > 300


def test_api_writes_on_a_session_need_the_token_and_pass_with_it(db):
    # Given a vendor logged in through the web site, holding its CSRF token
    user = UserFactory()
    product = ProductFactory(vendor__owner=user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else None
    url = f"/api/v1/vendor/products/{product.pk}/"
    # When it changes its product through the API without the token
    response = client.patch(url, {"stock": 3}, content_type="application/json")
    # Then the API refuses
    assert response.status_code == 403
    assert response.json()["error"]["code"] in {"permission_denied", "csrf_failed"}
    # And with the token the same request goes through (the refusal was the CSRF check)
    if token is None:
        response = client.get("/accounts/password/")
        token = client.cookies["csrftoken"].value
    response = client.patch(
        url, {"stock": 3}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200
    product.refresh_from_db()
    assert product.stock == 3


def test_the_exempt_list_names_only_views_that_exist():
    views = {_dotted(view) for _path, view in _endpoints()}
    assert views >= EXEMPT
