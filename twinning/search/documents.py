"""What goes into the search index, shared by both backends: filter tokens and query terms.

A person's document has four parts: names (first and last), schools (the names
and towns of their current schools), keywords (interests and the about text)
and tokens. Tokens are filter values written as words that no human text
contains (they start with a digit and hold no separator), so a filter is one
more term of the full-text query and the index answers text and filters in
one pass (see docs/search.md for the measurements behind this choice).
"""

import re
import unicodedata
from collections.abc import Iterable

# (Tokens are index words, not secrets.)
# ruff: noqa: S105

# Every document holds this token, so a query made only of filters still has something to match.
TOKEN_ALL = "0all"
# Account and profile states.
TOKEN_ACTIVE = "0u1"
TOKEN_VALIDATED = "0ok1"
TOKEN_AVAILABLE = "0p1"
TOKEN_AVAILABLE_PLUS = "0x1"
TOKEN_VERIFIED_SCHOOL = "0ok1"
# Prefixes of the tokens that carry a code from a vocabulary.
PREFIX_VISIBILITY = "0v"
PREFIX_COUNTRY = "0c"
PREFIX_REGION = "0r"
PREFIX_SCHOOL_TYPE = "0t"
PREFIX_SUBJECT = "0s"
PREFIX_LANGUAGE = "0l"
PREFIX_AGE = "0a"
# Projects (their own index; see docs/search.md "Projects").
PREFIX_PROJECT_STATUS = "0e"
TOKEN_PUBLIC_PROJECT = "0w1"  # public and open or closed: anyone may find it
# Project ideas of the partner-finding forums (their own index; see docs/search.md "Project ideas").
PREFIX_IDEA_STATUS = "0e"
PREFIX_CATEGORY = "0g"  # the forum (category) by its id: "0g12"
TOKEN_PUBLIC_IDEA = "0w1"  # published by a validated author: every signed-in teacher may find it

_NOT_TOKEN_CHARS = re.compile(r"[^a-z0-9]")
_TERM = re.compile(r"[^\W_]+")
MAX_TERMS = 8


def token(prefix: str, code: str) -> str:
    """The index token of a vocabulary code: "cross-curricular" -> "0scrosscurricular".

    The SQL that builds documents does the same with lower() and replace() of
    "-" and "+", the only separators vocabulary codes use (a test checks that
    no two codes of one vocabulary share a token).
    """
    return prefix + _NOT_TOKEN_CHARS.sub("", code.lower())


def fold(text: str) -> str:
    """Lower case without accents, as the index stores words: "Lucía" -> "lucia"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def query_terms(text: str, limit: int | None = MAX_TERMS) -> list[str]:
    """The words of what someone typed, folded, without punctuation; at most MAX_TERMS of them.

    Words are cut where the index cuts them (letters and digits only), so
    "O'Neil-Smith" gives "o", "neil" and "smith". Tokens (words starting with
    a digit and a letter, like "0ces") are dropped so nobody can type a filter.
    """
    terms = [term for term in _TERM.findall(fold(text)) if not re.match(r"^0[a-z]", term)]
    return list(dict.fromkeys(terms))[:limit]


def visibility_tokens(values: Iterable[str]) -> list[str]:
    return [token(PREFIX_VISIBILITY, value) for value in values]
