"""PostgreSQL search indexes over Product.search_text (used by vendors.search).

- product_search_fts: full-text match, to_tsvector('simple', …) @@ to_tsquery(…) — the
  'simple' configuration because there is no Bengali stemmer; prefix queries give partial
  words.
- product_search_trgm: trigram word similarity (the <% operator) for typos and partial
  words in Bengali and English.
SQLite has neither; vendors.search falls back to a contains search there.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS product_search_fts ON vendors_product "
        "USING gin (to_tsvector('simple'::regconfig, search_text))"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS product_search_trgm ON vendors_product "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS product_search_fts")
    schema_editor.execute("DROP INDEX IF EXISTS product_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("vendors", "0003_product_search_text")]

    operations = [TrigramExtension(), migrations.RunPython(create_indexes, drop_indexes)]
