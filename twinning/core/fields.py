"""Model fields shared by every app."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.vocabularies import Choices


class CodeListField(models.JSONField):
    """A list of codes from one vocabulary, stored as a JSON array.

    Portable between SQLite and PostgreSQL; searches use the search index,
    never a scan of this column.
    """

    def __init__(self, *args: Any, vocabulary: Choices | None = None, **kwargs: Any) -> None:
        self.vocabulary = vocabulary or []
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[Any, Any, Any, Any]:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("vocabulary", None)
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError(_("Expected a list of values."), code="invalid")
        allowed = {code for code, _label in self.vocabulary}
        unknown = [code for code in value if code not in allowed]
        if allowed and unknown:
            raise ValidationError(
                _("Unknown value(s): %(values)s."),
                code="invalid_choice",
                params={"values": ", ".join(map(str, unknown))},
            )

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return forms.TypedMultipleChoiceField(
            choices=self.vocabulary,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            help_text=self.help_text,
        )
