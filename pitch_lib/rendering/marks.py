"""Findings as the marks the pitch editor draws: plain JSON, no HTML (the editor puts every
string into the page as text).

A mark is a finding with a place in the text (not one about the whole text or something
missing, which the suggestion list covers). Its ``fixes`` are the exact texts "Apply" can put
in place of ``[start, end)``: the engine's :attr:`Finding.replacements`, or, for an unfilled
merge field such as ``{first_name}`` or ``[Company]``, the value the profile or role has for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pitch_lib.engine.scorecard import DIMENSION_LABELS, Finding
from pitch_lib.models import Pitch
from pitch_lib.rendering.render import MAX_RENDER_CHARS, SEVERITY_LABELS, placement

# More marks than this are not drawn (a pasted document can have thousands): the note says so.
MAX_MARKS = 150

# How people write a merge field, inside the brackets, mapped to our merge-field names.
_FIELD_ALIASES = {
    "first_name": "first_name", "firstname": "first_name", "first": "first_name", "name": "first_name",
    "candidate_name": "first_name", "full_name": "name", "fullname": "name",
    "current_title": "current_title", "title": "current_title", "job_title": "role_title",
    "current_company": "current_company", "their_company": "current_company",
    "company": "company", "company_name": "company", "role": "role_title", "role_title": "role_title",
    "position": "role_title", "location": "location", "city": "location", "skill": "skill",
    "achievement": "achievement", "interest": "interest", "salary": "salary_range",
    "salary_range": "salary_range", "benefit": "benefit", "mission": "mission",
    "responsibility": "responsibility", "role_location": "role_location", "remote_mode": "remote_mode",
}
_BRACKETS = re.compile(r"^\s*(?:\{\{?|\[|<|\$|%)\s*(.*?)\s*(?:\}\}?|\]|>|%)?\s*$")


def merge_field_fix(matched: str, values: dict[str, str]) -> str:
    """The value for a placeholder such as ``{first_name}``, ``[First Name]`` or ``<Company>``,
    or "" when it names no field we know or the profile/role has no value for it."""
    m = _BRACKETS.match(matched or "")
    if not m:
        return ""
    name = re.sub(r"[^a-z]+", "_", m.group(1).lower()).strip("_")
    field = _FIELD_ALIASES.get(name, name if name in values else "")
    value = values.get(field, "") if field else ""
    return value if value and "\n" not in value else ""


def exact_fixes(f: Finding, merge_values: dict[str, str] | None = None) -> list[str]:
    """What "Apply" may put in place of the finding's span, best first (empty: no exact fix)."""
    fixes = [r for r in f.replacements if r != f.matched]
    if not fixes and merge_values and f.rule.endswith("merge_token"):
        value = merge_field_fix(f.matched, merge_values)
        if value:
            fixes = [value]
    return list(dict.fromkeys(fixes))[:3]


def editor_marks(
    numbered: Sequence[tuple[int, Finding]],
    pitch: Pitch,
    merge_values: dict[str, str] | None = None,
    *,
    max_marks: int = MAX_MARKS,
    max_chars: int = MAX_RENDER_CHARS,
) -> tuple[list[dict], str]:
    """The marks for the editor and a note when some are left out (a very long text)."""
    texts = {"subject": pitch.subject, "body": pitch.body}
    marks: list[dict] = []
    left_out = 0
    for number, f in numbered:
        text = texts.get(f.field)
        if text is None or placement(f, len(text)) != "inline":
            continue
        if f.end > max_chars or len(marks) >= max_marks:
            left_out += 1
            continue
        marks.append({
            "n": number,
            "key": f.key,
            "field": f.field,
            "start": f.start,
            "end": f.end,
            "dim": f.dimension if f.dimension in DIMENSION_LABELS else "channel_fit",
            "dim_label": DIMENSION_LABELS.get(f.dimension, f.dimension),
            "sev": f.severity if f.severity in SEVERITY_LABELS else "suggestion",
            "sev_label": SEVERITY_LABELS.get(f.severity, f.severity),
            "points": round(f.points, 1),
            "message": f.message,
            "suggestion": f.suggestion,
            "matched": text[f.start:f.end],
            "fixes": exact_fixes(f, merge_values),
        })
    note = ""
    if left_out:
        note = (f"{left_out} more finding{'s are' if left_out != 1 else ' is'} not marked in the text "
                f"(marks stop after {max_marks} or {max_chars:,} characters); all are in the suggestions.")
    return marks, note
