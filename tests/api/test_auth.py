"""Registering and logging in from the app, and the limits on guessing passwords."""

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from accounts import ratelimit
from accounts.models import User
from tests.api.conftest import assert_error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
PASSWORD = "haat-pass-123"  # UserFactory's


def test_register_normalises_the_number_and_refuses_it_twice(anon):
    created = anon.post(
        f"{V1}/auth/register/",
        {"phone": "+880 ১৭১২-৩৪৫৬৭৮", "password": "mango-pickle-42", "name": " Rahima "},
    )
    assert created.status_code == 201
    assert created.json()["phone"] == "01712345678"
    assert "password" not in created.json()
    assert User.objects.get(phone="01712345678").check_password("mango-pickle-42")
    again = anon.post(
        f"{V1}/auth/register/",
        {"phone": "01712345678", "password": "another-pass-42", "name": "Someone"},
    )
    error = assert_error(again, 400, "invalid")
    assert list(error["details"]) == ["phone"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phone": "12345", "password": "mango-pickle-42", "name": "R"}, "phone"),
        ({"phone": "01712345678", "password": "123", "name": "R"}, "password"),
        ({"phone": "01712345678", "password": "mango-pickle-42", "name": ""}, "name"),
    ],
)
def test_register_says_which_field_is_wrong(anon, body, field):
    error = assert_error(anon.post(f"{V1}/auth/register/", body), 400, "invalid")
    assert field in error["details"]
    assert not User.objects.exists()


def test_a_token_for_the_right_password_and_none_for_a_wrong_one(anon):
    member = UserFactory(phone="01712345678")
    wrong = anon.post(f"{V1}/auth/token/", {"phone": "01712345678", "password": "nope"})
    assert_error(wrong, 400, "invalid_login")
    right = anon.post(f"{V1}/auth/token/", {"phone": "+8801712345678", "password": PASSWORD})
    assert right.json() == {"token": Token.objects.get(user=member).key}
    # The same token each time: an app on two phones stays logged in on both.
    assert anon.post(f"{V1}/auth/token/", {"phone": "01712345678", "password": PASSWORD}).json()
    assert Token.objects.count() == 1
    anon.credentials(HTTP_AUTHORIZATION=f"Token {right.json()['token']}")
    assert anon.get(f"{V1}/cart/").status_code == 200


def test_the_token_endpoint_is_held_by_the_failures_of_an_address(anon, settings):
    # Given an address allowed 10 wrong passwords
    settings.LOGIN_ADDRESS_FAILURES = 10
    for n in range(10):
        response = anon.post(f"{V1}/auth/token/", {"phone": f"017{n:08d}", "password": "guess"})
        assert response.status_code == 400
    # When it sends one more, it is refused with how long to wait
    throttled = anon.post(f"{V1}/auth/token/", {"phone": "01799999999", "password": "guess"})
    error = assert_error(throttled, 429, "throttled")
    assert error["details"]["wait"] > 0
    assert int(throttled["Retry-After"]) > 0
    # Another address is not held back by this one.
    elsewhere = anon.post(
        f"{V1}/auth/token/",
        {"phone": "01799999999", "password": "guess"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert elsewhere.status_code == 400


def test_members_logging_in_from_one_address_are_not_held_by_a_rate(anon):
    # A carrier's NAT: many more members than the ``auth`` rate log in from one address.
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"]
    members = [UserFactory() for _ in range(int(rate.split("/")[0]) + 5)]
    for member in members:
        response = anon.post(f"{V1}/auth/token/", {"phone": member.phone, "password": PASSWORD})
        assert response.status_code == 200, response.content


def test_guessing_one_accounts_password_is_stopped_even_from_many_addresses(anon, monkeypatch):
    # The per-address rate is not what this is about.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "auth": None})
    member = UserFactory(phone="01712345678")
    limit = ratelimit.ACCOUNT_LIMITS[0][0]
    for n in range(limit):
        guess = anon.post(
            f"{V1}/auth/token/",
            {"phone": member.phone, "password": f"guess-{n}"},
            REMOTE_ADDR=f"10.0.0.{n}",
        )
        assert guess.status_code == 400
    blocked = anon.post(
        f"{V1}/auth/token/",
        {"phone": member.phone, "password": PASSWORD},
        REMOTE_ADDR="10.0.1.1",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    error = assert_error(blocked, 429, "throttled")
    assert "15" in error["message"]
    assert not Token.objects.exists()


def test_register_shares_the_tight_auth_rate(anon):
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"]
    allowed = int(rate.split("/")[0])
    for n in range(allowed):
        anon.post(f"{V1}/auth/register/", {"phone": "bad", "password": "x", "name": f"{n}"})
    blocked = anon.post(f"{V1}/auth/register/", {"phone": "bad", "password": "x", "name": "n"})
    assert_error(blocked, 429, "throttled")
