"""``python -m bench.make_data``: the benchmark's scale data (issue 7), in minutes.

10,000 shops, 100,000 products with pictures, 100,000 members following shops and
300,000 past orders over 100 closed haats by default; ``--products 1000000`` for the
growth scenario. Bulk inserts (COPY on PostgreSQL); a second run tops up. The work is
in bench.data.

It loads the database Django is configured with (DATABASE_URL), which must be migrated,
and refuses one whose name has neither *bench* nor *test* in it unless ``--force``.
``python -m bench.run data`` (make bench-data) creates and migrates the bench's own
database, then runs this with the bench environment (bench/env.py).
"""

import argparse
import os
import sys

SIZES = ("vendors", "products", "members", "sessions", "orders")


class Refused(Exception):
    """Nothing was loaded: the database is not one for the bench, or a size is negative."""


def _parser(defaults) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.make_data",
        description="Fill a throwaway database with the benchmark's scale data (bulk inserts).",
    )
    for name in SIZES:
        parser.add_argument(
            f"--{name}",
            type=int,
            default=getattr(defaults, name),
            help=f"default {getattr(defaults, name):,}",
        )
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--force",
        action="store_true",
        help="run on a database whose name has neither 'bench' nor 'test' in it",
    )
    return parser


def load(options: dict, out) -> None:
    """Load (or top up) the data set with ``options`` (the sizes, seed and force).

    ``out`` is a django OutputWrapper: a progress bar per stage, then the timings and
    the data set's size. Raises Refused before writing anything.
    """
    from django.db import connection

    from haat.demo.progress import ProgressBar

    from .data import BenchData, Sizes, counts

    name = str(connection.settings_dict["NAME"])
    if not options["force"] and "bench" not in name and "test" not in name:
        raise Refused(
            f"Refusing to load bench data into {name!r}: use a database named *bench* "
            "(make bench-data does), or --force."
        )
    sizes = Sizes(**{k: options[k] for k in (*SIZES, "seed")})
    if min(vars(sizes).values()) < 0:
        raise Refused("Sizes cannot be negative.")
    report = BenchData(sizes, progress=lambda label, total: ProgressBar(out, label, total)).run()
    out.write("")
    for stage, seconds in report.seconds.items():
        out.write(f"{stage:>12}: {seconds:7.1f} s")
    out.write("Data set: " + ", ".join(f"{k} {v:,}" for k, v in counts().items()))


def main(argv: list[str] | None = None, *, stdout=None, stderr=None) -> int:
    """Parse ``argv``, set Django up (unless it is already), load; return the exit code."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haat.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.core.management.base import OutputWrapper

    from .data import Sizes

    options = vars(_parser(Sizes()).parse_args(argv))
    try:
        load(options, OutputWrapper(stdout or sys.stdout))
    except Refused as exc:
        OutputWrapper(stderr or sys.stderr).write(f"error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
