"""Names of vocabulary codes in templates, read from a dictionary.

`{{ event.language|language_name }}` instead of `{{ event.get_language_display }}`:
Django's display method rebuilds a dictionary of the whole choice list on every
call (and hashes each lazy label, translating it), which costs about half a
millisecond for the long list of languages; list pages show it on every card.
"""

from django import template

from twinning.core.vocabularies import LANGUAGE_NAMES

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """The language's name in the active language; an unknown code as it is."""
    name = LANGUAGE_NAMES.get(code)
    return str(name) if name is not None else code
