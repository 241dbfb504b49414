from celery import shared_task

from .notifications import notifications_deliver


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def notifications_send(kind: str, key: str, user_ids: list[int], params: dict) -> int:
    """Deliver one chunk of a notification (idempotent: each member gets it once)."""
    return notifications_deliver(kind=kind, key=key, user_ids=user_ids, params=params)
