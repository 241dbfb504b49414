"""Password guessing on one account is held to 10 attempts, then 100 an hour; an address
is held by its failures only, so a carrier's crowd of members always gets in.

Against the configured cache: Redis when REDIS_URL is set (the production control, shared
by every process), local memory otherwise. An attempt "gets through" when the password is
actually checked: Django sends user_login_failed (or user_logged_in) for those only.
"""

import random
import threading

import pytest
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts import ratelimit
from tests.factories import UserFactory

SHORT_WINDOW = ratelimit.ACCOUNT_LIMITS[0][1]


class PasswordChecks:
    """Count the attempts whose password was checked, from any thread."""

    def __init__(self):
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, **kwargs):
        with self._lock:
            self.count += 1


@pytest.fixture
def checked():
    counter = PasswordChecks()
    user_login_failed.connect(counter, dispatch_uid="bruteforce-failed")
    user_logged_in.connect(counter, dispatch_uid="bruteforce-in")
    yield counter
    user_login_failed.disconnect(dispatch_uid="bruteforce-failed")
    user_logged_in.disconnect(dispatch_uid="bruteforce-in")


@pytest.fixture
def victim(db):
    # A number of its own per run: the Redis database may be shared with other runs.
    phone = f"019{random.randrange(10**8):08d}"  # noqa: S311 - not a secret
    user = UserFactory(phone=phone)
    yield user
    for _limit, window in ratelimit.ACCOUNT_LIMITS:
        caches["default"].delete(f"rl:login-account:{window}:{phone}")


def _address(n: int) -> str:
    """Return a distinct client address: the attacker spreads guesses over a botnet."""
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def _guess(client: Client, phone: str, n: int, password: str = "wrong-guess"):  # noqa: S107
    return client.post(
        reverse("login"),
        {"phone": phone, "password": password},
        REMOTE_ADDR=_address(n),
    )


def test_ten_guesses_get_through_then_even_the_right_password_waits(victim, checked, client):
    # When an attacker sends 30 wrong passwords from 30 addresses
    statuses = [_guess(client, victim.phone, n).status_code for n in range(30)]
    # Then only the first 10 were checked, every answer is a clear refusal (no 500)
    assert checked.count == 10
    assert set(statuses) == {400}
    # And the owner's right password waits out the cool-down too
    response = _guess(client, victim.phone, 31, password="haat-pass-123")
    assert response.status_code == 400
    assert checked.count == 10


def test_the_number_cannot_be_retyped_to_get_a_fresh_count(victim, checked, client):
    # Given the same number written five ways (country code, spaces, Bengali digits)
    bengali = victim.phone.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    spellings = [victim.phone, "+88" + victim.phone, "88" + victim.phone, bengali]
    spellings.append(f"{victim.phone[:5]} {victim.phone[5:]}")
    # When 6 guesses go in with each spelling
    for n in range(30):
        _guess(client, spellings[n % len(spellings)], n)
    # Then they were all one account's attempts
    assert checked.count == 10


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_cannot_slip_past_the_limit(checked):
    # Given an account, and 40 threads ready to guess at the same instant
    phone = f"019{random.randrange(10**8):08d}"  # noqa: S311 - not a secret
    UserFactory(phone=phone)
    threads, statuses, errors = 40, [], []
    barrier = threading.Barrier(threads)

    def attacker(n: int):
        try:
            client = Client()
            barrier.wait(timeout=30)
            for k in range(3):
                statuses.append(_guess(client, phone, n * 3 + k).status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    # When 120 guesses race in
    workers = [threading.Thread(target=attacker, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    try:
        # Then at most 10 were checked, and not one request failed
        assert errors == []
        assert len(statuses) == 120
        assert checked.count <= 10
        assert checked.count >= 1
        assert set(statuses) == {400}
    finally:
        for _limit, window in ratelimit.ACCOUNT_LIMITS:
            caches["default"].delete(f"rl:login-account:{window}:{phone}")


def _quarters(client, phone: str, *, quarters: int, per_quarter: int) -> None:
    """Guess ``per_quarter`` times, then let the 15-minute window pass, ``quarters`` times.

    The window passing is its key expiring: deleted here, as Redis would.
    """
    sent = 0
    for _quarter in range(quarters):
        for _ in range(per_quarter):
            _guess(client, phone, sent)
            sent += 1
        caches["default"].delete(f"rl:login-account:{SHORT_WINDOW}:{phone}")


def test_at_most_a_hundred_an_hour_however_the_windows_turn(victim, checked, client):
    # When a patient attacker uses each 15-minute allowance in full, 12 times in the hour
    _quarters(client, victim.phone, quarters=12, per_quarter=10)
    # Then 120 guesses got 100 password checks, no more
    assert checked.count == 100


def test_refused_guesses_count_against_the_hour(victim, checked, client):
    # When a greedy attacker sends 15 a quarter, 5 of them into the cool-down
    _quarters(client, victim.phone, quarters=12, per_quarter=15)
    # Then the refused ones used up the hour's budget too: 70 checks, not 100
    assert checked.count == 70


def test_the_api_token_endpoint_is_held_to_the_same_count(victim, checked, client):
    # Given the web form already used 6 of the account's attempts
    for n in range(6):
        _guess(client, victim.phone, n)
    # When the API is asked for a token 20 times, from other addresses
    url = reverse("api-token")
    statuses = [
        client.post(
            url,
            {"phone": victim.phone, "password": "wrong-guess"},
            content_type="application/json",
            REMOTE_ADDR=_address(100 + n),
        ).status_code
        for n in range(20)
    ]
    # Then 4 more were checked; the rest answered 429, none 500
    assert checked.count == 10
    assert set(statuses) <= {400, 429}
    assert statuses.count(429) >= 16


def test_one_address_is_held_to_its_failures_over_many_accounts(db, checked, client, settings):
    # Given 60 accounts, guessed once each from a single address allowed 50 failures
    settings.LOGIN_ADDRESS_FAILURES = 50
    users = UserFactory.create_batch(60)
    address = f"192.0.2.{random.randrange(1, 255)}"  # noqa: S311 - not a secret
    try:
        for user in users:
            client.post(
                reverse("login"),
                {"phone": user.phone, "password": "wrong-guess"},
                REMOTE_ADDR=address,
            )
        # Then the address got 50 checks, not 60
        assert checked.count == 50
    finally:
        _forget(address, users)


def _forget(address: str, users) -> None:
    for _limit, window in ratelimit.address_limits():
        caches["default"].delete(f"rl:login-address:{window}:{address}")
    for user in users:
        for _limit, window in ratelimit.ACCOUNT_LIMITS:
            caches["default"].delete(f"rl:login-account:{window}:{user.phone}")


@pytest.mark.django_db(transaction=True)
def test_a_crowd_behind_one_carrier_address_all_get_in(checked):
    # Given 120 members behind one carrier-grade NAT address, each with the right password
    address = f"100.64.{random.randrange(256)}.{random.randrange(1, 255)}"  # noqa: S311
    users = UserFactory.create_batch(120)
    try:
        # When they all log in within a minute, half on the web and half through the API
        web = [
            Client()
            .post(
                reverse("login"),
                {"phone": user.phone, "password": "haat-pass-123"},
                REMOTE_ADDR=address,
            )
            .status_code
            for user in users[:60]
        ]
        api = [
            Client()
            .post(
                reverse("api-token"),
                {"phone": user.phone, "password": "haat-pass-123"},
                content_type="application/json",
                REMOTE_ADDR=address,
            )
            .status_code
            for user in users[60:]
        ]
        # Then every one of them got in: a session for each on the web, a token for each app
        assert web == [302] * 60
        assert api == [200] * 60
        assert checked.count == 60  # web log-ins (the token endpoint sends no login signal)
        assert Token.objects.filter(user__in=users[60:]).count() == 60
    finally:
        _forget(address, users)


def test_the_address_is_the_proxys_view_of_it_not_the_clients_claim(rf, settings):
    # Given nginx in front (one proxy, which appends the address it saw)
    settings.NUM_PROXIES = 1
    request = rf.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    # Then the address is the one nginx appended, not what the client claimed
    assert ratelimit.client_address(request) == "203.0.113.9"
    # And with no proxy configured, a client-sent header is ignored
    settings.NUM_PROXIES = 0
    assert ratelimit.client_address(request) == "127.0.0.1"


@pytest.mark.skipif(
    "RedisCache" not in str(caches["default"].__class__.__mro__), reason="needs REDIS_URL"
)
def test_a_redis_count_always_carries_its_window(victim):
    # When one attempt is counted in Redis
    ratelimit.login_attempt_allowed(phone=victim.phone, address="198.51.100.1")
    # Then its key expires within the window: a count can never lock an account for good
    backend = caches["default"]
    for _limit, window in ratelimit.ACCOUNT_LIMITS:
        key = backend.make_and_validate_key(f"rl:login-account:{window}:{victim.phone}")
        ttl = backend._cache.get_client(key).ttl(key)
        assert 0 < ttl <= window
    for _limit, window in ratelimit.address_limits():
        caches["default"].delete(f"rl:login-address:{window}:198.51.100.1")


def test_with_redis_unreachable_log_in_fails_closed(victim, checked, client, settings):
    # Given the shared cache, where the counts live, refusing connections
    settings.CACHES = {
        "default": {
            "BACKEND": "haat.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    client.raise_request_exception = False
    # When someone tries a password
    response = _guess(client, victim.phone, 0, password="haat-pass-123")
    # Then no password is checked uncounted: a clear "try again in a minute" (503)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert checked.count == 0
