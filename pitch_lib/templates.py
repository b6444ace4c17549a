"""Starter templates per channel, with merge fields filled from the profile and the role.

Templates live in ``data/starter_templates.toml``. A merge field is a name in braces, such as
``{first_name}``. Fields with no data (and names this module does not know) stay in the text
as they are, so the scorer can flag them and the recruiter sees what is left to fill.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from pitch_lib.engine.channels import CHANNEL_NAMES, get_channel
from pitch_lib.models import CandidateProfile, Pitch, Role

DATA_FILE = Path(__file__).parent / "data" / "starter_templates.toml"
MERGE_FIELD = re.compile(r"\{([a-z_]+)\}")

REMOTE_WORDS = {"remote": "fully remote", "hybrid": "hybrid", "onsite": "on site"}

# What each merge field means, for the in-app help.
FIELD_HELP: dict[str, str] = {
    "first_name": "the candidate's first name",
    "name": "the candidate's full name",
    "current_title": "their current job title",
    "current_company": "their current employer",
    "location": "where they live",
    "skill": "their first listed skill",
    "achievement": "their first listed achievement",
    "interest": "their first listed interest",
    "role_title": "the role's title",
    "company": "the hiring company",
    "role_location": "where the role is",
    "remote_mode": "on site, hybrid or fully remote",
    "salary_range": "the pay range with its currency",
    "benefit": "the role's first benefit",
    "benefits_list": "every benefit, one per line",
    "responsibility": "the role's first responsibility",
    "responsibilities_list": "every responsibility, one per line",
    "mission": "the organisation's mission",
    "your_name": "your own name (never filled in for you)",
}


@cache
def load_templates() -> dict[str, Pitch]:
    with open(DATA_FILE, "rb") as fh:
        data = tomllib.load(fh)
    out = {}
    for channel, t in data.items():
        get_channel(channel)  # unknown channel names fail loudly
        out[channel] = Pitch(channel=channel, subject=t.get("subject", ""), body=t["body"])
    missing = set(CHANNEL_NAMES) - set(out)
    if missing:
        raise ValueError(f"starter_templates.toml has no template for: {', '.join(sorted(missing))}")
    return out


def format_salary(role: Role) -> str:
    """'62,000-71,000 EUR', 'from 62,000 EUR', 'up to 71,000 EUR' or '' when no figure is given."""
    lo, hi = role.salary_min, role.salary_max
    cur = f" {role.currency}" if role.currency else ""
    if lo is not None and hi is not None:
        return f"{lo:,.0f}{cur}" if lo == hi else f"{lo:,.0f}-{hi:,.0f}{cur}"
    if lo is not None:
        return f"from {lo:,.0f}{cur}"
    if hi is not None:
        return f"up to {hi:,.0f}{cur}"
    return ""


def _first(items: list[str]) -> str:
    return items[0] if items else ""


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {i}" for i in items)


_THIRD_PERSON = re.compile(r"\b(her|his|their|she|he|they)\b")
_TO_SECOND = {"her": "your", "his": "your", "their": "your", "she": "you", "he": "you", "they": "you"}


def as_clause(text: str, second_person: bool = False) -> str:
    """A profile or role entry as it reads mid-sentence: "Moved a cold store..." after "you"
    becomes "moved a cold store...", and (``second_person``) "her ICU" becomes "your ICU". A
    first word that is a name or an acronym (Python, NHS) keeps its capital."""
    text = text.strip().rstrip(".")
    if not text:
        return text
    first = text.split()[0]
    if first[:1].isupper() and first[1:2].islower() and _plain_word(first):
        text = text[0].lower() + text[1:]
    if second_person:
        text = _THIRD_PERSON.sub(lambda m: _TO_SECOND[m.group(1)], text)
    return text


def _plain_word(word: str) -> bool:
    from pitch_lib.engine.text import is_common_word, is_dictionary_word

    w = word.strip(",.;:").lower()
    return is_common_word(w) or (is_dictionary_word(w) and w.endswith(("ed", "ing", "s", "d")))


def merge_fields(profile: CandidateProfile | None, role: Role | None) -> dict[str, str]:
    """Every merge field with its value; empty strings mean "no data" (left unfilled)."""
    p = profile or CandidateProfile()
    r = role or Role()
    return {
        "first_name": p.first_name,
        "name": p.name,
        "current_title": p.current_title,
        "current_company": p.current_company,
        "location": p.location,
        "skill": _first(p.skills),
        "achievement": as_clause(_first(p.achievements), second_person=True),
        "interest": _first(p.interests),
        "role_title": r.title,
        "company": r.company,
        "role_location": r.location,
        "remote_mode": REMOTE_WORDS.get(r.remote, r.remote),
        "salary_range": format_salary(r),
        "benefit": as_clause(_first(r.benefits)),
        "benefits_list": _bullets(r.benefits),
        "responsibility": as_clause(_first(r.responsibilities)),
        "responsibilities_list": _bullets(r.responsibilities),
        "mission": r.mission.strip(),
        "your_name": "",
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Replace ``{field}`` with its value; unknown or empty fields stay as they are."""
    return MERGE_FIELD.sub(lambda m: values.get(m.group(1)) or m.group(0), text)


def unfilled_fields(text: str) -> list[str]:
    """Merge fields still in ``text``, in order of first appearance, without repeats."""
    return list(dict.fromkeys(MERGE_FIELD.findall(text)))


def starter_pitch(channel: str, profile: CandidateProfile | None = None, role: Role | None = None) -> Pitch:
    """The channel's starter template filled from ``profile`` and ``role``."""
    t = load_templates()[get_channel(channel).name]
    values = merge_fields(profile, role)
    return Pitch(channel=channel, subject=fill(t.subject, values), body=fill(t.body, values))
