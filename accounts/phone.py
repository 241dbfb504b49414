"""Bangladeshi mobile numbers: one normal form, 01XXXXXXXXX."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Bengali digits ০-৯ typed on a Bengali keyboard read as 0-9.
_BENGALI_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
_MOBILE = re.compile(r"01[3-9]\d{8}")


def to_ascii_digits(value: str) -> str:
    """Return ``value`` with Bengali digits replaced by ASCII ones."""
    return value.translate(_BENGALI_DIGITS)


def normalise_phone(value: str) -> str:
    """Return the number as 01XXXXXXXXX; raise ValidationError if it is not a BD mobile.

    Accepts spaces, dashes, dots and brackets, a +880 / 880 / 00880 country prefix, and
    Bengali digits.
    """
    raw = to_ascii_digits(str(value or "")).strip()
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("00880"):
        digits = digits[5:]
    elif digits.startswith("880"):
        digits = digits[3:]
    if len(digits) == 10 and digits.startswith("1"):
        digits = "0" + digits
    if not _MOBILE.fullmatch(digits):
        raise ValidationError(
            _("Enter a Bangladeshi mobile number such as 01712345678."), code="invalid_phone"
        )
    return digits


def validate_phone(value: str) -> None:
    """Raise ValidationError unless ``value`` is already a normalised BD mobile number."""
    if not _MOBILE.fullmatch(value or ""):
        raise ValidationError(
            _("Enter a Bangladeshi mobile number such as 01712345678."), code="invalid_phone"
        )
