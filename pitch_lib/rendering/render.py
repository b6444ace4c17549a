"""HTML views of a pitch: findings highlighted in place, a legend, and channel previews.

Pure functions returning HTML strings built only from escaped parts: every piece of user text
goes through :func:`html.escape`, and class names come from fixed tables, never from input.
A highlight is never colour alone: each mark has an underline style per severity, a number
that matches the suggestion list, and a tooltip (``title``) with the reason and the fix.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pitch_lib.engine.channels import ChannelSpec
from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS, SEVERITIES, Finding
from pitch_lib.models import CandidateProfile, Pitch, Role

# Past this many characters the highlighted view shows the start only (a browser would choke
# on a megabyte of marked-up text, and nobody reads a pitch that long).
MAX_RENDER_CHARS = 20_000

SEVERITY_LABELS = {"error": "Must fix", "warning": "Should fix", "suggestion": "Could improve"}
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}

# Light tints from the Okabe-Ito palette (distinguishable with common colour blindness).
DIMENSION_COLOURS = {
    "personalisation": "#CCE7F6",
    "readability": "#FBE6B8",
    "benefit_clarity": "#C6EBDD",
    "tone": "#F6D3C2",
    "inclusivity": "#E9D3E4",
    "channel_fit": "#E4E4E4",
}

CSS = """
<style>
.pw-draft{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;line-height:1.9;
  font-size:1rem;padding:.75rem 1rem;border:1px solid #D5DEDC;border-radius:.5rem;background:#FFFFFF;
  color:#1F2933;max-height:32rem;overflow-y:auto}
.pw-draft.pw-empty{color:#5B6770;font-style:italic}
.pw-m{border-radius:.2rem;padding:0 .05rem;text-decoration-line:underline;text-decoration-thickness:2px;
  text-underline-offset:.25em;color:inherit}
.pw-sev-error{text-decoration-style:solid;text-decoration-color:#B42318}
.pw-sev-warning{text-decoration-style:wavy;text-decoration-color:#B54708}
.pw-sev-suggestion{text-decoration-style:dotted;text-decoration-color:#475467}
.pw-overlap{box-shadow:inset 0 -1px 0 #475467}
.pw-n{font-size:.7rem;font-weight:700;line-height:1;padding:.05rem .3rem;margin:0 .1rem;border-radius:.6rem;
  background:#1F2933;color:#FFFFFF;vertical-align:super;white-space:nowrap;unicode-bidi:isolate}
.pw-n[data-reason]{position:relative;cursor:help}
.pw-n[data-reason]:focus{outline:2px solid #0F766E;outline-offset:1px}
.pw-n[data-reason]:focus::after{content:attr(data-reason);position:absolute;z-index:5;top:1.4em;left:0;
  width:min(18rem,70vw);white-space:normal;font-size:.8rem;font-weight:400;line-height:1.35;padding:.45rem .55rem;
  border-radius:.4rem;background:#1F2933;color:#FFFFFF;vertical-align:baseline}
.pw-legend{display:flex;flex-wrap:wrap;gap:.35rem .9rem;font-size:.85rem;opacity:.85;margin:.4rem 0}
.pw-legend .pw-chip{display:inline-block;width:.9rem;height:.9rem;border-radius:.2rem;vertical-align:-.1rem;
  margin-right:.3rem;border:1px solid #B8C2C0}
.pw-whole{font-size:.9rem;opacity:.85;margin:.3rem 0 0 0}
.pw-phone{max-width:22rem;border:1px solid #CBD5D3;border-radius:1.2rem;padding:.8rem;background:#F7FAF9;
  color:#1F2933;font-size:.9rem}
.pw-phone-bar{font-size:.75rem;color:#5B6770;text-align:center;margin-bottom:.5rem}
.pw-inbox-row{background:#FFFFFF;border-radius:.6rem;padding:.55rem .7rem;border:1px solid #E1E7E6}
.pw-inbox-from{font-weight:700;display:flex;justify-content:space-between}
.pw-inbox-from span{font-weight:400;color:#5B6770;font-size:.75rem}
.pw-inbox-subject{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;unicode-bidi:plaintext}
.pw-inbox-first{color:#3E4A52;unicode-bidi:plaintext}
.pw-card{max-width:26rem;border:1px solid #CBD5D3;border-radius:.6rem;padding:.8rem;background:#FFFFFF;color:#1F2933;
  font-size:.9rem}
.pw-card-head{display:flex;gap:.6rem;align-items:center;margin-bottom:.5rem}
.pw-avatar{width:2.4rem;height:2.4rem;border-radius:50%;background:#0F766E;color:#FFF;display:flex;
  align-items:center;justify-content:center;font-weight:700;flex:none}
.pw-card-note{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;background:#F1F5F4;
  border-radius:.4rem;padding:.5rem .6rem}
.pw-cut{color:#B42318;font-weight:700}
.pw-over{background:#FDE2DF;text-decoration:line-through;color:#7A271A}
.pw-card-actions{display:flex;gap:.5rem;justify-content:flex-end;margin-top:.6rem}
.pw-card-actions span{border:1px solid #0F766E;color:#0F766E;border-radius:1rem;padding:.1rem .8rem;font-weight:600}
.pw-bubble{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;background:#0F766E;color:#FFF;
  border-radius:1rem 1rem .2rem 1rem;padding:.55rem .75rem;margin-left:15%}
.pw-jobcard h4{margin:0 0 .2rem 0;font-size:1.05rem;unicode-bidi:plaintext}
.pw-muted{color:#5B6770;font-size:.8rem}
.pw-diff{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;line-height:1.8;padding:.75rem 1rem;
  border:1px solid #D5DEDC;border-radius:.5rem;max-height:32rem;overflow-y:auto}
.pw-diff ins{background:#D1FADF;color:#1F2933;text-decoration:underline;text-decoration-thickness:2px}
.pw-diff del{background:#FEE4E2;color:#1F2933;text-decoration:line-through}
.pw-diff ins::before{content:"+";font-weight:700;font-size:.75em;vertical-align:super}
.pw-diff del::before{content:"\\2212";font-weight:700;font-size:.75em;vertical-align:super}
.pw-suggestions{list-style:none;padding:0;margin:0}
.pw-sugg{border-bottom:1px solid #E1E7E6;padding:.5rem 0;margin:0}
.pw-pts{font-weight:700;font-variant-numeric:tabular-nums}
.pw-tag{border-radius:.3rem;padding:0 .35rem;font-size:.85rem;color:#1F2933}
.pw-msg{margin:.15rem 0 0 0;unicode-bidi:plaintext}
.pw-msg q{opacity:.85;font-style:italic}
.pw-fix{margin-top:.1rem;unicode-bidi:plaintext}
.pw-scores{border-collapse:collapse;width:100%;font-size:.9rem;margin:.3rem 0 .6rem 0}
.pw-scores th{font-weight:400;text-align:left;padding:.15rem .3rem;opacity:.85}
.pw-scores td{text-align:right;padding:.15rem .3rem;font-variant-numeric:tabular-nums;font-weight:600}
.pw-scores tr{border-bottom:1px solid #E1E7E6}
.pw-scores tr.pw-overall th,.pw-scores tr.pw-overall td{font-weight:700;font-size:1rem}
.pw-best{font-size:.75rem;font-weight:700;color:#0B5A53;background:#D1FADF;border-radius:.6rem;padding:0 .35rem;
  white-space:nowrap}
.pw-compact{max-height:18rem}
</style>
"""


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _cls(value: str, allowed: Iterable[str], default: str) -> str:
    return value if value in allowed else default


def finding_label(number: int, f: Finding) -> str:
    """One line of plain text about a finding, for tooltips and lists."""
    dim = DIMENSION_LABELS.get(f.dimension, f.dimension)
    sev = SEVERITY_LABELS.get(f.severity, f.severity)
    fix = f" Fix: {f.suggestion}" if f.suggestion else ""
    return f"[{number}] {dim} · {sev} · −{f.points:g} pts: {f.message}{fix}"


def number_findings(findings: Sequence[Finding]) -> list[tuple[int, Finding]]:
    """Number findings 1..n in the given order (the suggestion list's order)."""
    return list(enumerate(findings, start=1))


def placement(f: Finding, text_len: int) -> str:
    """'inline' (a place in the text), 'missing' (an empty span) or 'whole' (all of the text)."""
    start, end = max(0, min(f.start, text_len)), max(0, min(f.end, text_len))
    if end <= start:
        return "missing"
    if start == 0 and end == text_len:
        return "whole"
    return "inline"


@dataclass(frozen=True)
class _Mark:
    number: int
    finding: Finding
    start: int
    end: int


def _badge(number: int, f: Finding) -> str:
    """A mark's number that shows its reason on hover, on tap and on keyboard focus, and reads
    it out to a screen reader (not a hover-only tooltip)."""
    label = esc(finding_label(number, f))
    return f'<sup class="pw-n" tabindex="0" title="{label}" aria-label="{label}" data-reason="{label}">{number}</sup>'


def highlight_html(
    text: str,
    numbered: Sequence[tuple[int, Finding]],
    field: str = "body",
    *,
    max_chars: int = MAX_RENDER_CHARS,
    empty_text: str = "Nothing written yet.",
    compact: bool = False,
) -> str:
    """The text with each finding of ``field`` marked in place.

    Overlapping findings split the text at every span edge; each piece is one ``<mark>`` whose
    style comes from its most severe finding and whose tooltip lists all of them. A numbered
    badge follows the end of each finding. Findings that are about the whole text, or about
    something missing, are listed under it instead of being marked.
    """
    if not text:
        return f'<div class="pw-draft pw-empty" dir="auto">{esc(empty_text)}</div>'
    shown = text[:max_chars]
    n = len(text)
    marks: list[_Mark] = []
    general: list[tuple[int, Finding]] = []
    for number, f in numbered:
        if f.field != field:
            continue
        if placement(f, n) != "inline":
            general.append((number, f))
            continue
        start, end = max(0, f.start), min(f.end, n)
        if start >= len(shown):
            continue
        marks.append(_Mark(number, f, start, min(end, len(shown))))

    cuts = sorted({0, len(shown), *(m.start for m in marks), *(m.end for m in marks)})
    ends_at: dict[int, list[_Mark]] = {}
    for m in marks:
        ends_at.setdefault(m.end, []).append(m)
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = esc(shown[a:b])
        active = [m for m in marks if m.start <= a and m.end >= b]
        if active:
            top = min(active, key=lambda m: (-SEVERITY_RANK.get(m.finding.severity, 0), m.number))
            classes = [
                "pw-m",
                "pw-sev-" + _cls(top.finding.severity, SEVERITIES, "suggestion"),
            ]
            if len(active) > 1:
                classes.append("pw-overlap")
            colour = DIMENSION_COLOURS.get(top.finding.dimension, "#E4E4E4")
            title = "\n".join(finding_label(m.number, m.finding) for m in sorted(active, key=lambda m: m.number))
            out.append(
                f'<mark class="{" ".join(classes)}" style="background:{colour}" title="{esc(title)}">{piece}</mark>'
            )
        else:
            out.append(piece)
        for m in sorted(ends_at.get(b, []), key=lambda m: m.number):
            out.append(_badge(m.number, m.finding))
    if len(shown) < n:
        out.append(
            f'<span class="pw-cut">\n… showing the first {len(shown):,} of {n:,} characters.</span>'
        )
    box = "pw-draft pw-compact" if compact else "pw-draft"
    body = f'<div class="{box}" dir="auto">{"".join(out)}</div>'
    if general:
        # Listed by number only: the suggestions list has the full text, the tooltip the reason.
        items = "".join(_badge(num, f) for num, f in general)
        body += (
            f'<p class="pw-whole"><b>About the whole {esc(field)}:</b> {items} '
            '<span class="pw-muted">(tap, hover or tab to a number for the reason)</span></p>'
        )
    return body


def legend_html(findings: Iterable[Finding] = ()) -> str:
    """Which colour is which dimension and which underline is which severity.

    With findings, the dimensions are listed with their counts; without, all six are shown.
    """
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.dimension] = counts.get(f.dimension, 0) + 1
    dims = [d for d in DIMENSIONS if d in counts] if counts else list(DIMENSIONS)
    colours = []
    for d in dims:
        label = DIMENSION_LABELS[d] + (f" ({counts[d]})" if d in counts else "")
        colours.append(
            f'<span><span class="pw-chip" style="background:{DIMENSION_COLOURS[d]}"></span>{esc(label)}</span>'
        )
    lines = [
        "".join(colours),
        "".join(
            f'<span><mark class="pw-m pw-sev-{sev}" style="background:transparent">{esc(SEVERITY_LABELS[sev])}</mark></span>'
            for sev in reversed(SEVERITIES)
        )
        + '<span><sup class="pw-n">3</sup> suggestion number; tap, hover or tab to it for the reason</span>',
    ]
    return "".join(f'<div class="pw-legend" role="note" aria-label="Legend">{line}</div>' for line in lines)


# --- channel previews --------------------------------------------------------------------------

_WS = re.compile(r"\s+")


def first_line(body: str, limit: int) -> tuple[str, bool]:
    """What an inbox preview shows: the start of the body with whitespace collapsed.

    Returns the text (at most ``limit`` characters) and whether it was cut.
    """
    head = body[: limit * 4 + 200]  # enough to fill the line, without flattening a megabyte
    flat = _WS.sub(" ", head).strip()
    if len(flat) > limit:
        return flat[:limit].rstrip(), True
    return flat, bool(body[len(head) :].strip())


def initials(name: str) -> str:
    parts = [p for p in name.split() if p[:1].isalpha()]
    return "".join(p[0] for p in parts[:2]).upper() or "?"


@dataclass(frozen=True)
class LengthCheck:
    """Characters against a channel's hard limit and target (0 means none)."""

    characters: int
    hard_limit: int
    target: tuple[int, int]
    words: int
    target_words: tuple[int, int]

    @property
    def over_limit(self) -> int:
        return max(0, self.characters - self.hard_limit) if self.hard_limit else 0

    @property
    def fraction_of_limit(self) -> float:
        return min(1.0, self.characters / self.hard_limit) if self.hard_limit else 0.0

    def summary(self) -> str:
        bits = [f"{self.characters:,} characters"]
        if self.hard_limit:
            bits[0] += f" of {self.hard_limit:,} allowed"
            if self.over_limit:
                bits.append(f"{self.over_limit:,} over the limit: the platform will refuse or cut it")
        lo, hi = self.target
        if hi:
            verdict = "on target" if lo <= self.characters <= hi else ("short" if self.characters < lo else "long")
            bits.append(f"target {lo:,}-{hi:,} characters ({verdict})")
        wlo, whi = self.target_words
        if whi:
            verdict = "on target" if wlo <= self.words <= whi else ("short" if self.words < wlo else "long")
            bits.append(f"{self.words:,} words, target {wlo}-{whi} ({verdict})")
        return "; ".join(bits)


def length_check(pitch: Pitch, spec: ChannelSpec, words: int) -> LengthCheck:
    return LengthCheck(len(pitch.body), spec.body_hard_limit, spec.target_chars, words, spec.target_words)


def channel_preview_html(
    pitch: Pitch,
    spec: ChannelSpec,
    profile: CandidateProfile | None = None,
    role: Role | None = None,
    sender: str = "You",
) -> str:
    """How the pitch looks where the candidate first sees it, as escaped HTML."""
    body = pitch.body
    if spec.name == "linkedin_connection":
        return _connection_card(body, spec, profile, sender)
    if spec.name == "social_dm":
        return _dm_bubble(body, profile)
    if spec.name == "job_ad":
        return _job_card(pitch, role)
    return _inbox_row(pitch, spec, sender)


def _inbox_row(pitch: Pitch, spec: ChannelSpec, sender: str) -> str:
    limit = spec.preview_chars[1] or 90
    line, cut = first_line(pitch.body, limit)
    who = f"{sender} · InMail" if spec.name == "linkedin_inmail" else sender
    subject = pitch.subject.strip()
    subject_html = esc(subject[:200]) if subject else '<span class="pw-cut">(no subject)</span>'
    first = esc(line) + ("…" if cut else "") if line else '<span class="pw-muted">(empty body)</span>'
    return (
        '<div class="pw-phone" aria-label="Phone inbox preview">'
        '<div class="pw-phone-bar">Inbox · phone preview</div>'
        '<div class="pw-inbox-row">'
        f'<div class="pw-inbox-from" dir="auto">{esc(who)}<span>now</span></div>'
        f'<div class="pw-inbox-subject" dir="auto">{subject_html}</div>'
        f'<div class="pw-inbox-first" dir="auto">{first}</div>'
        "</div>"
        f'<div class="pw-muted">A phone shows about {spec.preview_chars[0]}-{limit} characters of the first line.</div>'
        "</div>"
    )


def _connection_card(body: str, spec: ChannelSpec, profile: CandidateProfile | None, sender: str) -> str:
    limit = spec.body_hard_limit or 300
    to = profile.name if profile and profile.name else "the candidate"
    if len(body) > limit:
        note = (
            f"{esc(body[:limit])}"
            '<span class="pw-cut" role="img" aria-label="LinkedIn stops the note here">✂</span>'
            f'<span class="pw-over">{esc(body[limit : limit + 400])}{"…" if len(body) > limit + 400 else ""}</span>'
        )
    else:
        note = esc(body) if body else '<span class="pw-muted">(no note: a request without a note)</span>'
    return (
        '<div class="pw-card" aria-label="Connection request preview">'
        '<div class="pw-card-head">'
        f'<div class="pw-avatar" aria-hidden="true">{esc(initials(sender))}</div>'
        f'<div><b>{esc(sender)}</b> wants to connect<br><span class="pw-muted">to {esc(to)}</span></div>'
        "</div>"
        f'<div class="pw-card-note" dir="auto">{note}</div>'
        '<div class="pw-card-actions" aria-hidden="true"><span>Ignore</span><span>Accept</span></div>'
        f'<div class="pw-muted">{len(body):,}/{limit} characters (free accounts: 200).'
        + (f" ✂ marks where the {limit}-character limit cuts the note." if len(body) > limit else "")
        + "</div>"
        "</div>"
    )


def _dm_bubble(body: str, profile: CandidateProfile | None) -> str:
    to = profile.name if profile and profile.name else "the candidate"
    shown = body[:600] + ("…" if len(body) > 600 else "")
    bubble = f'<div class="pw-bubble" dir="auto">{esc(shown)}</div>' if body else '<div class="pw-muted">(empty message)</div>'
    return (
        '<div class="pw-phone" aria-label="Direct message preview">'
        f'<div class="pw-phone-bar">Message to {esc(to)}</div>'
        f"{bubble}"
        "</div>"
    )


def _job_card(pitch: Pitch, role: Role | None) -> str:
    title = pitch.subject.strip() or (role.title if role else "") or "(no title)"
    meta = " · ".join(x for x in ((role.company, role.location) if role else ()) if x)
    line, cut = first_line(pitch.body, 220)
    first = esc(line) + ("…" if cut else "")
    return (
        '<div class="pw-card pw-jobcard" aria-label="Job board preview">'
        f'<h4 dir="auto">{esc(title[:200])}</h4>'
        f'<div class="pw-muted" dir="auto">{esc(meta)}</div>'
        f'<p dir="auto">{first}</p>'
        '<div class="pw-muted">How a job board lists it: the title and the first lines.</div>'
        "</div>"
    )


# --- suggestions list --------------------------------------------------------------------------

MAX_LISTED_SUGGESTIONS = 40


def suggestions_html(numbered: Sequence[tuple[int, Finding]], *, limit: int = MAX_LISTED_SUGGESTIONS) -> str:
    """The findings as a numbered list (most points at stake first): what, where, and the fix."""
    if not numbered:
        return ""
    items = []
    for number, f in numbered[:limit]:
        dim = DIMENSION_LABELS.get(f.dimension, f.dimension)
        colour = DIMENSION_COLOURS.get(f.dimension, "#E4E4E4")
        sev = _cls(f.severity, SEVERITIES, "suggestion")
        where = ""
        if f.matched:
            quoted = f.matched if len(f.matched) <= 80 else f.matched[:77] + "…"
            where = f' <q dir="auto">{esc(quoted)}</q>'
        if f.field == "subject":
            where += ' <span class="pw-muted">(subject)</span>'
        fix = f'<div class="pw-fix"><b>Fix:</b> {esc(f.suggestion)}</div>' if f.suggestion else ""
        items.append(
            '<li class="pw-sugg">'
            f'<span class="pw-n">{number}</span> '
            f'<span class="pw-pts">−{f.points:g} pts</span> '
            f'<span class="pw-tag" style="background:{colour}">{esc(dim)}</span> '
            f'<mark class="pw-m pw-sev-{sev}" style="background:transparent">{esc(SEVERITY_LABELS.get(sev, sev))}</mark>'
            f'<div class="pw-msg">{esc(f.message)}{where}</div>'
            f"{fix}</li>"
        )
    more = len(numbered) - limit
    tail = f'<p class="pw-muted">… and {more} more, worth less.</p>' if more > 0 else ""
    return f'<ol class="pw-suggestions">{"".join(items)}</ol>{tail}'


def score_table_html(scores: dict[str, int], best: Iterable[str] = ()) -> str:
    """A compact table of the overall and dimension scores; winning rows say "best" in words."""
    best = set(best)
    rows = []
    for col in ("overall", *DIMENSIONS):
        label = "Overall" if col == "overall" else DIMENSION_LABELS[col]
        mark = ' <span class="pw-best">🏆 best</span>' if col in best else ""
        weight = ' class="pw-overall"' if col == "overall" else ""
        rows.append(f"<tr{weight}><th scope=\"row\">{esc(label)}</th><td>{int(scores.get(col, 0))}{mark}</td></tr>")
    return f'<table class="pw-scores">{"".join(rows)}</table>'
