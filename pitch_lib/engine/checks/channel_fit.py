"""Channel fit checks: hard limits, length targets, subject, preview, connection notes, job ads."""

from __future__ import annotations

import math
import re

from pitch_lib.engine import text as T
from pitch_lib.engine.scoring import Doc, Hit, check, points_per_step, preview_line

BULLET_RE = re.compile(r"^\s*(?:[-*•·–—]|\d{1,2}[.)])\s+\S", re.MULTILINE)


def _fmt(n: int) -> str:
    return f"{n:,}"


@check("channel_fit.hard_limit")
def hard_limit(rule, doc: Doc):
    limit = doc.channel.body_hard_limit
    n = doc.full_length
    if limit and n > limit:
        yield Hit(limit, n, {"length": _fmt(n), "limit": _fmt(limit), "over": _fmt(n - limit), "advice": doc.channel.advice})


def _measure(doc: Doc):
    """(value, lo, hi, unit, offset where the target is passed) for the channel's length target."""
    ch = doc.channel
    if ch.target_words[1]:
        lo, hi = ch.target_words
        n = doc.full_words - doc.signature_words
        cut = doc.word_start(hi) if doc.n_words > hi else doc.full_length
        return n, lo, hi, "words", cut
    if ch.target_chars[1]:
        lo, hi = ch.target_chars
        return doc.full_length, lo, hi, "characters", min(hi, doc.full_length)
    return None


@check("channel_fit.too_long")
def too_long(rule, doc: Doc):
    m = _measure(doc)
    if not m:
        return
    value, lo, hi, unit, cut = m
    if value <= hi:
        if value >= lo:
            doc.credits["channel_fit"].append(f"{value:,} {unit}: inside the {lo}-{hi} target for {doc.channel.label}.")
        return
    ceiling = max(hi, doc.channel.ceiling)
    if value <= ceiling:
        doc.credits["channel_fit"].append(f"{value:,} {unit}: over the {lo}-{hi} sweet spot, but detail that earns its place is fine up to {ceiling:,}.")
        return
    pts = points_per_step(value, ceiling, float(rule.params.get("step", 0.25)), rule.points)
    yield Hit(cut, doc.full_length, {"value": _fmt(value), "lo": lo, "hi": hi, "unit": unit, "advice": doc.channel.advice}, points=pts)


@check("channel_fit.too_short")
def too_short(rule, doc: Doc):
    m = _measure(doc)
    if not m:
        return
    value, lo, hi, unit, _ = m
    floor = lo * float(rule.params.get("below", 0.6))
    if lo and value < floor:
        steps = math.ceil((floor - value) / (lo * float(rule.params.get("step", 0.25))))
        yield Hit(0, 0, {"value": _fmt(value), "lo": lo, "hi": hi, "unit": unit, "advice": doc.channel.advice},
                  points=rule.points * max(1, steps))


@check("channel_fit.subject_missing")
def subject_missing(rule, doc: Doc):
    if doc.channel.has_subject and not doc.subject.strip():
        yield Hit(0, 0, field="subject")


@check("channel_fit.subject_length")
def subject_length(rule, doc: Doc):
    lo, hi = doc.channel.subject_words
    if not doc.channel.has_subject or not doc.subject.strip() or not hi:
        return
    n = T.count_words(doc.subject)
    slack = int(rule.params.get("slack", 0))
    if lo - slack <= n <= hi + slack:
        doc.credits["channel_fit"].append(f"Subject of {n} words.")
        return
    fix = f"Cut it to {hi} words or fewer: the topic, not the whole pitch." if n > hi else "Add a word or two that says why it's for them."
    yield Hit(0, len(doc.subject), {"words": n, "lo": lo, "hi": hi, "fix": fix}, field="subject")


@check("channel_fit.subject_limit")
def subject_limit(rule, doc: Doc):
    limit = doc.channel.subject_hard_limit
    if limit and len(doc.subject) > limit:
        yield Hit(limit, len(doc.subject), {"length": len(doc.subject), "limit": limit}, field="subject")


@check("channel_fit.weak_preview")
def weak_preview(rule, doc: Doc):
    n = doc.channel.preview_chars[1] or 90
    lead = doc.lower[: n + 60]
    pat = rule.compiled["weak_openers"]
    m = pat.search(lead)
    if m and m.start() < n:
        preview = preview_line(doc.body, doc.channel)
        yield Hit(m.start(), min(len(doc.body), m.end()), {"preview": preview, "what": f"“{doc.text_of(m)}…”, which says nothing about them", "chars": n})


@check("channel_fit.connection_pitch")
def connection_pitch(rule, doc: Doc):
    ctx = rule.params.get("context")
    for m in doc.finditer(rule.compiled["patterns"]):
        if ctx and doc.in_context(m.start(), m.end(), ctx):
            continue  # "no job pitch, promise"; "your 'Hiring for kindness' talk"
        yield Hit(m.start(), m.end(), {"match": doc.text_of(m)})
        return


@check("channel_fit.job_ad_lists")
def job_ad_lists(rule, doc: Doc):
    if not BULLET_RE.search(doc.body):
        yield Hit(0, 0)
