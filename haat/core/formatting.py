"""How numbers and times read in Bengali: digits, ordinals, money, Asia/Dhaka time."""

from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

_TO_BENGALI = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
# Bengali ordinal suffixes for 1-10; from 11 on it is -তম.
_ORDINAL_SUFFIX = {
    1: "ম",
    2: "য়",
    3: "য়",
    4: "র্থ",
    5: "ম",
    6: "ষ্ঠ",
    7: "ম",
    8: "ম",
    9: "ম",
    10: "ম",
}


def is_bengali() -> bool:
    """Return whether the active language is Bengali (the default)."""
    return (get_language() or "bn").startswith("bn")


def bn_digits(value) -> str:
    """Return ``value`` as text with Bengali digits."""
    return str(value).translate(_TO_BENGALI)


def local_digits(value) -> str:
    """Return ``value`` with Bengali digits when Bengali is active, else unchanged."""
    return bn_digits(value) if is_bengali() else str(value)


def bn_ordinal(number: int) -> str:
    """Return the Bengali ordinal: 1 → ১ম, 4 → ৪র্থ, 261 → ২৬১তম."""
    return bn_digits(number) + _ORDINAL_SUFFIX.get(number, "তম")


def haat_name(number: int | None) -> str:
    """Return a haat's name by its number: ২৬১তম হাট in Bengali, Haat #261 in English."""
    if number is None:
        return "হাট" if is_bengali() else "Haat"
    return f"{bn_ordinal(number)} হাট" if is_bengali() else f"Haat #{number}"


def _group_south_asian(digits: str) -> str:
    """Return an integer string grouped the South Asian way: 1234567 → 12,34,567."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups + [tail])


def format_taka(amount, *, symbol: bool = True) -> str:
    """Return ``amount`` as money: ৳১২,৩৪,৫৬৭.৫০ in Bengali, ৳12,34,567.50 in English."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):.2f}".partition(".")
    text = f"{sign}{'৳' if symbol else ''}{_group_south_asian(whole)}.{fraction}"
    return local_digits(text)


def format_lakh_crore(amount) -> str:
    """Return a large sum in words people use: ২৫ কোটি / 25 crore, ৩.২ লাখ / 3.2 lakh.

    Below a lakh the amount is written in full money form.
    """
    value = Decimal(str(amount))
    for size, bn_word, en_word in (
        (Decimal(10**7), "কোটি", "crore"),
        (Decimal(10**5), "লাখ", "lakh"),
    ):
        if abs(value) >= size:
            count = (value / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            text = f"{count:f}".removesuffix(".0")
            return f"{bn_digits(text)} {bn_word}" if is_bengali() else f"{text} {en_word}"
    return format_taka(value, symbol=False)


def haat_tz() -> ZoneInfo:
    """Return the haat's time zone (Asia/Dhaka), whatever the server runs in."""
    return ZoneInfo(settings.HAAT_TIME_ZONE)


def format_dhaka(value, fmt: str = "d/m/Y H:i") -> str:
    """Return an aware datetime in Asia/Dhaka, formatted, in the active language's digits."""
    if not value:
        return ""
    return local_digits(date_format(timezone.localtime(value, haat_tz()), fmt))
