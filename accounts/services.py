"""Writes for members: registering."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

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
