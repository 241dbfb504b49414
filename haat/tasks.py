"""Celery tasks of the haat calendar: thin doors into haat.services."""

from celery import shared_task

from haat.core import outbox
from haat.core.health import beat_heartbeat_record

from . import services


@shared_task(acks_late=True)
def sessions_sweep() -> dict[str, int]:
    """Open and close due sessions (beat, every minute at second 0)."""
    result = services.sessions_sweep()
    # /health/ reads this: beat and a worker are alive if it is under three minutes old.
    beat_heartbeat_record()
    return result


@shared_task(acks_late=True)
def outbox_flush() -> int:
    """Send again the tasks the broker refused at commit time (beat, every minute)."""
    return outbox.outbox_flush()


@shared_task(acks_late=True)
def sessions_plan() -> int:
    """Plan the regular sessions of the horizon; return how many were created."""
    return len(services.sessions_plan())


@shared_task(acks_late=True)
def session_opened_notify(session_id: int) -> int:
    """Fan the opening notice out to followers, in chunks."""
    return services.session_opened_notify(session_id=session_id)


@shared_task(acks_late=True)
def session_closed_report(session_id: int) -> int:
    """Send each shop its figures for a closed session."""
    return services.session_closed_report(session_id=session_id)
