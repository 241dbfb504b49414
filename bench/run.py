"""``python -m bench.run data|all``: the benchmark's data, and its one-go run (make bench).

``data`` creates and migrates a bench database (``--database``, haat_bench by default),
then loads it with ``python -m bench.make_data`` and the remaining options
(``--products 1000000`` …): make bench-data.

``all`` starts the production stack on loopback (gunicorn with deploy/gunicorn.conf.py,
a Celery worker, the machine's PostgreSQL and Redis), runs every scenario of issue 7 with
its baselines B1 (a bare JSON view) and B2 (pgbench on the hot row), then the growth
scenario on the 10k and 1M databases, and writes bench/results/<time>.{json,md}.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import threading
import time

from . import env, load, report
from .stack import Stack

GROWTH = {"10k": ("haat_bench_10k", 10_000), "1m": ("haat_bench_1m", 1_000_000)}
GROWTH_DATA = ["--members", "1000", "--sessions", "0", "--orders", "0"]


def data(database: str, extra: list[str], *, fresh: bool = False) -> None:
    """Create (or top up) a bench database: migrate it, then load it (bench.make_data).

    ``extra`` are bench.make_data's options (--products 1000000 …). The load runs in a
    process of its own: Django there is set up on ``database``, whatever this one uses.
    """
    if fresh and env.database_exists(database):
        env.psql(f'DROP DATABASE "{database}" WITH (FORCE)')
    if not env.database_exists(database):
        env.psql(f'CREATE DATABASE "{database}"')
    env.manage("migrate", "--noinput", "-v", "0", database=database)
    env.python("-m", "bench.make_data", *extra, database=database)


def _product_count(database: str) -> int:
    if not env.database_exists(database):
        return 0
    try:
        return int(env.psql("SELECT count(*) FROM vendors_product", database))
    except subprocess.CalledProcessError:
        return 0


def _read(path: str) -> str:
    with open(path) as file:
        return file.read()


def _uptime() -> str:
    return _read("/proc/loadavg").strip()


def _versions() -> dict:
    def out(*command: str) -> str:
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=10)
        except OSError:
            return "missing"
        return (run.stdout or run.stderr).strip().splitlines()[0]

    import django
    import gunicorn
    import psycopg2

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "psycopg2": psycopg2.__version__.split()[0],
        "postgresql": env.psql("SHOW server_version"),
        "redis": _redis_version(),
        "wrk": out("wrk", "-v"),
        "pgbench": out("pgbench", "--version"),
    }


def _redis_version() -> str:
    run = subprocess.run(
        ["redis-cli", "-u", env.REDIS, "INFO", "server"], capture_output=True, text=True
    )
    for line in run.stdout.splitlines():
        if line.startswith("redis_version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def _machine() -> dict:
    cpu = next(
        (
            x.split(":", 1)[1].strip()
            for x in _read("/proc/cpuinfo").splitlines()
            if x.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        x for x in _read("/proc/meminfo").splitlines() if x.startswith("MemTotal")
    ).split()[1]
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "kernel": platform.release(),
        "loadavg_before": _uptime(),
    }


def _pg_settings(database: str) -> dict:
    rows = env.psql(
        "SELECT name || '=' || setting FROM pg_settings WHERE name IN ('shared_buffers', "
        "'max_connections', 'synchronous_commit', 'jit', 'work_mem')",
        database,
    )
    return dict(line.split("=", 1) for line in rows.splitlines())


def _purge_queue(database: str) -> None:
    queue = env.django_env(database)["CELERY_QUEUE"]
    subprocess.run(["redis-cli", "-u", env.REDIS, "DEL", queue], capture_output=True)


def _gunicorn_shape() -> dict:
    spec = {}
    exec(  # noqa: S102 - our own config file, read for its numbers
        (env.ROOT / "deploy" / "gunicorn.conf.py").read_text(), spec
    )
    return {k: spec[k] for k in ("worker_class", "workers", "threads", "max_requests")}


class LockSampler(threading.Thread):
    """Count samples in which some session holds a write lock on the product table."""

    def __init__(self, scenarios):
        super().__init__(daemon=True)
        self.scenarios, self.samples, self.with_lock = scenarios, 0, 0
        self._halt = threading.Event()

    def run(self) -> None:
        from django.db import connection

        try:
            while not self._halt.is_set():
                self.samples += 1
                self.with_lock += bool(self.scenarios.product_lock_holders())
                self._halt.wait(0.02)
        finally:
            connection.close()

    def stop(self) -> dict:
        self._halt.set()
        self.join(timeout=5)
        return {"samples": self.samples, "samples_with_product_write_lock": self.with_lock}


def _wait_fan_out(scenarios, opening: dict, stack: Stack, limit: float) -> dict:
    """Wait (at most ``limit`` s) for the opening notices; return enqueue and delivery."""
    started = time.monotonic()
    sent = 0
    while time.monotonic() - started < limit:
        sent = scenarios.fan_out_progress(opening["session_id"])
        if sent >= opening["followers"]:
            break
        time.sleep(1)
    delivered_s = time.monotonic() - started
    enqueue = scenarios.worker_log_tasks(stack.worker_log, "haat.tasks.session_opened_notify")
    chunks = scenarios.worker_log_received(stack.worker_log, "accounts.tasks.notifications_send")
    return {
        **opening,
        "enqueue_task_s": enqueue[-1] if enqueue else None,
        "chunk_tasks": chunks,
        "members_per_task": round(opening["followers"] / chunks, 1) if chunks else None,
        "notices_sent": sent,
        "delivered_in_s": round(delivered_s, 1),
        "delivered_per_s": round(sent / delivered_s, 1) if delivered_s else None,
    }


def _files(name: str, lines: list[str]):
    return str(load.write_lines(env.VAR / "load" / f"{name}.txt", lines))


def main_scenarios(seconds: int, results: dict, *, fan_out_wait: float = 600) -> None:
    """Run the scenarios on the 100k database (the stack up all the while)."""
    import django

    env.apply(env.DATABASE)
    django.setup()
    from . import scenarios
    from .data import counts

    results["data"] = counts()
    results["postgresql_settings"] = _pg_settings(env.DATABASE)
    # Earlier runs' live haat is closed now, and the reports that queues are dropped:
    # the worker's log must hold the opening's tasks only.
    scenarios.retire_live_sessions()
    _purge_queue(env.DATABASE)
    stack = Stack(env.DATABASE).start()
    url = stack.url
    runs = results["runs"]
    try:
        print("opening: 100k followers …", flush=True)
        opening = scenarios.opening()
        results["opening"] = _wait_fan_out(scenarios, opening, stack, limit=fan_out_wait)
        print(f"  {results['opening']}", flush=True)

        paths = scenarios.paths()
        files = {name: _files(name, lines) for name, lines in paths.items()}
        files["ping"] = _files("ping", ["/bench/ping/"])
        files["product_list_member"] = files["product_list"]
        # A parameter the page does not know: rendered every time (what the cache saves).
        files["product_list_uncached"] = _files(
            "product_list_uncached", [f"{path}&utm_source=bench" for path in paths["product_list"]]
        )
        member = scenarios.buyers(1, offset=400)[0]
        headers = {"product_list_member": f"Cookie: sessionid={member['session']}"}
        order = ["ping", "home", "vendor_page", "product_list", "product_list_member",
                 "product_page", "api_products", "search_bn", "search_en", "search_typo",
                 "product_list_uncached"]  # fmt: skip
        for name in order:  # warm the caches and the connections: not measured
            args = ["get", files[name], *([headers[name]] if name in headers else [])]
            load.wrk(f"warm {name}", url, args, seconds=3)
        for name in order:
            args = ["get", files[name], *([headers[name]] if name in headers else [])]
            result = load.wrk(name, url, args, seconds=seconds)
            runs[name] = result.as_dict()
            print(f"  {name}: {result.rps} req/s p95 {result.p95_ms} ms", flush=True)

        people = scenarios.buyers(216)
        flow, storm_people = people[:16], people[16:]
        products = scenarios.sellable_products(4000, restock=100_000)
        product_file = _files("products", [str(pk) for pk in products])
        tokens = _files("tokens", [f"{p['token']} - {p['phone']}" for p in flow])
        sessions = _files("sessions", [f"{p['session']} {p['csrf']} {p['phone']}" for p in flow])
        for name, mode, people_file in (
            ("checkout_api", "api-buy", tokens),
            ("checkout_web", "buy", sessions),
        ):
            dl = scenarios.deadlocks()
            result = load.wrk(
                name, url, [mode, people_file, product_file],
                threads=16, connections=16, seconds=seconds,
            )  # fmt: skip
            result.extra["deadlocks"] = scenarios.deadlocks() - dl
            ok = result.outcomes.get("checkout_ok", 0)
            result.extra["checkouts_per_s"] = round(ok / result.seconds, 1)
            runs[name] = result.as_dict()
            print(f"  {name}: {result.rps} req/s, {ok} checkouts", flush=True)

        shape = _gunicorn_shape()
        db_clients = shape["workers"] * shape["threads"]
        results["gunicorn"] = shape
        hot = scenarios.hot_product(10_000_000)
        update = f"UPDATE vendors_product SET stock = stock - 1 WHERE id = {hot} AND stock >= 1;"
        for clients in sorted({db_clients, 64}):
            result = load.pgbench(f"b2_c{clients}", env.DATABASE, update, clients=clients)
            runs[f"B2_c{clients}"] = result.as_dict()
            print(f"  B2 at {clients} clients: {result.rps} tps", flush=True)
        results["b2_clients"] = db_clients

        units = 1000
        hot = scenarios.hot_product(units)
        hot_file = _files("hot", [str(hot)])
        storm_tokens = _files("storm", [f"{p['token']} - {p['phone']}" for p in storm_people])
        dl = scenarios.deadlocks()
        since = datetime.datetime.now(datetime.UTC)
        # Long enough to sell out at a few dozen orders a second (bounded all the same).
        result = load.wrk(
            "storm", url, ["api-buy", storm_tokens, hot_file],
            threads=200, connections=200, seconds=max(seconds, 60),
        )  # fmt: skip
        time.sleep(10)  # the requests still queued in gunicorn finish
        outcome = scenarios.storm_outcome(hot, units, since)
        sampler = LockSampler(scenarios)
        sampler.start()
        sold_out = load.wrk(
            "storm_sold_out", url, ["api-buy", storm_tokens, hot_file],
            threads=200, connections=200, seconds=10,
        )  # fmt: skip
        sold_out.extra["locks"] = sampler.stop()
        result.extra.update(outcome, deadlocks=scenarios.deadlocks() - dl)
        runs["storm"] = result.as_dict()
        runs["storm_sold_out"] = sold_out.as_dict()
        print(f"  storm: {outcome}", flush=True)

        print("closing: 300k orders …", flush=True)
        time.sleep(5)  # let the requests still queued from the storm finish
        results["closing"] = scenarios.closing()
        print(f"  {results['closing']}", flush=True)
    finally:
        results["memory"] = stack.stop()
        results["memory"]["celery_note"] = "gunicorn workers only"


def growth_scenarios(seconds: int, results: dict) -> None:
    """Measure the first page, page 1,000 and the searches at 10k and at 1M products."""
    growth = results["growth"]
    for label, (database, products) in GROWTH.items():
        if _product_count(database) < products:
            print(f"growth: building {database} ({products:,} products) …", flush=True)
            data(database, ["--products", str(products), *GROWTH_DATA], fresh=True)
        prep = subprocess.run(
            [str(env.BIN / "python"), "-m", "bench.run", "prepare-growth",
             "--database", database, str(env.EXPLAIN)],
            cwd=env.ROOT, capture_output=True, text=True, check=True,
            env={**os.environ, **env.django_env(database)},
        )  # fmt: skip
        info = json.loads(
            next(x for x in prep.stdout.splitlines() if x.startswith("BENCHJSON "))[10:]
        )
        # The page cache off: growth measures each page's own work at each size (a kept
        # page costs the same at any size), as a member, whose pages are never kept, sees it.
        stack = Stack(database, worker=False, extra_env={"PAGE_CACHE": "false"}).start()
        try:
            runs = {}
            for name, lines in info["paths"].items():
                file = _files(f"{label}-{name}", lines)
                load.wrk(f"warm {name}", stack.url, ["get", file], seconds=2)
                # Few connections: a page's own time, not the queue in front of it.
                runs[name] = load.wrk(
                    name, stack.url, ["get", file], connections=4, seconds=seconds
                ).as_dict()
                print(f"  {label} {name}: p95 {runs[name]['p95_ms']} ms", flush=True)
        finally:
            memory = stack.stop()
        growth[label] = {**info, "runs": runs, "memory": memory}


def prepare_growth(database: str, explain_dir: str | None) -> None:
    import django

    env.apply(database)
    django.setup()
    from pathlib import Path

    from . import scenarios

    result = scenarios.prepare_growth(Path(explain_dir) if explain_dir else None)
    print("BENCHJSON " + json.dumps(result))


def run_all(args) -> int:
    load.require_tools()
    if _product_count(env.DATABASE) < 100_000:
        print("The 100k data set is missing: making it (make bench-data) …", flush=True)
        data(env.DATABASE, [])
    for database in [env.DATABASE] + [name for name, _size in GROWTH.values()]:
        if env.database_exists(database):  # the code may have migrations the data lacks
            env.manage("migrate", "--noinput", "-v", "0", database=database)
    # Production serves hashed static file names: the manifest must exist.
    env.manage("collectstatic", "--noinput", "-v", "0")
    started = datetime.datetime.now(datetime.UTC)
    results = {
        "started": started.isoformat(timespec="seconds"),
        "machine": _machine(),
        "versions": _versions(),
        "runs": {},
        "growth": {},
        "wrk": "1 thread, 16 connections for pages (4 for growth); one connection and one "
        "buyer per thread for checkouts",
    }
    # A scenario that fails is reported as such; the table still gets written.
    try:
        if "main" in args.only:
            main_scenarios(args.seconds, results, fan_out_wait=args.fan_out_wait)
        if "growth" in args.only:
            growth_scenarios(args.seconds, results)
    except Exception as exc:  # noqa: BLE001 - recorded in the results, then re-raised
        results["failed"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        results["machine"]["loadavg_after"] = _uptime()
        results["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        paths = report.write(results, env.RESULTS, started)
        print(_read(paths[1]))
        print(f"Results: {paths[0]} and {paths[1]}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("what", choices=["data", "all", "prepare-growth"])
    parser.add_argument("--database", default=env.DATABASE)
    parser.add_argument("--fresh", action="store_true", help="data: drop the database first")
    parser.add_argument("--seconds", type=int, default=15, help="all: seconds per load run")
    parser.add_argument(
        "--fan-out-wait", type=float, default=600, help="all: seconds to wait for the notices"
    )
    parser.add_argument(
        "--only", default="main,growth", help="all: main and/or growth (comma-separated)"
    )
    args, extra = parser.parse_known_args(argv)
    if args.what == "data":
        data(args.database, extra, fresh=args.fresh)
        return 0
    if args.what == "prepare-growth":
        prepare_growth(args.database, extra[0] if extra else None)
        return 0
    args.only = set(args.only.split(","))
    return run_all(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
