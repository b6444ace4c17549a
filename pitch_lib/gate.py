"""A cheap gate in front of word-list patterns: skip a regex scan that cannot match.

Most of the engine's patterns are lists of phrases ("I came across your profile", "ASAP").
Each can only match where a word starts with one of a few literal prefixes ("i", "asap").
:func:`first_words` reads those prefixes out of the compiled pattern once; a pitch builds the
set of prefixes of its own words once; a scan runs only when the two meet. Most rules match
nothing in most pitches, so most scans are skipped, and none is ever skipped wrongly: a pattern
whose start can't be read this way (a digit class, a currency sign) is always scanned.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # CPython's own regex parser (private, so every failure falls back to "always scan")
    import re._constants as _C
    import re._parser as _P
except ImportError:  # pragma: no cover - other Pythons
    _P = _C = None

MAX_PREFIX = 12
_MAX_ALTERNATIVES = 400
_WORD_CHAR = re.compile(r"\w")


class _Unknown(Exception):
    """The pattern's start can't be read as literal word prefixes."""


def _prefixes(items: list, acc: str) -> set[str]:
    """Possible literal prefixes (up to the first non-literal or non-word character) of the
    sequence ``items``, each starting with ``acc``."""
    if len(acc) >= MAX_PREFIX:
        return {acc}
    if not items:
        return {acc}
    op, av = items[0]
    rest = items[1:]
    if op is _C.LITERAL:
        ch = chr(av)
        if not _WORD_CHAR.match(ch):
            return {acc}
        return _prefixes(rest, acc + ch.lower())
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return _prefixes(rest, acc)
    if op is _C.SUBPATTERN:
        return _prefixes(list(av[-1]) + rest, acc)
    if op is _C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            out |= _prefixes(list(branch) + rest, acc)
            if len(out) > _MAX_ALTERNATIVES:
                raise _Unknown
        return out
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
        lo, _hi, item = av
        once = _prefixes(list(item), acc)  # the item once, then stop (it may repeat)
        return once | _prefixes(rest, acc) if lo == 0 else once
    if op is _C.IN and all(o is _C.LITERAL for o, _ in av):
        chars = [chr(v) for _, v in av]
        if not any(_WORD_CHAR.match(c) for c in chars):
            return {acc}
        return {p for c in chars for p in (_prefixes(rest, acc + c.lower()) if _WORD_CHAR.match(c) else {acc})}
    # a class, a category, any character: the prefix ends here
    return {acc}


@lru_cache(maxsize=2048)
def first_words(pattern: re.Pattern) -> frozenset[str] | None:
    """The literal word prefixes every match of ``pattern`` starts with, or None when the
    pattern's start can't be read (then it must always be scanned)."""
    if _P is None:
        return None
    try:
        parsed = _P.parse(pattern.pattern, pattern.flags)
        out = _prefixes(list(parsed), "")
    except (_Unknown, RecursionError, Exception):  # noqa: BLE001 - any doubt means "always scan"
        return None
    if not out or "" in out:
        return None
    return frozenset(out)


def word_prefixes(words: list[str]) -> frozenset[str]:
    """Every prefix (up to MAX_PREFIX characters) of every word, lower-cased."""
    out = set()
    for w in words:
        for i in range(1, min(len(w), MAX_PREFIX) + 1):
            out.add(w[:i])
    return frozenset(out)


def may_match(pattern: re.Pattern, prefixes: frozenset[str]) -> bool:
    """False only when ``pattern`` certainly can't match a text whose word prefixes are
    ``prefixes``."""
    need = first_words(pattern)
    return need is None or not need.isdisjoint(prefixes)
