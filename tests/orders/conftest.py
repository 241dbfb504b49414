import datetime

import pytest
from django.utils import timezone

from haat.models import HaatSession
from tests.factories import HaatSessionFactory

CONTACT = {
    "name": "Ayesha Akter",
    "phone": "01711111111",
    "district": "dhaka",
    "address": "House 4, Road 7, Dhanmondi",
    "note": "Call before coming",
}


@pytest.fixture
def open_haat():
    """Return a session open now, for eleven more hours."""
    now = timezone.now()
    return HaatSessionFactory(
        status=HaatSession.Status.OPEN,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=11),
    )
