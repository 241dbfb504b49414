"""The deployment files agree with the code: every setting named, one upload cap, one beat."""

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
DEPLOY = BASE / "deploy"

_READS = re.compile(
    r"""(?:env_(?:str|bool|int|list)|os\.environ\.get|_int)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def _names_read(*paths: Path) -> set[str]:
    return {name for path in paths for name in _READS.findall(path.read_text())}


def test_env_example_names_every_setting_the_code_reads():
    read = _names_read(
        BASE / "haat" / "settings.py",
        DEPLOY / "gunicorn.conf.py",
        BASE / "haat" / "management" / "commands" / "run_haat.py",
    )
    example = (BASE / ".env.example").read_text()
    named = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert read - named == set()
    assert "SECRET_KEY" in read and "REDIS_URL" in read


def test_nginx_takes_exactly_the_apps_request_cap():
    cap_mb = settings.HAAT_REQUEST_MAX_BYTES // (1024 * 1024)
    for conf in ("haat.conf", "compose.conf"):
        text = (DEPLOY / "nginx" / conf).read_text()
        assert re.findall(r"client_max_body_size (\d+)m;", text) == [str(cap_mb)], conf
        assert "X-Forwarded-Proto" in text and "$proxy_add_x_forwarded_for" in text


def test_the_request_cap_fits_a_full_product_form():
    from vendors.images import MAX_UPLOAD_BYTES
    from vendors.services import MAX_PRODUCT_IMAGES

    assert settings.HAAT_REQUEST_MAX_BYTES >= MAX_PRODUCT_IMAGES * MAX_UPLOAD_BYTES


def test_whitenoise_comes_right_after_the_security_middleware():
    middleware = settings.MIDDLEWARE
    position = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware[position + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"


def test_systemd_units_run_gunicorn_with_its_config_and_beat_only_where_chosen():
    units = DEPLOY / "systemd"
    assert (
        "gunicorn -c deploy/gunicorn.conf.py haat.wsgi" in (units / "haat-web.service").read_text()
    )
    assert " worker " in (units / "haat-worker.service").read_text()
    beat = (units / "haat-beat.service").read_text()
    assert " beat " in beat and "ConditionPathExists=/etc/haat/beat-host" in beat


def test_compose_runs_the_whole_stack_with_exactly_one_beat():
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "appendonly" in " ".join(services["redis"]["command"])
    assert services["web"]["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (DEPLOY / "Dockerfile").exists()
