"""Training mode: scenarios, lessons and exercises a new recruiter can take alone.

The content is data (``data/training/scenarios.toml`` and ``lessons.toml``); this module loads
and validates it, grades the exercises with the real scoring engine as the coach, and keeps a
learner's progress as a plain JSON-able dict in :attr:`Workspace.training`.

Exercises:

- **Fix this pitch**: start from a scenario's flawed draft; :func:`evaluate` says whether the goal
  is reached and :func:`next_hint` gives the top remaining finding, one at a time.
- **Pick the better variant**: :func:`grade_pick` grades the choice and explains it dimension by
  dimension from the two scorecards.
- **Write from scratch**: the same :func:`evaluate`, from a blank page.
- **Plan the follow-ups** (scenarios with a ``[scenario.sequence]``): the learner fixes a pushy
  plan in the app's own outreach planner (:mod:`pitch_lib.sequence`), and :func:`check_sequence`
  grades it with the planner's critique plus what a course asks of it (3 to 5 touches, a
  last message that lets them stop).

No Streamlit here: pages call these functions and render the results.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pitch_lib.engine.channels import CHANNEL_NAMES, get_channel
from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS, Scorecard
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import CandidateProfile, Pitch, Role, ValidationError
from pitch_lib.sequence import SequenceCritique, SequencePlan, Touch, critique_plan, score_touches

DATA_DIR = Path(__file__).parent / "data" / "training"

TRAP_KINDS: dict[str, str] = {
    "dealbreaker": "A dealbreaker the role touches",
    "ignored_motivator": "A motivator the obvious pitch ignores",
    "wrong_channel": "The wrong channel for a first touch",
    "active_candidate": "A candidate who is active, not passive",
    "exclusionary_wording": "Wording that shuts out people the role needs",
    "unanswered_question": "A question in the candidate's reply that the answer must not dodge",
    "compliance": "A request or a message that the law, or the candidate's trust, rules out",
    "register": "The wrong form of address for the candidate's country and standing",
    "introduction": "What a warm introduction asks of you in return",
}
SENIORITIES: tuple[str, ...] = ("junior", "mid", "senior", "manager", "executive")
# How hard a scenario's flawed draft is to fix, from caricature to subtle.
LEVELS: dict[int, str] = {
    1: "obvious: a caricature to clean up",
    2: "plausible: a decent draft with real flaws",
    3: "subtle: a good draft with one thing wrong",
}
EXERCISE_KINDS: dict[str, str] = {
    "fix": "Fix this pitch",
    "pick": "Pick the better variant",
    "write": "Write from scratch",
    "sequence": "Plan the follow-ups",
}
ACTIVITY_KINDS: dict[str, str] = {"lesson": "Lesson check", **EXERCISE_KINDS}
# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), one per activity.
ACTIVITY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]


class TrainingContentError(ValueError):
    """A problem in a training content file; the message names the file and the item."""

    def __init__(self, path: str | Path, item: str, message: str):
        self.path = str(path)
        self.item = item
        where = f"{Path(path).name}, {item}" if item else Path(path).name
        super().__init__(f"{where}: {message}")


# --------------------------------------------------------------------------------------------
# Content types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trap:
    """The one thing to notice in a scenario, and how a pitch is checked for it."""

    kind: str
    summary: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    avoid: tuple[str, ...] = ()
    require: tuple[str, ...] = ()
    fix: str = ""
    # Texts that look as if they handle the trap but do not: each must fail check_trap (tested).
    must_not_pass: tuple[str, ...] = ()

    @property
    def kind_label(self) -> str:
        return TRAP_KINDS[self.kind]


@dataclass(frozen=True)
class SequenceExercise:
    """A plan to fix in the outreach planner: the pushy plan the learner starts from, and a model."""

    brief: str
    start: tuple[dict, ...]  # touches (as the planner stores them) of the flawed starting plan
    model: tuple[dict, ...]  # touches of a plan that reaches the goal, shown after it (or on giving up)

    def plan(self, which: str = "start", *, case_id: str = "", start: str = "") -> SequencePlan:
        """A fresh :class:`SequencePlan` of the starting or the model touches."""
        touches = [Touch.from_dict(dict(t)) for t in (self.start if which == "start" else self.model)]
        plan = SequencePlan(case_id=case_id, touches=touches, name="Practice plan" if which == "start" else "Model plan")
        if start:
            plan.start = start
        return plan


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    industry: str
    seniority: str
    country: str
    channel: str
    known: str
    profile: CandidateProfile
    role: Role
    goals: Mapping[str, int]
    trap: Trap
    draft: Pitch
    variants: Mapping[str, Pitch]  # "a" and "b"
    better: str  # "a" or "b"
    why: str
    level: int = 1  # see LEVELS
    principles: tuple[str, ...] = ()  # ids of the lessons whose principle this scenario practises
    # The learner finds what matters in what they know (posts, notes): the card does not list
    # the candidate's dealbreakers, motivators or the recruiter's notes.
    find_it_yourself: bool = False
    sequence: SequenceExercise | None = None  # "Plan the follow-ups", where the scenario has one

    @property
    def level_label(self) -> str:
        return f"Level {self.level} · {LEVELS[self.level]}"

    @property
    def exercise_kinds(self) -> dict[str, str]:
        """The exercises this scenario offers: all but "Plan the follow-ups" unless it has a plan to fix."""
        return {k: v for k, v in EXERCISE_KINDS.items() if k != "sequence" or self.sequence is not None}

    @property
    def channel_label(self) -> str:
        return get_channel(self.channel).label

    def blank_pitch(self) -> Pitch:
        """The starting point for "write from scratch": empty, on the scenario's channel."""
        return Pitch(channel=self.channel)

    def starting_draft(self) -> Pitch:
        """A fresh copy of the flawed draft (so an exercise never edits the content)."""
        return Pitch(self.draft.channel, self.draft.subject, self.draft.body)


@dataclass(frozen=True)
class CheckQuestion:
    question: str
    options: tuple[str, ...]
    answer: int
    explanation: str


@dataclass(frozen=True)
class LessonExample:
    pitch: Pitch
    note: str


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    principle: str
    minutes: int
    body: str
    dimensions: tuple[str, ...]
    scenario_id: str
    context: str
    worse: LessonExample
    better: LessonExample
    check: tuple[CheckQuestion, ...]


@dataclass(frozen=True)
class TrainingContent:
    scenarios: tuple[Scenario, ...]
    lessons: tuple[Lesson, ...]

    def scenario(self, scenario_id: str) -> Scenario:
        for s in self.scenarios:
            if s.id == scenario_id:
                return s
        raise KeyError(f"unknown scenario {scenario_id!r}")

    def lesson(self, lesson_id: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(f"unknown lesson {lesson_id!r}")

    def by_level(self) -> list[Scenario]:
        """The scenarios in the order to practise them: level 1 (obvious) to 3 (subtle)."""
        return sorted(self.scenarios, key=lambda s: s.level)

    def item_title(self, kind: str, item: str) -> str:
        """A readable name for a progress item ("lesson", "social-first") -> the lesson title."""
        try:
            return self.lesson(item).title if kind == "lesson" else self.scenario(item).title
        except KeyError:
            return item

    def coverage(self) -> dict[str, list[str]]:
        """What the scenarios cover: the distinct industries, countries, seniorities, channels, traps."""
        def distinct(values: Iterable[str]) -> list[str]:
            return sorted(set(values))

        return {
            "industries": distinct(s.industry for s in self.scenarios),
            "countries": distinct(s.country for s in self.scenarios),
            "seniorities": distinct(s.seniority for s in self.scenarios),
            "channels": distinct(s.channel for s in self.scenarios),
            "traps": distinct(s.trap.kind for s in self.scenarios),
        }


# --------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------


class _Reader:
    """Reads fields of one TOML table, raising TrainingContentError that names file and item."""

    def __init__(self, path: Path, item: str, data: Any):
        self.path, self.item = path, item
        if not isinstance(data, dict):
            self.fail("", f"must be a table, got {type(data).__name__}")
        self.data = data

    def fail(self, key: str, message: str):
        raise TrainingContentError(self.path, self.item, f"{key}: {message}" if key else message)

    def text(self, key: str, *, required: bool = True, allow_empty: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is missing")
            return ""
        if not isinstance(value, str):
            self.fail(key, f"must be text, got {type(value).__name__}")
        if required and not allow_empty and not value.strip():
            self.fail(key, "must not be empty")
        return value.strip()

    def texts(self, key: str, *, min_len: int = 0) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(key, "must be a list of non-empty strings")
        if len(value) < min_len:
            self.fail(key, f"needs at least {min_len} entries, has {len(value)}")
        return tuple(v.strip() for v in value)

    def integer(self, key: str, lo: int, hi: int) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"must be a whole number from {lo} to {hi}")
        if not lo <= value <= hi:
            self.fail(key, f"must be from {lo} to {hi}, got {value}")
        return value

    def choice(self, key: str, allowed: Sequence[str]) -> str:
        value = self.text(key)
        if value not in allowed:
            self.fail(key, f"must be one of {', '.join(allowed)}, got {value!r}")
        return value

    def table(self, key: str) -> dict:
        value = self.data.get(key)
        if not isinstance(value, dict):
            self.fail(key, "is missing or is not a table")
        return value

    def patterns(self, key: str) -> tuple[str, ...]:
        out = self.texts(key)
        for p in out:
            try:
                re.compile(p)
            except re.error as e:
                self.fail(key, f"pattern {p!r} is not a valid regular expression ({e})")
        return out

    def pitch(self, key: str, default_channel: str) -> Pitch:
        data = dict(self.table(key))
        data.pop("note", None)
        data.setdefault("channel", default_channel)
        try:
            return Pitch.from_dict(data)
        except ValidationError as e:
            self.fail(key, str(e))
        raise AssertionError  # unreachable: fail() raises


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise TrainingContentError(path, "", f"file not found: {path}") from None
    except tomllib.TOMLDecodeError as e:
        raise TrainingContentError(path, "", f"is not valid TOML ({e})") from None


def _items(path: Path, data: dict, key: str) -> list:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise TrainingContentError(path, "", f"needs a list of [[{key}]] tables")
    return items


def _item_name(kind: str, index: int, raw: Any) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    return f"{kind} {ident!r}" if isinstance(ident, str) and ident else f"{kind} #{index + 1}"


def _check_unique_id(r: _Reader, seen: set[str]) -> str:
    ident = r.text("id")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ident):
        r.fail("id", "must be lower-case words joined by hyphens")
    if ident in seen:
        r.fail("id", "is used twice")
    seen.add(ident)
    return ident


def _parse_trap(path: Path, item: str, data: dict) -> Trap:
    r = _Reader(path, f"{item}, trap", data)
    options = r.texts("options", min_len=2)
    answer = r.integer("answer", 0, len(options) - 1)
    return Trap(
        kind=r.choice("kind", tuple(TRAP_KINDS)),
        summary=r.text("summary"),
        options=options,
        answer=answer,
        explanation=r.text("explanation"),
        avoid=r.patterns("avoid"),
        require=r.patterns("require"),
        fix=r.text("fix"),
        must_not_pass=r.texts("must_not_pass"),
    )


def _parse_scenario(path: Path, index: int, raw: Any, seen: set[str]) -> Scenario:
    item = _item_name("scenario", index, raw)
    r = _Reader(path, item, raw)
    ident = _check_unique_id(r, seen)
    channel = r.choice("channel", CHANNEL_NAMES)
    try:
        profile = CandidateProfile.from_dict(r.table("profile"))
        role = Role.from_dict(r.table("role"))
    except ValidationError as e:
        r.fail("", str(e))
    if not profile.name:
        r.fail("profile.name", "must not be empty")
    goals_raw = r.table("goals")
    g = _Reader(path, f"{item}, goals", goals_raw)
    missing = [d for d in DIMENSIONS if d not in goals_raw]
    unknown = sorted(set(goals_raw) - set(DIMENSIONS))
    if missing or unknown:
        g.fail("", f"needs exactly the six dimensions ({', '.join(DIMENSIONS)}); "
                   f"missing: {', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'}")
    goals = {d: g.integer(d, 0, 100) for d in DIMENSIONS}
    variants_raw = r.table("variants")
    v = _Reader(path, f"{item}, variants", variants_raw)
    variants = {k: v.pitch(k, channel) for k in ("a", "b")}
    return Scenario(
        id=ident,
        title=r.text("title"),
        industry=r.text("industry"),
        seniority=r.choice("seniority", SENIORITIES),
        country=r.text("country"),
        channel=channel,
        known=" ".join(r.text("known").split()),
        profile=profile,
        role=role,
        goals=goals,
        trap=_parse_trap(path, item, r.table("trap")),
        draft=r.pitch("draft", channel),
        variants=variants,
        better=v.choice("better", ("a", "b")),
        why=v.text("why"),
        level=r.integer("level", min(LEVELS), max(LEVELS)),
        principles=r.texts("principles"),
        find_it_yourself=_flag(r, "find_it_yourself"),
        sequence=_parse_sequence(path, item, raw.get("sequence")),
    )


def _parse_sequence(path: Path, item: str, data: Any) -> SequenceExercise | None:
    if data is None:
        return None
    r = _Reader(path, f"{item}, sequence", data)
    if not isinstance(data, dict):
        r.fail("", "must be a table")
    plans = {}
    for key in ("start", "model"):
        touches = data.get(key)
        if not isinstance(touches, list) or not touches:
            r.fail(key, "needs a list of touches")
        for i, touch in enumerate(touches):
            try:
                Touch.from_dict(touch, f"{key} touch {i + 1}")
            except ValidationError as e:
                r.fail("", str(e))
        plans[key] = tuple(dict(touch) for touch in touches)
    return SequenceExercise(brief=" ".join(r.text("brief").split()), start=plans["start"], model=plans["model"])


def _flag(r: _Reader, key: str) -> bool:
    value = r.data.get(key, False)
    if not isinstance(value, bool):
        r.fail(key, "must be true or false")
    return value


def _parse_lesson(path: Path, index: int, raw: Any, seen: set[str], scenario_ids: set[str]) -> Lesson:
    item = _item_name("lesson", index, raw)
    r = _Reader(path, item, raw)
    ident = _check_unique_id(r, seen)
    dimensions = r.texts("dimensions", min_len=1)
    for d in dimensions:
        if d not in DIMENSIONS:
            r.fail("dimensions", f"unknown dimension {d!r} (choose from: {', '.join(DIMENSIONS)})")
    scenario_id = r.text("scenario")
    if scenario_ids and scenario_id not in scenario_ids:
        r.fail("scenario", f"no scenario has the id {scenario_id!r}")
    questions_raw = raw.get("check")
    if not isinstance(questions_raw, list) or not questions_raw:
        r.fail("check", "needs at least one [[lesson.check]] question")
    questions = []
    for qi, q in enumerate(questions_raw):
        qr = _Reader(path, f"{item}, check question {qi + 1}", q)
        options = qr.texts("options", min_len=2)
        questions.append(CheckQuestion(
            question=qr.text("question"),
            options=options,
            answer=qr.integer("answer", 0, len(options) - 1),
            explanation=qr.text("explanation"),
        ))
    examples = {}
    for key in ("worse", "better"):
        examples[key] = LessonExample(r.pitch(key, "email"), _Reader(path, f"{item}, {key}", r.table(key)).text("note"))
        if not examples[key].pitch.body.strip():
            r.fail(f"{key}.body", "must not be empty")
    return Lesson(
        id=ident,
        title=r.text("title"),
        principle=r.text("principle"),
        minutes=r.integer("minutes", 1, 60),
        body=r.text("body"),
        dimensions=dimensions,
        scenario_id=scenario_id,
        context=r.text("context"),
        worse=examples["worse"],
        better=examples["better"],
        check=tuple(questions),
    )


def load_scenarios(path: str | Path | None = None) -> tuple[Scenario, ...]:
    """Load and validate scenarios; raises TrainingContentError naming the file and scenario."""
    p = Path(path) if path else DATA_DIR / "scenarios.toml"
    seen: set[str] = set()
    return tuple(_parse_scenario(p, i, raw, seen) for i, raw in enumerate(_items(p, _read_toml(p), "scenario")))


def load_lessons(path: str | Path | None = None, scenario_ids: Iterable[str] = ()) -> tuple[Lesson, ...]:
    """Load and validate lessons; ``scenario_ids`` (if given) are the ids lessons may refer to."""
    p = Path(path) if path else DATA_DIR / "lessons.toml"
    seen: set[str] = set()
    ids = set(scenario_ids)
    return tuple(_parse_lesson(p, i, raw, seen, ids) for i, raw in enumerate(_items(p, _read_toml(p), "lesson")))


def load_content(data_dir: str | Path | None = None) -> TrainingContent:
    """Load both files from ``data_dir`` (default: the content shipped with the library)."""
    d = Path(data_dir) if data_dir else DATA_DIR
    scenarios = load_scenarios(d / "scenarios.toml")
    lessons = load_lessons(d / "lessons.toml", scenario_ids=[s.id for s in scenarios])
    lesson_ids = {lesson.id for lesson in lessons}
    for s in scenarios:
        unknown = [p for p in s.principles if p not in lesson_ids]
        if unknown:
            raise TrainingContentError(d / "scenarios.toml", f"scenario {s.id!r}",
                                       f"principles: no lesson has the id {unknown[0]!r}")
    return TrainingContent(scenarios, lessons)


@functools.cache
def default_content() -> TrainingContent:
    """The shipped content, loaded once (it is read-only)."""
    return load_content()


# --------------------------------------------------------------------------------------------
# Exercises: goal checks and hints
# --------------------------------------------------------------------------------------------

# A plan that teaches: enough touches to be a conversation, few enough not to pester.
SEQUENCE_TOUCHES: tuple[int, int] = (3, 5)


@dataclass
class SequenceCheck:
    """How a practice plan stands against the goal: the planner's own critique, plus the course's rules."""

    critique: SequenceCritique
    touches: int  # the touches that still happen (up to a reply)
    problems: list[str] = field(default_factory=list)  # what keeps it from the goal, in order

    @property
    def reached(self) -> bool:
        return not self.problems

    @property
    def score(self) -> int:
        return self.critique.score


def practice_case_id(scenario: Scenario) -> str:
    """The id of the candidate case a "Plan the follow-ups" exercise uses in the outreach planner."""
    return f"practice-{scenario.id}"


def is_practice_case(case_id: str) -> bool:
    """Is this workspace case one that a training exercise put there?"""
    return case_id.startswith("practice-")


def practice_case(scenario: Scenario):
    """The scenario's candidate and role as a workspace case, for practising in the outreach planner."""
    from pitch_lib.workspace import CandidateCase

    # copies: the planner and the Profile page may edit the case, never the shared content
    return CandidateCase(profile=CandidateProfile.from_dict(scenario.profile.to_dict()),
                         role=Role.from_dict(scenario.role.to_dict()), draft=Pitch(channel=scenario.channel),
                         id=practice_case_id(scenario))


def check_sequence(scenario: Scenario, plan: SequencePlan) -> SequenceCheck:
    """Grade a practice plan: 3 to 5 touches, no warning or error from the planner's critique
    (touches too close, a repeat with nothing new, pressure, a call they did not agree to, ...),
    a low pestering risk, and a last message that lets them stop."""
    cards = score_touches(plan, scenario.profile, scenario.role)
    critique = critique_plan(plan, scenario.profile, scenario.role, scorecards=cards)
    active = plan.active_indices()
    out = SequenceCheck(critique, len(active))
    lo, hi = SEQUENCE_TOUCHES
    if len(active) < lo:
        out.problems.append(f"{len(active)} touch{'es' if len(active) != 1 else ''}: one message is rarely "
                            f"enough to move someone who is happy where they are. Plan {lo} to {hi}.")
    elif len(active) > hi:
        out.problems.append(f"{len(active)} touches is too many without a reply: stop at {hi}, with a polite "
                            "close, and leave them alone for a few months.")
    for f in critique.findings:
        if f.severity in ("error", "warning"):
            out.problems.append(f.message + " " + f.suggestion)
    if critique.risk_level != "low":
        out.problems.append(f"The pestering risk is {critique.risk_level}: " + "; ".join(critique.reasons) + ".")
    last = next((i for i in reversed(active) if plan.touches[i].has_message and plan.touches[i].body.strip()), None)
    if last is not None and plan.replied_at_touch is None:
        card = cards[last]
        if card is not None and any(f.rule == "tone.no_opt_out" for f in card.findings()):
            out.problems.append(f"The last message (touch {last + 1}) does not let them stop: say it is your "
                                "last note about this role and that no reply is needed.")
    return out



def _pitch_text(pitch: Pitch) -> str:
    spec = get_channel(pitch.channel)
    return f"{pitch.subject}\n{pitch.body}" if spec.has_subject else pitch.body


# A trap pattern matches whole words: where it begins or ends with a letter or digit, the text
# must not go on with one ("board" is not found in "onboard", nor "train" in "training").
_WORD_START = r"(?:(?<!\w)(?=\w)|(?=\W))"
_WORD_END = r"(?:(?<=\w)(?!\w)|(?<=\W))"
# A phrase is negated when one of these words comes shortly before it in the same clause:
# "no 24/7 rota" does not fall into a nights trap, and "not onshore" does not clear an offshore one.
_NEGATION = re.compile(r"\b(no|not|never|without|isn't|aren't|won't|don't|doesn't|cannot|can't|nor)\b", re.I)
_CLAUSE_END = re.compile(r"[.,;:!?\n()]")


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(f"{_WORD_START}(?:{pattern}){_WORD_END}", re.IGNORECASE)


def _negated(text: str, start: int) -> bool:
    """Is the phrase at ``start`` negated: a negation among the three words before it, same clause?"""
    before = text[max(0, start - 60):start]
    clause = _CLAUSE_END.split(before)[-1]
    return bool(_NEGATION.search(" ".join(clause.split()[-3:])))


def _affirmed(pattern: str, text: str) -> re.Match | None:
    """The first whole-word match of ``pattern`` in ``text`` that is not negated, or None."""
    return next((m for m in _compiled(pattern).finditer(text) if m.group(0) and not _negated(text, m.start())), None)


@dataclass(frozen=True)
class TrapProblem:
    """One way a pitch has not handled its scenario's trap."""

    key: str  # stable id for hints: "channel", "trap.avoid.0", "trap.require.1"
    message: str
    matched: str = ""


@dataclass
class TrapCheck:
    problems: list[TrapProblem] = field(default_factory=list)
    # A first hint that points at the trap without giving the fix away (empty when handled).
    nudge: str = ""

    @property
    def handled(self) -> bool:
        return not self.problems


def check_trap(scenario: Scenario, pitch: Pitch) -> TrapCheck:
    """Has the pitch avoided the scenario's trap? An empty pitch has not."""
    trap = scenario.trap
    out = TrapCheck()
    if pitch.channel != scenario.channel:
        out.problems.append(TrapProblem(
            "channel",
            f"This touch belongs in a {get_channel(scenario.channel).label}, "
            f"not a {get_channel(pitch.channel).label}. {trap.fix if trap.kind == 'wrong_channel' else ''}".strip(),
        ))
    text = _pitch_text(pitch)
    for i, p in enumerate(trap.avoid):
        m = _affirmed(p, text)
        if m:
            out.problems.append(TrapProblem(
                f"trap.avoid.{i}", f"“{m.group(0)}” falls into the trap: {trap.summary}", m.group(0)
            ))
    for i, p in enumerate(trap.require):
        if not _affirmed(p, text):
            out.problems.append(TrapProblem(f"trap.require.{i}", trap.fix))
    if any(p.key != "channel" for p in out.problems):
        first = scenario.profile.name.split()[0]
        out.nudge = (f"Before the points: read what you know about {first} again. This draft misses "
                     f"something that matters to them ({trap.kind_label.lower()}).")
    return out


@dataclass
class GoalCheck:
    """How a pitch stands against a scenario's goal: every dimension at its target, trap handled."""

    scorecard: Scorecard
    goals: Mapping[str, int]
    trap: TrapCheck

    @property
    def scores(self) -> dict[str, int]:
        return self.scorecard.scores()

    @property
    def gaps(self) -> dict[str, int]:
        """Points still missing per dimension below its goal."""
        return {d: g - self.scorecard.dimensions[d].score
                for d, g in self.goals.items() if self.scorecard.dimensions[d].score < g}

    @property
    def reached(self) -> bool:
        return not self.scorecard.empty and not self.gaps and self.trap.handled

    def rows(self) -> list[dict]:
        """One row per dimension: label, score, goal, met."""
        return [
            {
                "dimension": d,
                "label": DIMENSION_LABELS[d],
                "score": self.scorecard.dimensions[d].score,
                "goal": g,
                "met": self.scorecard.dimensions[d].score >= g,
            }
            for d, g in self.goals.items()
        ]


def evaluate(scenario: Scenario, pitch: Pitch) -> GoalCheck:
    """Score ``pitch`` for the scenario's candidate and role, and check it against the goal."""
    card = score_pitch(pitch, scenario.profile, scenario.role)
    return GoalCheck(card, dict(scenario.goals), check_trap(scenario, pitch))


@dataclass(frozen=True)
class Hint:
    """One thing to fix next: a finding from the engine, or the scenario's trap."""

    key: str
    source: str  # "finding" or "trap"
    dimension: str  # a dimension name, or "" for the trap
    message: str
    suggestion: str = ""
    matched: str = ""
    points: float = 0.0

    @property
    def label(self) -> str:
        return DIMENSION_LABELS.get(self.dimension, "The trap")


def hint_key(rule: str, matched: str) -> str:
    return f"{rule}:{' '.join(matched.lower().split())}" if matched else rule


def describe_hint_key(key: str) -> str:
    """A short, readable name for a hint from its key (for hints that have been fixed)."""
    if key == "channel":
        return "the channel"
    if key.startswith("trap."):
        return "the trap"
    rule, _, matched = key.partition(":")
    dim = DIMENSION_LABELS.get(rule.split(".", 1)[0], "")
    what = f"“{matched}”" if matched else rule.split(".", 1)[-1].replace("_", " ")
    return f"{dim}: {what}" if dim else what


def hints(check: GoalCheck) -> list[Hint]:
    """Everything standing between the pitch and the goal, most useful first.

    The trap before the points: a wrong channel first (every other finding depends on it), then a
    nudge to look for the trap, then what exactly falls into it; then the engine's findings in
    dimensions still below their goal, most points at stake first.
    """
    out: list[Hint] = []
    trap_hints = [Hint(p.key, "trap", "", p.message, matched=p.matched) for p in check.trap.problems]
    out.extend(h for h in trap_hints if h.key == "channel")
    if check.trap.nudge:
        out.append(Hint("trap.nudge", "trap", "", check.trap.nudge))
    out.extend(h for h in trap_hints if h.key != "channel")
    flagged = {h.matched.lower() for h in out if h.matched}
    below = set(check.gaps)
    seen: set[str] = set()
    for f in check.scorecard.findings():
        # A trap phrase the engine also flagged (say, a dealbreaker it knows) is one hint, not two.
        if f.dimension not in below or (f.matched and f.matched.lower() in flagged):
            continue
        key = hint_key(f.rule, f.matched)
        if key in seen:
            continue
        seen.add(key)
        out.append(Hint(key, "finding", f.dimension, f.message, f.suggestion, f.matched, f.points))
    return out


def next_hint(check: GoalCheck, seen: Iterable[str] = ()) -> Hint | None:
    """The top remaining hint not shown yet; if all were shown, the top one again; None at the goal."""
    queue = hints(check)
    if not queue:
        return None
    shown = set(seen)
    return next((h for h in queue if h.key not in shown), queue[0])


# --------------------------------------------------------------------------------------------
# Pick the better variant
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionComparison:
    dimension: str
    label: str
    score_a: int
    score_b: int
    winner: str  # "a", "b" or "tie"
    reason: str


@dataclass
class PickResult:
    choice: str
    better: str
    why: str
    scorecards: dict[str, Scorecard]
    rows: list[DimensionComparison]
    traps: dict[str, TrapCheck]

    @property
    def correct(self) -> bool:
        return self.choice == self.better

    @property
    def engine_winner(self) -> str:
        a, b = self.scorecards["a"].overall, self.scorecards["b"].overall
        return "a" if a > b else "b" if b > a else "tie"


def _dimension_reason(dim: str, winner: str, cards: dict[str, Scorecard]) -> str:
    if winner == "tie":
        score = cards["a"].dimensions[dim].score
        return f"Both score {score}."
    loser = "b" if winner == "a" else "a"
    lost = cards[loser].dimensions[dim]
    if lost.findings:
        f = max(lost.findings, key=lambda x: x.points)
        quoted = f" (“{f.matched}”)" if f.matched and f.matched.lower() not in f.message.lower() else ""
        return f"{loser.upper()} loses points: {f.message}{quoted}"
    won = cards[winner].dimensions[dim]
    if won.credits:
        return f"{winner.upper()} gains: {won.credits[0]}"
    return f"{winner.upper()} scores higher."


def compare_variants(scenario: Scenario) -> tuple[dict[str, Scorecard], list[DimensionComparison]]:
    """Score both variants and compare them dimension by dimension."""
    cards = {k: score_pitch(p, scenario.profile, scenario.role) for k, p in scenario.variants.items()}
    rows = []
    for d in DIMENSIONS:
        a, b = cards["a"].dimensions[d].score, cards["b"].dimensions[d].score
        winner = "a" if a > b else "b" if b > a else "tie"
        rows.append(DimensionComparison(d, DIMENSION_LABELS[d], a, b, winner, _dimension_reason(d, winner, cards)))
    return cards, rows


def grade_pick(scenario: Scenario, choice: str) -> PickResult:
    """Grade the learner's choice ("a" or "b") and explain it from the two scorecards."""
    if choice not in ("a", "b"):
        raise ValueError(f"choice must be 'a' or 'b', got {choice!r}")
    cards, rows = compare_variants(scenario)
    traps = {k: check_trap(scenario, p) for k, p in scenario.variants.items()}
    return PickResult(choice, scenario.better, scenario.why, cards, rows, traps)


# --------------------------------------------------------------------------------------------
# Lessons
# --------------------------------------------------------------------------------------------


def score_examples(lesson: Lesson, content: TrainingContent) -> dict[str, Scorecard]:
    """Score the lesson's worse and better examples, live, for the scenario they are written for."""
    s = content.scenario(lesson.scenario_id)
    return {
        "worse": score_pitch(lesson.worse.pitch, s.profile, s.role),
        "better": score_pitch(lesson.better.pitch, s.profile, s.role),
    }


@dataclass(frozen=True)
class QuestionResult:
    question: CheckQuestion
    chosen: int | None
    correct: bool


@dataclass
class CheckResult:
    results: list[QuestionResult]

    @property
    def right(self) -> int:
        return sum(r.correct for r in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def score(self) -> int:
        return round(100 * self.right / self.total) if self.total else 0

    @property
    def pass_mark(self) -> int:
        """Right answers needed to pass: two thirds, rounded up (so 2 of 2, 2 of 3)."""
        return math.ceil(self.total * 2 / 3)

    @property
    def passed(self) -> bool:
        return self.right >= self.pass_mark


def grade_check(lesson: Lesson, answers: Sequence[int | None]) -> CheckResult:
    """Grade the lesson's check. ``answers[i]`` is the chosen option index (None: unanswered)."""
    if len(answers) != len(lesson.check):
        raise ValueError(f"expected {len(lesson.check)} answers, got {len(answers)}")
    return CheckResult([QuestionResult(q, a, a == q.answer) for q, a in zip(lesson.check, answers, strict=True)])


# --------------------------------------------------------------------------------------------
# Progress, kept as a plain dict in Workspace.training
# --------------------------------------------------------------------------------------------

PROGRESS_VERSION = 1
MAX_NAME = 60
MAX_HISTORY = 2000  # per learner; the oldest attempts go first (completions and bests stay)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def item_key(kind: str, item: str) -> str:
    """'lesson:social-first', 'fix:icu-nurse-dublin', ..."""
    return f"{kind}:{item}"


@dataclass
class Attempt:
    at: str
    kind: str  # lesson | fix | pick | write
    item: str
    score: int
    passed: bool
    hints: int = 0
    gave_up: bool = False  # the learner asked for the model answer before reaching the goal

    def to_dict(self) -> dict:
        out = {"at": self.at, "kind": self.kind, "item": self.item, "score": self.score,
               "passed": self.passed, "hints": self.hints}
        if self.gave_up:
            out["gave_up"] = True
        return out

    @classmethod
    def from_dict(cls, d: Any) -> Attempt | None:
        """Lenient: a malformed entry becomes None (dropped) instead of losing the learner."""
        if not isinstance(d, dict):
            return None
        kind, item, at = d.get("kind"), d.get("item"), d.get("at")
        score = d.get("score")
        if kind not in ACTIVITY_KINDS or not isinstance(item, str) or not isinstance(at, str):
            return None
        if isinstance(score, bool) or not isinstance(score, (int, float)):
            return None
        try:
            datetime.fromisoformat(at)
        except ValueError:
            return None
        hints_used = d.get("hints", 0)
        return cls(at, kind, item, max(0, min(100, int(score))), bool(d.get("passed")),
                   hints_used if isinstance(hints_used, int) and hints_used >= 0 else 0,
                   d.get("gave_up") is True)


@dataclass
class Learner:
    id: str
    name: str
    created_at: str
    completed: dict[str, str] = field(default_factory=dict)  # item key -> first completed at
    best: dict[str, int] = field(default_factory=dict)  # item key -> best score
    history: list[Attempt] = field(default_factory=list)
    # Exercises in progress: item key -> {"pitch": Pitch dict, "hints": [hint keys shown]}.
    work: dict[str, dict] = field(default_factory=dict)
    # Model answers shown before the goal was reached: item key -> when the learner gave up.
    gave_up: dict[str, str] = field(default_factory=dict)
    # "Pick the better variant": scenario id -> the first choice, the only one that counts.
    picks: dict[str, str] = field(default_factory=dict)

    def may_see_model(self, kind: str, item: str) -> bool:
        """The model answer shows only once the goal was reached, or after the learner gave up."""
        key = item_key(kind, item)
        return key in self.completed or key in self.gave_up

    def get_work(self, kind: str, item: str) -> tuple[Pitch | None, list[str]]:
        """The learner's unfinished pitch for an exercise (None: not started) and the hints shown."""
        w = self.work.get(item_key(kind, item)) or {}
        try:
            pitch = Pitch.from_dict(w["pitch"]) if isinstance(w.get("pitch"), dict) else None
        except ValidationError:
            pitch = None
        shown = [h for h in w.get("hints", []) if isinstance(h, str)]
        return pitch, shown

    def set_work(self, kind: str, item: str, pitch: Pitch | None = None, hints: Sequence[str] | None = None) -> None:
        key = item_key(kind, item)
        w = self.work.setdefault(key, {})
        if pitch is not None:
            w["pitch"] = pitch.to_dict()
        if hints is not None:
            w["hints"] = list(hints)

    def clear_work(self, kind: str, item: str) -> None:
        self.work.pop(item_key(kind, item), None)

    def completed_lessons(self) -> list[str]:
        return [k.split(":", 1)[1] for k in self.completed if k.startswith("lesson:")]

    def completed_exercises(self) -> list[tuple[str, str]]:
        """(kind, scenario id) for every exercise completed."""
        return [tuple(k.split(":", 1)) for k in self.completed if not k.startswith("lesson:")]

    def is_completed(self, kind: str, item: str) -> bool:
        return item_key(kind, item) in self.completed

    def last_active(self) -> str:
        return max((a.at for a in self.history), default=self.created_at)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "created_at": self.created_at,
            "completed": dict(self.completed),
            "best": dict(self.best),
            "history": [a.to_dict() for a in self.history],
            "work": {k: dict(v) for k, v in self.work.items()},
            "gave_up": dict(self.gave_up),
            "picks": dict(self.picks),
        }

    @classmethod
    def from_dict(cls, d: Any) -> Learner | None:
        if not isinstance(d, dict):
            return None
        ident, name = d.get("id"), d.get("name")
        if not isinstance(ident, str) or not ident or not isinstance(name, str) or not name.strip():
            return None
        completed = d.get("completed") if isinstance(d.get("completed"), dict) else {}
        best = d.get("best") if isinstance(d.get("best"), dict) else {}
        raw_history = d.get("history") if isinstance(d.get("history"), list) else []
        history = [a for a in (Attempt.from_dict(x) for x in raw_history) if a]
        return cls(
            id=ident,
            name=name.strip()[:MAX_NAME],
            created_at=str(d.get("created_at") or _now()),
            completed={str(k): str(v) for k, v in completed.items() if isinstance(v, str)},
            best={str(k): int(v) for k, v in best.items()
                  if isinstance(v, (int, float)) and not isinstance(v, bool)},
            history=history,
            work={str(k): v for k, v in (d.get("work") or {}).items() if isinstance(v, dict)}
            if isinstance(d.get("work"), dict) else {},
            gave_up=_str_dict(d.get("gave_up")),
            picks={k: v for k, v in _str_dict(d.get("picks")).items() if v in ("a", "b")},
        )


def _str_dict(value: Any) -> dict[str, str]:
    return {str(k): v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}


def _learner_id(name: str) -> str:
    from pitch_lib.workspace import new_id, slug

    return f"{slug(name, 'learner', 20)}-{new_id(4)}"


@dataclass
class Progress:
    """Every learner's progress in one workspace. ``Progress.from_dict(ws.training)`` / ``to_dict()``."""

    learners: dict[str, Learner] = field(default_factory=dict)
    active: str = ""
    # For a facilitator: the ids of other workspaces whose learners the team view follows.
    team: list[str] = field(default_factory=list)

    @property
    def active_learner(self) -> Learner | None:
        return self.learners.get(self.active)

    def find(self, name: str) -> Learner | None:
        key = " ".join(name.split()).casefold()
        return next((lr for lr in self.learners.values() if lr.name.casefold() == key), None)

    def add_learner(self, name: str, *, activate: bool = True) -> Learner:
        """Add a learner by name (or return the one with that name); raises ValueError if blank."""
        clean = " ".join(name.split())
        if not clean:
            raise ValueError("Type your name first.")
        if len(clean) > MAX_NAME:
            raise ValueError(f"A name can be at most {MAX_NAME} characters.")
        learner = self.find(clean)
        if learner is None:
            learner = Learner(_learner_id(clean), clean, _now())
            self.learners[learner.id] = learner
        if activate:
            self.active = learner.id
        return learner

    def remove_learner(self, learner_id: str) -> None:
        self.learners.pop(learner_id, None)
        if self.active == learner_id:
            self.active = next(iter(self.learners), "")

    def record(self, learner_id: str, kind: str, item: str, score: int, passed: bool,
               hints: int = 0, at: str | None = None) -> Attempt:
        """Add an attempt to the learner's history, and update their completions and best score."""
        if kind not in ACTIVITY_KINDS:
            raise ValueError(f"unknown activity {kind!r} (choose from: {', '.join(ACTIVITY_KINDS)})")
        learner = self.learners.get(learner_id)
        if learner is None:
            raise KeyError(f"unknown learner {learner_id!r}")
        attempt = Attempt(at or _now(), kind, item, max(0, min(100, int(score))), bool(passed), max(0, hints))
        learner.history.append(attempt)
        del learner.history[:-MAX_HISTORY]
        key = item_key(kind, item)
        learner.best[key] = max(learner.best.get(key, 0), attempt.score)
        if passed:
            learner.completed.setdefault(key, attempt.at)
        return attempt

    def give_up(self, learner_id: str, kind: str, item: str, score: int, hints: int = 0) -> Attempt:
        """Record that the learner gave up on an exercise (an attempt, not passed); the model answer opens."""
        attempt = self.record(learner_id, kind, item, score, False, hints=hints)
        attempt.gave_up = True
        self.learners[learner_id].gave_up.setdefault(item_key(kind, item), attempt.at)
        return attempt

    def record_pick(self, learner_id: str, scenario: Scenario, choice: str) -> tuple[PickResult, bool]:
        """Grade a "pick the better variant" choice. Only the first pick counts: later ones are
        graded for the learner to read but not recorded. Returns (result, counted)."""
        result = grade_pick(scenario, choice)
        learner = self.learners.get(learner_id)
        if learner is None:
            raise KeyError(f"unknown learner {learner_id!r}")
        if scenario.id in learner.picks:
            return result, False
        learner.picks[scenario.id] = choice
        self.record(learner_id, "pick", scenario.id, 100 if result.correct else 0, result.correct)
        return result, True

    def to_dict(self) -> dict:
        return {
            "version": PROGRESS_VERSION,
            "active_learner": self.active,
            "learners": {k: lr.to_dict() for k, lr in self.learners.items()},
            "team": list(self.team),
        }

    @classmethod
    def from_dict(cls, d: Any) -> Progress:
        """Read ``Workspace.training``; anything malformed is dropped rather than failing the page."""
        if not isinstance(d, dict):
            return cls()
        raw = d.get("learners") if isinstance(d.get("learners"), dict) else {}
        learners = {}
        for value in raw.values():
            learner = Learner.from_dict(value)
            if learner:
                learners[learner.id] = learner
        active = d.get("active_learner") if d.get("active_learner") in learners else ""
        team = [t for t in d.get("team", []) if isinstance(t, str) and t] if isinstance(d.get("team"), list) else []
        return cls(learners, active, team)

    def follow(self, workspace_id: str) -> bool:
        """Add a workspace to the team view; False if it was already there."""
        if workspace_id in self.team:
            return False
        self.team.append(workspace_id)
        return True

    def unfollow(self, workspace_id: str) -> None:
        self.team = [t for t in self.team if t != workspace_id]


_WORKSPACE_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def workspace_id_from_link(text: str, param: str = "ws") -> str | None:
    """The workspace id in a shared link (``https://host/?ws=ID``, ``?ws=ID``) or a bare id; else None."""
    from urllib.parse import parse_qs, urlsplit

    text = text.strip()
    if not text:
        return None
    if _WORKSPACE_ID.fullmatch(text):
        return text
    parts = urlsplit(text if "://" in text or text.startswith("?") else "?" + text.split("?", 1)[-1])
    values = parse_qs(parts.query).get(param) or []
    return values[0] if values and _WORKSPACE_ID.fullmatch(values[0]) else None


def learner_summary(learner: Learner, content: TrainingContent) -> dict:
    """Counts and figures for one learner, for the progress page and the team view."""
    lessons_done = [i for i in learner.completed_lessons() if any(x.id == i for x in content.lessons)]
    exercises = learner.completed_exercises()
    scored = [a.score for a in learner.history if a.kind in ("fix", "write")]
    return {
        "learner": learner.name,
        "lessons": f"{len(lessons_done)} of {len(content.lessons)}",
        "lessons_done": len(lessons_done),
        "fix": sum(1 for k, _ in exercises if k == "fix"),
        "pick": sum(1 for k, _ in exercises if k == "pick"),
        "write": sum(1 for k, _ in exercises if k == "write"),
        "sequence": sum(1 for k, _ in exercises if k == "sequence"),
        "attempts": len(learner.history),
        "best_pitch_score": max(scored, default=None),
        "last_active": learner.last_active(),
    }


@dataclass(frozen=True)
class PrincipleProgress:
    """What a learner has shown of one principle: its lesson, and exercises passed at which levels."""

    lesson_id: str
    title: str
    lesson_passed: bool
    exercises_done: int
    exercises_total: int
    levels: tuple[int, ...]  # the levels at which the learner reached a goal or picked right

    @property
    def strength(self) -> int:
        """0 (nothing yet) to 4 (lesson passed and shown at all three levels)."""
        return int(self.lesson_passed) + len(self.levels)

    @property
    def shown(self) -> str:
        if not self.lesson_passed and not self.levels:
            return "not yet"
        parts = ["lesson passed"] if self.lesson_passed else []
        if self.levels:
            parts.append("shown at level " + ", ".join(str(x) for x in self.levels))
        return "; ".join(parts)


def principle_progress(learner: Learner, content: TrainingContent) -> list[PrincipleProgress]:
    """For each principle (lesson): passed or not, and the exercises that practise it, by level."""
    out = []
    for lesson in content.lessons:
        scenarios = [s for s in content.scenarios if lesson.id in s.principles]
        done = [s for s in scenarios if any(learner.is_completed(k, s.id) for k in EXERCISE_KINDS)]
        out.append(PrincipleProgress(
            lesson.id, lesson.title, learner.is_completed("lesson", lesson.id),
            len(done), len(scenarios), tuple(sorted({s.level for s in done})),
        ))
    return out


@dataclass(frozen=True)
class Suggestion:
    """What to practise next: a lesson or an exercise, and why."""

    kind: str  # "lesson", "fix", "pick" or "write"
    item: str
    reason: str


def next_practice(learner: Learner, content: TrainingContent) -> Suggestion | None:
    """The weakest principle first: its lesson if not passed, else its easiest exercise not done yet
    (fix, then write from scratch, level by level). None when everything is done."""
    rows = sorted(principle_progress(learner, content), key=lambda r: (r.strength, r.exercises_done))
    for row in rows:
        if not row.lesson_passed:
            return Suggestion("lesson", row.lesson_id, f"You have not passed the lesson “{row.title}” yet.")
        for kind in ("fix", "write"):
            for s in content.by_level():
                if row.lesson_id in s.principles and not learner.is_completed(kind, s.id):
                    shown = f"so far {row.shown}" if row.levels else "not shown in an exercise yet"
                    return Suggestion(kind, s.id, f"“{row.title}”: {shown}. Next: {EXERCISE_KINDS[kind].lower()} "
                                                  f"in {s.title} ({s.level_label.lower()}).")
    return None


def team_rows(workspaces: Iterable[tuple[str, Mapping[str, Any]]], content: TrainingContent) -> list[dict]:
    """Who has done what: one row per learner across ``(workspace name, Workspace.training)`` pairs."""
    rows = []
    for ws_name, training in workspaces:
        for learner in Progress.from_dict(training).learners.values():
            rows.append({"workspace": ws_name, **learner_summary(learner, content)})
    return sorted(rows, key=lambda r: (-r["lessons_done"], -(r["fix"] + r["pick"] + r["write"]), r["learner"].casefold()))


def team_matrix(workspaces: Iterable[tuple[str, Mapping[str, Any]]], content: TrainingContent) -> list[dict]:
    """One row per learner, one column per lesson and exercise: ✓ done, a best score if tried, blank if not."""
    columns = [("lesson", lesson.id, lesson.title) for lesson in content.lessons]
    columns += [(kind, s.id, f"{label}: {s.title}") for s in content.scenarios for kind, label in s.exercise_kinds.items()]
    rows = []
    for ws_name, training in workspaces:
        for learner in Progress.from_dict(training).learners.values():
            row: dict[str, Any] = {"workspace": ws_name, "learner": learner.name}
            for kind, item, title in columns:
                key = item_key(kind, item)
                if key in learner.completed:
                    row[title] = "✓"
                elif key in learner.best:
                    row[title] = f"tried ({learner.best[key]})"
                else:
                    row[title] = ""
            rows.append(row)
    return rows


def scores_chart(learner: Learner, content: TrainingContent | None = None):
    """An Altair chart of a learner's scores over time, one colour per kind of activity."""
    import altair as alt
    import pandas as pd

    content = content or default_content()
    data = pd.DataFrame(
        [
            {
                "when": datetime.fromisoformat(a.at),
                "score": a.score,
                "activity": ACTIVITY_KINDS[a.kind],
                "item": content.item_title(a.kind, a.item),
                "result": "passed" if a.passed else "not yet",
                "hints": a.hints,
            }
            for a in learner.history
        ],
        columns=["when", "score", "activity", "item", "result", "hints"],
    )
    kinds = list(ACTIVITY_KINDS.values())
    base = alt.Chart(data).encode(
        # No fixed label format: Vega's own picks one per tick spacing (days, hours or minutes), so
        # attempts minutes apart no longer get the same "29 Nov 14:05" on every tick.
        x=alt.X("when:T", title="When", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("score:Q", title="Score", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("activity:N", title="Activity", sort=kinds,
                        scale=alt.Scale(domain=kinds, range=ACTIVITY_COLOURS[: len(kinds)])),
    )
    line = base.mark_line(opacity=0.5)
    points = base.mark_point(filled=True, size=70).encode(
        shape=alt.Shape("result:N", title="Result", sort=["passed", "not yet"]),
        tooltip=[
            alt.Tooltip("when:T", title="When", format="%d %b %Y %H:%M"),
            alt.Tooltip("activity:N", title="Activity"),
            alt.Tooltip("item:N", title="Item"),
            alt.Tooltip("score:Q", title="Score"),
            alt.Tooltip("result:N", title="Result"),
            alt.Tooltip("hints:Q", title="Hints used"),
        ],
    )
    return (line + points).properties(title=f"{learner.name}'s scores over time", height=280)
