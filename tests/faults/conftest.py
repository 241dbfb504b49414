"""The faults suite runs only when asked (HAAT_FAULTS=1, as .ci/run and `make faults` do).

Each test gets a stack of its own (tests/faults/servers.py): a private PostgreSQL cluster
copied from one migrated once per run, a private Redis, and the production processes it
starts against them. This test process talks to the same private database through the
ORM, so the data is set up with the usual factories and checked with the usual queries.
"""

import os
import shutil
import subprocess
import sys

import pytest
from django.db import connection

from .servers import BASE_DIR, PostgresCluster, RedisServer, Stack, make_tempdir

ENABLED = os.environ.get("HAAT_FAULTS") == "1"


def pytest_configure(config):
    config.addinivalue_line("markers", "faults: kills and stops real servers (HAAT_FAULTS=1)")


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    reason = None
    if not ENABLED:
        reason = "the faults suite runs with HAAT_FAULTS=1 (make faults, .ci/run)"
    elif connection.vendor != "postgresql":
        reason = "the faults suite needs DATABASE_URL=postgres://… for its own database engine"
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.faults)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def _faults_root():
    root = make_tempdir("haat-faults-")
    os.chmod(root, 0o755)  # noqa: S103 - the postgres user must reach its cluster inside
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def migrated_cluster(_faults_root):
    """Return a stopped cluster with the project's database migrated: copied per test."""
    cluster = PostgresCluster.create(_faults_root / "template")
    cluster.start()
    try:
        db = cluster.connect(dbname="postgres")
        db.autocommit = True
        db.cursor().execute("CREATE DATABASE haat")
        db.close()
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=BASE_DIR, check=True,
            env={**os.environ, "DATABASE_URL": cluster.url,
                 "HAAT_VAR_DIR": str(_faults_root / "var")},
        )  # fmt: skip
    finally:
        cluster.stop()
    return cluster


@pytest.fixture(scope="session")
def static_root(_faults_root):
    """Collect the static files once: the servers run without DEBUG (hashed file names)."""
    target = _faults_root / "static"
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR, check=True,
        env={**os.environ, "DEBUG": "false", "SECRET_KEY": "collectstatic-only-" + "k" * 40,
             "ALLOWED_HOSTS": "localhost", "STATIC_ROOT": str(target),
             "HAAT_VAR_DIR": str(_faults_root / "var")},
    )  # fmt: skip
    return target


@pytest.fixture
def stack(request, migrated_cluster, static_root, django_db_blocker, settings):
    """Start this test's PostgreSQL and Redis; point this process's ORM at the database."""
    # The servers check passwords with the production hashers, not the suite's fast MD5.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    root = make_tempdir(f"haat-{request.node.name[:40]}-")
    os.chmod(root, 0o755)  # noqa: S103 - the postgres user must reach its cluster inside
    postgres = migrated_cluster.copy_to(root / "pg")
    postgres.start()
    redis = RedisServer(root / "redis")
    redis.start()
    stack = Stack(root, postgres, redis, static_root)
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(postgres.settings_dict())
        try:
            yield stack
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)
            stack.shutdown()
            failed = getattr(request.node, "rep_call", None)
            if failed is not None and failed.failed:
                for service in stack.services:
                    print(f"--- {service.name} (last 4000 characters) ---")
                    print(service.output()[-4000:])
            else:
                shutil.rmtree(root, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
