"""Writes for members: registering, logging in."""

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import ratelimit
from .models import User
from .phone import normalise_phone


def user_register(*, phone: str, password: str, name: str = "", email: str = "") -> User:
    """Create a member; raise ValidationError for a bad or taken number or a weak password."""
    phone = normalise_phone(phone)
    candidate = User(phone=phone, name=name.strip(), email=email.strip())
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc
    candidate.set_password(password)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"phone": _("An account with this mobile number already exists.")}, code="taken"
        ) from exc
    return candidate


class LoginThrottled(Exception):
    """Too many attempts for the account, or too many failures from the address."""

    # The longest a member waits before the 15-minute window lets them try again.
    wait = ratelimit.ACCOUNT_LIMITS[0][1]


def member_authenticate(*, request, phone: str, password: str, address: str) -> User | None:
    """Return the member with this number and password, or None for a wrong pair.

    Counted by accounts.ratelimit: the account's attempts before the password is checked
    (LoginThrottled past a limit), a failure against the address after it.
    """
    if not ratelimit.login_attempt_allowed(phone=phone, address=address):
        raise LoginThrottled()
    user = authenticate(request, phone=phone, password=password)
    if user is None:
        ratelimit.login_failed(address=address)
        return None
    ratelimit.login_succeeded(phone=phone)
    return user
