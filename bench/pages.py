"""``python -m bench.pages [--seconds N]``: the page scenarios of ``make bench`` alone.

For comparing two trees of the code on the same data side by side: run this in each tree
in turn, several times over (before, after, before, after), so that the machine's drift
loads both alike. ``make bench`` takes a quarter of an hour and runs one tree. Needs the
100k database (``make bench-data``); prints one line ``BENCHJSON {...}`` with req/s and
p95 per page.
"""

import argparse
import json
import sys

from . import env, load
from .stack import Stack

ORDER = [
    "ping",
    "home",
    "vendor_page",
    "product_list",
    "product_list_member",
    "product_page",
    "api_products",
    "search_bn",
    "search_en",
    "search_typo",
    "product_list_uncached",
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages")
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args(argv)
    import django

    env.apply(env.DATABASE)
    django.setup()
    from . import scenarios

    paths = scenarios.paths()
    paths["ping"] = ["/bench/ping/"]
    paths["product_list_member"] = paths["product_list"]
    paths["product_list_uncached"] = [f"{p}&utm_source=bench" for p in paths["product_list"]]
    files = {
        name: str(load.write_lines(env.VAR / "load" / f"{name}.txt", lines))
        for name, lines in paths.items()
    }
    member = scenarios.buyers(1, offset=400)[0]
    headers = {"product_list_member": f"Cookie: sessionid={member['session']}"}
    results = {}
    stack = Stack(env.DATABASE, worker=False).start()
    try:
        wrk_args = {
            name: ["get", files[name], *([headers[name]] if name in headers else [])]
            for name in ORDER
        }
        for name in ORDER:  # warm the caches and the connections: not measured
            load.wrk(f"warm {name}", stack.url, wrk_args[name], seconds=2)
        for name in ORDER:
            result = load.wrk(name, stack.url, wrk_args[name], seconds=args.seconds)
            results[name] = {"rps": result.rps, "p95_ms": result.p95_ms, "errors": result.errors}
    finally:
        stack.stop()
    print("BENCHJSON " + json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
