"""Every write to the haat calendar: planning, editing, opening and closing sessions.

Opening and closing are compare-and-swap updates (``filter(status=old).update(...)``):
whoever changes the row does the side effects, so a sweep that runs twice, concurrently,
or late after downtime changes each session exactly once.
"""

import datetime
import logging

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify_on_commit
from haat.core.formatting import haat_tz
from haat.core.outbox import task_send_on_commit
from orders.selectors import session_sales_by_vendor, session_sales_totals
from vendors.selectors import follower_ids_of_approved_vendors, owner_ids_of_vendors

from . import reports, selectors
from .models import (
    HaatSchedule,
    HaatSession,
    HaatSessionSummary,
    HaatSkipDate,
    VendorSessionSummary,
)

logger = logging.getLogger(__name__)
Status = HaatSession.Status


def _lock_calendar() -> HaatSchedule | None:
    """Lock the schedules (a mutex for calendar edits); return the active one, or None."""
    schedules = list(HaatSchedule.objects.select_for_update().order_by("pk"))
    return next((s for s in schedules if s.is_active), None)


def _numbering_base(schedule: HaatSchedule | None) -> int:
    """Return how many haats were held before the platform (the active schedule says)."""
    if schedule is None:
        # No active schedule (an admin switched it off): keep the last known offset
        # rather than restarting the numbers at 1.
        schedule = HaatSchedule.objects.order_by("-haats_held_before").first()
    return schedule.haats_held_before if schedule else 0


def schedule_save(*, schedule: HaatSchedule) -> HaatSchedule:
    """Save an edited schedule and renumber the sessions after its haats-held count.

    Raises ValidationError for a schedule that fails its checks (one active at a time).
    """
    schedule.full_clean()
    with transaction.atomic():
        _lock_calendar()
        try:
            with transaction.atomic():
                schedule.save()
        except IntegrityError as exc:
            raise ValidationError(_("Only one schedule can be active at a time.")) from exc
        sessions_renumber(schedule=_lock_calendar())
    return schedule


def _save_session(session: HaatSession) -> HaatSession:
    """Validate and save ``session``; raise ValidationError on overlap or a bad window."""
    session.full_clean(exclude=["number"])
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as exc:
        # A concurrent edit won the race the clean() check could not see.
        raise ValidationError(_("This haat overlaps another haat.")) from exc
    return session


def sessions_renumber(*, schedule: HaatSchedule | None = None) -> None:
    """Number the sessions that are not cancelled 1, 2, 3… in opening order.

    Numbering continues after the haats held before the platform. Cancelled sessions
    lose their number. Call inside the calendar lock.
    """
    base = _numbering_base(schedule)
    HaatSession.objects.filter(status=Status.CANCELLED, number__isnull=False).update(number=None)
    sessions = list(
        HaatSession.objects.exclude(status=Status.CANCELLED).order_by("opens_at").only("number")
    )
    changed = []
    for position, session in enumerate(sessions, start=base + 1):
        if session.number != position:
            session.number = position
            changed.append(session)
    if changed:
        # Clear first: the numbers are unique, and a shift would collide midway.
        HaatSession.objects.filter(pk__in=[s.pk for s in changed]).update(number=None)
        HaatSession.objects.bulk_update(changed, ["number"])


def sessions_plan(*, now: datetime.datetime | None = None) -> list[HaatSession]:
    """Create the regular sessions of the active schedule's horizon; return those created.

    Idempotent: a date that already has a regular session (even a moved or cancelled
    one), a skipped date, a window already over, or a window overlapping another
    session gets nothing.
    """
    now = now or timezone.now()
    tz = haat_tz()
    created = []
    with transaction.atomic():
        schedule = _lock_calendar()
        if schedule is None:
            return []
        today = now.astimezone(tz).date()
        last = today + datetime.timedelta(weeks=schedule.horizon_weeks)
        skipped = set(
            HaatSkipDate.objects.filter(date__range=(today, last)).values_list("date", flat=True)
        )
        planned = set(
            HaatSession.objects.filter(
                kind=HaatSession.Kind.REGULAR, planned_for__range=(today, last)
            ).values_list("planned_for", flat=True)
        )
        day = today
        while day < last:
            if day.weekday() in schedule.weekdays and day not in skipped | planned:
                opens_at = datetime.datetime.combine(day, schedule.opens_at, tzinfo=tz)
                closes_at = datetime.datetime.combine(day, schedule.closes_at, tzinfo=tz)
                if closes_at > now:
                    session = HaatSession(
                        kind=HaatSession.Kind.REGULAR,
                        planned_for=day,
                        opens_at=opens_at,
                        closes_at=closes_at,
                    )
                    try:
                        created.append(_save_session(session))
                    except ValidationError as exc:
                        logger.warning("Not planning a haat on %s: %s", day, exc.messages)
            day += datetime.timedelta(days=1)
        if created:
            sessions_renumber(schedule=schedule)
    return created


def session_add_special(
    *,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    title: str = "",
    now: datetime.datetime | None = None,
    allow_past: bool = False,
) -> HaatSession:
    """Add a special haat (before Eid, say); raise ValidationError if it is over or overlaps.

    ``allow_past`` is for importing history (demo data), never for admins.
    """
    now = now or timezone.now()
    if closes_at <= now and not allow_past:
        raise ValidationError(_("A new haat must end in the future."))
    with transaction.atomic():
        schedule = _lock_calendar()
        session = _save_session(
            HaatSession(
                kind=HaatSession.Kind.SPECIAL, title=title, opens_at=opens_at, closes_at=closes_at
            )
        )
        sessions_renumber(schedule=schedule)
    session.refresh_from_db()
    return session


def session_reschedule(
    *,
    session_id: int,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    title: str | None = None,
    now: datetime.datetime | None = None,
) -> HaatSession:
    """Move a scheduled session to a new window; raise ValidationError if it cannot move."""
    now = now or timezone.now()
    with transaction.atomic():
        schedule = _lock_calendar()
        session = HaatSession.objects.select_for_update().get(pk=session_id)
        if session.status != Status.SCHEDULED:
            raise ValidationError(_("Only a haat that has not opened yet can be moved."))
        if closes_at <= now:
            raise ValidationError(_("A haat cannot be moved into the past."))
        session.opens_at, session.closes_at = opens_at, closes_at
        if title is not None:
            session.title = title
        _save_session(session)
        sessions_renumber(schedule=schedule)
    session.refresh_from_db()
    return session


def session_cancel(*, session_id: int, now: datetime.datetime | None = None) -> bool:
    """Cancel a session that has not opened; return False if it was not scheduled."""
    now = now or timezone.now()
    with transaction.atomic():
        schedule = _lock_calendar()
        changed = HaatSession.objects.filter(pk=session_id, status=Status.SCHEDULED).update(
            status=Status.CANCELLED, cancelled_at=now
        )
        if changed:
            sessions_renumber(schedule=schedule)
    return bool(changed)


def skip_date_add(*, date: datetime.date, reason: str = "") -> HaatSkipDate:
    """Mark a date without a haat and cancel the regular session already planned on it."""
    with transaction.atomic():
        _lock_calendar()  # a planner running now must not plan this date
        skip, _created = HaatSkipDate.objects.update_or_create(
            date=date, defaults={"reason": reason}
        )
        for session_id in HaatSession.objects.filter(
            kind=HaatSession.Kind.REGULAR, planned_for=date, status=Status.SCHEDULED
        ).values_list("pk", flat=True):
            session_cancel(session_id=session_id)
    return skip


def session_open(*, session_id: int, now: datetime.datetime | None = None) -> bool:
    """Open a scheduled session whose window has begun; return True if this call opened it.

    Followers of approved shops are told once the opening commits, by a separate task:
    the opening never waits for them.
    """
    now = now or timezone.now()
    with transaction.atomic():
        changed = HaatSession.objects.filter(
            pk=session_id, status=Status.SCHEDULED, opens_at__lte=now, closes_at__gt=now
        ).update(status=Status.OPEN, opened_at=now)
        if changed != 1:
            return False
        # Here, not at the top: haat.tasks imports this module (each task calls a service).
        from .tasks import session_opened_notify

        task_send_on_commit(session_opened_notify, session_id)
    logger.info("Haat session %s opened at %s", session_id, now.isoformat())
    return True


def session_close(*, session_id: int, now: datetime.datetime | None = None) -> bool:
    """Close a session whose window has ended; return True if this call closed it.

    A scheduled session whose whole window passed (downtime) closes without opening. The
    summary is written in the same transaction, so a closed session always has one; the
    shops' reports are sent after commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        changed = HaatSession.objects.filter(
            pk=session_id, status__in=[Status.OPEN, Status.SCHEDULED], closes_at__lte=now
        ).update(status=Status.CLOSED, closed_at=now)
        if changed != 1:
            return False
        session = HaatSession.objects.get(pk=session_id)
        session_summarise(session=session)
        from .tasks import session_closed_report  # the same cycle as above

        task_send_on_commit(session_closed_report, session_id)
        transaction.on_commit(lambda: cache.delete(reports.NUMBERS_CACHE_KEY))
    logger.info("Haat session %s closed at %s", session_id, now.isoformat())
    return True


def session_summarise(*, session: HaatSession) -> HaatSessionSummary:
    """Store the session's figures and each shop's, computed by aggregate SQL."""
    totals = session_sales_totals(session_id=session.pk)
    summary, _created = HaatSessionSummary.objects.update_or_create(
        session=session, defaults=totals
    )
    VendorSessionSummary.objects.filter(session=session).delete()
    VendorSessionSummary.objects.bulk_create(
        [
            VendorSessionSummary(session=session, **row)
            for row in session_sales_by_vendor(session_id=session.pk, opens_at=session.opens_at)
        ],
        batch_size=1000,
    )
    return summary


def sessions_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Close every session that has ended and open every one that has begun.

    Run every minute by beat; safe to run twice or concurrently. Returns the counts.
    """
    now = now or timezone.now()
    closed = sum(
        session_close(session_id=pk, now=now) for pk in selectors.sessions_due_to_close(now=now)
    )
    opened = sum(
        session_open(session_id=pk, now=now) for pk in selectors.sessions_due_to_open(now=now)
    )
    return {"opened": opened, "closed": closed}


def session_opened_notify(*, session_id: int) -> int:
    """Tell every follower of an approved shop that the haat is open; return how many.

    Queues tasks of HAAT_NOTIFY_CHUNK members each; each member is told once per haat.
    """
    user_ids = list(follower_ids_of_approved_vendors())
    notify_on_commit(
        kind="haat_opened",
        key=f"session:{session_id}",
        user_ids=user_ids,
        params={"session_id": session_id},
    )
    return len(user_ids)


def session_closed_report(*, session_id: int) -> int:
    """Send each shop that sold in the session its figures; return how many shops."""
    vendor_ids = list(
        VendorSessionSummary.objects.filter(session_id=session_id).values_list(
            "vendor_id", flat=True
        )
    )
    notify_on_commit(
        kind="haat_vendor_report",
        key=f"session:{session_id}",
        user_ids=owner_ids_of_vendors(vendor_ids),
        params={"session_id": session_id},
    )
    return len(vendor_ids)
