"""Admin helpers every app shares."""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse


class ReadOnlyAdminMixin:
    """A model admin that shows records but never adds, changes or deletes them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInlineMixin(ReadOnlyAdminMixin):
    """An inline that lists related records read-only, with no empty extra rows."""

    extra = 0
    max_num = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        # Every field, so that non-editable ones (created_at), which a form refuses, show.
        fields = [field.name for field in self.model._meta.concrete_fields]
        return [*self.readonly_fields, *fields]


def action_form_page(modeladmin, request, *, title, intro, action: str, items, form):
    """Return the page an admin action shows to ask for more before it acts (a reason).

    ``items`` are (pk, label) of the selected rows: listed, and posted back with ``form``
    to the same ``action``, which then runs with the form's data.
    """
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": modeladmin.opts,
        "form": form,
        "intro": intro,
        "items": items,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/action_form.html", context)
