"""Links inside a mounted library: the owner's URL kwargs are kept, the engine adds its own."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def library_url(context: template.Context, name: str, **kwargs: Any) -> str:
    """`{% library_url "download" doc_pk=document.pk %}` -> the address of that page of this very library."""
    return context["library_links"].url(name, **kwargs)
