"""Admin helpers every app shares."""


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
