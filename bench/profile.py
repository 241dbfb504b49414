"""``python -m bench.profile PATH [--database NAME] [--requests N]``: where a page's time goes.

Runs the page in-process with the bench settings (Django's test client, Redis cache,
the bench database), then prints the Python calls per request (a CPU measure that does
not depend on what else the machine is doing), the queries, and the top functions.
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
    for _ in range(3):  # warm caches and connections
        client.get(args.path)
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        status = client.get(args.path).status_code
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(args.requests):
        client.get(args.path)
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
