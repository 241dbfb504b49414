"""A suspended shop's catalogue stays as the moderators left it (issue 13): no door lets
its owner change, list, hide, delete or add photos to its products."""

import pytest
from django.urls import reverse

from tests.api.conftest import assert_error, client_for, jpeg
from tests.factories import ProductFactory, ProductImageFactory, UserFactory, VendorFactory
from tests.vendors.test_dashboard import product_form
from vendors.models import Product, ProductImage, Vendor

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def suspended():
    owner = UserFactory()
    shop = VendorFactory(owner=owner, status=Vendor.Status.SUSPENDED)
    product = ProductFactory(vendor=shop, title="আমের আচার", is_active=False)
    return owner, product


def test_the_api_refuses_every_change_to_a_suspended_shops_products(suspended):
    owner, product = suspended
    api = client_for(owner)
    url = f"{V1}/vendor/products/{product.pk}/"
    assert_error(api.patch(url, {"title": "New title"}), 400, "suspended")
    assert_error(api.delete(url), 400, "suspended")
    photo = api.post(f"{url}images/", {"image": jpeg()}, format="multipart")
    assert photo.status_code == 400
    product.refresh_from_db()
    assert product.title == "আমের আচার"
    assert not product.images.exists()


def test_the_dashboard_refuses_to_list_or_hide_or_edit_them(suspended, client):
    owner, product = suspended
    image = ProductImageFactory(product=product)
    client.force_login(owner)
    client.post(reverse("product_activate", args=[product.pk]))
    assert Product.objects.get(pk=product.pk).is_active is False
    client.post(reverse("product_image_delete", args=[product.pk, image.pk]))
    assert ProductImage.objects.filter(pk=image.pk).exists()
    # A valid form: only the suspension refuses it
    response = client.post(
        reverse("product_edit", args=[product.pk]), product_form(title="Another title")
    )
    assert response.status_code == 400
    assert Product.objects.get(pk=product.pk).title == "আমের আচার"


def test_an_approved_shop_still_changes_its_own(client):
    owner = UserFactory()
    product = ProductFactory(vendor=VendorFactory(owner=owner), is_active=False)
    client.force_login(owner)
    client.post(reverse("product_activate", args=[product.pk]))
    assert Product.objects.get(pk=product.pk).is_active is True
