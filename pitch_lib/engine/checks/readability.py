"""Readability checks: reading grade, long sentences, passive voice, walls of text, long lists."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from pitch_lib.engine import text as T
from pitch_lib.engine.scoring import Doc, Hit, check


@check("readability.grade")
def grade(rule, doc: Doc):
    prm = rule.params
    if doc.n_words < int(prm.get("min_words", 20)):
        return
    target = float(prm.get("target_grade_job_ad" if doc.channel.name == "job_ad" else "target_grade", 8))
    g = doc.grade
    if g <= target:
        doc.credits["readability"].append(f"Reads at grade {g:g}: easy to take in.")
        return
    # Point at the hardest sentence: the one a reader would stumble on first.
    def sentence_grade(s):
        ws = T.words(s.text)
        return T.flesch_kincaid_grade(len(ws), 1, T.syllable_count(ws))

    hardest = max(doc.sentences, key=sentence_grade)
    pts = rule.points * math.ceil(g - target)
    yield Hit(hardest.start, hardest.end, {"grade": f"{g:g}", "target": f"{target:g}"}, points=pts)


@check("readability.long_sentence")
def long_sentence(rule, doc: Doc):
    long_, very = int(rule.params.get("long", 25)), int(rule.params.get("very_long", 35))
    for s in doc.sentences:
        if s.words > very:
            yield Hit(s.start, s.end, {"words": s.words, "limit": very}, points=int(rule.params.get("points_very_long", 7)), level="warning")
        elif s.words > long_:
            yield Hit(s.start, s.end, {"words": s.words, "limit": long_})


@lru_cache(maxsize=8)
def _compile(pattern: str) -> re.Pattern:
    return T.compile_folded(pattern)


@lru_cache(maxsize=16)
def _words(items: tuple[str, ...]) -> frozenset[str]:
    return frozenset(items)


@check("readability.passive_voice")
def passive_voice(rule, doc: Doc):
    exceptions = _words(tuple(rule.params.get("exceptions", ())))
    irregular = _words(tuple(rule.params.get("irregular", ())))
    for m in doc.finditer(_compile(rule.params["pattern"])):
        participle = m.group(1)
        if participle in exceptions or not (len(participle) > 4 and participle.endswith("ed") or participle in irregular):
            continue
        yield Hit(m.start(), m.end(), {"match": doc.text_of(m)})


@check("readability.wall_of_text")
def wall_of_text(rule, doc: Doc):
    limit = int(rule.params.get("max_words", 70))
    for p in doc.paragraphs:
        # A line break ends a sentence, so a paragraph's words are its sentences' words.
        n = sum(s.words for s in doc.sentences if p.start <= s.start < p.end)
        if n > limit:
            yield Hit(p.start, p.end, {"words": n})


LIST_SEP = re.compile(r",|;|\band\b|\bor\b|/")


@check("readability.long_list")
def long_list(rule, doc: Doc):
    need = int(rule.params.get("min_items", 6))
    for s in doc.sentences:
        if s.text.count(",") + s.text.count(";") < need - 2:
            continue
        items = [i for i in LIST_SEP.split(s.text) if i.strip()]
        short = [i for i in items if T.count_words(i) <= 4]
        if len(items) >= need and len(short) >= need:
            yield Hit(s.start, s.end, {"items": len(items)})
