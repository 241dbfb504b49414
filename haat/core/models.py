from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaskOutbox(models.Model):
    """A Celery task written in the transaction that wants it, kept until the broker has it.

    See haat.core.outbox. The table holds only tasks not yet handed to the broker: nearly
    always empty, so it needs no index beyond its key.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        # The table it had while the model lived in the haat app (moved state-only).
        db_table = "haat_taskoutbox"
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"
