"""A cheap gate in front of word-list patterns: skip a regex scan that cannot match.

Most of the engine's patterns are lists of phrases ("I came across your profile", "ASAP").
Every match of such a pattern starts with one of a few literal strings ("i came across",
"asap"). :func:`literal_starts` reads those strings out of the compiled pattern once; a scan
runs only when one of them occurs in the text (a substring test, far cheaper than a regex
scan). Most rules match nothing in most pitches, so most scans are skipped, and none is ever
skipped wrongly: a pattern whose start can't be read this way (a digit class, a currency sign)
is always scanned.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # CPython's own regex parser (private, so every failure falls back to "always scan")
    import re._constants as _C
    import re._parser as _P
except ImportError:  # pragma: no cover - other Pythons
    _P = _C = None

MAX_PREFIX = 24
_MAX_ALTERNATIVES = 400
_WORD_CHAR = re.compile(r"\w")  # noqa: F841 - kept for classes of word characters


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
        return _prefixes(rest, acc + chr(av).lower())
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
    if op is _C.IN and len(av) <= 4 and all(o is _C.LITERAL for o, _ in av):
        out = set()
        for _, v in av:
            out |= _prefixes(rest, acc + chr(v).lower())
        return out
    # a class, a category, any character: the prefix ends here
    return {acc}


@lru_cache(maxsize=2048)
def literal_starts(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Literal strings one of which every match of ``pattern`` starts with, or None when the
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
    # A shorter start that another one begins with makes the longer one redundant.
    starts = sorted(out, key=len)
    kept: list[str] = []
    for p in starts:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return tuple(kept)


def may_match(pattern: re.Pattern, text: str) -> bool:
    """False only when ``pattern`` certainly can't match ``text`` (already case-folded for a
    case-insensitive pattern)."""
    need = literal_starts(pattern)
    return need is None or any(p in text for p in need)
