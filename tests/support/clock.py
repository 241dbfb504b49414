"""Moments on the haat's clock: aware datetimes in Dhaka time."""

import datetime
from zoneinfo import ZoneInfo

DHAKA = ZoneInfo("Asia/Dhaka")


def dhaka(year, month, day, hour=0, minute=0, second=0) -> datetime.datetime:
    """Return that moment in Dhaka time: ``dhaka(2026, 12, 29, 9)`` is 09:00 on 29 December."""
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=DHAKA)
