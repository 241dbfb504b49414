"""Every error is one JSON shape, in the client's language, and bad input is never a 500."""

import re

import pytest
from django.utils import translation

from haat.core.api.errors import MESSAGES
from tests.api.conftest import assert_error, client_for
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
BENGALI = re.compile(r"[\u0980-\u09FF]")


def test_a_validation_error_speaks_bengali_by_default_and_english_on_request(anon):
    bn = anon.post(f"{V1}/auth/register/", {}, format="json")
    en = anon.post(f"{V1}/auth/register/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    bn_error, en_error = assert_error(bn, 400, "invalid"), assert_error(en, 400, "invalid")
    assert bn["Content-Language"] == "bn" and en["Content-Language"] == "en"
    assert set(bn_error["details"]) == {"phone", "password", "name"}
    assert BENGALI.search(bn_error["details"]["phone"][0])
    assert en_error["details"]["phone"] == ["This field is required."]
    with translation.override("bn"):
        assert bn_error["message"] == str(MESSAGES["invalid"])
    assert en_error["message"] == "Some of the data sent is not valid."


@pytest.mark.parametrize("language", ["bn", "en"])
def test_not_found_and_not_logged_in_are_json_in_both_languages(anon, language):
    missing = anon.get(f"{V1}/products/987654/", HTTP_ACCEPT_LANGUAGE=language)
    assert_error(missing, 404, "not_found")
    anonymous = anon.get(f"{V1}/cart/", HTTP_ACCEPT_LANGUAGE=language)
    error = assert_error(anonymous, 401, "not_authenticated")
    assert anonymous["WWW-Authenticate"] == "Token"
    with translation.override(language):
        assert error["message"] == str(MESSAGES["not_authenticated"])


def test_a_bad_token_is_a_json_401(anon):
    anon.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(anon.get(f"{V1}/haats/"), 401, "authentication_failed")


def test_unknown_paths_and_missing_slashes_answer_json_not_the_html_page(buyer_api):
    assert_error(buyer_api.get("/api/v1/nothing-here/"), 404, "not_found")
    # Without the slash Django would redirect (and cannot redirect a POST body).
    assert_error(buyer_api.post("/api/v1/cart/items", {"product": 1}), 404, "not_found")


def test_a_wrong_method_is_a_json_405(buyer_api):
    assert_error(buyer_api.delete(f"{V1}/cart/"), 405, "method_not_allowed")


def test_malformed_json_is_a_400_parse_error(buyer_api):
    response = buyer_api.post(
        f"{V1}/cart/items/", data='{"product": 1,', content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


def test_an_unsupported_content_type_is_a_415(buyer_api):
    response = buyer_api.post(f"{V1}/cart/items/", data="product=1", content_type="text/plain")
    assert_error(response, 415, "unsupported_media_type")


@pytest.mark.parametrize(
    "body",
    [
        [1, 2],
        "just a string",
        {"product": "one", "quantity": 1},
        {"product": 1.5},
        {"product": None},
        {"product": 10**40},
        {"product": 1, "quantity": 10**40},
        {"product": 1, "quantity": -3},
        {"product": {"id": 1}},
    ],
)
def test_wrong_types_and_huge_numbers_are_400s(buyer_api, body):
    assert_error(buyer_api.post(f"{V1}/cart/items/", body), 400, "invalid")


@pytest.mark.parametrize(
    "query",
    [
        {"min_price": "1e400"},
        {"min_price": "NaN"},
        {"max_price": "-1"},
        {"min_price": "500", "max_price": "100"},
        {"district": "atlantis"},
        {"ordering": "title"},
        {"category": "no-such-category"},
        {"vendor": "no-such-shop"},
        {"search": "x" * 101},
        {"district": ""},
    ],
)
def test_bad_catalogue_filters_are_400s(anon, query):
    error = assert_error(anon.get(f"{V1}/products/", query), 400, "invalid")
    assert set(error["details"]) <= set(query)


@pytest.mark.parametrize(
    "url",
    [
        f"{V1}/products/?cursor=garbage",
        f"{V1}/vendor/products/?cursor=garbage",
        f"{V1}/orders/?cursor=garbage",
        f"{V1}/orders/?cursor=cD0yMDI0LXh4",  # DRF's own encoding, position no date
        f"{V1}/orders/?cursor=cD0wMDAxLTAxLTAx",  # the year 1: overflows in UTC
        f"{V1}/haats/?cursor=a",
    ],
)
def test_a_cursor_we_did_not_hand_out_is_a_400(url):
    shop_owner = ProductFactory().vendor.owner
    assert_error(client_for(shop_owner).get(url), 400, "invalid_cursor")


@pytest.mark.parametrize(
    "url", [f"{V1}/orders/99999999999999999999/", f"{V1}/vendor/products/9223372036854775808/"]
)
def test_ids_beyond_the_database_range_are_404s(buyer_api, url):
    assert_error(buyer_api.get(url), 404, "not_found")


def test_a_null_character_in_text_is_refused_not_sent_to_the_database(anon):
    phone_owner = UserFactory()
    response = anon.post(
        f"{V1}/auth/token/", {"phone": phone_owner.phone, "password": "nul\x00byte"}
    )
    assert_error(response, 400, "invalid")
