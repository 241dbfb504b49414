"""Two beat processes by mistake, just after beat was down through an opening.

Haat A should have opened a quarter of an hour ago (beat was down from 08:55 to 09:10);
haat B opens a minute or two from now, right as A closes. Two real `celery beat`
processes and two workers run against the stack, so every sweep is sent twice and may
run concurrently. Each haat opens exactly once, within a minute of beat coming back
(A) or of its opening time (B), and each follower is told once per haat.
"""

import datetime
import time
from collections import Counter

from django.db import connection
from django.utils import timezone

from accounts.models import Notification
from haat.models import HaatSession, HaatSessionSummary
from tests.factories import FollowFactory, HaatSessionFactory, VendorFactory

from .servers import wait_for

FOLLOWERS = 20


def _next_minute(after: datetime.datetime) -> datetime.datetime:
    return after.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)


def _fresh(session: HaatSession) -> HaatSession:
    connection.close()
    return HaatSession.objects.get(pk=session.pk)


def test_two_beats_after_downtime_open_each_haat_once_and_on_time(stack):
    # Given a shop with followers, haat A that should have opened 15 minutes ago, and
    # haat B opening at the first minute boundary at least 70 s from now, as A closes
    shop = VendorFactory()
    followers = [FollowFactory(vendor=shop).user for _ in range(FOLLOWERS)]
    now = timezone.now()
    b_opens = _next_minute(now + datetime.timedelta(seconds=70))
    a = HaatSessionFactory(opens_at=now - datetime.timedelta(minutes=15), closes_at=b_opens)
    b = HaatSessionFactory(opens_at=b_opens, closes_at=b_opens + datetime.timedelta(hours=1))

    # When beat comes back twice over (two processes), with two workers
    stack.worker("worker-1")
    stack.worker("worker-2")
    recovered = timezone.now()
    beats = [stack.beat("beat-1"), stack.beat("beat-2")]

    # Then A opens once, within a minute of the recovery
    wait_for(lambda: _fresh(a).status == "open", 90, interval=1, what="A to open")
    opened_a = _fresh(a).opened_at
    assert opened_a - recovered < datetime.timedelta(seconds=60 + 5)

    # And at B's time A closes once and B opens once, within the minute
    wait_for(lambda: _fresh(b).status == "open", 170, interval=1, what="B to open")
    time.sleep(15)  # the second beat's duplicate sweep has come and gone
    a, b = _fresh(a), _fresh(b)
    assert a.status == "closed" and a.opened_at == opened_a
    assert datetime.timedelta(0) <= b.opened_at - b.opens_at < datetime.timedelta(seconds=60)
    assert HaatSessionSummary.objects.filter(session=a).count() == 1

    # And both beats were running and each sent the sweep (the mistake really happened)
    assert all(beat.alive for beat in beats)
    for beat in beats:
        assert "Sending due task haat-sessions-sweep" in beat.output()

    # And each follower was told once per haat
    def told(session) -> int:
        connection.close()
        return Notification.objects.filter(
            kind="haat_opened", key=f"session:{session.pk}", sent_at__isnull=False
        ).count()

    wait_for(lambda: told(a) == FOLLOWERS and told(b) == FOLLOWERS, 60, what="the notices")
    sent = Counter(line.split()[1] for line in stack.sms_lines())
    assert sent == Counter({user.phone: 2 for user in followers})
    sweeps = sum(beat.output().count("Sending due task haat-sessions-sweep") for beat in beats)
    print(
        f"A opened {(opened_a - recovered).total_seconds():.0f} s after beat came back; "
        f"B {(b.opened_at - b.opens_at).total_seconds():.0f} s after its time; "
        f"sweeps sent: {sweeps}"
    )
