"""Reads of the haat calendar that pages, the API and other apps share."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .models import HaatSession

Status = HaatSession.Status


def session_for_buying(*, now: datetime.datetime | None = None, lock: bool = False):
    """Return the session buying is allowed in at ``now``, or None.

    Buying is allowed only while a session is open *and* the clock is inside its
    window [opens_at, closes_at): a close task that runs late lets no one buy after it.

    With ``lock`` (inside a transaction) the session row is held FOR SHARE until commit:
    checkouts do not block each other, but closing the session waits for them, so the
    closing summary counts every order placed in the window.
    """
    now = now or timezone.now()
    if lock and connection.vendor == "postgresql":
        rows = list(
            HaatSession.objects.raw(
                "SELECT * FROM haat_haatsession WHERE status = %s AND opens_at <= %s "
                "AND closes_at > %s ORDER BY opens_at LIMIT 1 FOR SHARE",
                [Status.OPEN, now, now],
            )
        )
        return rows[0] if rows else None
    # SQLite runs one write transaction at a time: no row lock is needed there.
    return (
        HaatSession.objects.filter(status=Status.OPEN, opens_at__lte=now, closes_at__gt=now)
        .order_by("opens_at")
        .first()
    )


def buying_allowed(*, now: datetime.datetime | None = None) -> bool:
    """Return whether anyone may buy at ``now``; every purchase path asks this."""
    return session_for_buying(now=now) is not None


@dataclass(frozen=True)
class HaatState:
    """What the site tells everyone: the haat open now, or the next one and when."""

    now: datetime.datetime
    current: HaatSession | None
    upcoming: HaatSession | None

    @property
    def is_open(self) -> bool:
        return self.current is not None

    @property
    def changes_at(self) -> datetime.datetime | None:
        """When this state next reads differently without a write: the open haat's
        closing time or the next one's opening time (the sweep writes it after)."""
        if self.current is not None:
            return self.current.closes_at
        return self.upcoming.opens_at if self.upcoming is not None else None


def haat_state(*, now: datetime.datetime | None = None) -> HaatState:
    """Return the current and the next session in one query."""
    now = now or timezone.now()
    sessions = list(
        HaatSession.objects.filter(
            status__in=[Status.OPEN, Status.SCHEDULED], closes_at__gt=now
        ).order_by("opens_at")[:2]
    )
    current = next((s for s in sessions if s.is_open_at(now)), None)
    upcoming = next((s for s in sessions if s is not current and s.opens_at > now), None)
    return HaatState(now=now, current=current, upcoming=upcoming)


def sessions_due_to_open(*, now: datetime.datetime) -> list[int]:
    """Return ids of scheduled sessions whose window has begun and not ended."""
    return list(
        HaatSession.objects.filter(
            status=Status.SCHEDULED, opens_at__lte=now, closes_at__gt=now
        ).values_list("pk", flat=True)
    )


def sessions_due_to_close(*, now: datetime.datetime) -> list[int]:
    """Return ids of open sessions that have ended, and scheduled ones missed entirely."""
    return list(
        HaatSession.objects.filter(
            status__in=[Status.OPEN, Status.SCHEDULED], closes_at__lte=now
        ).values_list("pk", flat=True)
    )
