"""/health/, the 503 an outage answers with, the resilient cache and the JSON logs.

The real outages (PostgreSQL and Redis stopped under load) are in tests/faults/.
"""

import datetime
import json
import logging
import sys
import time

import pytest
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from haat.core import health
from haat.core.cache import ResilientRedisCache
from haat.core.logging import JSONFormatter
from haat.tasks import sessions_sweep

pytestmark = pytest.mark.django_db


def _down(request):
    raise OperationalError("could not connect to server: Connection refused")


def _bug(request):
    raise ZeroDivisionError


def _fine(request):
    return HttpResponse("fine")


# This module is the URLconf of the outage tests (ROOT_URLCONF points here).
urlpatterns = [
    path("down/", _down),
    path("api/v1/down/", _down),
    path("bug/", _bug),
    path("fine/", _fine),
]
handler500 = "haat.core.health.server_error"


@pytest.fixture
def shared_cache(monkeypatch):
    """Make the beat check required, as it is with Redis."""
    monkeypatch.setattr(health, "cache_is_shared", lambda: True)


def test_healthy_answers_200_with_every_check(client, shared_cache):
    # Given beat's sweep has just run
    sessions_sweep()
    # When the monitor asks
    response = client.get("/health/")
    # Then all is well, and it says what it checked
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "beat"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_stale_beat_answers_503(client, shared_cache):
    # Given the last sweep ran ten minutes ago
    health.beat_heartbeat_record(now=timezone.now() - datetime.timedelta(minutes=10))
    # When the monitor asks, Then beat is reported down
    response = client.get("/health/")
    assert response.status_code == 503
    beat = response.json()["checks"]["beat"]
    assert beat["ok"] is False and "600 s ago" in beat["detail"]


def test_with_a_per_process_cache_a_stale_beat_is_reported_but_not_required(client, monkeypatch):
    # Given the embedded mode: local memory cache, which the worker does not share
    monkeypatch.setattr(health, "cache_is_shared", lambda: False)
    health.beat_heartbeat_record(now=timezone.now() - datetime.timedelta(hours=1))
    response = client.get("/health/")
    assert response.status_code == 200
    beat = response.json()["checks"]["beat"]
    assert beat["ok"] is False and beat["required"] is False
    assert "per-process" in beat["detail"]


def test_a_load_balancer_can_ask_about_this_process_only(client, shared_cache):
    # Given beat late, as it may be without this web process being at fault
    health.beat_heartbeat_record(now=timezone.now() - datetime.timedelta(minutes=10))
    # When the load balancer asks about the database and the cache only
    response = client.get("/health/?only=database,cache")
    # Then this process may take traffic
    assert response.status_code == 200
    assert set(response.json()["checks"]) == {"database", "cache"}


def test_a_refused_database_answers_503(client, monkeypatch, shared_cache):
    sessions_sweep()

    def refused():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_check_database", refused)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["detail"].startswith("OperationalError")


def test_a_hung_check_cannot_hold_the_answer(client, monkeypatch, shared_cache):
    # Given a broker that never answers
    sessions_sweep()
    monkeypatch.setattr(health, "DEADLINE", 0.5)
    monkeypatch.setattr(health, "_check_broker", lambda: time.sleep(5))
    # When the monitor asks
    started = time.monotonic()
    response = client.get("/health/")
    # Then it is told within the deadline, not after the hang
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert "no answer" in response.json()["checks"]["broker"]["detail"]


def test_an_unreachable_redis_fails_the_cache_check(client, settings, shared_cache):
    # Given a Redis that refuses connections (nothing listens on port 1)
    settings.CACHES = {
        "default": {
            "BACKEND": "haat.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get("/health/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"]["ok"] is False
    assert checks["beat"]["ok"] is False


def test_the_health_check_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    assert client.get("/health/").status_code in {200, 503}
    assert client.get("/numbers/").status_code == 301


def test_the_database_connection_gives_up_quickly(settings):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    assert 0 < settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] <= 10


# --- an outage is a 503, a bug still a 500 -----------------------------------------------


@pytest.fixture
def outage_client(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    return client


def test_a_database_outage_answers_503_with_retry_after(outage_client):
    response = outage_client.get("/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(health.RETRY_AFTER)
    assert b"<html" in response.content


def test_an_api_outage_answers_json(outage_client):
    response = outage_client.get("/api/v1/down/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"


def test_a_bug_is_still_a_500(outage_client):
    response = outage_client.get("/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response


# --- the cache misses instead of failing -------------------------------------------------


def test_an_unreachable_redis_cache_misses_and_skips_writes():
    cache = ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    assert cache.get("k", "default") == "default"
    assert cache.get_or_set("k", lambda: 7) == 7
    cache.set("k", 1)
    cache.delete("k")
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    # A counter is not a cache: its failure is raised (the log-in limit fails closed)
    with pytest.raises(Exception, match="(?i)connect"):
        cache.incr("k")


# --- JSON logs ----------------------------------------------------------------------------


def test_json_log_lines_carry_the_message_the_extras_and_the_exception():
    try:
        raise ValueError("boom")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "haat.test", logging.ERROR, __file__, 1, "Order %s failed", (7,), exc_info
    )
    record.order_id = 7
    line = JSONFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["message"] == "Order 7 failed"
    assert entry["level"] == "ERROR" and entry["logger"] == "haat.test"
    assert entry["order_id"] == 7
    assert "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")
