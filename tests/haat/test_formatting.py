"""How numbers, money and times read in Bengali and English."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from haat.core.formatting import bn_ordinal, format_lakh_crore, format_taka, haat_name


@pytest.mark.parametrize(
    "amount, bn, en",
    [
        (Decimal("1234567.5"), "৳১২,৩৪,৫৬৭.৫০", "৳12,34,567.50"),
        (Decimal("0"), "৳০.০০", "৳0.00"),
        (Decimal("999"), "৳৯৯৯.০০", "৳999.00"),
        (Decimal("1000"), "৳১,০০০.০০", "৳1,000.00"),
        (Decimal("100000"), "৳১,০০,০০০.০০", "৳1,00,000.00"),
        (Decimal("250000000"), "৳২৫,০০,০০,০০০.০০", "৳25,00,00,000.00"),
        (Decimal("-1500.255"), "-৳১,৫০০.২৬", "-৳1,500.26"),
    ],
)
def test_money_in_south_asian_grouping(amount, bn, en):
    with translation.override("bn"):
        assert format_taka(amount) == bn
    with translation.override("en"):
        assert format_taka(amount) == en


@pytest.mark.parametrize(
    "amount, bn, en",
    [
        (250_000_000, "২৫ কোটি", "25 crore"),
        (320_000, "৩.২ লাখ", "3.2 lakh"),
        (12_345_678, "১.২ কোটি", "1.2 crore"),
        (100_000, "১ লাখ", "1 lakh"),
        (99_999, "৯৯,৯৯৯.০০", "99,999.00"),
    ],
)
def test_large_totals_in_lakh_and_crore(amount, bn, en):
    with translation.override("bn"):
        assert format_lakh_crore(amount) == bn
    with translation.override("en"):
        assert format_lakh_crore(amount) == en


@pytest.mark.parametrize(
    "number, expected", [(1, "১ম"), (2, "২য়"), (4, "৪র্থ"), (6, "৬ষ্ঠ"), (10, "১০ম"), (261, "২৬১তম")]
)
def test_bengali_ordinals(number, expected):
    assert bn_ordinal(number) == expected


def test_haat_names():
    with translation.override("bn"):
        assert haat_name(261) == "২৬১তম হাট"
    with translation.override("en"):
        assert haat_name(261) == "Haat #261"


def test_dates_read_in_dhaka_time_with_bengali_names_and_digits():
    moment = datetime.datetime(2026, 12, 29, 3, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 Dhaka
    template = Template('{% load haat_tags %}{{ t|dhaka:"l, d F Y, H:i" }}')
    with translation.override("bn"):
        assert template.render(Context({"t": moment})) == "মঙ্গলবার, ২৯ ডিসেম্বর ২০২৬, ০৯:০০"
    with translation.override("en"):
        assert template.render(Context({"t": moment})) == "Tuesday, 29 December 2026, 09:00"
