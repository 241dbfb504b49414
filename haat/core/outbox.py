"""Tasks sent on commit through a table, so that a broker outage loses none.

``delay_on_commit`` alone loses a task whenever the broker is unreachable at the moment
the transaction commits (Redis restarting): the order is committed, its notification is
not, and the request that committed it fails after the fact. Instead:

1. ``task_send_on_commit(task, *args)`` writes a ``TaskOutbox`` row in the caller's
   transaction, so the task is committed with the change that wants it;
2. once the transaction commits, the task is published and its row deleted; if the
   broker refuses, the row stays and the request goes on (it did commit);
3. ``outbox_flush`` (beat, every minute) publishes the rows left over a minute.

A crash between publishing and deleting sends a task twice, so only idempotent tasks go
through here (notifications are recorded once per member; the haat tasks are
compare-and-swap). The broker itself must keep what it accepted: Redis with appendonly.
"""

import datetime
import logging

from celery import current_app
from django.db import DatabaseError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from .models import TaskOutbox

logger = logging.getLogger(__name__)

# A row younger than this may still be on its way from the on-commit hook.
FLUSH_MIN_AGE = datetime.timedelta(minutes=1)
FLUSH_BATCH = 1000


def _publish(row: TaskOutbox) -> bool:
    """Hand one row's task to the broker and delete the row; return False if refused."""
    try:
        current_app.tasks[row.task].apply_async(args=row.args)
    except OperationalError as exc:
        logger.warning("Broker unreachable, %s kept in the outbox (id %s): %s", row, row.pk, exc)
        return False
    try:
        TaskOutbox.objects.filter(pk=row.pk).delete()
    except DatabaseError as exc:
        # Sent but still listed: the next flush sends it again, which idempotency allows.
        logger.warning("Outbox row %s sent but not deleted: %s", row.pk, exc)
    return True


def task_send_on_commit(task, *args) -> TaskOutbox:
    """Queue ``task(*args)`` to be sent once the current transaction commits; return its row.

    Outside a transaction it is sent at once. ``args`` must be JSON values (ids).
    """
    row = TaskOutbox.objects.create(task=task.name, args=list(args))
    transaction.on_commit(lambda: _publish(row))
    return row


def outbox_flush(*, min_age: datetime.timedelta = FLUSH_MIN_AGE) -> int:
    """Publish the tasks whose on-commit send failed; return how many went out.

    Stops at the first refusal: the broker is still down, the next run tries again.
    Rows are locked (skipping those another flush holds) so two beats send each once.
    """
    cutoff = timezone.now() - min_age
    sent = 0
    with transaction.atomic():
        rows = (
            TaskOutbox.objects.select_for_update(skip_locked=True)
            .filter(created_at__lte=cutoff)
            .order_by("pk")[:FLUSH_BATCH]
        )
        for row in rows:
            if not _publish(row):
                break
            sent += 1
    if sent:
        logger.info("Outbox: %s task(s) sent again", sent)
    return sent
