import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """TaskOutbox moves from the haat app to the core, keeping its table (state only)."""

    initial = True

    dependencies = [
        ("haat", "0006_task_outbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TaskOutbox",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("task", models.CharField(max_length=200, verbose_name="task")),
                        ("args", models.JSONField(default=list, verbose_name="arguments")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created")),
                    ],
                    options={
                        "db_table": "haat_taskoutbox",
                        "verbose_name": "queued task",
                        "verbose_name_plural": "queued tasks",
                    },
                ),
            ],
        ),
    ]
