"""``manage.py bench_data``: the benchmark's scale data (issue 7), in minutes.

10,000 shops, 100,000 products with pictures, 100,000 members following shops and
300,000 past orders over 100 closed haats by default; ``--products 1000000`` for the
growth scenario. Bulk inserts (COPY on PostgreSQL); a second run tops up. The work is
in bench.data.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.data import BenchData, Sizes, counts
from haat.management.commands.seed_demo import ProgressBar


class Command(BaseCommand):
    help = "Fill a throwaway database with the benchmark's scale data (bulk inserts)."

    def add_arguments(self, parser):
        defaults = Sizes()
        for name in ("vendors", "products", "members", "sessions", "orders"):
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

    def handle(self, *args, **options):
        name = str(connection.settings_dict["NAME"])
        if not options["force"] and "bench" not in name and "test" not in name:
            raise CommandError(
                f"Refusing to load bench data into {name!r}: use a database named *bench* "
                "(make bench-data does), or --force."
            )
        sizes = Sizes(**{k: options[k] for k in ("vendors", "products", "members", "sessions",
                                                  "orders", "seed")})  # fmt: skip
        if min(vars(sizes).values()) < 0:
            raise CommandError("Sizes cannot be negative.")
        report = BenchData(
            sizes, progress=lambda label, total: ProgressBar(self.stdout, label, total)
        ).run()
        self.stdout.write("")
        for stage, seconds in report.seconds.items():
            self.stdout.write(f"{stage:>12}: {seconds:7.1f} s")
        self.stdout.write("Data set: " + ", ".join(f"{k} {v:,}" for k, v in counts().items()))
