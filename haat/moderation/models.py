"""A member's report of an object on the site, and how the moderators resolved it.

The object is a generic relation (content type and id), not one nullable foreign key per
kind: a new kind of reportable object (questions, messages) is one registration in
``haat.moderation.kinds`` and no schema change, and "one report per member per object"
and the open-queue index are one constraint and one index whatever the kind. What a
foreign key would give, a report going away with its object, ``kinds`` does with a
``post_delete`` receiver per registered model.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TEXT_MAX_LENGTH = 1000


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        MISLEADING = "misleading", _("Wrong or misleading")
        OFFENSIVE = "offensive", _("Offensive")
        FRAUD = "fraud", _("Fraud or fake")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("resolved")

    # What the moderators did about the object (haat.moderation.services.ACTIONS).
    class Action(models.TextChoices):
        DISMISS = "dismiss", _("dismissed")
        UNLIST = "unlist", _("product unlisted")
        HIDE = "hide", _("review hidden")
        SUSPEND = "suspend", _("shop suspended")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("reporter"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("kind of object")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    text = models.TextField(_("details"), max_length=TEXT_MAX_LENGTH, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # Who resolved it, when, how and why: set together, once (a compare-and-swap from
    # open), on every report of the object that was open then.
    action = models.CharField(
        _("action"), max_length=10, choices=Action.choices, blank=True, default=""
    )
    note = models.TextField(_("moderator's note"), blank=True, default="")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        # In context: a plain "reports" is a shop's figures elsewhere in the admin.
        verbose_name = pgettext_lazy("moderation", "report")
        verbose_name_plural = pgettext_lazy("moderation", "reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"], name="report_once_per_member"
            ),
            models.CheckConstraint(
                condition=Q(status="open", action="", resolved_at__isnull=True)
                | (Q(status="resolved", resolved_at__isnull=False) & ~Q(action="")),
                name="report_resolved_with_action",
            ),
        ]
        indexes = [
            # The moderators' queue: open reports grouped by object, the oldest first.
            models.Index(
                fields=["content_type", "object_id", "created_at"],
                condition=Q(status="open"),
                name="report_open_queue",
            ),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} ← {self.reporter_id}"


class OpenReport(Report):
    """The moderators' queue in the admin: one row per reported object (its first open
    report) with the count of its open reports (selectors.open_queue)."""

    class Meta:
        proxy = True
        verbose_name = _("reported object")
        verbose_name_plural = _("moderation queue")
