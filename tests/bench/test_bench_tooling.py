"""The benchmark suite's own code (bench/), at a tiny size, so that it cannot rot.

The measured run (make bench) is never part of the test suite; these tests only check
that its data loader and its in-process scenarios still work against the current models.
"""

import datetime
import io
from pathlib import Path

import pytest

from bench import env, make_data, report, run, scenarios
from bench.data import MEMBER_PREFIX, OWNER_PREFIX, SESSION_TITLE, counts
from haat.models import HaatSession, HaatSessionSummary
from orders.models import Order
from vendors.models import Product, ProductImage, Vendor

TINY = {"vendors": 6, "products": 40, "members": 30, "sessions": 3, "orders": 60}


def load(*flags: str, **sizes: int) -> tuple[int, str, str]:
    """Run ``python -m bench.make_data`` in this process; return its code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    argv = [arg for name, size in sizes.items() for arg in (f"--{name}", str(size))]
    code = make_data.main([*argv, *flags], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def bench_data(db, settings):
    code, out, err = load(**TINY)
    assert code == 0, err
    return out


def test_bench_data_loads_every_table_at_the_asked_size(bench_data, settings):
    # Given a tiny bench data set (loaded by the fixture)
    # Then every table has the rows asked for
    assert Vendor.objects.filter(owner__phone__startswith=OWNER_PREFIX).count() == 6
    assert Product.objects.count() == 40
    sessions = HaatSession.objects.filter(title=SESSION_TITLE)
    assert sessions.count() == 3
    assert {s.status for s in sessions} == {HaatSession.Status.CLOSED}
    assert HaatSessionSummary.objects.filter(session__in=sessions).count() == 3
    assert Order.objects.count() == 60
    # And every product points at picture files of its own that exist
    images = list(ProductImage.objects.all())
    assert len(images) == 40
    names = {i.image.name for i in images} | {i.thumbnail.name for i in images}
    assert len(names) == 80
    root = Path(settings.MEDIA_ROOT)
    assert all((root / name).is_file() for name in names)
    # And the search text is filled, so search finds the products
    assert not Product.objects.filter(search_text="").exists()


def test_bench_data_tops_up_without_duplicates(bench_data):
    # Given the tiny data set
    before = counts()
    # When it is loaded again with more products
    code, _out, _err = load(**{**TINY, "products": 50})
    assert code == 0
    # Then only the missing products (with their pictures) are added
    after = counts()
    assert after["products"] == 50
    assert after["product_images"] == 50
    assert {k: v for k, v in after.items() if not k.startswith("product")} == {
        k: v for k, v in before.items() if not k.startswith("product")
    }


def test_bench_data_reports_each_stage_and_the_data_set(bench_data):
    # Given the tiny data set, loaded by the fixture
    # Then its output has a finished progress bar per stage, the timings and the totals
    assert "[##############################] 100% products 40/40" in bench_data
    assert "past orders 60/60" in bench_data
    assert "    products:" in bench_data
    assert "Data set: vendors 6, products 40, product_images 40," in bench_data


def test_bench_data_refuses_a_database_not_named_for_it(db, settings, monkeypatch):
    from django.db import connection

    connection.ensure_connection()  # the test database's: the name is only looked at
    monkeypatch.setitem(connection.settings_dict, "NAME", "haat_production")
    code, _out, err = load(**TINY)
    assert code == 1
    assert "Refusing to load bench data into 'haat_production'" in err
    assert not Product.objects.exists()
    # Unless forced
    code, _out, _err = load("--force", **{**TINY, "orders": 0, "sessions": 0})
    assert code == 0
    assert Product.objects.count() == 40


def test_bench_data_refuses_a_negative_size(db):
    code, _out, err = load(**{**TINY, "orders": -1})
    assert code == 1
    assert "Sizes cannot be negative." in err
    assert not Vendor.objects.exists()


def test_bench_run_data_migrates_then_loads_in_a_process_of_its_own(monkeypatch):
    # Given a bench database that exists (no PostgreSQL is touched)
    calls = []
    monkeypatch.setattr(env, "database_exists", lambda database: True)
    monkeypatch.setattr(env, "psql", lambda *args, **kwargs: calls.append(("psql", args)))
    monkeypatch.setattr(
        env, "python", lambda *args, database: calls.append(("python", args, database))
    )
    # When `python -m bench.run data --products 1000` runs
    assert run.main(["data", "--database", "haat_bench_x", "--products", "1000"]) == 0
    # Then the database is migrated, then loaded by bench.make_data with the sizes
    manage = str(env.ROOT / "manage.py")
    assert calls == [
        ("python", (manage, "migrate", "--noinput", "-v", "0"), "haat_bench_x"),
        ("python", ("-m", "bench.make_data", "--products", "1000"), "haat_bench_x"),
    ]


def test_closing_scenario_summarises_and_cleans_up(bench_data):
    # Given bench data and no closing haat
    orders_before = Order.objects.count()
    # When the closing scenario runs with 80 orders
    result = scenarios.closing(orders=80)
    # Then the haat closed, its summary counted the orders sold, and it was removed
    assert result["closed"] is True
    assert result["orders"] == 80
    assert 0 < result["summary"]["orders_count"] <= 80
    assert result["summarise_s"] >= 0
    assert not HaatSession.objects.filter(title=scenarios.CLOSING_TITLE).exists()
    assert Order.objects.count() == orders_before


def test_storm_outcome_counts_what_was_sold(bench_data):
    # Given a hot product with 5 units, of which 2 are sold by a bench buyer
    since = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1)
    product_id = scenarios.hot_product(5)
    assert Product.objects.get(pk=product_id).stock == 5
    people = scenarios.buyers(2)
    assert len(people) == 2 and all(p["token"] and p["session"] for p in people)
    assert people[0]["phone"].startswith(MEMBER_PREFIX)
    # When nothing is sold
    outcome = scenarios.storm_outcome(product_id, 5, since)
    # Then nothing is oversold and stock adds up
    assert outcome["oversold"] == 0
    assert outcome["consistent"] is True


def test_report_checks_targets_and_writes_markdown(tmp_path):
    # Given the results of a run (a made-up, minimal one)
    run = {
        "rps": 100.0, "p50_ms": 1.0, "p95_ms": 2.0, "p99_ms": 3.0, "errors": 0,
        "http_5xx": 0, "generator_cpu_pct": 10.0, "extra": {}, "outcomes": {},
    }  # fmt: skip
    results = {
        "started": "2026-01-01T00:00:00+00:00",
        "machine": {"cpus": 2, "cpu": "x", "memory_gb": 1, "loadavg_before": "0"},
        "versions": {"django": "5.2"},
        "wrk": "1 thread",
        "runs": {"ping": run, "home": {**run, "rps": 60.0}},
        "memory": {"peak_worker_rss_mb": 90.0},
    }
    # When the report is written
    json_path, md_path = report.write(
        results, tmp_path, datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    # Then the home target (>= 0.5 x B1) and the memory target are checked
    met = {row["target"]: row["met"] for row in results["targets"]}
    assert met == {"home": True, "memory": True}
    assert "| home page |" in md_path.read_text()
    assert json_path.exists()
