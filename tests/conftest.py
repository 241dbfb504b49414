"""Shared fixtures: a temporary MEDIA_ROOT, eager Celery for unit tests, factories."""

import datetime
import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from accounts.notifications import MemorySMSBackend
from haat.celery import app as celery_app
from haat.models import HaatSession
from tests.factories import HaatSessionFactory


def pytest_configure(config):
    # Unit tests run tasks inline; the integration tests under tests/haat start a real
    # worker over Redis and switch this off for themselves.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_BACKEND = "accounts.notifications.MemorySMSBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MemorySMSBackend.outbox = []
    yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test starts with no cached page, count or version left by the one before.
    cache.clear()
    yield


@pytest.fixture
def make_open_haat():
    """Return a function making a session open now, for eleven more hours.

    Its keyword arguments set other fields (``number=261``). Call it where the order
    matters: inside a test, once the database it should land in is ready.
    """

    def make(**fields) -> HaatSession:
        now = timezone.now()
        return HaatSessionFactory(
            status=HaatSession.Status.OPEN,
            opens_at=now - datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(hours=11),
            **fields,
        )

    return make


@pytest.fixture
def open_haat(make_open_haat):
    """Return a session open now, for eleven more hours."""
    return make_open_haat()


@pytest.fixture
def sms_outbox():
    """Return the list every SMS sent during the test lands in."""
    return MemorySMSBackend.outbox


@pytest.fixture
def postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


requires_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)"
)
__all__ = ["django_settings", "requires_redis"]
