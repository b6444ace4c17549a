"""Domain objects: a candidate profile, a role brief and a pitch, with their JSON format.

The JSON field names are exactly the dataclass field names. Lists are lists of strings.
Unknown or wrongly typed fields raise :class:`ValidationError`, whose message names the field,
so a user importing a file learns what to fix.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from pitch_lib.engine.vocab import MOTIVATOR_NAMES, normalise_motivator

# The name someone goes by, as a recruiter's notes put it ("Goes by Minh", "prefers 'Tobi'").
GOES_BY_RE = re.compile(
    r"\b(?:goes by|prefers(?: to be called)?|known as|likes to be called|call (?:him|her|them|me)|"
    r"signs (?:off |(?:her|his|their) (?:emails|messages|notes) )?as)\s+[\"“'‘]?([^\W\d_][\w'’-]+)", re.I)
NAME_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame", "rev", "revd", "dr-ing",
                         "eng", "engr", "ir", "sheikh", "shaikh", "hon", "capt", "cllr"})

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
            raise ValidationError("role.remote", f"does not say on site, hybrid or remote ({quoted(written)})",
                                  words=f"“{written}” does not say on site, hybrid or remote. {REMOTE_HINT}")
        mode = min(found)[1]
    bare = re.sub(r"[\W_]+", "", written.lower())
    return mode, ("" if bare in {"onsite", "hybrid", "remote", "fullyremote", "inoffice", "officebased"} else written)


def _names_a_mode(text: str) -> bool:
    return bool(_HYBRID.search(text) or _REMOTE.search(text) or _ONSITE.search(text))


class ValidationError(ValueError):
    """Input that does not fit a domain object.

    ``field`` is the path of the offending field for programs ("role.salary_max",
    "workspace.cases[1].profile.skills[0]"); ``str(err)`` and ``words`` say it for a person:
    where, in words, and what is wrong ("“salary_max” in the role brief must not be below
    “salary_min”."). A form passes ``words`` to say it as the form's labels do."""

    def __init__(self, field_name: str, message: str, *, words: str = ""):
        self.field = field_name
        self.message = message
        self._own_words = words
        self.words = words or _sentence(field_name, message)
        super().__init__(self.words)

    def within(self, outer: str, *, instead_of: str = "") -> ValidationError:
        """The same problem, one level further out: ``outer`` is prefixed to the field path (in
        place of its first segment when that is ``instead_of``: "variant.name" in "variants[2]")."""
        inner = self.field
        if instead_of and (inner == instead_of or inner.startswith(instead_of + ".")):
            inner = inner[len(instead_of) + 1:]
        path = f"{outer}.{inner}" if inner else outer
        err = ValidationError(path, self.message)
        if self._own_words:
            err.words = f"In {field_words(outer)}, {self._own_words[:1].lower()}{self._own_words[1:]}"
            err.args = (err.words,)
        return err


# How the parts of a field path are said. A segment that holds an object is a place ("in the
# role brief"); a list of objects is numbered from 1 ("candidate 2"); anything else is a key of a
# JSON file, quoted as written so it can be found in the file.
_PLACES = {
    "profile": "the candidate profile", "role": "the role brief", "pitch": "the pitch", "draft": "the draft",
    "workspace": "the workspace", "case": "the candidate", "variant": "the variant", "plan": "the outreach plan",
    "sequence": "the outreach plan", "touch": "the touch", "fields": "the merge fields",
}
_NUMBERED = {"cases": "candidate", "variants": "variant", "touches": "touch", "samples": "sample", "learners": "learner"}
_PATH = re.compile(r"^[a-z_]+(?:\[\d+\])*(?:\.[a-z_]+(?:\[\d+\])*)*$")
_FILE = re.compile(r"\.(?:json|csv|toml|txt)$")  # "profile.json" is a file name, not a path
_SEGMENT = re.compile(r"([a-z_]+)((?:\[\d+\])*)")


def quoted(value: Any, limit: int = 40) -> str:
    """A value as a person reads it in a message: “text” in quotes (shortened), or what it is."""
    if isinstance(value, str):
        text = " ".join(value.split())
        return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return kind_of(value)
    return str(value)


def kind_of(value: Any) -> str:
    """What a JSON value is, in words ("a number", "a list"), for "must be text, not a number"."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "something else"


def field_words(path: str) -> str:
    """A field path in words: "role.salary_max" -> "“salary_max” in the role brief",
    "workspace.cases[1].profile.skills[0]" -> "item 1 of “skills” in the candidate profile of
    candidate 2". Anything that is not a path (a file name, "display name") is kept as written."""
    if not path:
        return ""
    if not _PATH.match(path) or _SEGMENT.match(path).group(1) not in {*_PLACES, *_NUMBERED} or _FILE.search(path):
        return path if "." in path or not path.islower() else f"the {path}"
    said: list[str] = []
    segments = _SEGMENT.findall(path)
    if len(segments) > 1 and segments[0][0] == "workspace" and segments[1][0] in _NUMBERED and segments[1][1]:
        segments = segments[1:]  # "candidate 2" is clear enough: it can only be in the workspace
    for name, index in segments:
        numbers = [int(n) + 1 for n in re.findall(r"\d+", index)]
        if name in _NUMBERED and numbers:
            said.append(f"{_NUMBERED[name]} {numbers[0]}")
            numbers = numbers[1:]
        else:
            said.append(_PLACES.get(name, f"“{name}”"))
        said[-1] = " of ".join([f"item {n}" for n in reversed(numbers)] + [said[-1]])
    return said[-1] + "".join(f" in {p}" if i == 0 else f" of {p}" for i, p in enumerate(reversed(said[:-1])))


def _sentence(field: str, message: str) -> str:
    place = field_words(field)
    text = f"{place} {message}" if place else message
    if place != field or not place:  # a file name keeps its own spelling ("profile.json was not found")
        text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _check_str(obj: str, name: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{obj}.{name}", f"must be text, not {kind_of(value)}")
    return value


def _check_list(obj: str, name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(f"{obj}.{name}", f"must be a list of texts, not {kind_of(value)}")
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise ValidationError(
                f"{obj}.{name}[{i}]", f"must be text, not {kind_of(item)}"
            )
        if item.strip():
            out.append(item.strip())
    return out


def _check_number(obj: str, name: str, value: Any, *, integer: bool = False) -> float | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(f"{obj}.{name}", f"must be a number, not {kind_of(value)}")
    if value < 0:
        raise ValidationError(f"{obj}.{name}", "must not be negative")
    return int(value) if integer and float(value).is_integer() else value


def _check_keys(obj: str, data: Any, cls: type) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(obj, f"must be a JSON object (fields in braces), not {kind_of(data)}")
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError(
            f"{obj}.{unknown[0]}", f"is not a field Pitch Workshop knows (the fields are: {', '.join(sorted(known))})"
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
        """What to call them: the name the notes say they go by ("Goes by Lan" for Nguyễn Thị Lan),
        or the first word of their name after a title ("Ifeoma" for Dr Ifeoma Chukwu)."""
        said = GOES_BY_RE.search(self.notes or "")
        if said:
            return said.group(1).strip("'’")
        parts = self.name.split()
        while len(parts) > 1 and parts[0].lower().rstrip(".") in NAME_TITLES:
            parts.pop(0)
        return parts[0] if parts else ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> CandidateProfile:
        o = "profile"
        data = _check_keys(o, data, cls)
        status = _check_str(o, "status", data.get("status", "passive")) or "passive"
        if status not in STATUSES:
            raise ValidationError(f"{o}.status", f"must be {' or '.join(STATUSES)}, not {quoted(status)}")
        motivators = [normalise_motivator(m) for m in _check_list(o, "motivators", data.get("motivators"))]
        for m in motivators:
            if m not in MOTIVATOR_NAMES:
                raise ValidationError(
                    f"{o}.motivators",
                    f"has {quoted(m)}, which is not one of the motivators (choose from: {', '.join(MOTIVATOR_NAMES)})",
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
            raise ValidationError(f"{o}.salary_max", "must not be below “salary_min”",
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
                f"{o}.channel", f"is {quoted(channel)}, which is not a channel (choose from: {', '.join(CHANNEL_NAMES)})"
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
    except ValueError:  # Python's guard against huge integers ("Exceeds the limit ... digits")
        raise ValidationError(what, f"has a number too long to read (more than {sys.get_int_max_str_digits():,} digits)") from None
    bad = _first_lone_surrogate(data)
    if bad is not None:
        raise ValidationError(
            what, f"has text that is not valid Unicode at {bad} (a lone surrogate such as \\ud800); fix or remove it"
        )
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")


def _first_lone_surrogate(data: Any) -> str | None:
    """Where the first string (key or value) holding a lone surrogate is, in words (“cases” › item 1
    › “profile” › “name”); None if none.

    JSON may write "\\ud800" on its own, which Python reads as a str that cannot be encoded as
    UTF-8 again: saved, shown or exported later, it breaks every page. Iterative: the data can be deep."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return " › ".join(path) or "the top level"
        elif isinstance(value, dict):
            for k, v in value.items():
                if _SURROGATE.search(k):
                    return " › ".join(path) + " (a key)" if path else "a key at the top level"
                stack.append((v, (*path, quoted(k))))
        elif isinstance(value, list):
            stack.extend((v, (*path, f"item {i + 1}")) for i, v in enumerate(value))
    return None


def load_json_file(path: str | Path, cls: type, what: str | None = None):
    """Load ``cls`` (CandidateProfile, Role or Pitch) from a JSON file."""
    p = Path(path)
    what = what or p.name
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ValidationError(what, f"was not found ({p})") from None
    except OSError as e:
        raise ValidationError(what, f"cannot be read ({p}: {e.strerror})") from None
    return cls.from_dict(parse_json(raw, what))


def dump_json(obj: CandidateProfile | Role | Pitch) -> str:
    return json.dumps(obj.to_dict(), indent=2, ensure_ascii=False)
