"""The OpenAPI schema: valid, complete, and its docs served from our own static files."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

# The contract of issue 5, as (method, path).
CONTRACT = [
    ("post", "/api/v1/auth/register/"),
    ("post", "/api/v1/auth/token/"),
    ("get", "/api/v1/haats/"),
    ("get", "/api/v1/haats/current/"),
    ("get", "/api/v1/haats/next/"),
    ("get", "/api/v1/categories/"),
    ("get", "/api/v1/products/"),
    ("get", "/api/v1/products/{id}/"),
    ("get", "/api/v1/vendors/"),
    ("get", "/api/v1/vendors/{slug}/"),
    ("get", "/api/v1/cart/"),
    ("post", "/api/v1/cart/items/"),
    ("patch", "/api/v1/cart/items/{id}/"),
    ("delete", "/api/v1/cart/items/{id}/"),
    ("post", "/api/v1/checkout/"),
    ("get", "/api/v1/orders/"),
    ("get", "/api/v1/orders/{id}/"),
    ("post", "/api/v1/orders/{id}/cancel/"),
    ("post", "/api/v1/orders/{id}/transaction/"),
    ("get", "/api/v1/vendor/shop/"),
    ("post", "/api/v1/vendor/shop/"),
    ("patch", "/api/v1/vendor/shop/"),
    ("get", "/api/v1/vendor/products/"),
    ("post", "/api/v1/vendor/products/"),
    ("get", "/api/v1/vendor/products/{id}/"),
    ("patch", "/api/v1/vendor/products/{id}/"),
    ("delete", "/api/v1/vendor/products/{id}/"),
    ("post", "/api/v1/vendor/products/{id}/images/"),
    ("get", "/api/v1/vendor/orders/"),
    *[
        ("post", f"/api/v1/vendor/orders/{{id}}/{action}/")
        for action in ("confirm", "mark-paid", "ship", "deliver", "cancel")
    ],
]


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_validates_without_a_warning(tmp_path):
    # Raises on an invalid schema or on any warning (an undocumented body, a guessed type).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3.0.3")


def test_every_path_of_the_contract_is_documented(schema):
    documented = {
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "patch", "put", "delete")
    }
    assert set(CONTRACT) <= documented


def test_every_operation_documents_its_bodies_and_errors(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            where = f"{method.upper()} {path}"
            assert {"401", "429"} <= set(responses), where
            assert any(code.startswith("2") for code in responses), where
            for code, response in responses.items():
                if code >= "400":
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.split("/")[-1] in {"Error", "PurchaseError"}, where
                elif code != "204":
                    assert response["content"]["application/json"]["schema"], where
            if method in ("post", "patch") and "requestBody" in operation:
                assert {"400", "415"} <= set(responses), where


def test_docs_are_served_from_our_own_static_files(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert "/api/schema/" in html
