"""The moderators' admin for the haat calendar.

Sessions, schedules and skip dates are written through ``haat.services`` only: the
admin is a door into the calendar rules, never a second copy of them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from haat.core.admin import ReadOnlyAdminMixin, ReadOnlyInlineMixin
from haat.core.formatting import local_digits
from haat.core.forms import service_errors_onto

from . import services
from .models import (
    WEEKDAY_CHOICES,
    HaatSchedule,
    HaatSession,
    HaatSessionSummary,
    HaatSkipDate,
    VendorSessionSummary,
)

admin.site.site_header = _("Online Haat administration")
admin.site.site_title = _("Online Haat admin")
admin.site.index_title = _("Run the haat")


@admin.action(description=_("Plan sessions now"), permissions=["change"])
def plan_sessions(modeladmin, request, queryset):
    """Run the planner for the active schedule; the selection only starts the action."""
    created = services.sessions_plan()
    modeladmin.message_user(
        request,
        ngettext("%(count)s haat was planned.", "%(count)s haats were planned.", len(created))
        % {"count": local_digits(len(created))},
        messages.SUCCESS,
    )


# --- Sessions ---------------------------------------------------------------------------


class HaatSessionForm(forms.ModelForm):
    """Add a special haat or move a scheduled one, through the calendar services.

    Only the services can tell whether a window is free (they check overlaps under the
    calendar lock), so they run while the form validates: a refusal becomes a form error
    instead of an exception in ``save_model``. A valid form is therefore an already saved
    session; the admin view runs in one transaction, so a later failure still undoes it.
    Use this form in the admin only.
    """

    class Meta:
        model = HaatSession
        fields = ["title", "opens_at", "closes_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # Regular haats come from the schedule; one added by hand is special.
            self.instance.kind = HaatSession.Kind.SPECIAL

    def _post_clean(self):
        # After the model's own checks, so that an overlap is reported once, not twice.
        super()._post_clean()
        if self.errors:
            return
        try:
            self.instance = self._save_through_services()
        except ValidationError as exc:
            service_errors_onto(self, exc)

    def _save_through_services(self) -> HaatSession:
        """Return the session added or moved by the services; raise ValidationError."""
        data = self.cleaned_data
        if self.instance.pk is None:
            return services.session_add_special(
                opens_at=data["opens_at"], closes_at=data["closes_at"], title=data["title"]
            )
        if not self.has_changed():
            return self.instance
        return services.session_reschedule(
            session_id=self.instance.pk,
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            title=data["title"],
        )


class TopRowsFormSet(BaseInlineFormSet):
    """Show only the first ``limit`` rows: a haat's full list is one link away."""

    limit = 50

    def get_queryset(self):
        # A list, fetched once: the formset indexes its queryset once per row.
        if not hasattr(self, "_top_rows"):
            self._top_rows = list(super().get_queryset()[: self.limit])
        return self._top_rows


class HaatSessionSummaryInline(ReadOnlyInlineMixin, admin.StackedInline):
    model = HaatSessionSummary
    fields = [
        ("orders_count", "units_sold", "gross_sales"),
        ("vendors_active", "buyers_active", "commission"),
        "computed_at",
    ]


class VendorSessionSummaryInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = VendorSessionSummary
    formset = TopRowsFormSet
    verbose_name_plural = _("shops with the highest sales (first 50)")
    fields = ["vendor", "orders_count", "units_sold", "gross_sales", "buyers", "repeat_buyers"]
    ordering = ["-gross_sales", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("vendor")


@admin.register(HaatSession)
class HaatSessionAdmin(admin.ModelAdmin):
    form = HaatSessionForm
    list_display = ["__str__", "kind", "opens_at", "closes_at", "status", "opened_at", "closed_at"]
    list_filter = ["status", "kind"]
    date_hierarchy = "opens_at"
    search_fields = ["title", "=number"]
    # Newest first: the upcoming haats and the last ones, not the first of 260.
    ordering = ["-opens_at"]
    actions = ["cancel_sessions", plan_sessions]
    add_fieldsets = [
        (
            None,
            {
                "fields": HaatSessionForm.Meta.fields,
                "description": _(
                    "A haat added here is a special haat (before Eid, say). "
                    "Regular haats are planned from the schedule."
                ),
            },
        )
    ]
    fieldsets = [
        (None, {"fields": ["number", "title", "kind", "opens_at", "closes_at"]}),
        (
            _("Status"),
            {
                "fields": [
                    "status",
                    "planned_for",
                    "opened_at",
                    "closed_at",
                    "cancelled_at",
                    "created_at",
                ]
            },
        ),
        (_("Figures"), {"fields": ["shop_figures"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Only the title and window are edited, through the services, and only before the
        # haat opens; the status changes through the sweep and the cancel action.
        scheduled = obj is None or obj.status == HaatSession.Status.SCHEDULED
        editable = HaatSessionForm.Meta.fields if scheduled else []
        return [name for name in flatten_fieldsets(self.fieldsets) if name not in editable]

    def get_inlines(self, request, obj):
        return [] if obj is None else [HaatSessionSummaryInline, VendorSessionSummaryInline]

    def has_delete_permission(self, request, obj=None):
        # Cancelling keeps the record and renumbers the others; deleting would not.
        return False

    def save_model(self, request, obj, form, change):
        # HaatSessionForm saved the session through the services while validating.
        pass

    @admin.display(description=_("shops' figures"))
    def shop_figures(self, obj):
        url = reverse("admin:haat_vendorsessionsummary_changelist")
        return format_html(
            '<a href="{}?session__id__exact={}">{}</a>',
            url,
            obj.pk,
            _("Every shop's figures for this haat"),
        )

    @admin.action(description=_("Cancel selected haats"), permissions=["change"])
    def cancel_sessions(self, request, queryset):
        cancelled = refused = 0
        for session_id in queryset.order_by("pk").values_list("pk", flat=True):
            if services.session_cancel(session_id=session_id):
                cancelled += 1
            else:
                refused += 1
        if cancelled:
            self.message_user(
                request,
                ngettext(
                    "%(count)s haat was cancelled.", "%(count)s haats were cancelled.", cancelled
                )
                % {"count": local_digits(cancelled)},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)s haat could not be cancelled: it has already opened, "
                    "closed or been cancelled.",
                    "%(count)s haats could not be cancelled: they have already opened, "
                    "closed or been cancelled.",
                    refused,
                )
                % {"count": local_digits(refused)},
                messages.WARNING,
            )


# --- Schedule and skip dates ------------------------------------------------------------


class HaatScheduleForm(forms.ModelForm):
    """The schedule with its weekdays as checkboxes, stored as a sorted list of ints."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = HaatSchedule
        fields = [
            "name",
            "weekdays",
            "opens_at",
            "closes_at",
            "horizon_weeks",
            "haats_held_before",
            "is_active",
        ]

    def clean_weekdays(self):
        return sorted(set(self.cleaned_data["weekdays"]))


@admin.register(HaatSchedule)
class HaatScheduleAdmin(admin.ModelAdmin):
    form = HaatScheduleForm
    list_display = [
        "name",
        "weekday_names",
        "opens_at",
        "closes_at",
        "horizon_weeks",
        "haats_held_before",
        "is_active",
    ]
    actions = [plan_sessions]

    @admin.display(description=_("weekdays"))
    def weekday_names(self, obj):
        return ", ".join(str(label) for day, label in WEEKDAY_CHOICES if day in obj.weekdays)

    def save_model(self, request, obj, form, change):
        services.schedule_save(schedule=obj)


@admin.register(HaatSkipDate)
class HaatSkipDateAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]
    search_fields = ["reason"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        # The service cancelled the haat planned on the date; moving the date would not
        # bring it back or cancel the new one.
        return ["date"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = services.skip_date_add(date=obj.date, reason=obj.reason)
        obj.pk = saved.pk


# --- Figures ----------------------------------------------------------------------------


@admin.register(HaatSessionSummary)
class HaatSessionSummaryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "session",
        "orders_count",
        "units_sold",
        "gross_sales",
        "vendors_active",
        "buyers_active",
        "commission",
        "computed_at",
    ]
    list_filter = ["session"]
    list_select_related = ["session"]
    ordering = ["-session__opens_at"]


@admin.register(VendorSessionSummary)
class VendorSessionSummaryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "session",
        "vendor",
        "orders_count",
        "units_sold",
        "gross_sales",
        "buyers",
        "repeat_buyers",
    ]
    # No shop filter: a list of every shop would be a hundred thousand links. Search by
    # shop name, or follow the link on a shop's page (?vendor__id__exact=…).
    list_filter = ["session", "vendor__district"]
    search_fields = ["vendor__shop_name", "vendor__slug"]
    list_select_related = ["session", "vendor"]
    ordering = ["-session__opens_at", "-gross_sales"]
