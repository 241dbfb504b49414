"""The moderators' admin for shops and the catalogue.

Approving, rejecting and suspending a shop go through ``vendors.services``: the owner is
told of each, and the rule of who may sell lives there alone. Rejecting and suspending
ask for the reason first, on a page of their own that posts the action back.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from haat.core.admin import action_form_page
from haat.core.formatting import local_digits

from . import services
from .models import Category, Follow, Product, ProductImage, Vendor

# Counts in Bengali digits when Bengali is active ("৩টি দোকান"): the number is formatted
# before it goes into the sentence, so the sentences take %(count)s.


def shops_approved(count: int) -> str:
    return ngettext("%(count)s shop was approved.", "%(count)s shops were approved.", count) % {
        "count": local_digits(count)
    }


def shops_suspended(count: int) -> str:
    return ngettext("%(count)s shop was suspended.", "%(count)s shops were suspended.", count) % {
        "count": local_digits(count)
    }


def shops_rejected(count: int) -> str:
    return ngettext("%(count)s shop was rejected.", "%(count)s shops were rejected.", count) % {
        "count": local_digits(count)
    }


def shops_not_pending(count: int) -> str:
    return ngettext(
        "%(count)s shop was not waiting for approval and was left as it was.",
        "%(count)s shops were not waiting for approval and were left as they were.",
        count,
    ) % {"count": local_digits(count)}


def shops_unchanged(count: int) -> str:
    return ngettext(
        "%(count)s shop was already in that state.",
        "%(count)s shops were already in that state.",
        count,
    ) % {"count": local_digits(count)}


# --- Categories -------------------------------------------------------------------------


class SubCategoryInline(admin.TabularInline):
    model = Category
    fk_name = "parent"
    verbose_name = _("sub-category")
    verbose_name_plural = _("sub-categories")
    fields = ["name_bn", "name_en", "slug", "position"]
    prepopulated_fields = {"slug": ["name_en"]}
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_bn", "name_en", "slug", "parent", "position"]
    list_editable = ["position"]
    # Only the categories that have children: the top level of the two-level tree.
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name_bn", "name_en", "slug"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_inlines(self, request, obj):
        # Two levels: a sub-category has no children of its own.
        return [] if obj is not None and obj.parent_id else [SubCategoryInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Category.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Shops ------------------------------------------------------------------------------


class StatusReasonForm(forms.Form):
    """The reason a moderator gives for rejecting or suspending shops."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=services.STATUS_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("The shop's owner reads this on the dashboard and in the message sent."),
    )


class ProductInline(admin.TabularInline):
    model = Product
    fields = ["title", "category", "price", "stock", "sold_count", "is_active"]
    # Moderators hide a listing here; the shop edits its own products.
    readonly_fields = ["title", "category", "price", "stock", "sold_count"]
    show_change_link = True
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = [
        "shop_name",
        "owner",
        "district",
        "batch_number",
        "status",
        "reason_brief",
        "status_changed_at",
        "created_at",
    ]
    list_filter = ["status", "district", "batch_number"]
    search_fields = ["shop_name", "slug", "owner__phone", "phone"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    prepopulated_fields = {"slug": ["shop_name"]}
    # The status changes only through the approve, reject and suspend actions (the
    # services); a logo is uploaded by its shop, through the image pipeline, never raw
    # from here.
    readonly_fields = [
        "logo_preview",
        "status",
        "status_reason",
        "status_changed_at",
        "status_changed_by",
        "approved_at",
        "created_at",
        "updated_at",
        "reports",
    ]
    fieldsets = [
        (None, {"fields": ["shop_name", "slug", "owner", "phone", "description", "logo_preview"]}),
        (_("Where"), {"fields": ["district", "upazila", "batch_number"]}),
        (
            _("Payment and delivery"),
            {
                "fields": [
                    "bkash_number",
                    "nagad_number",
                    "rocket_number",
                    "delivery_charge_inside",
                    "delivery_charge_outside",
                ]
            },
        ),
        (
            _("Status"),
            {
                "fields": [
                    "status",
                    "status_reason",
                    "status_changed_at",
                    "status_changed_by",
                    "approved_at",
                    "created_at",
                    "updated_at",
                    "reports",
                ]
            },
        ),
    ]
    inlines = [ProductInline]
    actions = ["approve_shops", "reject_shops", "suspend_shops"]

    @admin.display(description=_("reason"), ordering="status_reason")
    def reason_brief(self, obj):
        return Truncator(obj.status_reason).chars(60) or "—"

    @admin.display(description=_("logo"))
    def logo_preview(self, obj):
        if not obj.logo:
            return "—"
        return format_html('<img src="{}" alt="" width="80" loading="lazy">', obj.logo.url)

    @admin.display(description=_("reports"))
    def reports(self, obj):
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}?vendor__id__exact={}">{}</a>',
            reverse("admin:haat_vendorsessionsummary_changelist"),
            obj.pk,
            _("This shop's figures per haat"),
        )

    @admin.action(description=_("Approve selected shops"), permissions=["change"])
    def approve_shops(self, request, queryset):
        self._apply(request, queryset, services.vendor_approve, shops_approved)

    @admin.action(description=_("Reject with a reason"), permissions=["change"])
    def reject_shops(self, request, queryset):
        return self._apply_with_reason(
            request,
            queryset,
            action="reject_shops",
            title=_("Reject shop applications"),
            service=services.vendor_reject,
            done_message=shops_rejected,
            unchanged_message=shops_not_pending,
        )

    @admin.action(description=_("Suspend with a reason"), permissions=["change"])
    def suspend_shops(self, request, queryset):
        return self._apply_with_reason(
            request,
            queryset,
            action="suspend_shops",
            title=_("Suspend shops"),
            service=services.vendor_suspend,
            done_message=shops_suspended,
            unchanged_message=shops_unchanged,
        )

    def _apply(
        self, request, queryset, service, done_message, unchanged_message=shops_unchanged, **kw
    ) -> None:
        """Call ``service`` for each selected shop and say how many it changed."""
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        changed = sum(service(vendor_id=pk, actor=request.user, **kw) for pk in ids)
        self.message_user(request, done_message(changed), messages.SUCCESS)
        if len(ids) > changed:
            self.message_user(request, unchanged_message(len(ids) - changed), messages.INFO)

    def _apply_with_reason(
        self, request, queryset, *, action, title, service, done_message, unchanged_message
    ):
        """Return the page asking for the reason; once it is posted back with one, call
        ``service`` for each selected shop (None: back to the list, with the counts)."""
        form = StatusReasonForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            try:
                reason = services.status_reason_clean(form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error("reason", exc)
            else:
                self._apply(
                    request, queryset, service, done_message, unchanged_message, reason=reason
                )
                return None
        shops = queryset.order_by("shop_name", "pk")
        return action_form_page(
            self,
            request,
            title=title,
            intro=_(
                "These shops' owners will read the reason on their dashboard and in the "
                "message they are sent:"
            ),
            action=action,
            items=[(shop.pk, f"{shop.shop_name} ({shop.get_status_display()})") for shop in shops],
            form=form,
        )


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "vendor", "created_at"]
    search_fields = ["user__phone", "vendor__shop_name"]
    list_select_related = ["user", "vendor"]
    autocomplete_fields = ["user", "vendor"]


# --- Products ---------------------------------------------------------------------------


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    fields = ["preview", "position", "width", "height"]
    readonly_fields = ["preview", "width", "height"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        # Uploads go through the image pipeline (checked, re-encoded, resized); a
        # moderator may reorder or remove a photo, not upload one raw.
        return False

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.thumbnail:
            return "—"
        return format_html('<img src="{}" alt="" width="80" loading="lazy">', obj.thumbnail.url)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "vendor",
        "category",
        "price",
        "stock",
        "is_active",
        "sold_count",
        "created_at",
    ]
    list_filter = ["is_active", "category", "vendor__district"]
    search_fields = ["title", "vendor__shop_name"]
    list_select_related = ["vendor", "category"]
    autocomplete_fields = ["vendor", "category"]
    readonly_fields = ["sold_count", "created_at", "updated_at"]
    inlines = [ProductImageInline]
    actions = ["unlist_products"]

    @admin.action(description=_("Unlist selected products"), permissions=["change"])
    def unlist_products(self, request, queryset):
        count = services.products_unlist(product_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)s product was unlisted.", "%(count)s products were unlisted.", count)
            % {"count": local_digits(count)},
            messages.SUCCESS,
        )
