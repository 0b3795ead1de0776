"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError

from twinning.core.errors import DomainError


def add_service_error(form: forms.Form, exc: DomainError | ValidationError) -> None:
    """Shows a service's refusal on the form: on its field when the form has it, on top otherwise."""
    error = exc.as_validation_error() if isinstance(exc, DomainError) else exc
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
