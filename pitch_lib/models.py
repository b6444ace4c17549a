"""Domain objects: a candidate profile, a role brief and a pitch, with their JSON format.

The JSON field names are exactly the dataclass field names. Lists are lists of strings.
Unknown or wrongly typed fields raise :class:`ValidationError`, whose message names the field,
so a user importing a file learns what to fix.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from pitch_lib.engine.vocab import MOTIVATOR_NAMES, normalise_motivator

STATUSES = ("passive", "active")
# The longest pitch the app keeps: far past any message or job ad (a long email is 2,000
# characters), short enough that scoring and saving stay quick when a whole document is pasted.
MAX_PITCH_CHARS = 100_000
REMOTE_MODES = ("onsite", "hybrid", "remote")
REMOTE_LABELS = {"onsite": "on site", "hybrid": "hybrid", "remote": "remote"}

# What people write for where the work happens, per mode. "hybrid" wins over the other two
# ("remote, two days a week in the office" is hybrid); otherwise the first mode named wins.
_HYBRID = re.compile(
    r"\bhybrid\b|\bflex(?:ible)?\b|\bpart(?:ly|ially)?[- ]remote\b|"
    r"\b(?:one|two|three|four|[1-4])\s+days?\s+(?:a|per|each|in|every)\b",
    re.I,
)
_REMOTE = re.compile(r"\bremote(?:ly)?\b|\bfrom home\b|\bwfh\b|\bhome[- ]based\b|\banywhere\b|\bdistributed\b", re.I)
_ONSITE = re.compile(r"\bon[- ]?site\b|\bin[- ]?office\b|\boffice[- ]based\b|\bin[- ]person\b|\bon[- ]premises?\b|"
                     r"\bin the office\b|\bat the office\b|\bon the ward\b|\bon location\b", re.I)
REMOTE_HINT = 'Say on site, hybrid or remote; details after it are kept (for example "hybrid, two days in the office").'


def parse_work_mode(text: str) -> tuple[str, str]:
    """(mode, details) from what people write: "hybrid, two days in the office" -> ("hybrid",
    "hybrid, two days in the office"). ``details`` keeps the words as written when they say more
    than the mode itself; an empty text is on site. Raises ValidationError when no mode is named."""
    written = " ".join(text.split())
    if not written:
        return "onsite", ""
    if _HYBRID.search(written):
        mode = "hybrid"
    else:
        found = [(m.start(), mode) for mode, rx in (("remote", _REMOTE), ("onsite", _ONSITE)) if (m := rx.search(written))]
        if not found:
            raise ValidationError("role.remote", f"cannot tell on site, hybrid or remote from {written!r}",
                                  words=f"“{written}” does not say on site, hybrid or remote. {REMOTE_HINT}")
        mode = min(found)[1]
    bare = re.sub(r"[\W_]+", "", written.lower())
    return mode, ("" if bare in {"onsite", "hybrid", "remote", "fullyremote", "inoffice", "officebased"} else written)


def _names_a_mode(text: str) -> bool:
    return bool(_HYBRID.search(text) or _REMOTE.search(text) or _ONSITE.search(text))


class ValidationError(ValueError):
    """Input that does not fit a domain object; ``field`` names the offending field (for files
    and the command line), ``words`` says it for someone filling in a form."""

    def __init__(self, field_name: str, message: str, *, words: str = ""):
        self.field = field_name
        self.words = words or message[:1].upper() + message[1:] + "."
        super().__init__(f"{field_name}: {message}" if field_name else message)


def _check_str(obj: str, name: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{obj}.{name}", f"must be text, got {type(value).__name__}")
    return value


def _check_list(obj: str, name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(f"{obj}.{name}", f"must be a list of strings, got {type(value).__name__}")
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise ValidationError(
                f"{obj}.{name}[{i}]", f"must be a string, got {type(item).__name__}"
            )
        if item.strip():
            out.append(item.strip())
    return out


def _check_number(obj: str, name: str, value: Any, *, integer: bool = False) -> float | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(f"{obj}.{name}", f"must be a number, got {type(value).__name__}")
    if value < 0:
        raise ValidationError(f"{obj}.{name}", "must not be negative")
    return int(value) if integer and float(value).is_integer() else value


def _check_keys(obj: str, data: Any, cls: type) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(obj, f"must be a JSON object, got {type(data).__name__}")
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError(
            f"{obj}.{unknown[0]}", f"unknown field (known fields: {', '.join(sorted(known))})"
        )
    return data


@dataclass
class CandidateProfile:
    """Who the candidate is and what moves them. Only ``name`` is needed to score."""

    name: str = ""
    current_title: str = ""
    current_company: str = ""
    location: str = ""
    years_experience: float | None = None
    skills: list[str] = field(default_factory=list)
    achievements: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    motivators: list[str] = field(default_factory=list)
    dealbreakers: list[str] = field(default_factory=list)
    status: str = "passive"
    notes: str = ""

    @property
    def first_name(self) -> str:
        parts = self.name.split()
        return parts[0] if parts else ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> CandidateProfile:
        o = "profile"
        data = _check_keys(o, data, cls)
        status = _check_str(o, "status", data.get("status", "passive")) or "passive"
        if status not in STATUSES:
            raise ValidationError(f"{o}.status", f"must be one of {', '.join(STATUSES)}, got {status!r}")
        motivators = [normalise_motivator(m) for m in _check_list(o, "motivators", data.get("motivators"))]
        for m in motivators:
            if m not in MOTIVATOR_NAMES:
                raise ValidationError(
                    f"{o}.motivators",
                    f"unknown motivator {m!r} (choose from: {', '.join(MOTIVATOR_NAMES)})",
                )
        return cls(
            name=_check_str(o, "name", data.get("name")).strip(),
            current_title=_check_str(o, "current_title", data.get("current_title")).strip(),
            current_company=_check_str(o, "current_company", data.get("current_company")).strip(),
            location=_check_str(o, "location", data.get("location")).strip(),
            years_experience=_check_number(o, "years_experience", data.get("years_experience")),
            skills=_check_list(o, "skills", data.get("skills")),
            achievements=_check_list(o, "achievements", data.get("achievements")),
            interests=_check_list(o, "interests", data.get("interests")),
            motivators=motivators,
            dealbreakers=_check_list(o, "dealbreakers", data.get("dealbreakers")),
            status=status,
            notes=_check_str(o, "notes", data.get("notes")),
        )


@dataclass
class Role:
    """The role brief: what the job offers and asks."""

    title: str = ""
    company: str = ""
    location: str = ""
    remote: str = "onsite"  # the mode: onsite, hybrid or remote (what the scorer reads)
    remote_details: str = ""  # what the recruiter wrote, when it says more: "hybrid, two days in the office"
    salary_min: float | None = None
    salary_max: float | None = None
    currency: str = ""
    benefits: list[str] = field(default_factory=list)
    responsibilities: list[str] = field(default_factory=list)
    mission: str = ""

    @property
    def work_mode_text(self) -> str:
        """Where the work happens, in the recruiter's words when they gave some."""
        return self.remote_details or REMOTE_LABELS.get(self.remote, self.remote)

    def to_dict(self) -> dict:
        d = asdict(self)
        if not d["remote_details"]:
            del d["remote_details"]  # files stay as they were when there is nothing more to say
        return d

    @classmethod
    def from_dict(cls, data: Any) -> Role:
        o = "role"
        data = _check_keys(o, data, cls)
        remote = data.get("remote", "onsite")
        # A plain true/false is accepted too: true means fully remote.
        if isinstance(remote, bool):
            remote = "remote" if remote else "onsite"
        remote, details = parse_work_mode(_check_str(o, "remote", remote))
        extra = " ".join(_check_str(o, "remote_details", data.get("remote_details")).split())
        if extra:  # a details field (what to_dict writes) that names the same mode is kept as written
            same = _names_a_mode(extra) and parse_work_mode(extra)[0] == remote
            details = extra if same else f"{REMOTE_LABELS[remote]}, {extra}"
        smin = _check_number(o, "salary_min", data.get("salary_min"))
        smax = _check_number(o, "salary_max", data.get("salary_max"))
        if smin is not None and smax is not None and smin > smax:
            raise ValidationError(f"{o}.salary_max", "must not be below salary_min",
                                  words="The top of the salary range is below the bottom.")
        return cls(
            title=_check_str(o, "title", data.get("title")).strip(),
            company=_check_str(o, "company", data.get("company")).strip(),
            location=_check_str(o, "location", data.get("location")).strip(),
            remote=remote,
            remote_details=details,
            salary_min=smin,
            salary_max=smax,
            currency=_check_str(o, "currency", data.get("currency")).strip(),
            benefits=_check_list(o, "benefits", data.get("benefits")),
            responsibilities=_check_list(o, "responsibilities", data.get("responsibilities")),
            mission=_check_str(o, "mission", data.get("mission")),
        )


@dataclass
class Pitch:
    """A message for one channel. ``subject`` is ignored by channels that have none."""

    channel: str = "email"
    subject: str = ""
    body: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Pitch:
        from pitch_lib.engine.channels import CHANNEL_NAMES

        o = "pitch"
        data = _check_keys(o, data, cls)
        channel = _check_str(o, "channel", data.get("channel", "email")) or "email"
        if channel not in CHANNEL_NAMES:
            raise ValidationError(
                f"{o}.channel", f"unknown channel {channel!r} (choose from: {', '.join(CHANNEL_NAMES)})"
            )
        return cls(
            channel=channel,
            subject=_check_str(o, "subject", data.get("subject")),
            body=_check_str(o, "body", data.get("body")),
        )


def cap_pitch_text(text: str, limit: int = MAX_PITCH_CHARS) -> tuple[str, int]:
    """The text cut to ``limit`` characters, and how many were cut (0 when it fits)."""
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit


def parse_json(text: str | bytes, what: str = "file") -> Any:
    """Parse JSON text; a syntax error becomes a ValidationError with line and column."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(what, "is not UTF-8 text; export it again as JSON") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValidationError(what, f"is not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise ValidationError(what, "is nested too deeply to be a Pitch Workshop file") from None
    except ValueError as e:  # Python's guard against huge integers ("Exceeds the limit ... digits")
        raise ValidationError(what, f"has a number too long to read ({str(e).split(';')[0]})") from None
    bad = _first_lone_surrogate(data)
    if bad is not None:
        raise ValidationError(
            what, f"has text that is not valid Unicode at {bad} (a lone surrogate such as \\ud800); fix or remove it"
        )
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")


def _first_lone_surrogate(data: Any) -> str | None:
    """Where the first string (key or value) holding a lone surrogate is, as a JSON path; None if none.

    JSON may write "\\ud800" on its own, which Python reads as a str that cannot be encoded as
    UTF-8 again: saved, shown or exported later, it breaks every page. Iterative: the data can be deep."""
    stack: list[tuple[Any, str]] = [(data, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path
        elif isinstance(value, dict):
            for k, v in value.items():
                if _SURROGATE.search(k):
                    return f"{path} (a key)"
                stack.append((v, f"{path}.{k}"))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(value))
    return None


def load_json_file(path: str | Path, cls: type, what: str | None = None):
    """Load ``cls`` (CandidateProfile, Role or Pitch) from a JSON file."""
    p = Path(path)
    what = what or p.name
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ValidationError(what, f"file not found: {p}") from None
    except OSError as e:
        raise ValidationError(what, f"cannot read {p}: {e.strerror}") from None
    return cls.from_dict(parse_json(raw, what))


def dump_json(obj: CandidateProfile | Role | Pitch) -> str:
    return json.dumps(obj.to_dict(), indent=2, ensure_ascii=False)
