"""Form helpers every app shares."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def service_errors_onto(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on ``form``: on its field where the form has it,
    otherwise as an error of the whole form."""
    errors = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, field_errors in errors.items():
        known = field in form.fields and field != NON_FIELD_ERRORS
        form.add_error(field if known else None, field_errors)
