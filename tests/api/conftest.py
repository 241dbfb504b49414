"""Fixtures of the API tests: clients with tokens, an open haat, a cache of their own."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _own_cache(settings):
    # Throttle and log-in counters start at zero in every test, on every backend.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"api-tests-{uuid.uuid4().hex}",
        }
    }


def assert_error(response, status: int, code: str) -> dict:
    """Assert ``response`` is the API's JSON error with this status and code; return it."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == code, error
    assert error["message"]
    return error


def jpeg(name="photo.jpg", size=(900, 600), color=(200, 80, 40)) -> SimpleUploadedFile:
    """Return a real JPEG made in memory."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def client_for(user=None) -> APIClient:
    """Return an API client authenticated with ``user``'s token (anonymous for None)."""
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def buyer():
    return UserFactory()


@pytest.fixture
def buyer_api(buyer):
    return client_for(buyer)
