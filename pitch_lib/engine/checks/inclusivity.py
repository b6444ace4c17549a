"""Inclusivity checks that need more than substitution: gender-coded wording balance."""

from __future__ import annotations

import re
from functools import lru_cache

from pitch_lib.engine.checks._shared import SpanIndex
from pitch_lib.engine.scoring import Doc, Hit, check


@lru_cache(maxsize=8)
def _stems_re(stems: tuple[str, ...]) -> re.Pattern:
    # Grouped by first letter, the boundary checked after it (as in compile_word_list): the
    # engine then skips along the text with a character set. Longest stems first within a group,
    # so 'self-confiden' wins over 'self'.
    groups: dict[str, list[str]] = {}
    for stem in sorted((s.lower() for s in stems), key=len, reverse=True):
        groups.setdefault(stem[0], []).append(re.escape(stem[1:]))
    body = "|".join(f"{re.escape(c)}(?<![\\w-].)(?:{'|'.join(rests)})" for c, rests in groups.items())
    return re.compile(rf"(?:{body})[\w-]*")


_BY_LIST: dict[int, tuple[list, re.Pattern]] = {}


def _stems_pattern(stems: list[str]) -> re.Pattern:
    """:func:`_stems_re` for a rule's list, found by the list's identity (hashing a hundred
    stems on every pitch costs more than the look-up saves)."""
    hit = _BY_LIST.get(id(stems))
    if hit is not None and hit[0] is stems:
        return hit[1]
    if len(_BY_LIST) > 64:  # team rule files loaded over a long session
        _BY_LIST.clear()
    pattern = _stems_re(tuple(stems))
    _BY_LIST[id(stems)] = (stems, pattern)
    return pattern


@lru_cache(maxsize=8)
def _replacement_re(stems: tuple[str, ...]) -> re.Pattern:
    """Which replacement stem a word starts with: the longest, as alternatives are tried in order."""
    return re.compile("|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)) or "(?!)")


@check("inclusivity.gender_coded")
def gender_coded(rule, doc: Doc):
    prm = rule.params
    masc = list(doc.finditer(_stems_pattern(prm.get("masculine", []))))
    fem = list(doc.finditer(_stems_pattern(prm.get("feminine", []))))
    exc_re = rule.compiled.get("exceptions")
    if exc_re and (masc or fem):
        exc = SpanIndex([m.span() for m in doc.finditer(exc_re)])
        masc = [m for m in masc if not exc.contains(m.start())]
        fem = [m for m in fem if not exc.contains(m.start())]
    ctx = prm.get("context")
    if ctx:
        masc = [m for m in masc if not doc.in_context(m.start(), m.end(), ctx)]
    surplus = len(masc) - len(fem)
    if surplus <= 0:
        if masc or fem:
            doc.credits["inclusivity"].append(f"Balanced wording: {len(masc)} masculine-coded, {len(fem)} feminine-coded words.")
        return
    repl = prm.get("replacements", {})
    which = _replacement_re(tuple(repl))
    pts = rule.points if doc.channel.name == "job_ad" else int(prm.get("points_not_job_ad", rule.points))
    for i, m in enumerate(masc):
        found = which.match(m.group().lower())
        stem = found.group() if found else None
        hint = f"Try “{repl[stem]}”, or balance with collaborative words (support, together, share)." if stem else "Balance it with collaborative words (support, together, share), or cut it."
        yield Hit(m.start(), m.end(), {"match": doc.text_of(m), "masculine": len(masc), "feminine": len(fem), "replacement_hint": hint},
                  points=pts if i < surplus else 0)
