"""The outreach sequence planner: a multi-touch plan for one candidate, and its critique.

One message rarely moves a passive candidate; steady contact does, if it does not turn into
pestering. A :class:`SequencePlan` is an ordered list of :class:`Touch` es (a social touch, a
connection note, an InMail, an email, a follow-up, a call), each with a channel, a day and a
message scored in that channel by :func:`pitch_lib.score_pitch`. The plan stops at the first
reply: touches after it are cancelled.

:func:`critique_plan` runs the cadence rules (data, in ``rules/cadence.toml``) and gives
findings per touch in the style of the scorecard, plus a whole-plan pestering-risk level.
Starter templates (``rules/sequence_templates.toml``) fill merge fields from the candidate and
the role. Plans export as CSV and as iCalendar (.ics) files that calendar apps import.

The plan is stored as a plain JSON-able dict (``to_dict``) in ``Workspace.sequences[case_id]``.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from pitch_lib import templates
from pitch_lib.compare import csv_safe
from pitch_lib.engine.channels import CHANNELS
from pitch_lib.engine.ruleset import default_ruleset
from pitch_lib.engine.scorecard import SEVERITIES, Scorecard
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.engine.text import fold_case
from pitch_lib.engine.vocab import MOTIVATORS
from pitch_lib.models import CandidateProfile, Pitch, Role, ValidationError, kind_of, quoted
from pitch_lib.workspace import new_id, now_iso

DATA_DIR = Path(__file__).parent / "data"
PLAN_FORMAT_VERSION = 1
RISK_LEVELS: tuple[str, ...] = ("low", "medium", "high")
WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_NAMES: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# ----------------------------------------------------------------------------- kinds, templates


@dataclass(frozen=True)
class TouchKind:
    """What a touch is for (a social touch, a connection note, ...) and the channels it may use."""

    name: str
    label: str
    help: str
    channels: tuple[str, ...]
    minutes: int

    @property
    def default_channel(self) -> str:
        return self.channels[0]


@dataclass(frozen=True)
class SequenceTemplate:
    """A starter plan: touches with merge fields ({{first_name}}, ...) still in their text."""

    name: str
    label: str
    description: str
    audience: str
    business_days: bool
    touches: tuple[dict, ...]


def _load_templates(path: Path | None = None):
    with open(path or DATA_DIR / "sequence_templates.toml", "rb") as fh:
        data = tomllib.load(fh)
    no_message = {name: (spec["label"], spec.get("icon", "")) for name, spec in data["no_message_channels"].items()}
    kinds = {
        name: TouchKind(name, spec["label"], spec.get("help", ""), tuple(spec["channels"]), int(spec.get("minutes", 15)))
        for name, spec in data["kinds"].items()
    }
    for kind in kinds.values():
        for ch in kind.channels:
            if ch not in CHANNELS and ch not in no_message:
                raise ValueError(f"sequence_templates.toml: kind {kind.name!r} uses unknown channel {ch!r}")
    templates = {
        name: SequenceTemplate(
            name=name,
            label=spec["label"],
            description=spec.get("description", ""),
            audience=spec.get("audience", ""),
            business_days=bool(spec.get("business_days", True)),
            touches=tuple(dict(t) for t in spec["touches"]),
        )
        for name, spec in data["templates"].items()
    }
    return kinds, no_message, templates


KINDS: dict[str, TouchKind]
NO_MESSAGE_CHANNELS: dict[str, tuple[str, str]]  # name -> (label, icon)
TEMPLATES: dict[str, SequenceTemplate]
KINDS, NO_MESSAGE_CHANNELS, TEMPLATES = _load_templates()
KIND_NAMES: tuple[str, ...] = tuple(KINDS)
TOUCH_CHANNELS: tuple[str, ...] = tuple(dict.fromkeys(ch for k in KINDS.values() for ch in k.channels))


def channel_label(channel: str) -> str:
    if channel in CHANNELS:
        return CHANNELS[channel].label
    if channel in NO_MESSAGE_CHANNELS:
        return NO_MESSAGE_CHANNELS[channel][0]
    return channel


def channel_icon(channel: str) -> str:
    if channel in CHANNELS:
        return CHANNELS[channel].icon
    return NO_MESSAGE_CHANNELS.get(channel, ("", ""))[1]


def has_message(channel: str) -> bool:
    """True for written channels (email, InMail, ...), False for a social engagement or a call."""
    return channel in CHANNELS


# ----------------------------------------------------------------------------- the plan


def _text(where: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(where, f"must be text, not {kind_of(value)}")
    return value


def _iso_date(where: str, value: Any, *, required: bool = False) -> str:
    value = _text(where, value).strip()
    if not value:
        if required:
            raise ValidationError(where, "is required (a date like 2025-03-17)")
        return ""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValidationError(where, f"must be a date like 2025-03-17, not {quoted(value)}") from None


def _hhmm(where: str, value: Any) -> str:
    value = _text(where, value).strip()
    if not value:
        return ""
    try:
        return time.fromisoformat(value).strftime("%H:%M")
    except ValueError:
        raise ValidationError(where, f"must be a time like 09:30, not {quoted(value)}") from None


@dataclass
class Touch:
    """One step of the plan.

    ``day`` is an offset from the plan's start (business or calendar days, as the plan says);
    ``date`` (ISO, optional) pins the touch to a date instead. ``time`` ("HH:MM", optional)
    makes the calendar event timed rather than all-day. ``note`` says what to do (for a social
    engagement, it is all there is).
    """

    kind: str = "follow_up"
    channel: str = ""
    day: int = 0
    date: str = ""
    time: str = ""
    subject: str = ""
    body: str = ""
    note: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self):
        if not self.channel and self.kind in KINDS:
            self.channel = KINDS[self.kind].default_channel

    @property
    def has_message(self) -> bool:
        return has_message(self.channel)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].label if self.kind in KINDS else self.kind

    def pitch(self) -> Pitch | None:
        """The message as a :class:`Pitch` in this touch's channel; None when there is none."""
        if not self.has_message:
            return None
        return Pitch(channel=self.channel, subject=self.subject if CHANNELS[self.channel].has_subject else "", body=self.body)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Any, where: str = "touch") -> Touch:
        if not isinstance(d, dict):
            raise ValidationError(where, f"must be a JSON object (fields in braces), not {kind_of(d)}")
        known = {"kind", "channel", "day", "date", "time", "subject", "body", "note", "id"}
        unknown = sorted(set(d) - known)
        if unknown:
            raise ValidationError(f"{where}.{unknown[0]}", f"is not a field Pitch Workshop knows (the fields are: {', '.join(sorted(known))})")
        kind = _text(f"{where}.kind", d.get("kind", "follow_up")) or "follow_up"
        if kind not in KINDS:
            raise ValidationError(f"{where}.kind", f"is {quoted(kind)}, which is not a kind of touch (choose from: {', '.join(KIND_NAMES)})")
        channel = _text(f"{where}.channel", d.get("channel")) or KINDS[kind].default_channel
        if channel not in KINDS[kind].channels:
            raise ValidationError(
                f"{where}.channel",
                f"is {quoted(channel)}, which is not a channel for a {KINDS[kind].label.lower()} "
                f"(choose from: {', '.join(KINDS[kind].channels)})",
            )
        day = d.get("day", 0)
        if isinstance(day, bool) or not isinstance(day, int) or day < 0:
            raise ValidationError(f"{where}.day", f"must be a whole number of days, 0 or more, not {quoted(day)}")
        return cls(
            kind=kind,
            channel=channel,
            day=day,
            date=_iso_date(f"{where}.date", d.get("date")),
            time=_hhmm(f"{where}.time", d.get("time")),
            subject=_text(f"{where}.subject", d.get("subject")),
            body=_text(f"{where}.body", d.get("body")),
            note=_text(f"{where}.note", d.get("note")),
            id=_text(f"{where}.id", d.get("id")) or new_id(),
        )


@dataclass
class SequencePlan:
    """An outreach plan for one candidate case. It stops at the first reply."""

    case_id: str = ""
    start: str = field(default_factory=lambda: next_business_day(date.today()).isoformat())
    touches: list[Touch] = field(default_factory=list)
    business_days: bool = True
    replied_touch_id: str = ""
    call_agreed: bool = False
    template: str = ""
    name: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # merge fields typed by the user
    timezone: str = ""  # IANA name for timed events; "" = the calendar's own time zone
    revision: int = 0  # bumped on every save, so a page can tell its widgets are stale
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)

    # -- dates

    @property
    def start_date(self) -> date:
        return date.fromisoformat(self.start)

    def date_of(self, touch: Touch) -> date:
        """The touch's date: its pinned date, else the start plus ``day`` (business) days."""
        if touch.date:
            return date.fromisoformat(touch.date)
        if self.business_days:
            return add_business_days(self.start_date, touch.day)
        return self.start_date + timedelta(days=touch.day)

    def dates(self) -> list[date]:
        return [self.date_of(t) for t in self.touches]

    # -- the first reply

    @property
    def replied_at_touch(self) -> int | None:
        """Index of the touch the candidate replied to, or None; the plan stops there."""
        for i, t in enumerate(self.touches):
            if t.id == self.replied_touch_id:
                return i
        return None

    def mark_replied(self, index: int | None) -> None:
        """Record a reply to touch ``index`` (None clears it). Later touches are cancelled."""
        if index is None:
            self.replied_touch_id = ""
            return
        self.replied_touch_id = self.touches[index].id

    def active_indices(self) -> list[int]:
        """The touches that still happen: all of them, or up to and including the replied one."""
        stop = self.replied_at_touch
        return list(range(len(self.touches) if stop is None else stop + 1))

    def status(self, index: int) -> str:
        """'planned', 'replied' (the candidate replied to this one) or 'cancelled' (after a reply)."""
        stop = self.replied_at_touch
        if stop is None or index < stop:
            return "planned"
        return "replied" if index == stop else "cancelled"

    # -- editing

    def add_touch(self, kind: str = "follow_up", channel: str = "", gap_days: int = 5) -> Touch:
        """Append a touch ``gap_days`` after the last one, on the last written channel by default."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        if not channel:
            last = next((t.channel for t in reversed(self.touches) if t.channel in KINDS[kind].channels), "")
            channel = last or KINDS[kind].default_channel
        day = max((t.day for t in self.touches), default=-gap_days) + gap_days
        touch = Touch(kind=kind, channel=channel, day=day)
        self.touches.append(touch)
        return touch

    def remove_touch(self, index: int) -> Touch:
        touch = self.touches.pop(index)
        if touch.id == self.replied_touch_id:
            self.replied_touch_id = ""
        return touch

    def move_touch(self, index: int, to: int) -> None:
        """Move a touch to position ``to``; the schedule stays put, so it takes that slot's day."""
        if not (0 <= index < len(self.touches) and 0 <= to < len(self.touches)) or index == to:
            return
        slots = [(t.day, t.date, t.time) for t in self.touches]
        touch = self.touches.pop(index)
        self.touches.insert(to, touch)
        for t, (day, pinned, at) in zip(self.touches, slots, strict=True):
            t.day, t.date, t.time = day, pinned, at

    # -- JSON

    def to_dict(self) -> dict:
        return {
            "format": "pitch-workshop/sequence",
            "version": PLAN_FORMAT_VERSION,
            "id": self.id,
            "case_id": self.case_id,
            "name": self.name,
            "template": self.template,
            "start": self.start,
            "business_days": self.business_days,
            "timezone": self.timezone,
            "call_agreed": self.call_agreed,
            "replied_touch_id": self.replied_touch_id,
            "fields": dict(self.fields),
            "revision": self.revision,
            "created_at": self.created_at,
            "touches": [t.to_dict() for t in self.touches],
        }

    @classmethod
    def from_dict(cls, d: Any) -> SequencePlan:
        w = "sequence"
        if not isinstance(d, dict):
            raise ValidationError(w, f"must be a JSON object (fields in braces), not {kind_of(d)}")
        version = d.get("version", PLAN_FORMAT_VERSION)
        if not isinstance(version, int) or version > PLAN_FORMAT_VERSION:
            raise ValidationError(w, f"is of version {quoted(version)}; this version of Pitch Workshop reads up to {PLAN_FORMAT_VERSION}")
        touches = d.get("touches")
        touches = [] if touches is None else touches
        if not isinstance(touches, list):
            raise ValidationError(f"{w}.touches", "must be a list")
        fields_ = d.get("fields")
        fields_ = {} if fields_ is None else fields_
        if not isinstance(fields_, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in fields_.items()):
            raise ValidationError(f"{w}.fields", "must be an object of text values")
        tz = _text(f"{w}.timezone", d.get("timezone")).strip()
        if tz:
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValidationError(f"{w}.timezone", f"is {quoted(tz)}, which is not a time zone (use a name like Europe/London)") from None
        revision = d.get("revision", 0)
        if isinstance(revision, bool) or not isinstance(revision, int):
            raise ValidationError(f"{w}.revision", "must be a whole number")
        plan = cls(
            case_id=_text(f"{w}.case_id", d.get("case_id")),
            start=_iso_date(f"{w}.start", d.get("start"), required=True),
            touches=[Touch.from_dict(t, f"{w}.touches[{i}]") for i, t in enumerate(touches)],
            business_days=bool(d.get("business_days", True)),
            replied_touch_id=_text(f"{w}.replied_touch_id", d.get("replied_touch_id")),
            call_agreed=bool(d.get("call_agreed", False)),
            template=_text(f"{w}.template", d.get("template")),
            name=_text(f"{w}.name", d.get("name")),
            fields=dict(fields_),
            timezone=tz,
            revision=revision,
            id=_text(f"{w}.id", d.get("id")) or new_id(),
            created_at=_text(f"{w}.created_at", d.get("created_at")) or now_iso(),
        )
        ids = [t.id for t in plan.touches]
        if len(set(ids)) != len(ids):
            raise ValidationError(f"{w}.touches", "two touches have the same id")
        return plan


# ----------------------------------------------------------------------------- business days


def add_business_days(start: date, days: int) -> date:
    """``days`` business days after ``start`` (Mon-Fri); a weekend start rolls to Monday first."""
    return np.busday_offset(np.datetime64(start, "D"), days, roll="forward").astype(object)


def business_days_between(earlier: date, later: date) -> int:
    """Business days from ``earlier`` to ``later``: Friday to Monday is 1, Monday to Thursday is 3."""
    return int(np.busday_count(np.datetime64(earlier, "D"), np.datetime64(later, "D")))


def next_business_day(d: date) -> date:
    """``d`` itself on a weekday, else the Monday after."""
    return add_business_days(d, 0)


def format_date(d: date) -> str:
    """'Mon 17 Mar 2025' (English names whatever the server locale)."""
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{WEEKDAYS[d.weekday()]} {d.day} {months[d.month - 1]} {d.year}"


# ----------------------------------------------------------------------------- merge fields

# The planner uses the starter templates' merge fields ({first_name}, {skill}, ... see
# pitch_lib/templates.py) and adds two of its own. The hint says where to add what is missing.
FIELD_HELP: dict[str, str] = {
    **templates.FIELD_HELP,
    "benefit": "the role's benefit that best fits what moves them (else its first benefit)",
    "motivator": "what moves them most (their first motivator)",
    "useful_link": "a link to something useful for them: write {useful_link} in a message and paste the link here (never filled in for you)",
}
FIELD_HINTS: dict[str, str] = {
    "first_name": "Add the candidate's name to the profile.",
    "name": "Add the candidate's name to the profile.",
    "current_title": "Add their current title to the profile.",
    "current_company": "Add their current company to the profile.",
    "location": "Add their location to the profile.",
    "skill": "Add a skill to the profile.",
    "achievement": "Add an achievement to the profile: something they built or changed.",
    "interest": "Add an interest to the profile: what they post or talk about.",
    "motivator": "Add a motivator to the profile.",
    "role_title": "Add a title to the role brief.",
    "company": "Add the company to the role brief.",
    "role_location": "Add a location to the role brief.",
    "remote_mode": "Set on site, hybrid or remote in the role brief.",
    "salary_range": "Add a salary range to the role brief.",
    "benefit": "Add a benefit to the role brief.",
    "benefits_list": "Add benefits to the role brief.",
    "responsibility": "Add a responsibility to the role brief.",
    "responsibilities_list": "Add responsibilities to the role brief.",
    "mission": "Add the mission to the role brief.",
    "your_name": "Type your name in the plan's merge fields.",
    "signature": "Write your email signature on Saved work (your name is used until you do).",
    "useful_link": "Paste a link to an article, talk or project that helps them in the plan's merge fields.",
}
PLAN_FIELDS: tuple[str, ...] = ("your_name", "useful_link")  # typed by the user, never derived


def best_benefit(profile: CandidateProfile, role: Role) -> str:
    """The role's benefit that speaks to the candidate's first-listed motivators, else the first one."""
    for name in profile.motivators:
        motivator = MOTIVATORS.get(name)
        if motivator is None:
            continue
        for benefit in role.benefits:
            if motivator.pattern.search(fold_case(benefit)):  # the patterns run on folded text
                return benefit
    return role.benefits[0] if role.benefits else ""


def merge_fields(
    profile: CandidateProfile | None = None, role: Role | None = None, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """Every merge field's value ('' when nothing says); non-empty values in ``extra`` win."""
    p = profile or CandidateProfile()
    r = role or Role()
    values = templates.merge_fields(p, r)
    values["benefit"] = best_benefit(p, r)
    first = MOTIVATORS.get(p.motivators[0]) if p.motivators else None
    values["motivator"] = first.label.lower() if first else ""
    values["useful_link"] = ""
    for key, value in (extra or {}).items():
        if value.strip():
            values[key] = value.strip()
    return values


def fill_text(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """Fill the merge fields that have values; return the text and the fields still in it."""
    filled = templates.fill(text, values)
    return filled, templates.unfilled_fields(filled)


def fill_plan(plan: SequencePlan, profile: CandidateProfile | None, role: Role | None) -> list[tuple[int, str]]:
    """Fill the merge fields still left in every touch; return (touch index, field) for those still unfilled."""
    values = merge_fields(profile, role, plan.fields)
    left: list[tuple[int, str]] = []
    for i, t in enumerate(plan.touches):
        for attr in ("subject", "body", "note"):
            filled, names = fill_text(getattr(t, attr), values)
            setattr(t, attr, filled)
            left.extend((i, n) for n in names)
    return left


def plan_from_template(
    template: str,
    profile: CandidateProfile | None = None,
    role: Role | None = None,
    *,
    start: date | str | None = None,
    case_id: str = "",
    fields: dict[str, str] | None = None,
) -> SequencePlan:
    """A new plan from a starter template, merge fields filled from the profile, role and ``fields``."""
    if template not in TEMPLATES:
        raise KeyError(f"unknown template {template!r} (choose from: {', '.join(TEMPLATES)})")
    spec = TEMPLATES[template]
    if start is None:
        start = next_business_day(date.today())
    start_iso = start if isinstance(start, str) else start.isoformat()
    plan = SequencePlan(
        case_id=case_id,
        start=_iso_date("start", start_iso, required=True),
        touches=[Touch.from_dict({**t, "id": new_id()}, f"template {template} touch {i + 1}") for i, t in enumerate(spec.touches)],
        business_days=spec.business_days,
        template=template,
        name=spec.label,
        fields={k: v for k, v in (fields or {}).items() if v.strip()},
    )
    fill_plan(plan, profile, role)
    return plan


# ----------------------------------------------------------------------------- cadence rules


@dataclass(frozen=True)
class CadenceRule:
    """A cadence rule from ``rules/cadence.toml``; ``params`` are its check's own settings."""

    id: str
    check: str
    label: str
    severity: str
    points: float
    risk: float
    message: str
    suggestion: str
    reason: str
    source: str
    params: dict
    enabled: bool = True


@dataclass(frozen=True)
class CadenceRules:
    rules: tuple[CadenceRule, ...]
    risk_medium: float
    risk_high: float

    def get(self, rule_id: str) -> CadenceRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def enabled(self, rule_id: str) -> bool:
        r = self.get(rule_id)
        return bool(r and r.enabled)


_META_KEYS = {"check", "label", "severity", "points", "risk", "message", "suggestion", "reason", "source", "enabled"}


def load_cadence_rules(path: str | Path | None = None) -> CadenceRules:
    """Load and check the cadence rules; a mistake in the file names the rule and the key."""
    p = Path(path) if path else DATA_DIR / "cadence.toml"
    with open(p, "rb") as fh:
        data = tomllib.load(fh)
    rules = []
    for rule_id, spec in data.get("rules", {}).items():
        missing = sorted({"check", "label", "severity", "points", "message", "suggestion"} - set(spec))
        if missing:
            raise ValueError(f"{p.name}: rule {rule_id!r} has no {missing[0]!r}")
        if spec["check"] not in CHECKS:
            raise ValueError(f"{p.name}: rule {rule_id!r} uses unknown check {spec['check']!r} (known: {', '.join(CHECKS)})")
        if spec["severity"] not in SEVERITIES:
            raise ValueError(f"{p.name}: rule {rule_id!r} severity must be one of {', '.join(SEVERITIES)}")
        params = {k: v for k, v in spec.items() if k not in _META_KEYS}
        for key in ("weekend_days",):
            for day in params.get(key, []):
                if day not in WEEKDAYS:
                    raise ValueError(f"{p.name}: rule {rule_id!r} {key}: {day!r} is not one of {', '.join(WEEKDAYS)}")
        for channel, days in params.get("days", {}).items():
            for day in days:
                if day not in WEEKDAYS:
                    raise ValueError(f"{p.name}: rule {rule_id!r} days.{channel}: {day!r} is not one of {', '.join(WEEKDAYS)}")
        known = default_ruleset().rules
        named = list(params.get("scorer_rules", []))
        if "pitch_patterns_from" in params:
            named.append(params["pitch_patterns_from"])
        for scorer_rule in named:
            if scorer_rule not in known:
                raise ValueError(f"{p.name}: rule {rule_id!r} names scoring rule {scorer_rule!r}, which does not exist")
        rules.append(
            CadenceRule(
                id=rule_id,
                check=spec["check"],
                label=spec["label"],
                severity=spec["severity"],
                points=float(spec["points"]),
                risk=float(spec.get("risk", 0)),
                message=spec["message"],
                suggestion=spec["suggestion"],
                reason=spec.get("reason", ""),
                source=spec.get("source", ""),
                params=params,
                enabled=bool(spec.get("enabled", True)),
            )
        )
    risk = data.get("risk", {})
    return CadenceRules(tuple(rules), float(risk.get("medium", 3)), float(risk.get("high", 6)))


# ----------------------------------------------------------------------------- critique results


@dataclass(frozen=True)
class SequenceFinding:
    """One thing wrong with the plan, in the style of a scorecard :class:`~pitch_lib.engine.scorecard.Finding`.

    ``touch`` is the index of the touch it concerns (None for the whole plan); ``points`` is
    what it costs the cadence score and ``risk`` what it adds to the pestering risk.
    """

    rule: str
    severity: str
    message: str
    suggestion: str
    touch: int | None
    points: float
    risk: float = 0.0
    label: str = ""
    matched: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SequenceCritique:
    findings: list[SequenceFinding]
    risk_level: str  # low | medium | high
    risk_score: float
    reasons: list[str]  # why the risk is what it is, one line per rule that fired
    score: int  # cadence score, 0-100
    notes: list[str] = field(default_factory=list)

    def for_touch(self, index: int) -> list[SequenceFinding]:
        return [f for f in self.findings if f.touch == index]

    def rule_ids(self) -> set[str]:
        return {f.rule for f in self.findings}

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "risk_level": self.risk_level,
            "risk_score": self.risk_score,
            "reasons": list(self.reasons),
            "notes": list(self.notes),
            "findings": [f.to_dict() for f in self.findings],
        }


# ----------------------------------------------------------------------------- the checks


@dataclass
class _Context:
    plan: SequencePlan
    profile: CandidateProfile | None
    role: Role | None
    rules: CadenceRules
    dates: list[date]
    active: list[int]
    scorecards: list[Scorecard | None]
    follow_ups: list[bool]


@dataclass
class _Hit:
    touch: int | None
    values: dict
    matched: str = ""


def follow_up_flags(plan: SequencePlan) -> list[bool]:
    """Which touches are follow-ups: every follow-up, and an email or InMail after an earlier one."""
    out, pitched = [], False
    for t in plan.touches:
        out.append(t.kind == "follow_up" or (t.kind in ("email", "inmail") and pitched))
        pitched = pitched or t.kind in ("email", "inmail", "follow_up")
    return out


def _weekday_set(names: Iterable[str]) -> set[int]:
    return {WEEKDAYS.index(n) for n in names}


def _next_day_outside(d: date, avoid: set[int]) -> date:
    """The first day after ``d`` whose weekday is not in ``avoid`` (the next day if all are)."""
    for step in range(1, 8):
        nxt = d + timedelta(days=step)
        if nxt.weekday() not in avoid:
            return nxt
    return d + timedelta(days=1)


def _days(n: int) -> str:
    return f"{n} business day" if n == 1 else f"{n} business days"


def _check_min_gap(ctx: _Context, rule: CadenceRule) -> Iterator[_Hit]:
    need = int(rule.params.get("min_business_days", 3))
    exempt = set(rule.params.get("exempt_channels", []))
    prev: int | None = None
    for i in ctx.active:
        if ctx.plan.touches[i].channel in exempt:
            continue
        if prev is not None and ctx.dates[i] >= ctx.dates[prev]:
            gap = business_days_between(ctx.dates[prev], ctx.dates[i])
            if gap < need:
                yield _Hit(i, {"prev_no": prev + 1, "gap": gap, "gap_text": _days(gap),
                               "suggested_date": format_date(add_business_days(ctx.dates[prev], need))})
        prev = i


def _check_weekend(ctx: _Context, rule: CadenceRule) -> Iterator[_Hit]:
    weekend = _weekday_set(rule.params.get("weekend_days", ["Sat", "Sun"]))
    exempt = set(rule.params.get("exempt_channels", []))
    for i in ctx.active:
        d = ctx.dates[i]
        if ctx.plan.touches[i].channel not in exempt and d.weekday() in weekend:
            nxt = _next_day_outside(d, weekend)
            yield _Hit(i, {"weekday": WEEKDAY_NAMES[d.weekday()], "date": format_date(d), "suggested_date": format_date(nxt)})


def _check_weak_day(ctx: _Context, rule: CadenceRule) -> Iterator[_Hit]:
    weekend_rule = ctx.rules.get("cadence.weekend")
    weekend = (
        _weekday_set(weekend_rule.params.get("weekend_days", ["Sat", "Sun"]))
        if weekend_rule and weekend_rule.enabled
        else set()
    )
    for i in ctx.active:
        t, d = ctx.plan.touches[i], ctx.dates[i]
        weak = _weekday_set(rule.params.get("days", {}).get(t.channel, []))
        # A weekend day is the weekend rule's finding; say it once.
        if d.weekday() in weak and d.weekday() not in weekend:
            nxt = _next_day_outside(d, weak | weekend | {5, 6})
            yield _Hit(i, {"weekday": WEEKDAY_NAMES[d.weekday()], "date": format_date(d),
                           "channel_label": channel_label(t.channel), "suggested_date": format_date(nxt)})


def _check_too_many_follow_ups(ctx: _Context, rule: CadenceRule) -> Iterator[_Hit]:
    limit = int(rule.params.get("limit", 3))
    count = 0
    for i in ctx.active:
        if ctx.follow_ups[i]:
            count += 1
            if count > limit:
                yield _Hit(i, {"count": count})


def normalise_words(text: str) -> list[str]:
    """Lower-cased words with punctuation dropped: what near-duplicate detection compares."""
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("\u2019", "'"))


def _shingles(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def similarity(a: str, b: str, shingle_words: int = 3, ratio_floor: float = 0.0) -> tuple[float, float]:
    """(SequenceMatcher ratio over the words, Jaccard overlap of word shingles), both 0-1.

    With ``ratio_floor``, a pair whose cheap upper bound (``quick_ratio``) is below the floor
    gets ratio 0 without the quadratic comparison: it cannot reach the floor anyway.
    """
    wa, wb = normalise_words(a), normalise_words(b)
    if not wa or not wb:
        return 0.0, 0.0
    n = max(1, shingle_words)
    sa, sb = _shingles(wa, n), _shingles(wb, n)
    jaccard = len(sa & sb) / len(sa | sb)
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    ratio = matcher.ratio() if ratio_floor <= 0 or matcher.quick_ratio() >= ratio_floor else 0.0
    return ratio, jaccard


def _check_repeat(ctx: _Context, rule: CadenceRule) -> Iterator[_Hit]:
    rt = float(rule.params.get("ratio_threshold", 0.75))
    jt = float(rule.params.get("jaccard_threshold", 0.5))
    n = int(rule.params.get("shingle_words", 3))
    min_words = int(rule.params.get("min_words", 6))
    written = [i for i in ctx.active if ctx.plan.touches[i].has_message and len(normalise_words(ctx.plan.touches[i].body)) >= min_words]
    for pos, i in enumerate(written):
        best: tuple[float, int] | None = None
        for j in written[:pos]:
            ratio, jac = similarity(ctx.plan.touches[i].body, ctx.plan.touches[j].body, n, ratio_floor=rt)
            if ratio >= rt or jac >= jt:
                score = max(ratio, jac)
                if best is None or score > best[0]:
                    best = (score, j)
        if best is not None:
            yield _Hit(i, {"other_no": best[1] + 1, "similarity": f"{best[0]:.0%}"})


def _scorer_findings(card: Scorecard | None, rule_ids: Iterable[str]) -> list:
    wanted = set(rule_ids)
    return [] if card is None else [f for f in card.findings() if f.rule in wanted]


def _check_pressure(ctx: _Context, rule: CadenceRule) -> Iterator[_Hit]:
    for i in ctx.active:
        if not ctx.follow_ups[i]:
            continue
        tone = _scorer_findings(ctx.scorecards[i], rule.params.get("scorer_rules", []))
        if tone:
            phrases = list(dict.fromkeys(f.matched for f in tone if f.matched))
            matched = "”, “".join(phrases) if phrases else tone[0].rule
            yield _Hit(i, {"tone_message": tone[0].message, "matched": matched}, matched)


def pitch_match(touch: Touch, role: Role | None, patterns: Iterable[str]) -> str:
    """The first words in the touch's message that pitch a job ('' when it does not pitch).

    A touch pitches when it names the role's title or company, or matches one of ``patterns``.
    """
    if not touch.has_message:
        return ""
    text = f"{touch.subject}\n{touch.body}"
    names = [re.escape(x) for x in ((role.title, role.company) if role else ()) if len(x.strip()) >= 3]
    if names:
        m = re.search(r"(?<!\w)(?:" + "|".join(names) + r")(?!\w)", text, re.IGNORECASE)
        if m:
            return m.group(0)
    for p in patterns:
        m = re.search(p, text, re.IGNORECASE)
        if m:
            return m.group(0)
    return ""


def _pitch_patterns(rule: CadenceRule) -> list[str]:
    source = default_ruleset().rules.get(rule.params.get("pitch_patterns_from", ""))
    return list(source.params.get("patterns", [])) if source else []


def _check_pitch_before_rapport(ctx: _Context, rule: CadenceRule) -> Iterator[_Hit]:
    if not ctx.active:
        return
    first = ctx.plan.touches[ctx.active[0]]
    spec = CHANNELS.get(first.channel)
    if spec is None or (spec.first_touch and spec.pitch_allowed):
        return
    matched = pitch_match(first, ctx.role, _pitch_patterns(rule))
    if matched:
        yield _Hit(ctx.active[0], {"channel_label": spec.label, "matched": matched}, matched)


def _check_call_not_agreed(ctx: _Context, rule: CadenceRule) -> Iterator[_Hit]:
    if ctx.plan.call_agreed:
        return
    for i in ctx.active:
        if ctx.plan.touches[i].kind == "call" or ctx.plan.touches[i].channel == "call":
            yield _Hit(i, {})


def _fill_hint(token: str) -> str:
    name = token.strip("{}[]<> ").lower()
    if name in FIELD_HINTS:
        return f"{FIELD_HINTS[name]} Then press “Fill merge fields”, or write it in by hand."
    return "Replace it with real words about this candidate."


def _check_unfilled_token(ctx: _Context, rule: CadenceRule) -> Iterator[_Hit]:
    """The scorer's merge-field findings in the message, and merge fields left in the note."""
    for i in ctx.active:
        t = ctx.plan.touches[i]
        seen: set[tuple[str, str]] = set()
        for f in _scorer_findings(ctx.scorecards[i], rule.params.get("scorer_rules", [])):
            if (f.field, f.matched) not in seen:
                seen.add((f.field, f.matched))
                yield _Hit(i, {"matched": f.matched, "field_name": f.field, "fill_hint": _fill_hint(f.matched)}, f.matched)
        for name in templates.unfilled_fields(t.note):
            token = "{" + name + "}"
            yield _Hit(i, {"matched": token, "field_name": "note", "fill_hint": _fill_hint(token)}, token)


def _check_empty_message(ctx: _Context, rule: CadenceRule) -> Iterator[_Hit]:
    for i in ctx.active:
        t = ctx.plan.touches[i]
        if t.has_message and not t.body.strip():
            yield _Hit(i, {"channel_label": channel_label(t.channel)})


def _check_order(ctx: _Context, rule: CadenceRule) -> Iterator[_Hit]:
    for pos, i in enumerate(ctx.active[1:], start=1):
        prev = ctx.active[pos - 1]
        if ctx.dates[i] < ctx.dates[prev]:
            yield _Hit(i, {"date": format_date(ctx.dates[i]), "prev_no": prev + 1, "prev_date": format_date(ctx.dates[prev])})


CHECKS: dict[str, Callable[[_Context, CadenceRule], Iterator[_Hit]]] = {
    "min_gap": _check_min_gap,
    "weekend": _check_weekend,
    "weak_day": _check_weak_day,
    "too_many_follow_ups": _check_too_many_follow_ups,
    "repeat": _check_repeat,
    "pressure": _check_pressure,
    "pitch_before_rapport": _check_pitch_before_rapport,
    "call_not_agreed": _check_call_not_agreed,
    "unfilled_token": _check_unfilled_token,
    "empty_message": _check_empty_message,
    "order": _check_order,
}

CADENCE_RULES: CadenceRules = load_cadence_rules()


# ----------------------------------------------------------------------------- scoring and critique


def score_touches(
    plan: SequencePlan,
    profile: CandidateProfile | None = None,
    role: Role | None = None,
    scorer: Callable[..., Scorecard] = score_pitch,
) -> list[Scorecard | None]:
    """Each touch's scorecard in its own channel (None for a touch with no message)."""
    out: list[Scorecard | None] = []
    for t in plan.touches:
        pitch = t.pitch()
        out.append(None if pitch is None else scorer(pitch, profile, role))
    return out


def risk_level(score: float, rules: CadenceRules = CADENCE_RULES) -> str:
    if score >= rules.risk_high:
        return "high"
    if score >= rules.risk_medium:
        return "medium"
    return "low"


def critique_plan(
    plan: SequencePlan,
    profile: CandidateProfile | None = None,
    role: Role | None = None,
    *,
    rules: CadenceRules | None = None,
    scorecards: list[Scorecard | None] | None = None,
) -> SequenceCritique:
    """Run every enabled cadence rule over the touches that still happen (up to the first reply).

    ``scorecards`` (one per touch, from :func:`score_touches`) saves scoring twice when the
    caller already has them; the pressure rule reads their tone findings.
    """
    rules = rules or CADENCE_RULES
    if scorecards is None or len(scorecards) != len(plan.touches):
        scorecards = score_touches(plan, profile, role)
    ctx = _Context(
        plan=plan,
        profile=profile,
        role=role,
        rules=rules,
        dates=plan.dates(),
        active=plan.active_indices(),
        scorecards=scorecards,
        follow_ups=follow_up_flags(plan),
    )
    findings: list[SequenceFinding] = []
    for rule in rules.rules:
        if not rule.enabled:
            continue
        for hit in CHECKS[rule.check](ctx, rule):
            values = {**rule.params, **hit.values}
            if hit.touch is not None:
                values.setdefault("touch_no", hit.touch + 1)
            findings.append(
                SequenceFinding(
                    rule=rule.id,
                    severity=rule.severity,
                    message=rule.message.format_map(values),
                    suggestion=rule.suggestion.format_map(values),
                    touch=hit.touch,
                    points=rule.points,
                    risk=rule.risk,
                    label=rule.label,
                    matched=hit.matched,
                )
            )
    order = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    findings.sort(key=lambda f: (f.touch if f.touch is not None else -1, order[f.severity], -f.points, f.rule))
    risk_score = sum(f.risk for f in findings)
    reasons = []
    for rule in rules.rules:
        hits = [f for f in findings if f.rule == rule.id and f.risk > 0]
        if hits:
            touches = ", ".join(str(f.touch + 1) for f in hits if f.touch is not None)
            reasons.append(f"{rule.label} (touch{'es' if len(hits) > 1 else ''} {touches})" if touches else rule.label)
    notes = []
    stop = plan.replied_at_touch
    if stop is not None:
        cancelled = len(plan.touches) - stop - 1
        notes.append(
            f"The candidate replied to touch {stop + 1}: the plan stops there"
            + (f" and the {cancelled} touch{'es' if cancelled != 1 else ''} after it are cancelled." if cancelled else ".")
        )
    if not plan.touches:
        notes.append("The plan has no touches yet.")
    return SequenceCritique(
        findings=findings,
        risk_level=risk_level(risk_score, rules),
        risk_score=risk_score,
        reasons=reasons,
        score=max(0, round(100 - sum(f.points for f in findings))),
        notes=notes,
    )


# ----------------------------------------------------------------------------- exports

_CSV_COLUMNS = (
    "touch", "status", "date", "weekday", "time", "day", "kind", "channel", "subject", "body", "note", "score", "findings",
)


def plan_to_csv(
    plan: SequencePlan,
    critique: SequenceCritique | None = None,
    scorecards: list[Scorecard | None] | None = None,
) -> str:
    """One row per touch (cancelled ones included, marked), with its score and findings."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(_CSV_COLUMNS)
    for i, (t, d) in enumerate(zip(plan.touches, plan.dates(), strict=True)):
        card = scorecards[i] if scorecards and i < len(scorecards) else None
        found = critique.for_touch(i) if critique else []
        writer.writerow(
            csv_safe(v)
            for v in (
                i + 1,
                plan.status(i),
                d.isoformat(),
                WEEKDAY_NAMES[d.weekday()],
                t.time,
                t.day,
                t.kind_label,
                channel_label(t.channel),
                t.subject,
                t.body,
                t.note,
                "" if card is None or card.empty else card.overall,
                " | ".join(f.message for f in found),
            )
        )
    return buf.getvalue()


def plan_to_ics(
    plan: SequencePlan,
    *,
    title: str = "",
    stamp: datetime | None = None,
    critique: SequenceCritique | None = None,
) -> bytes:
    """An iCalendar file with one VEVENT per touch that still happens (the plan stops at a reply).

    A touch with a time is a timed event (in the plan's time zone, else floating local time);
    otherwise it is an all-day event. UIDs are stable, so importing again updates the events.
    """
    import icalendar  # imported here: only the export needs it

    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    tz = ZoneInfo(plan.timezone) if plan.timezone else None
    # A title is one line in a calendar (a name typed with a line break must not break the file).
    title = " ".join((title or "").split())
    name = title or " ".join((plan.name or "").split()) or "Outreach plan"
    cal = icalendar.Calendar.new(
        prodid="-//Pitch Workshop//Outreach sequence planner//EN", name=name, uid=f"{plan.id}@pitch-workshop"
    )
    active = plan.active_indices()
    for i in active:
        t = plan.touches[i]
        d = plan.date_of(t)
        if t.time:
            begin = datetime.combine(d, time.fromisoformat(t.time), tzinfo=tz)
            end: date | datetime = begin + timedelta(minutes=KINDS[t.kind].minutes)
        else:
            begin, end = d, d + timedelta(days=1)
        lines = [f"{t.kind_label} · {channel_label(t.channel)}", ""]
        if t.note:
            lines += [t.note, ""]
        if t.has_message and t.subject and CHANNELS[t.channel].has_subject:
            lines.append(f"Subject: {t.subject}")
        if t.has_message and t.body:
            lines += [t.body, ""]
        found = critique.for_touch(i) if critique else []
        if found:
            lines += ["Check before sending:"] + [f"- {f.message}" for f in found]
        if plan.status(i) == "replied":
            lines.append("The candidate replied to this touch; the plan stops here.")
        event = icalendar.Event.new(
            uid=f"{t.id}@pitch-workshop",
            stamp=stamp,
            start=begin,
            end=end,
            summary=f"Touch {i + 1}/{len(active)}: {t.kind_label} ({channel_label(t.channel)})" + (f" · {title}" if title else ""),
            description="\n".join(lines).strip(),
            categories=["Outreach"],
        )
        if not t.time:
            event.add("TRANSP", "TRANSPARENT")  # an all-day reminder should not block the day
        cal.add_component(event)
    if tz is not None:
        cal.add_missing_timezones()
    return cal.to_ical()
