"""A Celery worker SIGKILLed in the middle of closing a haat, and of a notification batch.

After a new worker starts, the close is done exactly once (the summary is written in the
same transaction as the compare-and-swap, so the killed one rolled back) and every member
is told exactly once (acks_late redelivers the killed batch; the Notification row is
unique per member, kind and key).
"""

import datetime
import time
from collections import Counter

from django.db import connection
from django.utils import timezone

from accounts.models import Notification
from haat.models import HaatSession, HaatSessionSummary, VendorSessionSummary
from tests.factories import (
    FollowFactory,
    HaatSessionFactory,
    OrderFactory,
    OrderItemFactory,
    VendorFactory,
)

from .servers import wait_for

SWEEP = "haat.tasks.sessions_sweep"
# Seconds, as the stack's processes are configured (CELERY_VISIBILITY_TIMEOUT).
VISIBILITY_TIMEOUT = 10


def _session_status(pk: int) -> str:
    connection.close()
    return HaatSession.objects.values_list("status", flat=True).get(pk=pk)


def _waiting_on_the_summary(db) -> int | None:
    """Return the pid of a backend blocked writing the summary, if one is."""
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query ILIKE %s AND pid <> pg_backend_pid()",
            ["%haat_haatsessionsummary%"],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _backend_gone(db, pid: int) -> bool:
    with db.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 0


def test_a_worker_killed_mid_close_leaves_it_to_the_next_sweep_exactly_once(stack):
    # Given a haat whose window ended a minute ago, with orders from two shops
    now = timezone.now()
    session = HaatSessionFactory(
        status=HaatSession.Status.OPEN,
        opens_at=now - datetime.timedelta(hours=12, minutes=1),
        closes_at=now - datetime.timedelta(minutes=1),
    )
    shops = VendorFactory.create_batch(2)
    for n in range(6):
        order = OrderFactory(checkout__session=session, vendor=shops[n % 2])
        OrderItemFactory(order=order, quantity=2)
    # And the summary table held by this test, so the closing worker stops right there:
    # after its compare-and-swap, before its commit
    holder = stack.postgres.connect()
    holder.cursor().execute("LOCK TABLE haat_haatsessionsummary IN ACCESS EXCLUSIVE MODE")
    watcher = stack.postgres.connect()
    watcher.autocommit = True  # a fresh view of pg_stat_activity at every look
    worker = stack.worker("worker-1")
    stack.send_task(SWEEP)
    blocked = wait_for(lambda: _waiting_on_the_summary(watcher), 60, what="the close to block")

    # When the worker is killed there, and the table let go
    worker.kill()
    holder.rollback()
    wait_for(lambda: _backend_gone(watcher, blocked), 30, what="the killed transaction to end")

    # Then the close was rolled back: still open, no summary
    assert _session_status(session.pk) == "open"
    assert not HaatSessionSummary.objects.filter(session=session).exists()

    # When a new worker starts once the visibility timeout has passed (at start it takes
    # back what a dead worker held longer than that), and beat's next sweep arrives
    time.sleep(VISIBILITY_TIMEOUT + 1)
    worker = stack.worker("worker-2")
    stack.send_task(SWEEP)
    wait_for(lambda: _session_status(session.pk) == "closed", 60, what="the close")
    # and the killed sweep is delivered again too (acks_late)
    wait_for(lambda: worker.output().count(f"Task {SWEEP}[") >= 4, 30, what="the redelivered sweep")
    wait_for(lambda: len(stack.sms_lines()) >= 2, 60, what="the shops' reports")

    # Then the haat was closed once: one summary with every order, each shop's figures
    # once, and each shop told once
    summary = HaatSessionSummary.objects.get(session=session)
    assert summary.orders_count == 6 and summary.units_sold == 12
    assert VendorSessionSummary.objects.filter(session=session).count() == 2
    reports = Notification.objects.filter(kind="haat_vendor_report", key=f"session:{session.pk}")
    assert sorted(reports.values_list("user_id", flat=True)) == sorted(s.owner_id for s in shops)
    sent = Counter(line.split()[1] for line in stack.sms_lines())
    assert sent == Counter({shop.owner.phone: 1 for shop in shops})
    watcher.close()
    holder.close()


def test_a_worker_killed_mid_batch_tells_every_member_exactly_once(stack):
    # Given 30 followers of an approved shop, and a haat whose window has begun
    shop = VendorFactory()
    followers = [FollowFactory(vendor=shop).user for _ in range(30)]
    now = timezone.now()
    session = HaatSessionFactory(
        opens_at=now - datetime.timedelta(minutes=1), closes_at=now + datetime.timedelta(hours=2)
    )
    # And a worker whose SMS gateway takes 0.4 s a message
    worker = stack.worker("worker-1", HAAT_FAULTS_SMS_DELAY="0.4")
    stack.send_task(SWEEP)

    # When it is killed in the middle of the batch, while one message is on its way
    def mid_send() -> bool:
        lines = stack.sms_log.read_text().splitlines() if stack.sms_log.exists() else []
        done = sum(line.startswith("sent ") for line in lines)
        return done >= 5 and lines[-1].startswith("start ")

    wait_for(mid_send, 90, interval=0.02, what="the batch to be half sent")
    worker.kill()
    told_before = len(stack.sms_lines())
    assert 5 <= told_before < 30

    # And a new worker starts once the visibility timeout has passed
    time.sleep(VISIBILITY_TIMEOUT + 1)
    stack.worker("worker-2")

    # Then the batch is delivered again and finished: every member told exactly once
    def everyone_told() -> bool:
        connection.close()
        return (
            Notification.objects.filter(
                kind="haat_opened", key=f"session:{session.pk}", sent_at__isnull=False
            ).count()
            == 30
        )

    wait_for(everyone_told, 90, what="the rest of the batch")
    sent = Counter(line.split()[1] for line in stack.sms_lines())
    assert sent == Counter({user.phone: 1 for user in followers})
    assert Notification.objects.filter(kind="haat_opened").count() == 30
    print(f"killed after {told_before} of 30; the rest sent once by the next worker")
