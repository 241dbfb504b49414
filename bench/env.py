"""Where the benchmark runs: its own databases, Redis db, ports and folders, on loopback.

Nothing here touches the machine's shared services beyond creating databases named
``haat_bench*`` on its PostgreSQL and using Redis database 11.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
EXPLAIN = ROOT / "bench" / "explain"

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DB", "haat_bench")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/11")
HOST = "127.0.0.1"
WEB_PORT = int(os.environ.get("BENCH_WEB_PORT", "8711"))
# The secret is made once per data set: sessions created for the bench buyers are
# signed with nothing, but their auth hash depends on SECRET_KEY.
_SECRET_FILE = VAR / "secret-key"


def secret_key() -> str:
    """Return the bench's SECRET_KEY (random, kept under var/bench/)."""
    VAR.mkdir(parents=True, exist_ok=True)
    if not _SECRET_FILE.exists():
        _SECRET_FILE.write_text(secrets.token_urlsafe(50))
    return _SECRET_FILE.read_text().strip()


def django_env(database: str = DATABASE) -> dict[str, str]:
    """Return the environment of every bench process: production settings on loopback."""
    return {
        "DATABASE_URL": f"{PG}/{database}",
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": f"haat-{database}",
        "CELERY_QUEUE": f"celery-{database}",
        "DEBUG": "false",
        "SECRET_KEY": secret_key(),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        # Plain HTTP on loopback: no TLS terminator in front of the bench stack.
        "SECURE_SSL_REDIRECT": "false",
        # The site plus the baseline view B1 (/bench/ping/).
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "MEDIA_ROOT": str(VAR / "media"),
        "STATIC_ROOT": str(VAR / "static"),
        "HAAT_VAR_DIR": str(VAR),
        # Every request comes from 127.0.0.1: per-address throttles would refuse the
        # load generator, not measure the site. The throttle still runs (a cache hit).
        "API_THROTTLE_ANON": "100000000/min",
        "API_THROTTLE_USER": "100000000/min",
        "SMS_BACKEND": "bench.sms.NullSMSBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def apply(database: str = DATABASE) -> None:
    """Put the bench environment into this process (before Django is set up)."""
    os.environ.update(django_env(database))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def psql(sql: str, database: str = "postgres") -> str:
    """Run ``sql`` with psql on the bench's PostgreSQL; return its output."""
    return subprocess.run(
        ["psql", f"{PG}/{database}", "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def database_exists(database: str) -> bool:
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'") == "1"


def python(*args: str, database: str = DATABASE) -> None:
    """Run this Python with ``args`` in the bench environment (output shown as it comes)."""
    subprocess.run(
        [str(BIN / "python"), *args],
        check=True,
        cwd=ROOT,
        env={**os.environ, **django_env(database)},
    )


def manage(*args: str, database: str = DATABASE) -> None:
    """Run ``manage.py`` with the bench environment (output shown as it comes)."""
    python(str(ROOT / "manage.py"), *args, database=database)
