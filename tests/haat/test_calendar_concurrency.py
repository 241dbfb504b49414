"""The calendar under concurrency, on PostgreSQL: exactly one transition, no overlap."""

import pytest
from django.db import IntegrityError, connection

from accounts.models import Notification
from haat import services
from haat.models import HaatSession, HaatSessionSummary
from tests.factories import FollowFactory, default_schedule
from tests.support.clock import dhaka
from tests.support.concurrency import run_at_once

Status = HaatSession.Status
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proved on PostgreSQL (set DATABASE_URL)")
    default_schedule()


def run_together(target, count: int) -> list:
    """Run ``target()`` in ``count`` threads at once; return the results (none may fail)."""
    outcomes = run_at_once([target] * count)
    assert not [error for _, error in outcomes if error], outcomes
    return [result for result, _ in outcomes]


def make_session(day: int) -> HaatSession:
    return HaatSession.objects.create(
        kind=HaatSession.Kind.SPECIAL,
        opens_at=dhaka(2026, 12, day, 9, 0),
        closes_at=dhaka(2026, 12, day, 21, 0),
    )


def test_eight_concurrent_sweeps_open_the_haat_exactly_once(sms_outbox):
    # Given a due session with a follower, and eight sweeps (two beats, retries…) at once
    session = make_session(29)
    follower = FollowFactory().user
    at_nine = dhaka(2026, 12, 29, 9, 0, 1)
    # When they all run together
    results = run_together(lambda: services.sessions_sweep(now=at_nine), 8)
    # Then exactly one opened it, and the follower was told once
    assert sum(r["opened"] for r in results) == 1
    session.refresh_from_db()
    assert session.status == Status.OPEN
    assert session.opened_at == at_nine
    assert Notification.objects.filter(user=follower, kind="haat_opened").count() == 1
    assert [phone for phone, _ in sms_outbox].count(follower.phone) == 1


def test_eight_concurrent_sweeps_close_the_haat_exactly_once():
    session = make_session(29)
    services.sessions_sweep(now=dhaka(2026, 12, 29, 9, 0))
    at_close = dhaka(2026, 12, 29, 21, 0, 2)
    results = run_together(lambda: services.sessions_sweep(now=at_close), 8)
    assert sum(r["closed"] for r in results) == 1
    session.refresh_from_db()
    assert session.status == Status.CLOSED
    assert HaatSessionSummary.objects.filter(session=session).count() == 1


def test_concurrent_planners_create_each_session_once():
    now = dhaka(2026, 12, 28, 10, 0)
    results = run_together(lambda: len(services.sessions_plan(now=now)), 4)
    assert sum(results) == 8
    assert HaatSession.objects.count() == 8
    numbers = sorted(HaatSession.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 9))


def test_the_database_itself_refuses_overlapping_sessions():
    make_session(29)
    # Bypassing clean(): the exclusion constraint still holds
    with pytest.raises(IntegrityError):
        HaatSession.objects.create(
            kind=HaatSession.Kind.SPECIAL,
            opens_at=dhaka(2026, 12, 29, 20, 0),
            closes_at=dhaka(2026, 12, 29, 23, 0),
        )


def test_a_cancelled_session_does_not_block_a_new_one_in_its_window():
    first = make_session(29)
    services.session_cancel(session_id=first.pk, now=dhaka(2026, 12, 28, 9, 0))
    replacement = HaatSession.objects.create(
        kind=HaatSession.Kind.SPECIAL,
        opens_at=dhaka(2026, 12, 29, 10, 0),
        closes_at=dhaka(2026, 12, 29, 20, 0),
    )
    assert replacement.pk
