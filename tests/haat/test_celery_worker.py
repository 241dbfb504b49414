"""A real Celery worker, over the configured broker (Redis when REDIS_URL is set), opens a haat.

The worker runs in its own process against the test database, so the test data is
committed (transactional test) and the task travels through the real broker.
"""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import Notification
from haat.celery import app as celery_app
from haat.models import HaatSession
from haat.tasks import sessions_sweep
from tests.factories import FollowFactory, default_schedule

pytestmark = pytest.mark.django_db(transaction=True)


def worker_database_url() -> str:
    """Return a DATABASE_URL naming the test database this process uses."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def worker(tmp_path):
    """Start a Celery worker on a queue of its own; yield the queue name."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "CELERY_QUEUE": queue,
        "SMS_BACKEND": "accounts.notifications.ConsoleSMSBackend",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "celery", "-A", "haat", "worker", "--pool=solo", "-Q", queue,
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    celery_app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        celery_app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        print((tmp_path / "worker.log").read_text()[-3000:])


def wait_for(predicate, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def test_a_real_worker_opens_the_haat_and_tells_followers(worker):
    # Given a session whose window began a minute ago, and a follower of an approved shop
    default_schedule()
    now = timezone.now()
    session = HaatSession.objects.create(
        kind=HaatSession.Kind.SPECIAL,
        opens_at=now - datetime.timedelta(minutes=1),
        closes_at=now + datetime.timedelta(hours=2),
    )
    follower = FollowFactory().user
    # When the sweep is sent through the broker to the worker
    sessions_sweep.apply_async(queue=worker)
    # Then the worker opens the session, and its notification task (sent on commit from
    # the worker, through the broker again) tells the follower
    assert wait_for(lambda: HaatSession.objects.get(pk=session.pk).status == "open")
    assert wait_for(
        lambda: Notification.objects.filter(
            user=follower, kind="haat_opened", sent_at__isnull=False
        ).exists()
    )
    # And a second sweep through the worker changes nothing
    sessions_sweep.apply_async(queue=worker)
    time.sleep(2)
    session.refresh_from_db()
    assert session.status == "open"
    assert Notification.objects.filter(user=follower, kind="haat_opened").count() == 1
