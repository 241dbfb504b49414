from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Generic plumbing that imports no app: cache, page cache, outbox, API framework."""

    name = "haat.core"
    label = "core"
    verbose_name = _("Plumbing")
