import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haat.core.formatting import haat_name
from haat.core.pagecache import CatalogueQuerySet

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def default_weekdays():
    return [1, 4]  # Tuesday and Friday


class HaatSchedule(models.Model):
    """The rule regular haats are planned from (one is active at a time)."""

    name = models.CharField(_("name"), max_length=80, default="Regular haat")
    # Python weekday numbers, Monday = 0.
    weekdays = models.JSONField(_("weekdays"), default=default_weekdays)
    opens_at = models.TimeField(_("opens at"), default=datetime.time(9, 0))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(21, 0))
    horizon_weeks = models.PositiveSmallIntegerField(
        _("plan ahead (weeks)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    # The community held haats before this platform; numbering carries on after them.
    haats_held_before = models.PositiveIntegerField(_("haats held before the platform"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("haat schedule")
        verbose_name_plural = _("haat schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="one_active_schedule",
                violation_error_message=_("Only one schedule can be active at a time."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="schedule_closes_after_opens"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        days = self.weekdays
        if (
            not isinstance(days, list)
            or not days
            or any(not isinstance(d, int) or not 0 <= d <= 6 for d in days)
        ):
            raise ValidationError({"weekdays": _("Choose at least one weekday.")})
        self.weekdays = sorted(set(days))
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A haat must close after it opens.")})


class HaatSkipDate(models.Model):
    """A date the planner leaves out (Eid, a national holiday)."""

    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("date without a haat")
        verbose_name_plural = _("dates without a haat")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.reason}".strip()


class HaatSession(models.Model):
    """One haat: a window in which buying is allowed, opened and closed by Celery."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        SPECIAL = "special", _("Special")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    # Allowed status changes; anything else is refused by the services.
    TRANSITIONS = {
        Status.SCHEDULED: {Status.OPEN, Status.CLOSED, Status.CANCELLED},
        Status.OPEN: {Status.CLOSED},
        Status.CLOSED: set(),
        Status.CANCELLED: set(),
    }

    # Sequential among sessions that are not cancelled, in opening order (Haat #261).
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, unique=True)
    title = models.CharField(_("title"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    # For regular sessions: the schedule date it was planned for, so that a moved or
    # cancelled session is never planned again.
    planned_for = models.DateField(_("planned for"), null=True, blank=True, editable=False)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    opened_at = models.DateTimeField(_("actually opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("actually closed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Bulk writes retire the cached pages that show these rows (haat.core.pagecache).
    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("haat session")
        verbose_name_plural = _("haat sessions")
        ordering = ["opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="session_closes_after_opens"
            ),
            # A cancelled session frees its time for a replacement.
            models.UniqueConstraint(
                fields=["opens_at"],
                condition=~Q(status="cancelled"),
                name="session_unique_opens_at",
            ),
            models.UniqueConstraint(
                fields=["planned_for"],
                condition=Q(kind="regular"),
                name="session_regular_once_per_date",
            ),
            # On PostgreSQL an exclusion constraint also forbids overlapping windows
            # (migration 0002); clean() checks the same on every backend.
        ]
        indexes = [
            # The sweep: due sessions by status and time.
            models.Index(fields=["status", "opens_at"], name="session_status_opens"),
            models.Index(fields=["status", "closes_at"], name="session_status_closes"),
        ]

    def __str__(self):
        name = haat_name(self.number)
        return f"{name} · {self.title}" if self.title else name

    def get_absolute_url(self):
        return reverse("session", kwargs={"pk": self.pk})

    def clean(self):
        if self.opens_at and self.closes_at:
            if self.closes_at <= self.opens_at:
                raise ValidationError({"closes_at": _("A haat must close after it opens.")})
            if self.status != self.Status.CANCELLED:
                clash = (
                    HaatSession.objects.exclude(status=self.Status.CANCELLED)
                    .exclude(pk=self.pk)
                    .filter(opens_at__lt=self.closes_at, closes_at__gt=self.opens_at)
                    .first()
                )
                if clash:
                    tz = ZoneInfo(settings.HAAT_TIME_ZONE)
                    raise ValidationError(
                        _("This haat overlaps %(other)s (%(start)s – %(end)s).")
                        % {
                            "other": clash,
                            "start": clash.opens_at.astimezone(tz).strftime("%d/%m/%Y %H:%M"),
                            "end": clash.closes_at.astimezone(tz).strftime("%H:%M"),
                        }
                    )

    def is_open_at(self, moment: datetime.datetime) -> bool:
        """Return whether buying is allowed in this session at ``moment``."""
        return self.status == self.Status.OPEN and self.opens_at <= moment < self.closes_at


class HaatSessionSummary(models.Model):
    """Figures of one closed haat, computed once at closing."""

    session = models.OneToOneField(
        HaatSession, on_delete=models.CASCADE, related_name="summary", verbose_name=_("haat")
    )
    orders_count = models.PositiveIntegerField(_("orders"), default=0)
    units_sold = models.PositiveIntegerField(_("units sold"), default=0)
    gross_sales = models.DecimalField(
        _("gross sales (৳)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    vendors_active = models.PositiveIntegerField(_("shops that sold"), default=0)
    buyers_active = models.PositiveIntegerField(_("buyers"), default=0)
    # Zero by design: the community takes no commission.
    commission = models.DecimalField(
        _("commission (৳)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("haat summary")
        verbose_name_plural = _("haat summaries")
        constraints = [
            models.CheckConstraint(condition=Q(commission=0), name="summary_zero_commission"),
        ]

    def __str__(self):
        return str(self.session)


class VendorSessionSummary(models.Model):
    """One shop's figures for one closed haat (its report, and its sales tab)."""

    session = models.ForeignKey(
        HaatSession,
        on_delete=models.CASCADE,
        related_name="vendor_summaries",
        verbose_name=_("haat"),
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        related_name="session_summaries",
        verbose_name=_("shop"),
    )
    orders_count = models.PositiveIntegerField(_("orders"), default=0)
    units_sold = models.PositiveIntegerField(_("units sold"), default=0)
    gross_sales = models.DecimalField(
        _("gross sales (৳)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    buyers = models.PositiveIntegerField(_("buyers"), default=0)
    repeat_buyers = models.PositiveIntegerField(_("repeat buyers"), default=0)

    class Meta:
        verbose_name = _("shop haat summary")
        verbose_name_plural = _("shop haat summaries")
        constraints = [
            models.UniqueConstraint(fields=["session", "vendor"], name="vendor_summary_once"),
        ]
        indexes = [models.Index(fields=["vendor", "session"], name="vendor_summary_vendor")]

    def __str__(self):
        return f"{self.vendor_id} @ {self.session_id}"
