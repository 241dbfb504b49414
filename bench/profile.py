"""``python -m bench.profile PATH [--database NAME] [--requests N]``: where a page's time goes.

Runs the page in-process with the bench settings (Django's test client, Redis cache,
the bench database), then prints the Python calls per request (a CPU measure that does
not depend on what else the machine is doing), the queries, and the top functions.

``python -m bench.profile checkout`` does the same for a bench buyer's add to cart plus
checkout through the API (a haat must be open: ``make bench`` leaves one open).
"""

import argparse
import cProfile
import pstats
import sys
import time

from . import env


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("path")
    parser.add_argument("--database", default=env.DATABASE)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    env.apply(args.database)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=env.HOST)
    step = _checkout_step(client) if args.path == "checkout" else lambda: client.get(args.path)
    for _ in range(3):  # warm caches and connections
        step()
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        status = step().status_code
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(args.requests):
        step()
    profile.disable()
    wall = (time.perf_counter() - started) / args.requests
    stats = pstats.Stats(profile)
    print(
        f"{args.path}: {status}, {stats.total_calls // args.requests:,} Python calls and "
        f"{len(queries)} queries a request, {wall * 1000:.1f} ms profiled"
    )
    for sql in queries:
        print(f"  {sql[:120]}")
    stats.sort_stats("cumulative").print_stats(args.top)
    return 0


def _checkout_step(client):
    """Return a callable: a bench buyer adds a random product and checks out (API)."""
    import random
    import uuid

    from . import scenarios

    buyer = scenarios.buyers(1, offset=300)[0]
    products = scenarios.sellable_products(200, restock=100_000)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {buyer['token']}"
    contact = {"name": "Bench buyer", "phone": buyer["phone"], "district": "dhaka",
               "address": "House 1, Road 2"}  # fmt: skip

    def step():
        added = client.post(
            "/api/v1/cart/items/",
            {"product": random.choice(products), "quantity": 1},  # noqa: S311 - a load pick
            content_type="application/json",
        )
        assert added.status_code == 201, added.content
        return client.post(
            "/api/v1/checkout/",
            contact,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
        )

    return step


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
