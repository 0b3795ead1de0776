"""Links inside a mounted forum: the owner's URL kwargs are kept, the engine adds its own."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def forum_url(context: template.Context, name: str, **kwargs: Any) -> str:
    """`{% forum_url "thread" thread_pk=thread.pk %}` -> the address of that page of this very forum."""
    return context["forum_links"].url(name, **kwargs)
