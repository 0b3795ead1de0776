"""Showing an idea's codes (ages, subjects, languages, countries) by their names in the reader's language."""

from django import template

from twinning.core.vocabularies import VOCABULARIES

register = template.Library()


@register.filter
def idea_labels(codes: list[str] | None, vocabulary: str) -> list[str]:
    """`idea.subjects|idea_labels:"subjects"` -> the names, in order; unknown codes are left out."""
    return VOCABULARIES[vocabulary].labels(list(codes or []))
