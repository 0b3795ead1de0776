"""Typo tolerance: words of the index vocabulary within a small edit distance of a typed word.

The candidates are the vocabulary's words that start with the same letter and
whose length is close (a backend reads them from its index with a range scan
on that letter, which is cheap even with a million people); the distance is
optimal string alignment, so swapping two neighbouring letters ("Garcai" ->
"García") costs one edit, like a wrong, missing or extra letter
("Fernandes" -> "Fernández"). Short words tolerate fewer edits: a 3-letter
word with one edit already matches too many others.
"""

from collections.abc import Iterable

MAX_EXPANSIONS = 12


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
    """Words of `vocabulary` ((word, how many documents)) within the tolerated distance of `term`,
    nearest first, then the most common; at most MAX_EXPANSIONS, never `term` itself."""
    limit = max_distance(term)
    if not limit:
        return []
    found: list[tuple[int, int, str]] = []
    for word, documents in vocabulary:
        if word == term or abs(len(word) - len(term)) > limit:
            continue
        distance = osa_distance(term, word, limit)
        if distance <= limit:
            found.append((distance, -documents, word))
    found.sort()
    return [word for _d, _n, word in found[:MAX_EXPANSIONS]]
