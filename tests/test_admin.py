"""The moderators' admin: every page renders, and actions and saves go through services."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import Notification, User
from haat import services
from haat.models import (
    HaatSchedule,
    HaatSession,
    HaatSessionSummary,
    HaatSkipDate,
    VendorSessionSummary,
)
from orders.models import Cart, CartItem, Order, OrderEvent
from tests.factories import (
    FollowFactory,
    HaatSessionFactory,
    OrderFactory,
    OrderItemFactory,
    ProductFactory,
    VendorFactory,
)
from tests.support.clock import DHAKA, dhaka
from vendors.models import Product, ProductImage, Vendor

Status = HaatSession.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return User.objects.create_superuser(phone="01900000001", password="x")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    # English messages, so that tests can read them.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def login(client, user):
    """Return ``client`` logged in as ``user`` now (inside a time_machine travel)."""
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def admin_url(model, view: str = "changelist", *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def run_action(client, model, action: str, objects, **data):
    """Post ``action`` for ``objects`` from the list, with any more fields (a reason)."""
    return client.post(
        admin_url(model),
        {"action": action, "_selected_action": [obj.pk for obj in objects], **data},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def management_data(response) -> dict[str, str]:
    """Return the inline management-form fields a browser would post back from this page."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        form = inline.formset.management_form
        for name in form.fields:
            data[form.add_prefix(name)] = str(form.initial.get(name, ""))
    return data


def split_datetime(prefix: str, moment: datetime.datetime) -> dict[str, str]:
    """Return the admin's split date and time inputs for ``moment``, in Dhaka time."""
    local = moment.astimezone(DHAKA)
    return {
        f"{prefix}_0": local.date().isoformat(),
        f"{prefix}_1": local.strftime("%H:%M:%S"),
    }


def session_form(title: str, opens_at, closes_at) -> dict[str, str]:
    return {
        "title": title,
        **split_datetime("opens_at", opens_at),
        **split_datetime("closes_at", closes_at),
    }


def png(name: str) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


def one_of_everything(moderator: User) -> None:
    """Create at least one row for every model of ours that the admin shows."""
    vendor = VendorFactory()
    product = ProductFactory(vendor=vendor)
    ProductImage.objects.create(
        product=product, image=png("a.png"), thumbnail=png("t.png"), display=png("d.png")
    )
    FollowFactory(vendor=vendor)
    session = HaatSessionFactory(
        status=Status.CLOSED,
        opens_at=timezone.now() - datetime.timedelta(days=3),
        closes_at=timezone.now() - datetime.timedelta(days=2),
    )
    order = OrderFactory(vendor=vendor, checkout__session=session)
    OrderItemFactory(order=order, product=product)
    OrderEvent.objects.create(order=order, actor=order.buyer, to_status=Order.Status.PLACED)
    HaatSessionSummary.objects.create(session=session, orders_count=1)
    VendorSessionSummary.objects.create(session=session, vendor=vendor, orders_count=1)
    cart = Cart.objects.create(user=order.buyer)
    CartItem.objects.create(cart=cart, product=product, unit_price_seen=product.price)
    Notification.objects.create(user=vendor.owner, kind="vendor_approved", key="k", subject="s")
    HaatSkipDate.objects.create(date=datetime.date(2027, 3, 31), reason="Eid")
    Group.objects.create(name="Moderators")


# --- every page -------------------------------------------------------------------------


REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label_lower)
def test_every_admin_page_renders(moderator_client, moderator, rf, model):
    # Given one row of each of our models
    one_of_everything(moderator)
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = moderator
    # When a moderator opens the list, the add page and a row's page
    # Then each renders (the add page is refused where the admin is read-only)
    assert moderator_client.get(admin_url(model)).status_code == 200
    add_status = 200 if model_admin.has_add_permission(request) else 403
    assert moderator_client.get(admin_url(model, "add")).status_code == add_status
    obj = model._default_manager.order_by("pk").first()
    if obj is not None:
        assert moderator_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_member_password_page_renders(moderator_client, moderator):
    response = moderator_client.get(reverse("admin:auth_user_password_change", args=[moderator.pk]))
    assert response.status_code == 200


def test_shop_figures_links_open_filtered_lists(moderator_client, moderator):
    one_of_everything(moderator)
    summary = VendorSessionSummary.objects.get()
    for query in (
        f"session__id__exact={summary.session_id}",
        f"vendor__id__exact={summary.vendor_id}",
    ):
        response = moderator_client.get(f"{admin_url(VendorSessionSummary)}?{query}")
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [summary]


def twenty_orders():
    session = HaatSessionFactory()
    OrderFactory.create_batch(20, checkout__session=session)


@pytest.mark.parametrize(
    ("model", "make_rows"),
    [
        (Vendor, lambda: VendorFactory.create_batch(20)),
        (Product, lambda: ProductFactory.create_batch(20)),
        (Order, twenty_orders),
    ],
    ids=["vendors", "products", "orders"],
)
def test_changelist_queries_do_not_grow_with_rows(
    moderator_client, django_assert_max_num_queries, model, make_rows
):
    # Given 20 rows, each with its own related shop, owner, buyer or category
    make_rows()
    # When the list is shown, Then the query count stays far below one per row
    with django_assert_max_num_queries(10):
        response = moderator_client.get(admin_url(model))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 20


# --- shops ------------------------------------------------------------------------------


def test_approve_action_approves_pending_shops_and_tells_the_owners(
    moderator_client, sms_outbox, django_capture_on_commit_callbacks
):
    # Given two pending shops and an approved one
    pending = VendorFactory.create_batch(2, status=Vendor.Status.PENDING)
    approved = VendorFactory(status=Vendor.Status.APPROVED, approved_at=timezone.now())
    # When a moderator approves all three
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(moderator_client, Vendor, "approve_shops", [*pending, approved])
    # Then the pending ones are approved, and only their owners are told
    assert messages_of(response) == [
        "2 shops were approved.",
        "1 shop was already in that state.",
    ]
    for vendor in pending:
        vendor.refresh_from_db()
        assert vendor.status == Vendor.Status.APPROVED
        assert vendor.approved_at is not None
    assert sorted(phone for phone, _text in sms_outbox) == sorted(v.owner.phone for v in pending)
    assert set(
        Notification.objects.filter(kind="vendor_approved").values_list("user_id", flat=True)
    ) == {v.owner_id for v in pending}


def test_a_bengali_moderator_reads_the_count_in_bengali_digits(moderator_client):
    vendors = VendorFactory.create_batch(3, status=Vendor.Status.APPROVED)
    moderator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "bn"
    response = run_action(moderator_client, Vendor, "suspend_shops", vendors, reason="ভুয়া ছবি")
    assert messages_of(response) == ["৩টি দোকান স্থগিত করা হয়েছে।"]


def test_suspend_action_suspends_shops(moderator_client):
    vendor = VendorFactory(status=Vendor.Status.APPROVED)
    response = run_action(
        moderator_client, Vendor, "suspend_shops", [vendor], reason="Photos of another shop"
    )
    vendor.refresh_from_db()
    assert vendor.status == Vendor.Status.SUSPENDED
    assert messages_of(response) == ["1 shop was suspended."]


def test_shop_status_is_read_only_in_the_form(moderator_client):
    # Approving tells the owner: only the action (the service) may change the status.
    vendor = VendorFactory(status=Vendor.Status.PENDING)
    page = moderator_client.get(admin_url(Vendor, "change", vendor.pk))
    assert "status" not in page.context["adminform"].form.fields


# --- haat sessions ----------------------------------------------------------------------


def test_cancel_action_cancels_a_scheduled_haat_and_refuses_an_open_one(
    moderator_client, make_open_haat
):
    # Given a scheduled haat in two days and a haat open now
    soon = timezone.now() + datetime.timedelta(days=2)
    scheduled = HaatSessionFactory(opens_at=soon)
    open_now = make_open_haat(opened_at=timezone.now())
    # When a moderator cancels both
    response = run_action(moderator_client, HaatSession, "cancel_sessions", [scheduled, open_now])
    # Then the scheduled one is cancelled and the open one goes on
    scheduled.refresh_from_db()
    open_now.refresh_from_db()
    assert scheduled.status == Status.CANCELLED
    assert scheduled.cancelled_at is not None
    assert open_now.status == Status.OPEN
    assert messages_of(response) == [
        "1 haat was cancelled.",
        "1 haat could not be cancelled: it has already opened, closed or been cancelled.",
    ]


def test_plan_action_creates_the_regular_haats(client, moderator):
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        # Given a past haat to select, on Monday 28 December 2026
        past = HaatSessionFactory(
            status=Status.CLOSED,
            opens_at=dhaka(2026, 12, 1, 9, 0),
            closes_at=dhaka(2026, 12, 1, 21, 0),
        )
        # When a moderator runs "Plan sessions now"
        response = run_action(login(client, moderator), HaatSession, "plan_sessions", [past])
    # Then four weeks of Tuesdays and Fridays exist
    assert messages_of(response) == ["8 haats were planned."]
    regular = HaatSession.objects.filter(kind=HaatSession.Kind.REGULAR)
    assert regular.count() == 8
    assert regular.order_by("opens_at").first().opens_at == dhaka(2026, 12, 29, 9, 0)


def test_adding_an_overlapping_special_haat_shows_an_error_and_creates_nothing(
    moderator_client,
):
    # Given a haat in two days
    start = (timezone.now() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    HaatSessionFactory(opens_at=start)
    # When a moderator adds a special haat that starts halfway through it
    response = moderator_client.post(
        admin_url(HaatSession, "add"),
        session_form(
            "Eid haat", start + datetime.timedelta(hours=6), start + datetime.timedelta(hours=18)
        ),
    )
    # Then the form says why, and nothing is created
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert any("overlaps" in error for error in errors)
    assert HaatSession.objects.count() == 1


def test_adding_a_special_haat_in_the_past_shows_the_service_error(moderator_client):
    yesterday = (timezone.now() - datetime.timedelta(days=1)).replace(microsecond=0)
    response = moderator_client.post(
        admin_url(HaatSession, "add"),
        session_form("Too late", yesterday, yesterday + datetime.timedelta(hours=2)),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "A new haat must end in the future."
    ]
    assert not HaatSession.objects.exists()


def test_adding_a_special_haat_creates_a_numbered_special_session(moderator_client):
    # Given a haat in two days
    start = (timezone.now() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    HaatSessionFactory(opens_at=start)
    # When a moderator adds a special haat the day after it
    eve = start + datetime.timedelta(days=1)
    response = moderator_client.post(
        admin_url(HaatSession, "add"),
        session_form("Eid haat", eve, eve + datetime.timedelta(hours=6)),
    )
    # Then it is saved as a special haat, numbered after the first
    assert response.status_code == 302
    special = HaatSession.objects.get(title="Eid haat")
    assert special.kind == HaatSession.Kind.SPECIAL
    assert special.status == Status.SCHEDULED
    assert special.opens_at == eve
    assert special.number == 2


def test_moving_a_haat_goes_through_the_service(moderator_client):
    # Given two haats, in two and in four days
    start = (timezone.now() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    first = HaatSessionFactory(opens_at=start)
    second = HaatSessionFactory(opens_at=start + datetime.timedelta(days=2))
    url = admin_url(HaatSession, "change", first.pk)
    page = moderator_client.get(url)

    # When the first is moved onto the second, Then the form refuses and nothing moves
    onto = session_form("", second.opens_at, second.closes_at)
    refused = moderator_client.post(url, {**onto, **management_data(page)})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.non_field_errors()
    first.refresh_from_db()
    assert first.opens_at == start

    # When it is moved to the day after the second, Then it moves and is renumbered
    later = second.opens_at + datetime.timedelta(days=1)
    moved = moderator_client.post(
        url,
        {
            **session_form("Moved", later, later + datetime.timedelta(hours=12)),
            **management_data(page),
        },
    )
    assert moved.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.opens_at, first.title) == (later, "Moved")
    assert (second.number, first.number) == (1, 2)


def test_an_opened_haat_cannot_be_moved_in_the_form(moderator_client, make_open_haat):
    open_now = make_open_haat(opened_at=timezone.now())
    page = moderator_client.get(admin_url(HaatSession, "change", open_now.pk))
    assert not {"title", "opens_at", "closes_at"} & set(page.context["adminform"].form.fields)


# --- schedule and skip dates ------------------------------------------------------------


def schedule_form(schedule: HaatSchedule, **changes) -> dict:
    data = {
        "name": schedule.name,
        "weekdays": [str(day) for day in schedule.weekdays],
        "opens_at": schedule.opens_at.strftime("%H:%M:%S"),
        "closes_at": schedule.closes_at.strftime("%H:%M:%S"),
        "horizon_weeks": schedule.horizon_weeks,
        "haats_held_before": schedule.haats_held_before,
        "is_active": "on",
    }
    return {**data, **changes}


def test_schedule_form_saves_weekdays_from_checkboxes(moderator_client):
    # Given the default schedule (Tuesday and Friday), shown as checked boxes
    schedule = HaatSchedule.objects.get(is_active=True)
    url = admin_url(HaatSchedule, "change", schedule.pk)
    page = moderator_client.get(url)
    field = page.context["adminform"].form["weekdays"]
    assert field.field.widget.input_type == "checkbox"
    assert field.value() == [1, 4]
    # When Friday, Monday and Wednesday are ticked (Friday twice, out of order)
    response = moderator_client.post(url, schedule_form(schedule, weekdays=["4", "0", "2", "4"]))
    # Then the weekdays are stored as a sorted list of numbers
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.weekdays == [0, 2, 4]


def test_schedule_form_requires_a_weekday(moderator_client):
    schedule = HaatSchedule.objects.get(is_active=True)
    data = schedule_form(schedule)
    del data["weekdays"]
    response = moderator_client.post(admin_url(HaatSchedule, "change", schedule.pk), data)
    assert response.status_code == 200
    assert "weekdays" in response.context["adminform"].form.errors


def test_changing_haats_held_before_renumbers_the_sessions(client, moderator):
    schedule = HaatSchedule.objects.get(is_active=True)
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        # Given four weeks of planned haats numbered from 1
        services.sessions_plan()
        # When the moderator records that 260 haats were held before the platform
        response = login(client, moderator).post(
            admin_url(HaatSchedule, "change", schedule.pk),
            schedule_form(schedule, haats_held_before=260),
        )
    # Then the first planned haat is Haat #261
    assert response.status_code == 302
    numbers = list(HaatSession.objects.order_by("opens_at").values_list("number", flat=True))
    assert numbers == list(range(261, 269))


def test_adding_a_skip_date_cancels_the_haat_planned_on_it(client, moderator):
    with time_machine.travel(dhaka(2026, 12, 28, 10, 0), tick=False):
        # Given the haats planned for the next four weeks
        services.sessions_plan()
        # When New Year's Day (a Friday) is marked as a day without a haat
        response = login(client, moderator).post(
            admin_url(HaatSkipDate, "add"), {"date": "2027-01-01", "reason": "New year"}
        )
    # Then the date is recorded and its haat cancelled
    assert response.status_code == 302
    assert HaatSkipDate.objects.get().reason == "New year"
    new_year = HaatSession.objects.get(planned_for=datetime.date(2027, 1, 1))
    assert new_year.status == Status.CANCELLED
    assert new_year.number is None


# --- members ----------------------------------------------------------------------------


def test_adding_a_member_by_phone_with_bengali_digits(moderator_client):
    response = moderator_client.post(
        admin_url(User, "add"),
        {
            "phone": "০১৭১২৩৪৫৬৭৮",
            "name": "Rahima Begum",
            "password1": "haat-Strong-pass-2026",
            "password2": "haat-Strong-pass-2026",
        },
    )
    assert response.status_code == 302
    member = User.objects.get(phone="01712345678")
    assert member.name == "Rahima Begum"
    assert member.check_password("haat-Strong-pass-2026")


def test_product_page_shows_the_thumbnail(moderator_client, moderator):
    one_of_everything(moderator)
    image = ProductImage.objects.get()
    page = moderator_client.get(admin_url(Product, "change", image.product_id))
    assert f'src="{image.thumbnail.url}"' in page.content.decode()


def test_order_money_and_status_are_read_only(moderator_client):
    order = OrderFactory(subtotal=Decimal("500.00"))
    page = moderator_client.get(admin_url(Order, "change", order.pk))
    form_fields = set(page.context["adminform"].form.fields)
    assert not {"status", "subtotal", "delivery_charge", "total", "commission"} & form_fields
    assert {"name", "phone", "address", "note"} <= form_fields


def test_moderators_unlist_many_products_at_once(moderator_client):
    # Given three listed products and one already unlisted
    listed = ProductFactory.create_batch(3)
    hidden = ProductFactory(is_active=False)

    # When a moderator unlists all four from the list
    response = run_action(moderator_client, Product, "unlist_products", [*listed, hidden])

    # Then none is listed any more, and the message counts the three that were
    assert not Product.objects.filter(is_active=True).exists()
    assert "3 products were unlisted." in messages_of(response)
