"""Tone checks that need more than a word list: shouting, flattery overload, an opt-out."""

from __future__ import annotations

import re
from functools import lru_cache

from pitch_lib.engine import scan
from pitch_lib.engine.scoring import Doc, Hit, check
from pitch_lib.engine.text import is_common_word, is_dictionary_word


@lru_cache(maxsize=8)
def _upper_set(items: tuple[str, ...]) -> frozenset[str]:
    return frozenset(a.upper() for a in items)


# The first capital, then the check that no word character comes before it: CPython's engine
# then skips along the text looking for a capital (a lookbehind first would stop it doing so).
CAPS_RE = re.compile(r"[A-Z](?<![\w].)[A-Z'’&+\-]*[A-Z](?![\w])")
BANG_RUN_RE = re.compile(r"!{2,}|[!?]{3,}")
SINGLE_BANG_RE = re.compile(r"(?<![!?])!(?![!?])")


EDITION_RE = re.compile(r"[ \t]+['’]?\d")


@check("tone.shouting")
def shouting(rule, doc: Doc):
    prm = rule.params
    acronyms = _upper_set(tuple(prm.get("acronyms", ())))
    min_len = int(prm.get("min_caps_letters", 4))
    for fld, text in (("subject", doc.subject), ("body", doc.body)):
        for m in CAPS_RE.finditer(text):
            w = m.group()
            if fld == "body" and doc.in_context(m.start(), m.end(), prm.get("context")):
                continue
            letters = sum(c.isalpha() for c in w)
            if letters < min_len or w.upper().strip("'’") in acronyms:
                continue
            bare = w.strip("'’")
            if not (is_common_word(bare) or (letters >= int(prm.get("sure_shout_letters", 6)) and is_dictionary_word(bare))):
                continue  # an acronym (MHRA, MEDDICC, AJAX, SUNY), not a shouted word
            if fld == "body" and doc.merge_tokens.contains(m.start()):
                continue  # an unfilled JOB TITLE is the merge field's finding
            if EDITION_RE.match(text, m.end()):
                continue  # a name with its year or edition: "INFORMS 2024", "at SIGGRAPH '25"
            yield Hit(m.start(), m.end(), {"match": w, "why": "capitals read as shouting"}, field=fld)
        for m in scan.finditer(BANG_RUN_RE, text):
            yield Hit(m.start(), m.end(), {"match": m.group(), "why": "a run of exclamation marks reads as shouting"}, field=fld)
    singles = list(scan.finditer(SINGLE_BANG_RE, doc.body))
    for m in singles[int(prm.get("max_exclamations", 1)):]:
        start = max(0, m.start() - 20)
        yield Hit(m.start(), m.end(), {"match": doc.body[start:m.end()].split("\n")[-1].strip(), "why": f"{len(singles)} exclamation marks is too many"})


@check("tone.flattery")
def flattery(rule, doc: Doc):
    ctx = rule.params.get("context")
    matches = [m for m in doc.finditer(rule.compiled["words"]) if not doc.in_context(m.start(), m.end(), ctx)]
    free = int(rule.params.get("free", 1))
    for m in matches[free:]:
        yield Hit(m.start(), m.end(), {"match": doc.text_of(m), "count": len(matches)})


@check("tone.no_opt_out")
def no_opt_out(rule, doc: Doc):
    for m in doc.finditer(rule.compiled["patterns"]):
        # "I'll assume you're not interested if I don't hear back by tomorrow" or "the best people
        # always get back to me, even if it's to say no": a way out said as a threat or a reproach
        # is no way out.
        lo, hi = doc.sentence_at(m.start())
        if any(r is not None and r.pattern is not None and doc.search(r.pattern, lo, hi)
               for r in (doc.rules.rules.get(k) for k in ("tone.guilt", "tone.urgency", "tone.pressure"))):
            continue
        doc.credits["tone"].append("Leaves an easy way to say no.")
        return
    yield Hit(0, 0)


@check("tone.all_caps")
def all_caps(rule, doc: Doc):
    body = doc.body
    n_letters = sum(map(str.isalpha, body))
    if n_letters < int(rule.params.get("min_letters", 20)):
        return
    share = sum(map(str.isupper, body)) / n_letters
    if share >= float(rule.params.get("min_share", 0.6)):
        yield Hit(0, len(doc.body), {"share": round(100 * share)})
