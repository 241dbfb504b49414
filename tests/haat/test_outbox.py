"""Tasks sent on commit through the outbox: a broker refusing at commit time loses nothing."""

import datetime

import pytest
from celery import current_app
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import Notification
from accounts.notifications import notify_on_commit
from haat.core import outbox
from haat.core.models import TaskOutbox
from orders.models import Order
from tests.factories import ProductFactory, UserFactory
from tests.support.data import CHECKOUT_CONTACT

pytestmark = pytest.mark.django_db

NOTIFY = "accounts.tasks.notifications_send"


def _tell_opened(user, session) -> None:
    notify_on_commit(
        kind="haat_opened",
        key=f"session:{session.pk}",
        user_ids=[user.pk],
        params={"session_id": session.pk},
    )


@pytest.fixture
def broker_down(monkeypatch):
    """Make publishing any task fail as it does with Redis stopped; return a switch back."""
    real = current_app.tasks[NOTIFY].apply_async

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(current_app.tasks[NOTIFY], "apply_async", refuse)
    return lambda: monkeypatch.setattr(current_app.tasks[NOTIFY], "apply_async", real)


def _age_rows(minutes: int = 5) -> None:
    TaskOutbox.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=minutes))


def test_a_task_is_sent_after_commit_and_its_row_removed(
    open_haat, django_capture_on_commit_callbacks
):
    user = UserFactory()
    # When a notification is queued inside a transaction
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _tell_opened(user, open_haat)
        # Then, until commit, it waits in the outbox with the change that wants it
        assert TaskOutbox.objects.get().task == NOTIFY
    # And once committed it was sent (inline here) and the row is gone
    assert Notification.objects.filter(user=user, kind="haat_opened").exists()
    assert not TaskOutbox.objects.exists()


def test_a_rolled_back_change_sends_nothing(open_haat):
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        _tell_opened(user, open_haat)
        raise RuntimeError
    assert not TaskOutbox.objects.exists()
    assert not Notification.objects.exists()


def test_checkout_with_the_broker_down_succeeds_and_the_shop_is_told_later(
    client, open_haat, broker_down, django_capture_on_commit_callbacks
):
    # Given a buyer with a product in the cart, and the broker refusing every message
    product = ProductFactory(stock=3)
    buyer = UserFactory()
    client.force_login(buyer)
    client.post(reverse("cart_add", args=[product.pk]), {"quantity": 1})
    # When the buyer checks out
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkout"), {**CHECKOUT_CONTACT, "idempotency_key": "k-1"})
    # Then the order is placed and the buyer sees it (not a 500)
    assert response.status_code == 302
    order = Order.objects.get()
    # And the shop's notification waits in the outbox
    assert TaskOutbox.objects.filter(task=NOTIFY).count() == 1
    assert not Notification.objects.exists()
    # When the broker is back and beat's flush runs a minute later
    broker_down()
    _age_rows()
    assert outbox.outbox_flush() == 1
    # Then the shop's owner is told, once
    told = Notification.objects.get(kind="order_placed")
    assert told.user_id == product.vendor.owner_id and told.key == f"order:{order.pk}"
    assert told.sent_at is not None
    assert not TaskOutbox.objects.exists()


def test_the_flush_leaves_young_rows_to_their_on_commit_send(open_haat, broker_down):
    user = UserFactory()
    _tell_opened(user, open_haat)
    broker_down()
    # A row written a moment ago may still be on its way: not sent again yet
    assert outbox.outbox_flush() == 0
    _age_rows()
    assert outbox.outbox_flush() == 1


def test_the_flush_stops_at_the_first_refusal(open_haat, broker_down):
    users = UserFactory.create_batch(3)
    for user in users:
        _tell_opened(user, open_haat)
    _age_rows()
    # While the broker is still down nothing is lost and nothing is sent
    assert outbox.outbox_flush() == 0
    assert TaskOutbox.objects.count() == 3


def test_sending_twice_is_harmless(open_haat):
    # A crash between publishing and deleting the row sends a task again: told once.
    user = UserFactory()
    row = TaskOutbox.objects.create(
        task=NOTIFY,
        args=["haat_opened", f"session:{open_haat.pk}", [user.pk], {"session_id": open_haat.pk}],
    )
    current_app.tasks[NOTIFY].apply_async(args=row.args)
    _age_rows()
    outbox.outbox_flush()
    assert Notification.objects.filter(user=user).count() == 1
