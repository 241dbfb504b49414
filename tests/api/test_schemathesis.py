"""Schemathesis against the live test server: no server error, every answer as documented.

Each operation of the schema is a test of its own, sent over HTTP to pytest-django's
live_server (on the suite's database: PostgreSQL in CI) as a member who owns a shop,
buys, and has orders on both sides, during an open haat. Valid requests (the schema's
examples, the coverage phase's boundaries) and invalid ones (negative mode) are sent;
every answer must be below 500, documented, and match its documented body; every
invalid request must be refused. Generation is bounded and deterministic (a fixed seed,
derandomized): about a minute, and the same cases every run.

The schema is generated in this process when the module is collected (schemathesis
loads a schema from a fixture only through pytest internals that pytest 9.2 changed);
test_the_schema_tested_is_the_one_served checks that it is the one /api/schema/ serves.
"""

import json

import pytest
import schemathesis
from django.conf import settings as django_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.config import SchemathesisConfig

from accounts.api.views import EXAMPLE_PASSWORD, EXAMPLE_PHONE
from orders import services as order_services
from tests.api.conftest import jpeg
from tests.factories import ProductFactory, UserFactory, VendorFactory
from tests.support.data import CHECKOUT_CONTACT
from vendors.services import product_image_add

# Any fixed number: the same cases every run, here and in CI.
SEED = 261
MAX_EXAMPLES = 15
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
)


@pytest.fixture
def member_token(transactional_db, make_open_haat):
    """Return the token of a member with an approved shop, a cart and orders both ways.

    The member and the other shop are those of the schema's examples (accounts.api.views,
    orders.api.views): the examples phase logs in as them and checks out with them.
    """
    make_open_haat()
    member = UserFactory(phone=EXAMPLE_PHONE, password=EXAMPLE_PASSWORD)
    shop = VendorFactory(owner=member, bkash_number="01811111111")
    own = ProductFactory(vendor=shop, title="Mango pickle", stock=50)
    product_image_add(product=own, upload=jpeg())
    other_shop = VendorFactory(slug="rahimar-rannaghor", bkash_number="01822222222")
    other = ProductFactory(vendor=other_shop, title="Nakshi kantha", stock=50)
    # The member bought from another shop, and another member bought from theirs.
    order_services.cart_item_add(user=member, product_id=other.pk, quantity=1)
    order_services.checkout_complete(
        buyer=member, idempotency_key="seed-1", contact=CHECKOUT_CONTACT
    )
    buyer = UserFactory()
    order_services.cart_item_add(user=buyer, product_id=own.pk, quantity=2)
    order_services.checkout_complete(
        buyer=buyer, idempotency_key="seed-2", contact=CHECKOUT_CONTACT
    )
    order_services.cart_item_add(user=member, product_id=other.pk, quantity=1)
    return Token.objects.create(user=member).key


@pytest.fixture
def unthrottled(monkeypatch):
    # Hundreds of requests a minute from one member: the rates are not under test here.
    rates = {"anon": "100000/min", "user": "100000/min", "auth": "100000/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def _schema_document() -> dict:
    """Return the OpenAPI document /api/schema/ serves, generated in this process."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "unique-inputs": True,
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)
schema = schemathesis.openapi.from_dict(_schema_document(), config=CONFIG)


def test_the_schema_tested_is_the_one_served(client):
    served = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert served.json() == _schema_document()


# Every app listed: the flush after each operation then skips the post-migrate signal,
# a second per operation on PostgreSQL.
@pytest.mark.django_db(transaction=True, available_apps=django_settings.INSTALLED_APPS)
@schema.parametrize()
# The fixtures hold for every example of an operation on purpose: one member, one shop.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, database=None)
def test_api_answers_every_request_as_documented(case, live_server, member_token, unthrottled):
    case.call_and_validate(
        base_url=live_server.url,
        headers={"Authorization": f"Token {member_token}"},
        checks=[getattr(schemathesis.checks, name) for name in CHECKS],
    )
