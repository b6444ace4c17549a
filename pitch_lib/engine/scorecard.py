"""The result types of scoring: a Finding per point lost, a score per dimension, a Scorecard."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

DIMENSIONS: tuple[str, ...] = (
    "personalisation",
    "readability",
    "benefit_clarity",
    "tone",
    "inclusivity",
    "channel_fit",
)

DIMENSION_LABELS: dict[str, str] = {
    "personalisation": "Personalisation",
    "readability": "Readability",
    "benefit_clarity": "Benefit clarity",
    "tone": "Respectful tone",
    "inclusivity": "Inclusive wording",
    "channel_fit": "Channel fit",
}

SEVERITIES: tuple[str, ...] = ("suggestion", "warning", "error")


@dataclass(frozen=True)
class Finding:
    """One reason the pitch lost points.

    ``start``/``end`` are a half-open character span ``[start, end)`` in ``field``
    ("body" or "subject"); a finding about the whole text (say, "too long") spans all of it,
    and one about something missing spans ``[0, 0)``.
    """

    rule: str
    dimension: str
    severity: str
    message: str
    suggestion: str
    start: int
    end: int
    points: float
    field: str = "body"
    matched: str = ""
    # Exact fixes, LanguageTool-style: each is the text to put in place of [start, end) in
    # ``field`` ("" removes the phrase). Empty when the fix needs the writer's judgement.
    replacements: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """What "ignore here" remembers: the rule, the field and the words it matched (not the
        offsets, which move as the writer types)."""
        return f"{self.rule}|{self.field}|{' '.join(self.matched.casefold().split())}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["replacements"] = list(self.replacements)
        return d

    @classmethod
    def make(cls, rule: str, dimension: str, severity: str, message: str, suggestion: str, start: int, end: int,
             points: float, field: str = "body", matched: str = "", replacements: tuple[str, ...] = ()) -> Finding:
        """The same as ``Finding(...)``, about three times faster: the engine makes a dozen a
        pitch, and a frozen dataclass sets each field through ``object.__setattr__``."""
        f = object.__new__(cls)
        f.__dict__.update(rule=rule, dimension=dimension, severity=severity, message=message, suggestion=suggestion,
                          start=start, end=end, points=points, field=field, matched=matched,
                          replacements=replacements)
        return f


@dataclass
class DimensionScore:
    name: str
    score: int
    findings: list[Finding] = field(default_factory=list)
    next_step: str = ""  # what would gain the most points next
    credits: list[str] = field(default_factory=list)  # what the pitch did well here

    @property
    def label(self) -> str:
        return DIMENSION_LABELS[self.name]

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
            "next_step": self.next_step,
            "credits": list(self.credits),
        }


@dataclass
class Scorecard:
    overall: int
    dimensions: dict[str, DimensionScore]
    metrics: dict
    channel: str
    empty: bool = False
    notes: list[str] = field(default_factory=list)
    # Findings the writer chose to ignore for this draft ("Ignore here"): listed, not counted.
    ignored: list[Finding] = field(default_factory=list)
    # How the overall was made: substance (core dimensions), delivery factors, gates (see
    # scoring.overall_score and the README, "How a pitch is scored").
    formula: dict = field(default_factory=dict)

    def findings(self) -> list[Finding]:
        """Every finding, most points at stake first, then by position."""
        out = [f for d in self.dimensions.values() for f in d.findings]
        return sorted(out, key=lambda f: (-f.points, f.field != "subject", f.start, f.rule))

    def scores(self) -> dict[str, int]:
        """{'overall': n, 'personalisation': n, ...}"""
        return {"overall": self.overall, **{k: d.score for k, d in self.dimensions.items()}}

    def to_dict(self) -> dict:
        return {
            "overall": self.overall,
            "channel": self.channel,
            "empty": self.empty,
            "notes": list(self.notes),
            "dimensions": {k: d.to_dict() for k, d in self.dimensions.items()},
            "ignored": [f.to_dict() for f in self.ignored],
            "formula": dict(self.formula),
            "metrics": dict(self.metrics),
        }
