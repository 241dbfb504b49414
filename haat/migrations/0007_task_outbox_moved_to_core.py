from django.db import migrations


class Migration(migrations.Migration):
    """TaskOutbox now belongs to haat.core; its table stays (state only)."""

    dependencies = [
        ("haat", "0006_task_outbox"),
        ("core", "0001_task_outbox_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="TaskOutbox")],
        ),
    ]
