"""The bench stack's settings: production's, with the baseline view B1 mounted.

Production code never names the benchmark: the bench processes run with
``DJANGO_SETTINGS_MODULE=bench.settings`` (bench.env), whose URLs add /bench/ to the site's.
"""

from haat.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
