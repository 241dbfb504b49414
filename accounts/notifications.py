"""How members are told things: one small interface over email and SMS.

An app registers a message builder for a kind of notification::

    @notification("haat_opened")
    def haat_opened(user, *, session_id): return subject, body

and sends it with :func:`notify_on_commit`. Delivery runs in a Celery task, in chunks,
after the transaction commits; each (member, kind, key) is recorded once, so a task that
runs twice sends nothing twice.
"""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from haat.core.outbox import task_send_on_commit

from .models import Notification, User

logger = logging.getLogger(__name__)

Builder = Callable[..., tuple[str, str]]
_BUILDERS: dict[str, Builder] = {}


def notification(kind: str) -> Callable[[Builder], Builder]:
    """Register ``builder(user, **params) -> (subject, body)`` for ``kind``."""

    def register(builder: Builder) -> Builder:
        _BUILDERS[kind] = builder
        return builder

    return register


class ConsoleSMSBackend:
    """Development SMS backend: writes the message to the log."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class MemorySMSBackend:
    """Test SMS backend: keeps every message in ``outbox``."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        type(self).outbox.append((phone, text))


def sms_backend():
    """Return an instance of the configured SMS backend."""
    return import_string(settings.SMS_BACKEND)()


def notify_on_commit(
    *, kind: str, key: str, user_ids: Iterable[int], params: dict | None = None
) -> None:
    """Queue ``kind`` for these members once the current transaction commits.

    Members are split into chunks of ``HAAT_NOTIFY_CHUNK``, one task each.
    """
    # Here, not at the top: accounts.tasks imports this module (its task calls
    # notifications_deliver).
    from .tasks import notifications_send

    ids = sorted(set(user_ids))
    chunk = settings.HAAT_NOTIFY_CHUNK
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        # Through the outbox: a broker down at commit time delays the message, loses none.
        task_send_on_commit(notifications_send, kind, key, part, params or {})


def notifications_deliver(*, kind: str, key: str, user_ids: list[int], params: dict) -> int:
    """Send ``kind`` to each member that has not had it yet; return how many were sent.

    Raises KeyError for an unregistered kind.
    """
    builder = _BUILDERS[kind]
    sms = sms_backend()
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject, body = builder(user, **params)
        try:
            with transaction.atomic():
                record = Notification.objects.create(
                    user=user, kind=kind, key=key, subject=subject, body=body
                )
        except IntegrityError:
            record = Notification.objects.get(user=user, kind=kind, key=key)
            if record.sent_at is not None:
                continue
        sms.send(user.phone, f"{subject}\n{body}")
        if user.email:
            send_mail(subject, body, None, [user.email], fail_silently=False)
        Notification.objects.filter(pk=record.pk).update(sent_at=timezone.now())
        sent += 1
    return sent
