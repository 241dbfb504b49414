"""The haat calendar: planning, opening, closing, catch-up, numbering."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import Notification
from haat import selectors, services
from haat.models import HaatSchedule, HaatSession, HaatSkipDate, VendorSessionSummary
from tests.factories import (
    FollowFactory,
    HaatSessionFactory,
    OrderFactory,
    OrderItemFactory,
    VendorFactory,
)
from tests.support.clock import dhaka

Status = HaatSession.Status
pytestmark = pytest.mark.django_db


def planned_dates():
    return [s.planned_for.isoformat() for s in HaatSession.objects.order_by("opens_at")]


# --- planning ---------------------------------------------------------------------------


def test_plan_creates_tuesdays_and_fridays_across_the_year_end():
    # Given the default schedule, on Monday 28 December 2026 in Dhaka
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        # When the planner runs
        created = services.sessions_plan()
    # Then the next four weeks' Tuesdays and Fridays exist, 09:00-21:00 Dhaka time
    assert len(created) == 8
    assert planned_dates() == [
        "2026-12-29", "2027-01-01", "2027-01-05", "2027-01-08",
        "2027-01-12", "2027-01-15", "2027-01-19", "2027-01-22",
    ]  # fmt: skip
    first = HaatSession.objects.order_by("opens_at").first()
    assert first.opens_at == dhaka(2026, 12, 29, 9, 0)
    assert first.closes_at == dhaka(2026, 12, 29, 21, 0)
    assert first.opens_at.astimezone(datetime.UTC).hour == 3
    assert first.status == Status.SCHEDULED
    assert first.kind == HaatSession.Kind.REGULAR


def test_plan_across_a_month_end_in_february():
    with time_machine.travel(dhaka(2026, 2, 26, 23, 0), tick=False):
        services.sessions_plan()
    assert planned_dates() == [
        "2026-02-27", "2026-03-03", "2026-03-06", "2026-03-10",
        "2026-03-13", "2026-03-17", "2026-03-20", "2026-03-24",
    ]  # fmt: skip


def test_plan_twice_creates_nothing_new():
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        services.sessions_plan()
        again = services.sessions_plan()
    assert again == []
    assert HaatSession.objects.count() == 8


def test_plan_skips_marked_dates_and_never_replans_a_cancelled_or_moved_session():
    # Given a skipped date, and after a first planning, one session cancelled and one moved
    HaatSkipDate.objects.create(date=datetime.date(2027, 1, 1), reason="New year")
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        services.sessions_plan()
        tuesday = HaatSession.objects.get(planned_for=datetime.date(2026, 12, 29))
        friday = HaatSession.objects.get(planned_for=datetime.date(2027, 1, 8))
        services.session_cancel(session_id=tuesday.pk)
        services.session_reschedule(
            session_id=friday.pk,
            opens_at=dhaka(2027, 1, 9, 10, 0),
            closes_at=dhaka(2027, 1, 9, 20, 0),
        )
        # When the planner runs again
        again = services.sessions_plan()
    # Then nothing comes back on the skipped, cancelled or moved dates
    assert again == []
    assert "2027-01-01" not in planned_dates()
    assert HaatSession.objects.filter(planned_for=datetime.date(2026, 12, 29)).count() == 1
    assert HaatSession.objects.get(pk=friday.pk).opens_at == dhaka(2027, 1, 9, 10, 0)


def test_skipping_a_date_cancels_the_session_already_planned_on_it():
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        services.sessions_plan()
        services.skip_date_add(date=datetime.date(2027, 1, 5), reason="Holiday")
    session = HaatSession.objects.get(planned_for=datetime.date(2027, 1, 5))
    assert session.status == Status.CANCELLED
    assert session.number is None


def test_plan_follows_an_edited_schedule():
    HaatSchedule.objects.filter(is_active=True).update(
        weekdays=[5], opens_at=datetime.time(10, 0), closes_at=datetime.time(18, 0), horizon_weeks=2
    )
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        services.sessions_plan()
    sessions = list(HaatSession.objects.order_by("opens_at"))
    assert [s.opens_at for s in sessions] == [dhaka(2027, 1, 2, 10, 0), dhaka(2027, 1, 9, 10, 0)]


def test_plan_does_not_create_a_window_that_is_already_over():
    # Tuesday 29 December 2026 at 21:30: today's window has passed
    with time_machine.travel(dhaka(2026, 12, 29, 21, 30), tick=False):
        services.sessions_plan()
    assert "2026-12-29" not in planned_dates()


def test_sessions_are_numbered_in_order_after_the_haats_held_before():
    HaatSchedule.objects.filter(is_active=True).update(haats_held_before=260)
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        services.sessions_plan()
        special = services.session_add_special(
            opens_at=dhaka(2026, 12, 30, 9, 0), closes_at=dhaka(2026, 12, 30, 21, 0), title="Eid"
        )
    numbers = list(HaatSession.objects.order_by("opens_at").values_list("number", flat=True))
    assert numbers == list(range(261, 270))
    assert special.number == 262
    with translation.override("bn"):
        assert str(HaatSession.objects.get(number=261)) == "২৬১তম হাট"
    with translation.override("en"):
        assert str(HaatSession.objects.get(number=261)) == "Haat #261"


def test_a_special_haat_may_not_overlap_another():
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        services.sessions_plan()
        with pytest.raises(ValidationError):
            services.session_add_special(
                opens_at=dhaka(2026, 12, 29, 20, 0), closes_at=dhaka(2026, 12, 29, 23, 0)
            )
    assert not HaatSession.objects.filter(kind=HaatSession.Kind.SPECIAL).exists()


def test_a_special_haat_must_end_in_the_future():
    with (
        time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False),
        pytest.raises(ValidationError),
    ):
        services.session_add_special(
            opens_at=dhaka(2026, 12, 27, 9, 0), closes_at=dhaka(2026, 12, 27, 21, 0)
        )


# --- opening and closing ------------------------------------------------------------


@pytest.fixture
def tuesday():
    """Return the planned session of Tuesday 29 December 2026."""
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        services.sessions_plan()
    return HaatSession.objects.get(planned_for=datetime.date(2026, 12, 29))


@pytest.mark.parametrize("server_tz", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_opens_at_nine_and_closes_at_nine_dhaka_whatever_the_server_zone(
    settings, tuesday, server_tz
):
    settings.TIME_ZONE = server_tz
    with time_machine.travel(dhaka(2026, 12, 29, 8, 59, 59), tick=False):
        assert services.sessions_sweep() == {"opened": 0, "closed": 0}
        assert not selectors.buying_allowed()
    with time_machine.travel(dhaka(2026, 12, 29, 9, 0, 0), tick=False):
        assert services.sessions_sweep() == {"opened": 1, "closed": 0}
        assert selectors.buying_allowed()
    with time_machine.travel(dhaka(2026, 12, 29, 20, 59, 59), tick=False):
        assert services.sessions_sweep() == {"opened": 0, "closed": 0}
        assert selectors.buying_allowed()
    with time_machine.travel(dhaka(2026, 12, 29, 21, 0, 0), tick=False):
        assert services.sessions_sweep() == {"opened": 0, "closed": 1}
        assert not selectors.buying_allowed()
    tuesday.refresh_from_db()
    assert tuesday.status == Status.CLOSED
    assert tuesday.opened_at == dhaka(2026, 12, 29, 9, 0)
    assert tuesday.closed_at == dhaka(2026, 12, 29, 21, 0)


def test_a_late_close_never_lets_anyone_buy_after_closing_time(tuesday):
    with time_machine.travel(dhaka(2026, 12, 29, 9, 0), tick=False):
        services.sessions_sweep()
    # The close task has not run (worker down) at 21:00:01: the session is still "open"
    with time_machine.travel(dhaka(2026, 12, 29, 21, 0, 1), tick=False):
        tuesday.refresh_from_db()
        assert tuesday.status == Status.OPEN
        assert not selectors.buying_allowed()
        assert selectors.session_for_buying() is None


def test_the_sweep_run_twice_transitions_once(tuesday):
    with time_machine.travel(dhaka(2026, 12, 29, 9, 0, 5), tick=False):
        first = services.sessions_sweep()
        second = services.sessions_sweep()
    assert first == {"opened": 1, "closed": 0}
    assert second == {"opened": 0, "closed": 0}
    with time_machine.travel(dhaka(2026, 12, 29, 21, 0, 5), tick=False):
        assert services.sessions_sweep()["closed"] == 1
        assert services.sessions_sweep()["closed"] == 0
    assert tuesday.__class__.objects.get(pk=tuesday.pk).summary.orders_count == 0


def test_a_three_hour_outage_is_caught_up(tuesday):
    # Given no sweep ran from 08:59 to 12:00
    with time_machine.travel(dhaka(2026, 12, 29, 12, 0), tick=False):
        result = services.sessions_sweep()
    # Then the first sweep back opens the haat, recording when it really opened
    assert result == {"opened": 1, "closed": 0}
    tuesday.refresh_from_db()
    assert tuesday.status == Status.OPEN
    assert tuesday.opened_at == dhaka(2026, 12, 29, 12, 0)


def test_a_window_missed_entirely_ends_closed_with_its_summary(tuesday, sms_outbox):
    follower = FollowFactory()
    with time_machine.travel(dhaka(2026, 12, 29, 22, 30), tick=False):
        result = services.sessions_sweep()
    assert result == {"opened": 0, "closed": 1}
    tuesday.refresh_from_db()
    assert tuesday.status == Status.CLOSED
    assert tuesday.opened_at is None
    assert tuesday.summary.orders_count == 0
    # No one is told a haat is open that never opened
    assert not Notification.objects.filter(user=follower.user).exists()


def test_a_cancelled_session_never_opens(tuesday):
    assert services.session_cancel(session_id=tuesday.pk)
    for hour in (9, 12, 21, 23):
        with time_machine.travel(dhaka(2026, 12, 29, hour, 0), tick=False):
            services.sessions_sweep()
            assert not selectors.buying_allowed()
    tuesday.refresh_from_db()
    assert tuesday.status == Status.CANCELLED
    assert tuesday.opened_at is None and tuesday.closed_at is None


def test_an_open_session_cannot_be_cancelled_or_moved(tuesday):
    with time_machine.travel(dhaka(2026, 12, 29, 9, 0), tick=False):
        services.sessions_sweep()
        assert services.session_cancel(session_id=tuesday.pk) is False
        with pytest.raises(ValidationError):
            services.session_reschedule(
                session_id=tuesday.pk,
                opens_at=dhaka(2026, 12, 30, 9, 0),
                closes_at=dhaka(2026, 12, 30, 21, 0),
            )
    tuesday.refresh_from_db()
    assert tuesday.status == Status.OPEN


# --- side effects --------------------------------------------------------------------


def test_opening_tells_each_follower_once(tuesday, sms_outbox, django_capture_on_commit_callbacks):
    # Given two followers of approved shops (one follows two), and one of a pending shop
    vendor_a, vendor_b = VendorFactory(), VendorFactory()
    pending = VendorFactory(status="pending")
    both = FollowFactory(vendor=vendor_a).user
    FollowFactory(vendor=vendor_b, user=both)
    other = FollowFactory(vendor=vendor_b).user
    only_pending = FollowFactory(vendor=pending).user
    with time_machine.travel(dhaka(2026, 12, 29, 9, 0), tick=False):
        # When the haat opens, and the notification task is (mistakenly) run twice
        with django_capture_on_commit_callbacks(execute=True):
            services.sessions_sweep()
        with django_capture_on_commit_callbacks(execute=True):
            services.session_opened_notify(session_id=tuesday.pk)
    # Then each follower of an approved shop got exactly one message
    told = sorted(phone for phone, _text in sms_outbox)
    assert told == sorted([both.phone, other.phone])
    assert only_pending.phone not in told
    assert Notification.objects.filter(kind="haat_opened", sent_at__isnull=False).count() == 2


def test_closing_stores_the_summary_and_each_shop_gets_its_report(
    tuesday, sms_outbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(dhaka(2026, 12, 29, 9, 0), tick=False):
        services.sessions_sweep()
    earlier = HaatSessionFactory(
        opens_at=dhaka(2026, 12, 25, 9, 0), closes_at=dhaka(2026, 12, 25, 21, 0), status="closed"
    )
    shop, other_shop = VendorFactory(), VendorFactory()
    # A returning buyer (bought from `shop` at the earlier haat) and a new one
    returning = OrderFactory(vendor=shop, checkout__session=earlier).buyer
    order_1 = OrderFactory(vendor=shop, checkout__session=tuesday, checkout__buyer=returning)
    OrderItemFactory(order=order_1, quantity=2, unit_price=Decimal("250.00"))
    order_2 = OrderFactory(vendor=shop, checkout__session=tuesday, subtotal=Decimal("120.50"))
    OrderItemFactory(order=order_2, quantity=1, unit_price=Decimal("120.50"))
    order_3 = OrderFactory(vendor=other_shop, checkout__session=tuesday, subtotal=Decimal("80"))
    OrderItemFactory(order=order_3, quantity=4, unit_price=Decimal("20"))
    cancelled = OrderFactory(vendor=other_shop, checkout__session=tuesday, status="cancelled")
    OrderItemFactory(order=cancelled, quantity=9)

    with time_machine.travel(dhaka(2026, 12, 29, 21, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.sessions_sweep()
        # The report task run a second time sends nothing new
        with django_capture_on_commit_callbacks(execute=True):
            services.session_closed_report(session_id=tuesday.pk)

    summary = HaatSession.objects.get(pk=tuesday.pk).summary
    assert summary.orders_count == 3
    assert summary.units_sold == 7
    assert summary.gross_sales == Decimal("700.50")
    assert summary.vendors_active == 2
    assert summary.buyers_active == 3
    assert summary.commission == Decimal("0")
    mine = VendorSessionSummary.objects.get(session=tuesday, vendor=shop)
    assert (mine.orders_count, mine.units_sold, mine.gross_sales) == (2, 3, Decimal("620.50"))
    assert (mine.buyers, mine.repeat_buyers) == (2, 1)
    told = sorted(phone for phone, _text in sms_outbox)
    assert told == sorted([shop.owner.phone, other_shop.owner.phone])


def test_is_open_at_uses_a_half_open_window():
    session = HaatSessionFactory(
        opens_at=dhaka(2026, 12, 29, 9, 0), closes_at=dhaka(2026, 12, 29, 21, 0), status="open"
    )
    assert session.is_open_at(dhaka(2026, 12, 29, 9, 0))
    assert not session.is_open_at(dhaka(2026, 12, 29, 21, 0))
    assert not session.is_open_at(dhaka(2026, 12, 29, 8, 59, 59))


def test_switching_the_schedule_off_keeps_the_numbering():
    HaatSchedule.objects.filter(is_active=True).update(haats_held_before=260)
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        services.sessions_plan()
        schedule = HaatSchedule.objects.get(is_active=True)
        schedule.is_active = False
        services.schedule_save(schedule=schedule)
        first = HaatSession.objects.order_by("opens_at").first()
        services.session_cancel(session_id=first.pk)
    numbers = list(
        HaatSession.objects.exclude(status=Status.CANCELLED)
        .order_by("opens_at")
        .values_list("number", flat=True)
    )
    assert numbers == list(range(261, 268))


def test_a_cancelled_session_frees_its_time_for_a_replacement(tuesday):
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        services.session_cancel(session_id=tuesday.pk)
        replacement = services.session_add_special(
            opens_at=tuesday.opens_at, closes_at=tuesday.closes_at, title="Moved here"
        )
    assert replacement.number is not None
    assert replacement.status == Status.SCHEDULED
