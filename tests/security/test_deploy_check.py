"""Production settings pass Django's deployment checklist with nothing silenced."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def _production_env(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SECRET_KEY"))}
    env.pop("SILENCED_SYSTEM_CHECKS", None)
    env.update(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="haat.example")
    env.update(overrides)
    return env


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(MANAGE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )


def test_production_settings_pass_check_deploy_with_nothing_silenced():
    # Given the environment a production server gets
    env = _production_env()
    # When Django's deployment checklist runs, warnings counting as failures
    done = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    # Then it finds nothing, and nothing was silenced to get there
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues (0 silenced)" in done.stdout


def test_production_refuses_to_start_without_a_real_secret_key():
    # Given production with the development key, a short key, or none
    for key in ("dev-only-insecure-key-change-me", "short-key", ""):
        env = _production_env(SECRET_KEY=key)
        # When anything starts, Then it stops at once and says why
        done = _manage("check", env=env)
        assert done.returncode != 0
        assert "SECRET_KEY" in done.stderr


def test_production_headers_hsts_secure_cookies_and_proxy_ssl():
    # Given the production settings, as the server process reads them
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, "
        "s.SECURE_REFERRER_POLICY, s.SILENCED_SYSTEM_CHECKS)"
    )
    env = _production_env(DJANGO_SETTINGS_MODULE="haat.settings")
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    # Then HSTS for a year, HTTPS behind the proxy's header, secure cookies, a referrer
    # policy, and no check silenced
    assert done.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "same-origin",
        "[]",
    ], done.stderr
