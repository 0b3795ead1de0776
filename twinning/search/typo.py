"""Typo tolerance: words of the index vocabulary within a small edit distance of a typed word.

Candidates come from the index's own words (of names and school names and
towns), never from a fixed dictionary. The SQLite backend files every word
under look-up keys: the word itself and each form with one letter deleted
("garcia" -> "arcia", "grcia", ..., "garci"). A typed word's keys are made
the same way; two words sharing a key are at most one deletion apart on each
side, which covers a wrong, missing, extra or swapped letter anywhere in the
word ("Garcai" and "García" share "garci"). That is one indexed look-up, the
same cost whatever the size of the vocabulary (reading candidates from the
FTS5 vocabulary instead took 100 ms per word at a million people). The
PostgreSQL backend takes the nearest words by trigram distance instead.

Either way, candidates are then kept only when they share a look-up key with
the typed word and lie within the optimal string alignment
distance allowed for the typed word's length (swapping two neighbouring
letters counts as one edit). Short words tolerate fewer edits: a 3-letter
word with one edit already matches too many others.
"""

from collections.abc import Iterable

MAX_EXPANSIONS = 12


def variants(word: str) -> set[str]:
    """The look-up keys of a word: itself and every form with one letter deleted."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def max_distance(term: str) -> int:
    """Edits tolerated for a typed word: none up to 3 letters, one up to 5, two from 6."""
    if len(term) <= 3:
        return 0
    if len(term) <= 5:
        return 1
    return 2


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance of a and b, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def close_words(term: str, vocabulary: Iterable[tuple[str, int]]) -> list[str]:
    """Words of `vocabulary` ((word, how many documents)) sharing a look-up key with `term` and
    within the tolerated distance, nearest first, then the most common; at most MAX_EXPANSIONS,
    never `term` itself. The shared key makes both backends accept the same words."""
    limit = max_distance(term)
    if not limit:
        return []
    keys = variants(term)
    found: list[tuple[int, int, str]] = []
    for word, documents in vocabulary:
        if word == term or abs(len(word) - len(term)) > limit or not keys & variants(word):
            continue
        distance = osa_distance(term, word, limit)
        if distance <= limit:
            found.append((distance, -documents, word))
    found.sort()
    return [word for _d, _n, word in found[:MAX_EXPANSIONS]]
