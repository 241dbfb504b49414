"""The default schedule: Tuesday and Friday, 09:00-21:00 Asia/Dhaka, four weeks ahead."""

import datetime

from django.db import migrations


def create_schedule(apps, schema_editor):
    HaatSchedule = apps.get_model("haat", "HaatSchedule")
    if not HaatSchedule.objects.exists():
        HaatSchedule.objects.create(
            name="Regular haat",
            weekdays=[1, 4],
            opens_at=datetime.time(9, 0),
            closes_at=datetime.time(21, 0),
            horizon_weeks=4,
            is_active=True,
        )


def remove_schedule(apps, schema_editor):
    apps.get_model("haat", "HaatSchedule").objects.filter(name="Regular haat").delete()


class Migration(migrations.Migration):
    dependencies = [("haat", "0002_session_no_overlap")]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
