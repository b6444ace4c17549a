"""Inclusivity checks that need more than substitution: gender-coded wording balance."""

from __future__ import annotations

import re
from functools import lru_cache

from pitch_lib.checks._shared import SpanIndex
from pitch_lib.scoring import Doc, Hit, check


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


@check("inclusivity.gender_coded")
def gender_coded(rule, doc: Doc):
    prm = rule.params
    exc_re = rule.compiled.get("exceptions")
    exc = SpanIndex([m.span() for m in doc.finditer(exc_re)] if exc_re else [])

    def found(stems):
        return [m for m in doc.finditer(_stems_re(tuple(stems))) if not exc.contains(m.start())]

    masc, fem = found(prm.get("masculine", ())), found(prm.get("feminine", ()))
    surplus = len(masc) - len(fem)
    if surplus <= 0:
        if masc or fem:
            doc.credits["inclusivity"].append(f"Balanced wording: {len(masc)} masculine-coded, {len(fem)} feminine-coded words.")
        return
    repl = prm.get("replacements", {})
    for i, m in enumerate(masc):
        word = m.group().lower()
        stem = next((s for s in sorted(repl, key=len, reverse=True) if word.startswith(s)), None)
        hint = f"Try “{repl[stem]}”, or balance with collaborative words (support, together, share)." if stem else "Balance it with collaborative words (support, together, share), or cut it."
        yield Hit(m.start(), m.end(), {"match": doc.text_of(m), "masculine": len(masc), "feminine": len(fem), "replacement_hint": hint},
                  points=rule.points if i < surplus else 0)
