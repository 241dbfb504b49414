"""The moderators' admin for members (who log in by mobile number) and notifications."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.utils.translation import gettext_lazy as _

from haat.core.admin import ReadOnlyAdminMixin

from .models import Notification, User
from .phone import normalise_phone


class PhoneFormMixin:
    """Accept the number as typed (Bengali digits, say) and store its normal form."""

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])


class UserCreationForm(PhoneFormMixin, BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["phone", "name"]


class UserChangeForm(PhoneFormMixin, BaseUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = [
        (None, {"fields": ["phone", "password"]}),
        (_("Personal info"), {"fields": ["name", "email", "language"]}),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["phone", "name", "password1", "password2"]},
        ),
    ]
    list_display = ["phone", "name", "email", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language", "groups"]
    search_fields = ["phone", "name", "email"]
    ordering = ["-date_joined"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "kind", "key", "subject", "created_at", "sent_at"]
    # sent_at is nullable, so its filter also offers "No date": messages never sent.
    list_filter = ["kind", "sent_at"]
    search_fields = ["user__phone", "key", "subject"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
