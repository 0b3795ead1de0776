"""The check at the end of a module: one radio group per question, every one required."""

from typing import Any

from django import forms

from twinning.learning.models import Question


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class CheckForm(forms.Form):
    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[field_name(question)] = forms.TypedChoiceField(
                label=question.text,
                choices=[(str(index), text) for index, text in enumerate(question.choices)],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, int]:
        """Question pk -> chosen index, once the form is valid."""
        return {question.pk: self.cleaned_data[field_name(question)] for question in self.questions}

    def rows(self) -> list[tuple[Question, forms.BoundField]]:
        return [(question, self[field_name(question)]) for question in self.questions]
