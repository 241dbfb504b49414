"""``manage.py seed_demo``: a believable marketplace to click through, with a haat open now.

The options are parsed here; the work is haat.demo.seed.DemoSeeder's. Safe to run
again: a second run tops up what is missing and duplicates nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from haat.demo.data import PAST_HAATS
from haat.demo.seed import DemoSeeder


class Command(BaseCommand):
    help = (
        "Fill the database with demo data (shops, products with pictures, past haats with "
        "orders) and make sure a haat is open now. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--vendors", type=int, default=40, help="shops (default 40)")
        parser.add_argument("--products", type=int, default=300, help="products (default 300)")
        parser.add_argument(
            "--members", type=int, default=None, help="buying members (default 2 per shop + 20)"
        )
        parser.add_argument(
            "--past-haats", type=int, default=PAST_HAATS, help="closed haats with orders"
        )
        parser.add_argument("--seed", type=int, default=261, help="random seed (default 261)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even with DEBUG off (it creates a superuser with a published password)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates a superuser with a published password; it runs only with "
                "DEBUG on (or with --force on a throwaway database)."
            )
        for name in ("vendors", "products", "past_haats"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} cannot be negative.")
        DemoSeeder(self.stdout, self.style, seed=options["seed"]).run(
            vendors=options["vendors"],
            products=options["products"],
            members=options["members"],
            past_haats=options["past_haats"],
        )
