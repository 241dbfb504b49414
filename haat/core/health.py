"""Is this deployment able to serve? ``/health/``, and the 503 an outage answers with.

``GET /health/`` checks, in parallel, the database (a new connection and ``SELECT 1``),
the cache (a set and a get), the Celery broker (a connection) and beat (the heartbeat the
minute sweep records). It answers 200 with the details as JSON when every required check
passes and 503 when one fails, within ``DEADLINE`` seconds whatever hangs: each check has
its own short timeout and an unfinished one counts as failed.

The beat check needs a cache shared by every process (Redis). The embedded mode's
local-memory cache is per process, so the web process never sees the worker's heartbeat:
there the check is reported but not required.

While the database or Redis is down, a page that needed it fails with one of the errors
``is_outage`` knows; ``server_error`` (the project's handler500) answers those with a
503 and a Retry-After rather than a 500 — the member is told to try again in a minute.
"""

import concurrent.futures
import datetime
import sys
import time
import uuid

from celery import current_app
from django import db
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .api.errors import error_body

BEAT_HEARTBEAT_KEY = "haat:beat-heartbeat"
# The sweep runs every minute: three missed in a row is beat (or every worker) down.
BEAT_STALE_AFTER = datetime.timedelta(minutes=3)
# Seconds the whole answer may take, and one network check (connect + one round trip).
DEADLINE = 8.0
CHECK_TIMEOUT = 3.0
RETRY_AFTER = 30

OUTAGE_ERRORS = (
    db.OperationalError,
    db.InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
    BrokerError,
)


def beat_heartbeat_record(*, now: datetime.datetime | None = None) -> None:
    """Record that the beat-driven sweep ran now (read back by the beat check)."""
    cache.set(BEAT_HEARTBEAT_KEY, (now or timezone.now()).timestamp(), timeout=None)


def cache_is_shared() -> bool:
    """Return whether every process sees the same cache (not a per-process local memory)."""
    return not isinstance(caches["default"], LocMemCache)


def _check_database() -> str:
    # A new connection in this thread, closed at the end: the check proves that the
    # database accepts connections now, which a pooled one would not.
    try:
        with db.connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        db.connection.close()
    return "SELECT 1"


def _check_cache() -> str:
    token = uuid.uuid4().hex
    key = f"haat:health:{token}"
    cache.set(key, token, timeout=30)
    value = cache.get(key)
    cache.delete(key)
    if value != token:
        raise RuntimeError("a value set could not be read back")
    return type(caches["default"]).__name__


def _check_broker() -> str:
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=CHECK_TIMEOUT)
        return conn.as_uri()


def _check_beat() -> str:
    stamp = cache.get(BEAT_HEARTBEAT_KEY)
    if stamp is None:
        raise RuntimeError("no sweep recorded yet")
    age = timezone.now() - datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)
    if age > BEAT_STALE_AFTER:
        raise RuntimeError(f"last sweep {int(age.total_seconds())} s ago")
    return f"last sweep {int(age.total_seconds())} s ago"


def _run(check) -> dict:
    started = time.monotonic()
    try:
        detail, ok = check(), True
    except Exception as exc:  # noqa: BLE001 - any failure is the answer, not a crash
        detail, ok = f"{type(exc).__name__}: {exc}"[:300], False
    return {"ok": ok, "detail": detail, "ms": round((time.monotonic() - started) * 1000, 1)}


def health_report(only: set[str] | None = None) -> tuple[bool, dict]:
    """Run the checks (all, or those named in ``only``) in parallel.

    Return (healthy, details by check name).
    """
    shared = cache_is_shared()
    checks = {
        "database": (_check_database, True),
        "cache": (_check_cache, True),
        "broker": (_check_broker, True),
        "beat": (_check_beat, shared),
    }
    if only:
        checks = {name: check for name, check in checks.items() if name in only} or checks
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=len(checks))
    try:
        futures = {name: pool.submit(_run, check) for name, (check, _req) in checks.items()}
        concurrent.futures.wait(futures.values(), timeout=DEADLINE)
    finally:
        # Never wait for a hung check: its thread ends on its own timeout.
        pool.shutdown(wait=False, cancel_futures=True)
    report = {}
    for name, future in futures.items():
        result = (
            future.result()
            if future.done()
            else {"ok": False, "detail": f"no answer within {DEADLINE:g} s", "ms": None}
        )
        result["required"] = checks[name][1]
        report[name] = result
    if "beat" in report and not shared:
        report["beat"]["detail"] += " (per-process cache: not required)"
    healthy = all(r["ok"] for r in report.values() if r["required"])
    return healthy, report


@never_cache
@require_safe
def health(request):
    """Return 200 and the checks as JSON when healthy, 503 when a required one fails.

    ``?only=database,cache`` runs just those: a load balancer asking whether this web
    process may take traffic need not fail it because beat, elsewhere, is late.
    """
    only = {name.strip() for name in request.GET.get("only", "").split(",") if name.strip()}
    healthy, report = health_report(only)
    body = {
        "status": "ok" if healthy else "unavailable",
        "time": timezone.now().isoformat(),
        "checks": report,
    }
    return JsonResponse(body, status=200 if healthy else 503)


def server_error(request):
    """handler500: a 503 with Retry-After for an outage (database, Redis), else a 500.

    Renders without context processors or the base template: both would query the
    database that may be the thing that is down.
    """
    exc = sys.exc_info()[1]
    outage = isinstance(exc, OUTAGE_ERRORS)
    status = 503 if outage else 500
    if outage:
        message = _("The haat is busy for a moment. Please try again in a minute.")
    else:
        message = _("Something went wrong on our side. Please try again.")
    if request.path.startswith("/api/"):
        code = "service_unavailable" if outage else "server_error"
        response = JsonResponse(error_body(code, message), status=status)
    else:
        html = loader.get_template("error.html").render({"status": status, "message": message})
        response = HttpResponse(html, status=status)
    if outage:
        response["Retry-After"] = str(RETRY_AFTER)
    return response
