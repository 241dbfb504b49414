"""The moderators' queue: open reports grouped by object, and what to do about each.

Every action goes through ``services.reports_resolve``: the object's own app does the
change (unlist, hide, suspend), the reports record who and when, and every reporter is
told. Suspending asks for the reason first, on a page of its own that posts back.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from haat.core.admin import ReadOnlyAdminMixin, action_form_page
from haat.core.formatting import local_digits

from . import selectors, services
from .kinds import kind_of
from .models import OpenReport, Report

Action = Report.Action


def objects_resolved(count: int, reports: int) -> str:
    return ngettext(
        "%(count)s reported object was dealt with (%(reports)s reports resolved).",
        "%(count)s reported objects were dealt with (%(reports)s reports resolved).",
        count,
    ) % {"count": local_digits(count), "reports": local_digits(reports)}


def objects_skipped(count: int) -> str:
    return ngettext(
        "%(count)s reported object does not take this action and was left in the queue.",
        "%(count)s reported objects do not take this action and were left in the queue.",
        count,
    ) % {"count": local_digits(count)}


class SuspendReasonForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"),
        max_length=services.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("The shop's owner reads this on the dashboard and in the message sent."),
    )


def _admin_link(target) -> str:
    opts = target._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
    except NoReverseMatch:
        return ""


class ReportFields:
    @admin.display(description=_("kind"))
    def kind(self, obj):
        return kind_of(obj.content_type.model_class()).label

    @admin.display(description=_("reported object"))
    def reported(self, obj):
        target = obj.target
        if target is None:
            return "—"
        name = kind_of(target).name_of(target)
        link = _admin_link(target)
        return format_html('<a href="{}">{}</a>', link, name) if link else name


@admin.register(Report)
class ReportAdmin(ReportFields, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every report, open or resolved: the record of who reported what, and who did what."""

    list_display = [
        "reported",
        "kind",
        "reporter",
        "reason",
        "status",
        "action",
        "resolved_by",
        "resolved_at",
        "created_at",
    ]
    list_filter = ["status", "reason", "action", "content_type"]
    search_fields = ["reporter__phone", "text", "note"]
    list_select_related = ["reporter", "resolved_by", "content_type"]
    date_hierarchy = "created_at"


@admin.register(OpenReport)
class ModerationQueueAdmin(ReportFields, admin.ModelAdmin):
    """Open reports, one row per object, most reported first."""

    list_display = ["reported", "kind", "open_reports", "reasons", "first_reported", "all_reports"]
    list_display_links = None
    list_filter = ["content_type"]
    list_select_related = ["content_type"]
    actions = ["dismiss", "unlist_products", "hide_reviews", "suspend_shops"]

    def get_queryset(self, request):
        # Not super()'s: it orders by get_ordering before the count is annotated.
        return selectors.open_queue(self.model._default_manager.all())

    def get_ordering(self, request):
        return selectors.QUEUE_ORDER

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Report._meta.concrete_fields]

    @admin.display(description=_("open reports"), ordering="open_count")
    def open_reports(self, obj):
        return local_digits(obj.open_count)

    @admin.display(description=_("reasons"))
    def reasons(self, obj):
        labels = dict(Report.Reason.choices)
        return ", ".join(
            f"{labels[reason]} × {local_digits(n)}" for reason, n in selectors.reason_counts(obj)
        )

    @admin.display(description=_("first reported"), ordering="created_at")
    def first_reported(self, obj):
        return obj.created_at

    @admin.display(description=_("details"))
    def all_reports(self, obj):
        query = urlencode(
            {
                "content_type__id__exact": obj.content_type_id,
                "object_id": obj.object_id,
                "status__exact": Report.Status.OPEN,
            }
        )
        url = reverse("admin:moderation_report_changelist")
        return format_html('<a href="{}?{}">{}</a>', url, query, _("Read the reports"))

    @admin.action(description=_("Dismiss the reports"), permissions=["change"])
    def dismiss(self, request, queryset):
        self._resolve(request, queryset, Action.DISMISS)

    @admin.action(description=_("Unlist the product"), permissions=["change"])
    def unlist_products(self, request, queryset):
        self._resolve(request, queryset, Action.UNLIST)

    @admin.action(description=_("Hide the review"), permissions=["change"])
    def hide_reviews(self, request, queryset):
        self._resolve(request, queryset, Action.HIDE)

    @admin.action(description=_("Suspend the shop, with a reason"), permissions=["change"])
    def suspend_shops(self, request, queryset):
        form = SuspendReasonForm(request.POST if "note" in request.POST else None)
        if form.is_valid():
            try:
                self._resolve(request, queryset, Action.SUSPEND, note=form.cleaned_data["note"])
            except ValidationError as exc:
                form.add_error("note", exc.messages)
            else:
                return None
        return action_form_page(
            self,
            request,
            title=_("Suspend the reported shops"),
            intro=_(
                "Only reported shops are suspended; their owners will read the reason on "
                "their dashboard and in the message they are sent:"
            ),
            action="suspend_shops",
            items=[(row.pk, f"{self.reported(row)} ({row.content_type.name})") for row in queryset],
            form=form,
        )

    def _resolve(self, request, queryset, action: str, note: str = "") -> None:
        """Resolve the selected objects' reports with ``action``; say how many."""
        done = reports = skipped = 0
        for row in queryset:
            target = row.target
            if target is None or action not in services.actions_for(target):
                skipped += 1
                continue
            resolved = services.reports_resolve(
                target=target, action=action, actor=request.user, note=note
            )
            if resolved:
                done, reports = done + 1, reports + resolved
        self.message_user(request, objects_resolved(done, reports), messages.SUCCESS)
        if skipped:
            self.message_user(request, objects_skipped(skipped), messages.WARNING)
