"""On PostgreSQL, forbid two non-cancelled sessions whose windows overlap.

An exclusion constraint is PostgreSQL-only, so it is added here by hand rather than in
Meta.constraints; HaatSession.clean() enforces the same rule on every backend.
"""

from django.db import migrations

CONSTRAINT = "haat_session_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE haat_haatsession ADD CONSTRAINT {CONSTRAINT} "
        "EXCLUDE USING gist (tstzrange(opens_at, closes_at, '[)') WITH &&) "
        "WHERE (status <> 'cancelled')"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE haat_haatsession DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("haat", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
