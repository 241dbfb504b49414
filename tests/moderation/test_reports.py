"""Reports and the moderators' queue (issue 13): members report products, shops and
reviews once each; moderators deal with them in the admin, and every reporter is told."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Notification
from haat.moderation import services
from haat.moderation.models import OpenReport, Report
from haat.moderation.selectors import open_queue
from orders import services as order_services
from orders.models import Order, Review
from tests.api.conftest import assert_error, client_for
from tests.factories import OrderFactory, ProductFactory, UserFactory, VendorFactory
from tests.test_admin import admin_url, login, messages_of, run_action
from vendors.models import Product, Vendor

pytestmark = pytest.mark.django_db
API = "/api/v1/reports/"


def review_of(shop, text="ভুয়া জিনিস পাঠিয়েছে") -> Review:
    order = OrderFactory(vendor=shop, status=Order.Status.DELIVERED)
    return order_services.review_create(order_id=order.pk, buyer=order.buyer, rating=1, text=text)


@pytest.fixture
def shop():
    return VendorFactory(shop_name="রহিমার রান্নাঘর")


@pytest.fixture
def targets(shop):
    """One visible object of each kind: kind -> object."""
    return {
        "product": ProductFactory(vendor=shop, title="আমের আচার"),
        "shop": shop,
        "review": review_of(shop),
    }


@pytest.fixture
def moderator():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def moderator_client(client, moderator):
    return login(client, moderator)


def report_url(kind, pk) -> str:
    return reverse("report", args=[kind, pk])


def reported_by(target, count: int, reason="spam") -> list:
    users = UserFactory.create_batch(count)
    for user in users:
        services.report_create(reporter=user, target=target, reason=reason, text="")
    return users


def queue_row(target) -> OpenReport:
    return OpenReport.objects.get(pk=services.reports_of(target).order_by("created_at", "pk")[0].pk)


# --- reporting --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["product", "shop", "review"])
def test_a_member_reports_each_kind_from_the_web(client, targets, kind):
    # Given a signed-in member on the report page of an object
    member = login(client, UserFactory())
    target = targets[kind]
    page = member.get(report_url(kind, target.pk))
    assert page.status_code == 200
    # When they send a reason and some text
    response = member.post(report_url(kind, target.pk), {"reason": "fraud", "text": "ভুয়া"})
    # Then one open report is recorded and they go back to the object's page
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.target, report.reason, report.text) == (target, "fraud", "ভুয়া")
    assert report.status == Report.Status.OPEN
    # And a second try is refused: one report per member per object
    again = member.post(report_url(kind, target.pk), {"reason": "spam"})
    assert again.status_code == 200
    assert again.context["already"] is True
    assert Report.objects.count() == 1


@pytest.mark.parametrize("kind", ["product", "shop", "review"])
def test_a_member_reports_each_kind_through_the_api(targets, kind):
    # Given a member with a token
    api = client_for(UserFactory())
    target = targets[kind]
    body = {"kind": kind, "id": target.pk, "reason": "offensive", "text": "খারাপ কথা"}
    # When they report the object
    response = api.post(API, body)
    # Then it is recorded
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == kind
    assert response.json()["object_id"] == target.pk
    # And the same report again answers 409 with its own code
    assert_error(api.post(API, body), 409, "already_reported")
    assert Report.objects.count() == 1


def test_two_members_may_report_the_same_object(targets):
    reported_by(targets["product"], 2)
    assert services.reports_of(targets["product"]).count() == 2


def test_the_api_refuses_a_reason_not_in_the_list_and_a_long_text(targets):
    api = client_for(UserFactory())
    product = targets["product"]
    bad = api.post(API, {"kind": "product", "id": product.pk, "reason": "boring"})
    assert_error(bad, 400, "invalid")
    long = api.post(
        API, {"kind": "product", "id": product.pk, "reason": "other", "text": "x" * 1001}
    )
    assert_error(long, 400, "invalid")
    assert not Report.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_and_the_api_answers_401(client, targets):
    product = targets["product"]
    page = client.get(report_url("product", product.pk))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("login"))
    post = client.post(report_url("product", product.pk), {"reason": "spam"})
    assert post.status_code == 302
    response = client_for(None).post(API, {"kind": "product", "id": product.pk, "reason": "spam"})
    assert_error(response, 401, "not_authenticated")
    assert not Report.objects.exists()


def test_hidden_and_missing_objects_cannot_be_reported(client, shop):
    # Given an unlisted product, a suspended shop, a hidden review and an id of nothing
    unlisted = ProductFactory(vendor=shop, is_active=False)
    suspended = VendorFactory(status=Vendor.Status.SUSPENDED)
    hidden = review_of(shop)
    order_services.review_hide(review_id=hidden.pk)
    member = login(client, UserFactory())
    api = client_for(UserFactory())
    cases = [("product", unlisted.pk), ("shop", suspended.pk), ("review", hidden.pk)]
    cases += [("product", 999999), ("question", 1)]
    for kind, pk in cases:
        # Then the page and the API answer 404
        assert member.get(report_url(kind, pk)).status_code == 404
        assert member.post(report_url(kind, pk), {"reason": "spam"}).status_code == 404
        if kind != "question":
            response = api.post(API, {"kind": kind, "id": pk, "reason": "spam"})
            assert_error(response, 404, "not_found")
    assert not Report.objects.exists()


def test_the_pages_link_to_the_report_page_the_same_for_everyone(client, targets):
    product, shop, review = targets["product"], targets["shop"], targets["review"]
    page = client.get(product.get_absolute_url()).content.decode()
    assert report_url("product", product.pk) in page
    shop_page = client.get(shop.get_absolute_url()).content.decode()
    assert report_url("shop", shop.pk) in shop_page
    assert report_url("review", review.pk) in shop_page


# --- the queue --------------------------------------------------------------------------


def test_the_queue_lists_open_reports_grouped_by_object_with_counts(moderator_client, targets):
    # Given three reports of the product, one of the shop, and a resolved one of the review
    reported_by(targets["product"], 3)
    reported_by(targets["shop"], 1, reason="fraud")
    reported_by(targets["review"], 1)
    services.reports_resolve(
        target=targets["review"], action=Report.Action.DISMISS, actor=UserFactory()
    )
    # When a moderator opens the queue
    response = moderator_client.get(admin_url(OpenReport))
    # Then it lists one row per object with open reports, most reported first
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [(row.target, row.open_count) for row in rows] == [
        (targets["product"], 3),
        (targets["shop"], 1),
    ]
    content = response.content.decode()
    assert "আমের আচার" in content
    assert "Fraud or fake × 1" in content


def test_the_queue_page_costs_the_same_queries_for_many_reported_objects(moderator_client, shop):
    # Given one reported product and one reported review, the queue's cost
    reported_by(ProductFactory(vendor=shop), 2)
    reported_by(review_of(shop), 1)
    with CaptureQueriesContext(connection) as one:
        moderator_client.get(admin_url(OpenReport))
    # When eight more products and reviews of other shops are reported, reasons mixed
    for n in range(8):
        reported_by(ProductFactory(vendor=shop), 1 + n % 3, reason=["spam", "fraud"][n % 2])
        reported_by(review_of(VendorFactory()), 1)
    # Then the page makes the same queries: none per row
    with CaptureQueriesContext(connection) as many:
        response = moderator_client.get(admin_url(OpenReport))
    assert len(response.context["cl"].result_list) == 18
    assert len(many.captured_queries) <= len(one.captured_queries)


def test_the_queue_counts_in_bengali_digits_for_a_bengali_moderator(moderator_client, targets):
    reported_by(targets["product"], 3)
    moderator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "bn"
    content = moderator_client.get(admin_url(OpenReport)).content.decode()
    assert ">৩<" in content


def test_the_reports_list_and_a_report_render(moderator_client, targets):
    reported_by(targets["product"], 1)
    assert moderator_client.get(admin_url(Report)).status_code == 200
    report = Report.objects.get()
    assert moderator_client.get(admin_url(Report, "change", report.pk)).status_code == 200
    assert moderator_client.get(admin_url(OpenReport, "change", report.pk)).status_code == 200


def assert_resolved(target, action, moderator, reporters, sms_outbox):
    reports = list(services.reports_of(target))
    assert {r.reporter_id for r in reports} == {u.pk for u in reporters}
    for report in reports:
        assert report.status == Report.Status.RESOLVED
        assert report.action == action
        assert report.resolved_by == moderator
        assert report.resolved_at is not None
    told = Notification.objects.filter(kind="report_resolved")
    assert sorted(told.values_list("user_id", flat=True)) == sorted(u.pk for u in reporters)
    reporter_phones = {u.phone for u in reporters}
    assert sorted(p for p, _t in sms_outbox if p in reporter_phones) == sorted(reporter_phones)


def test_dismissing_closes_the_reports_and_tells_every_reporter(
    moderator_client, moderator, targets, sms_outbox, django_capture_on_commit_callbacks
):
    # Given a product two members reported
    product = targets["product"]
    reporters = reported_by(product, 2)
    # When a moderator dismisses its reports
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(moderator_client, OpenReport, "dismiss", [queue_row(product)])
    # Then the product stays listed, the reports are resolved by whom and when, each told
    assert messages_of(response) == ["1 reported object was dealt with (2 reports resolved)."]
    assert Product.objects.get(pk=product.pk).is_active is True
    assert_resolved(product, Report.Action.DISMISS, moderator, reporters, sms_outbox)
    # And the queue is empty
    assert not OpenReport.objects.filter(status=Report.Status.OPEN).exists()


def test_unlisting_takes_the_product_off_and_tells_every_reporter(
    moderator_client, moderator, targets, sms_outbox, django_capture_on_commit_callbacks
):
    product = targets["product"]
    reporters = reported_by(product, 2)
    with django_capture_on_commit_callbacks(execute=True):
        run_action(moderator_client, OpenReport, "unlist_products", [queue_row(product)])
    assert Product.objects.get(pk=product.pk).is_active is False
    assert_resolved(product, Report.Action.UNLIST, moderator, reporters, sms_outbox)
    body = Notification.objects.filter(kind="report_resolved").first()
    assert "আমের আচার" in body.subject


def test_hiding_a_review_takes_it_off_the_shop_page(
    client, moderator_client, moderator, targets, sms_outbox, django_capture_on_commit_callbacks
):
    # Given a review on a shop's page, which a visitor has seen (and the page is kept)
    review, shop = targets["review"], targets["shop"]
    assert review.text in client.get(shop.get_absolute_url()).content.decode()
    reporters = reported_by(review, 1)
    # When a moderator hides it from the queue
    with django_capture_on_commit_callbacks(execute=True):
        run_action(moderator_client, OpenReport, "hide_reviews", [queue_row(review)])
    # Then it is hidden and no longer on the page, while the average keeps it
    assert Review.objects.get(pk=review.pk).hidden is True
    assert review.text not in client.get(shop.get_absolute_url()).content.decode()
    assert Vendor.objects.get(pk=shop.pk).rating_count == 1
    assert_resolved(review, Report.Action.HIDE, moderator, reporters, sms_outbox)


def test_suspending_asks_for_a_reason_then_suspends_the_shop(
    moderator_client, moderator, targets, sms_outbox, django_capture_on_commit_callbacks
):
    shop = targets["shop"]
    reporters = reported_by(shop, 2, reason="fraud")
    row = queue_row(shop)
    # When a moderator picks the action, they are asked for the reason first
    page = run_action(moderator_client, OpenReport, "suspend_shops", [row])
    assert page.templates[0].name == "admin/action_form.html"
    assert Vendor.objects.get(pk=shop.pk).status == Vendor.Status.APPROVED
    # And with a reason the shop is suspended, the reports resolved, every reporter told
    with django_capture_on_commit_callbacks(execute=True):
        run_action(moderator_client, OpenReport, "suspend_shops", [row], note="ভুয়া দোকান")
    vendor = Vendor.objects.get(pk=shop.pk)
    assert (vendor.status, vendor.status_reason) == (Vendor.Status.SUSPENDED, "ভুয়া দোকান")
    assert_resolved(shop, Report.Action.SUSPEND, moderator, reporters, sms_outbox)
    assert Report.objects.filter(note="ভুয়া দোকান").count() == 2


def test_an_action_that_does_not_fit_the_kind_leaves_the_reports_open(moderator_client, targets):
    product = targets["product"]
    reported_by(product, 1)
    response = run_action(moderator_client, OpenReport, "hide_reviews", [queue_row(product)])
    assert "does not take this action" in messages_of(response)[-1]
    assert services.reports_of(product).get().status == Report.Status.OPEN
    with pytest.raises(ValueError):
        services.reports_resolve(target=product, action=Report.Action.HIDE, actor=None)


def test_resolving_twice_does_nothing_and_tells_no_one_again(
    targets, moderator, django_capture_on_commit_callbacks
):
    product = targets["product"]
    reported_by(product, 2)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.reports_resolve(target=product, action="dismiss", actor=moderator)
        second = services.reports_resolve(target=product, action="unlist", actor=moderator)
    assert (first, second) == (2, 0)
    assert Product.objects.get(pk=product.pk).is_active is True
    assert Notification.objects.filter(kind="report_resolved").count() == 2


def test_a_later_report_after_resolution_opens_the_object_again(targets, moderator):
    product = targets["product"]
    reported_by(product, 1)
    services.reports_resolve(target=product, action="dismiss", actor=moderator)
    reported_by(product, 1)
    assert [row.open_count for row in open_queue()] == [1]


def test_deleting_an_object_deletes_its_reports(targets):
    product = targets["product"]
    reported_by(product, 2)
    Product.objects.filter(pk=product.pk).delete()
    assert not Report.objects.exists()
