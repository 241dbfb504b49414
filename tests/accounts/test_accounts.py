"""Members: phone numbers, signing up, logging in (rate-limited), passwords."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.phone import normalise_phone
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.mark.parametrize(
    "typed",
    ["01712345678", "+8801712345678", "8801712345678", "008801712345678", "017-1234 5678",
     "০১৭১২৩৪৫৬৭৮", "+৮৮০ ১৭১২-৩৪৫৬৭৮", "1712345678"],
)  # fmt: skip
def test_phone_numbers_are_normalised(typed):
    assert normalise_phone(typed) == "01712345678"


@pytest.mark.parametrize("bad", ["", "12345", "01212345678", "0171234567", "017123456789", "abc"])
def test_bad_phone_numbers_are_refused(bad):
    with pytest.raises(ValidationError):
        normalise_phone(bad)


def test_signup_creates_a_member_and_logs_in(client):
    response = client.post(
        reverse("signup"),
        {"name": "Rahima", "phone": "+880 1812-345678", "password": "shorshe-ilish-42"},
    )
    assert response.status_code == 302
    user = User.objects.get(phone="01812345678")
    assert user.name == "Rahima"
    assert client.get(reverse("home")).context["user"] == user


def test_signup_refuses_a_taken_number_and_a_weak_password(client):
    UserFactory(phone="01812345678")
    response = client.post(
        reverse("signup"),
        {"name": "X", "phone": "01812345678", "password": "shorshe-ilish-42"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "already exists" in str(response.context["form"].errors["phone"])
    response = client.post(
        reverse("signup"), {"name": "X", "phone": "01912345678", "password": "123"}
    )
    assert response.status_code == 400
    assert not User.objects.filter(phone="01912345678").exists()


def test_login_with_the_number_typed_any_way(client):
    UserFactory(phone="01712345678")
    response = client.post(reverse("login"), {"phone": "০১৭১২৩৪৫৬৭৮", "password": "haat-pass-123"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_login_refuses_a_wrong_password(client):
    UserFactory(phone="01712345678")
    response = client.post(reverse("login"), {"phone": "01712345678", "password": "nope"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_login_is_slowed_after_ten_attempts_even_with_the_right_password(client):
    UserFactory(phone="01712345678")
    for _ in range(10):
        client.post(reverse("login"), {"phone": "01712345678", "password": "guess"})
    response = client.post(
        reverse("login"),
        {"phone": "01712345678", "password": "haat-pass-123"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Too many attempts" in str(response.context["form"].non_field_errors())
    assert "_auth_user_id" not in client.session


def test_login_does_not_redirect_off_site(client):
    UserFactory(phone="01712345678")
    response = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"phone": "01712345678", "password": "haat-pass-123"},
    )
    assert response["Location"] == reverse("home")


def test_logout_needs_post(client):
    client.force_login(UserFactory())
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_change_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "haat-pass-123",
            "new_password1": "nakshi-kantha-77",
            "new_password2": "nakshi-kantha-77",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nakshi-kantha-77")


def test_change_password_needs_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_language_choice_is_remembered_on_the_account(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    user.refresh_from_db()
    assert user.language == "en"
    page = client.get(reverse("home"))
    assert page.content.decode().startswith("<!doctype html>")
    assert '<html lang="en">' in page.content.decode()


def test_a_visitor_can_switch_language_too(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies["django_language"].value == "en"
    assert client.post(reverse("set_language"), {"language": "xx"}).status_code == 302
