"""Shop applications (issue 13): a moderator rejects or suspends a shop with a reason the
owner reads; the owner of a rejected shop applies again by editing it; only approved
shops are shown or sold."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.models import Notification, User
from orders import services as orders
from orders.errors import CartProblems
from tests.api.conftest import client_for
from tests.factories import ProductFactory, UserFactory, VendorFactory
from tests.support.concurrency import run_at_once
from tests.test_admin import admin_url, messages_of, run_action
from tests.vendors.test_dashboard import shop_form
from vendors import services
from vendors.models import Product, Vendor

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
REASON = "দোকানের ছবিগুলো অন্য দোকানের। নিজের পণ্যের ছবি দিন।"


@pytest.fixture
def moderator():
    return User.objects.create_superuser(phone="01900000002", password="x")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def pending():
    """A pending shop with one product, waiting for review."""
    shop = VendorFactory(status=Vendor.Status.PENDING, shop_name="Rahima's Kitchen")
    ProductFactory(vendor=shop, title="Mango pickle")
    return shop


@pytest.fixture
def rejected(pending, moderator):
    services.vendor_reject(vendor_id=pending.pk, reason=REASON, actor=moderator)
    pending.refresh_from_db()
    return pending


def dashboard_text(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


# --- rejecting ----------------------------------------------------------------------------


def test_a_rejected_owner_is_told_once_and_reads_the_reason_on_the_dashboard_and_api(
    pending, moderator, client, sms_outbox, django_capture_on_commit_callbacks
):
    # Given a pending shop
    # When a moderator rejects it with a reason, and then (a second click) again
    with django_capture_on_commit_callbacks(execute=True):
        first = services.vendor_reject(
            vendor_id=pending.pk, reason=f"  {REASON}\n", actor=moderator
        )
    with django_capture_on_commit_callbacks(execute=True):
        second = services.vendor_reject(vendor_id=pending.pk, reason="Other", actor=moderator)

    # Then the shop is rejected once, with who, when and why recorded
    assert (first, second) == (True, False)
    pending.refresh_from_db()
    assert pending.status == Vendor.Status.REJECTED
    assert pending.status_reason == REASON
    assert pending.status_changed_by == moderator
    assert pending.status_changed_at is not None
    # And the owner is told once, in Bengali, with the reason
    (notice,) = Notification.objects.filter(user=pending.owner, kind="vendor_rejected")
    assert notice.subject == "আপনার দোকান Rahima's Kitchen অনুমোদন পায়নি"
    assert REASON in notice.body
    assert [phone for phone, _text in sms_outbox] == [pending.owner.phone]
    assert REASON in sms_outbox[0][1]
    # And the dashboard and the API show the status and the reason
    page = dashboard_text(client, pending.owner)
    assert "Your shop was not approved" in page and REASON in page
    body = client_for(pending.owner).get(f"{V1}/vendor/shop/").json()
    assert (body["status"], body["status_reason"]) == ("rejected", REASON)


@pytest.mark.parametrize("reason", ["", "   \n", "\u200b\u200e"])
def test_a_rejection_without_a_reason_is_refused(
    pending, moderator, reason, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as no:
        services.vendor_reject(vendor_id=pending.pk, reason=reason, actor=moderator)
    assert no.value.code == "reason_required"
    pending.refresh_from_db()
    assert (pending.status, pending.status_reason) == (Vendor.Status.PENDING, "")
    assert not Notification.objects.exists()


def test_a_reason_past_the_limit_is_refused(pending, moderator):
    too_long = "x" * (services.STATUS_REASON_MAX_LENGTH + 1)
    with pytest.raises(ValidationError) as refused:
        services.vendor_reject(vendor_id=pending.pk, reason=too_long, actor=moderator)
    assert refused.value.code == "reason_too_long"
    assert Vendor.objects.get(pk=pending.pk).status == Vendor.Status.PENDING


def test_only_a_pending_shop_can_be_rejected(moderator):
    approved = VendorFactory(status=Vendor.Status.APPROVED)
    suspended = VendorFactory(status=Vendor.Status.SUSPENDED)
    for shop in (approved, suspended):
        assert services.vendor_reject(vendor_id=shop.pk, reason=REASON, actor=moderator) is False
        shop.refresh_from_db()
        assert shop.status_reason == ""
    assert (approved.status, suspended.status) == ("approved", "suspended")


def test_the_database_refuses_a_rejected_shop_without_a_reason(pending):
    with pytest.raises(IntegrityError), transaction.atomic():
        Vendor.objects.filter(pk=pending.pk).update(status=Vendor.Status.REJECTED)


@pytest.mark.django_db(transaction=True)
def test_two_moderators_rejecting_at_once_reject_it_once(sms_outbox):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proved on PostgreSQL (set DATABASE_URL)")
    # Given a pending shop and two moderators
    shop = VendorFactory(status=Vendor.Status.PENDING)
    one, two = UserFactory(is_staff=True), UserFactory(is_staff=True)

    # When both reject it in the same instant
    outcomes = run_at_once(
        [
            lambda m=m: services.vendor_reject(vendor_id=shop.pk, reason=f"By {m.pk}", actor=m)
            for m in (one, two)
        ]
    )

    # Then exactly one changed it, and the owner got one message, with that one's reason
    assert sorted(result for result, _error in outcomes) == [False, True]
    shop.refresh_from_db()
    assert shop.status_reason == f"By {shop.status_changed_by_id}"
    assert Notification.objects.filter(kind="vendor_rejected").count() == 1
    assert len(sms_outbox) == 1


# --- applying again -------------------------------------------------------------------------


def test_editing_a_rejected_shop_applies_again_and_keeps_the_reason(rejected, moderator, client):
    # Given a rejected shop
    changed_at = rejected.status_changed_at
    client.force_login(rejected.owner)
    edit = client.get(reverse("vendor_edit"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Save and apply again" in edit.content.decode()

    # When its owner fixes the profile on the dashboard
    response = client.post(
        reverse("vendor_edit"),
        shop_form(description="নিজের হাতে বানানো আচার"),
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    # Then it waits for review again; only the status changed, the reason is still shown
    assert response.status_code == 200
    assert "sent to the admins for review" in response.content.decode()
    rejected.refresh_from_db()
    assert rejected.status == Vendor.Status.PENDING
    assert rejected.status_reason == REASON
    assert (rejected.status_changed_by, rejected.status_changed_at) == (moderator, changed_at)
    page = dashboard_text(client, rejected.owner)
    assert "You applied again" in page and REASON in page

    # And once a moderator approves it, the reason is gone and the approval recorded
    assert services.vendor_approve(vendor_id=rejected.pk, actor=moderator) is True
    rejected.refresh_from_db()
    assert (rejected.status, rejected.status_reason) == (Vendor.Status.APPROVED, "")
    assert rejected.status_changed_by == moderator
    assert REASON not in dashboard_text(client, rejected.owner)


def test_patching_a_rejected_shop_through_the_api_applies_again(rejected):
    api = client_for(rejected.owner)
    response = api.patch(f"{V1}/vendor/shop/", {"description": "New photos of our own"})
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["status_reason"]) == ("pending", REASON)
    assert Vendor.objects.get(pk=rejected.pk).status == Vendor.Status.PENDING


def test_editing_a_suspended_shop_does_not_lift_the_suspension(moderator, client):
    # Given a shop suspended with a reason
    shop = VendorFactory()
    services.vendor_suspend(vendor_id=shop.pk, reason="Unpaid commission", actor=moderator)

    # When its owner edits it, on the dashboard and through the API
    client.force_login(shop.owner)
    assert client.post(reverse("vendor_edit"), shop_form()).status_code == 302
    patched = client_for(shop.owner).patch(f"{V1}/vendor/shop/", {"upazila": "Mithapukur"})

    # Then it stays suspended, reason and all: only a moderator lifts it
    assert patched.json()["status"] == "suspended"
    shop.refresh_from_db()
    assert (shop.status, shop.status_reason) == (Vendor.Status.SUSPENDED, "Unpaid commission")


# --- not shown, not sold ------------------------------------------------------------------


def test_a_rejected_shops_products_are_neither_shown_nor_sold(rejected, client, open_haat):
    product = Product.objects.get(vendor=rejected)
    assert not Product.objects.sellable().filter(pk=product.pk).exists()
    assert "Mango pickle" not in client.get(reverse("product_list")).content.decode()
    assert client.get(reverse("product", args=[product.pk])).status_code == 404
    assert client.get(reverse("vendor", args=[rejected.slug])).status_code == 404
    api = client_for()
    assert api.get(f"{V1}/products/{product.pk}/").status_code == 404
    assert api.get(f"{V1}/vendors/{rejected.slug}/").status_code == 404
    assert product.pk not in [p["id"] for p in api.get(f"{V1}/products/").json()["results"]]
    with pytest.raises(CartProblems):
        orders.cart_item_add(user=UserFactory(), product_id=product.pk)


# --- suspending -----------------------------------------------------------------------------


def test_suspend_with_a_reason_tells_the_owner(
    moderator, client, sms_outbox, django_capture_on_commit_callbacks
):
    # Given an approved shop
    shop = VendorFactory(shop_name="Nakshi Ghar")

    # When a moderator suspends it with a reason
    with django_capture_on_commit_callbacks(execute=True):
        done = services.vendor_suspend(vendor_id=shop.pk, reason="Fake reviews", actor=moderator)

    # Then it is suspended, the reason recorded, and the owner told with it
    assert done is True
    shop.refresh_from_db()
    assert (shop.status, shop.status_reason) == (Vendor.Status.SUSPENDED, "Fake reviews")
    assert shop.status_changed_by == moderator
    (notice,) = Notification.objects.filter(user=shop.owner, kind="vendor_suspended")
    assert notice.subject == "আপনার দোকান Nakshi Ghar স্থগিত করা হয়েছে"
    assert "Fake reviews" in sms_outbox[0][1]
    page = dashboard_text(client, shop.owner)
    assert "suspended" in page and "Fake reviews" in page
    assert client_for(shop.owner).get(f"{V1}/vendor/shop/").json()["status_reason"] == (
        "Fake reviews"
    )
    # And suspending it again changes nothing; no reason is refused
    assert services.vendor_suspend(vendor_id=shop.pk, reason="Again", actor=moderator) is False
    with pytest.raises(ValidationError):
        services.vendor_suspend(vendor_id=shop.pk, reason=" ", actor=moderator)


# --- the admin ------------------------------------------------------------------------------


def test_the_reject_action_asks_for_the_reason_first(moderator_client, pending):
    # When a moderator picks "Reject with a reason" for a pending shop
    response = run_action(moderator_client, Vendor, "reject_shops", [pending])

    # Then a page asks for the reason, and nothing has changed yet
    assert response.status_code == 200
    assert "admin/action_form.html" in [t.name for t in response.templates]
    assert "Rahima&#x27;s Kitchen" in response.content.decode()
    assert Vendor.objects.get(pk=pending.pk).status == Vendor.Status.PENDING


def test_the_reject_action_rejects_with_the_reason_posted(
    moderator_client, moderator, pending, sms_outbox, django_capture_on_commit_callbacks
):
    # Given a pending shop and an approved one
    approved = VendorFactory()

    # When the moderator posts the reason for both
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            moderator_client, Vendor, "reject_shops", [pending, approved], reason=REASON
        )

    # Then the pending one is rejected, its owner told; the approved one is left as it was
    assert messages_of(response) == [
        "1 shop was rejected.",
        "1 shop was not waiting for approval and was left as it was.",
    ]
    pending.refresh_from_db()
    assert (pending.status, pending.status_reason) == (Vendor.Status.REJECTED, REASON)
    assert pending.status_changed_by == moderator
    assert Vendor.objects.get(pk=approved.pk).status == Vendor.Status.APPROVED
    assert [phone for phone, _text in sms_outbox] == [pending.owner.phone]
    # And the list shows the status and the reason, and filters by it
    listing = moderator_client.get(admin_url(Vendor), {"status__exact": "rejected"})
    assert [v.pk for v in listing.context["cl"].result_list] == [pending.pk]
    assert REASON[:40] in listing.content.decode()


def test_the_reject_action_refuses_an_empty_reason(moderator_client, pending):
    response = run_action(moderator_client, Vendor, "reject_shops", [pending], reason="  ")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Vendor.objects.get(pk=pending.pk).status == Vendor.Status.PENDING


def test_the_suspend_action_suspends_with_the_reason(moderator_client, moderator):
    shop = VendorFactory()
    asked = run_action(moderator_client, Vendor, "suspend_shops", [shop])
    assert "admin/action_form.html" in [t.name for t in asked.templates]

    response = run_action(moderator_client, Vendor, "suspend_shops", [shop], reason="Fake reviews")

    assert messages_of(response) == ["1 shop was suspended."]
    shop.refresh_from_db()
    assert (shop.status, shop.status_reason) == (Vendor.Status.SUSPENDED, "Fake reviews")
    assert shop.status_changed_by == moderator
    page = moderator_client.get(admin_url(Vendor, "change", shop.pk))
    assert "Fake reviews" in page.content.decode()
    assert "status_reason" not in page.context["adminform"].form.fields  # read-only


# --- who sees the reason --------------------------------------------------------------------


def test_nobody_but_the_owner_reads_the_reason(rejected, client):
    # Another member with a shop of their own, one without, and an anonymous visitor
    other_shop = VendorFactory()
    no_shop = UserFactory()

    own = client_for(other_shop.owner).get(f"{V1}/vendor/shop/").json()
    assert own["id"] == other_shop.pk and own["status_reason"] == ""
    assert client_for(no_shop).get(f"{V1}/vendor/shop/").status_code == 404
    assert client_for().get(f"{V1}/vendor/shop/").status_code == 401
    assert REASON not in dashboard_text(client, other_shop.owner)
    client.force_login(no_shop)
    assert client.get(reverse("dashboard")).url == reverse("vendor_apply")
    # The public answers never carry a reason
    public = client_for().get(f"{V1}/vendors/{other_shop.slug}/").json()
    assert "status_reason" not in public
