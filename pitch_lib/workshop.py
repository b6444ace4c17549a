"""Team workshops, the domain side: who submitted what, the ranking, the guess-the-winner round,
and the results as a table, CSV, Markdown and an Altair chart.

Persistence lives in :mod:`pitch_lib.storage.store`; this module only works on the values it returns,
so everything here is a pure function that a test (or a notebook) can call directly.

A workshop moves through phases::

    open  --start round-->  voting  --reveal-->  revealed  --close-->  closed
      \\________________________reveal____________/                    ^
       \\__________________________close_________________________________/

Participants submit while it is ``open`` (and the time box has not run out), vote in the
guess-the-winner round while it is ``voting``, and see the others' pitches once it is revealed.
Blind mode hides names and scores on the facilitator's board until the reveal.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import altair as alt
import pandas as pd

from pitch_lib.compare import COLUMN_LABELS, csv_safe, md_escape
from pitch_lib.engine.channels import get_channel
from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS
from pitch_lib.models import CandidateProfile, Role
from pitch_lib.rendering.charts import FIT_WIDTH

PHASES: tuple[str, ...] = ("open", "voting", "revealed", "closed")
PHASE_LABELS = {
    "open": "Open for pitches",
    "voting": "Guess-the-winner round",
    "revealed": "Revealed",
    "closed": "Closed",
}


def utcnow() -> datetime:
    """Naive UTC, the form every timestamp is stored and compared in."""
    return datetime.now(UTC).replace(tzinfo=None)


def submission_label(number: int) -> str:
    """1 -> 'A', 26 -> 'Z', 27 -> 'AA': the anonymous name of a pitch in blind mode."""
    if number < 1:
        raise ValueError("submission numbers start at 1")
    out = ""
    while number:
        number, rem = divmod(number - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


@dataclass(frozen=True)
class WorkshopInfo:
    id: str
    title: str
    channel: str
    profile: CandidateProfile
    role: Role
    phase: str
    blind: bool
    guess_round: bool
    join_code: str
    created_at: datetime
    time_box_minutes: int | None = None
    deadline: datetime | None = None
    revealed_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None

    @property
    def hides_identities(self) -> bool:
        """Blind mode before the reveal: no names, no scores on the board."""
        return self.blind and not self.revealed

    @property
    def channel_label(self) -> str:
        try:
            return get_channel(self.channel).label
        except KeyError:
            return self.channel

    @property
    def join_code_display(self) -> str:
        return format_join_code(self.join_code)

    def seconds_left(self, now: datetime | None = None) -> int | None:
        """Seconds until the time box ends (0 once it has), or None without a time box."""
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or utcnow())).total_seconds()))

    def accepting_submissions(self, now: datetime | None = None) -> bool:
        return self.phase == "open" and self.seconds_left(now) != 0


def format_join_code(code: str) -> str:
    """'K7QM2XPD' -> 'K7QM-2XPD' (easier to read out to a room)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def time_left_text(seconds: int | None) -> str:
    if seconds is None:
        return "No time box"
    if seconds <= 0:
        return "Time is up"
    minutes, secs = divmod(seconds, 60)
    return f"{minutes} min {secs:02d} s left" if minutes else f"{secs} s left"


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    joined_at: datetime


@dataclass(frozen=True)
class Submission:
    id: str
    number: int
    participant_id: str
    participant_name: str
    channel: str
    subject: str
    body: str
    overall: int
    scores: dict[str, int]
    metrics: dict
    top_findings: tuple[str, ...]
    submitted_at: datetime

    @property
    def label(self) -> str:
        return submission_label(self.number)

    @property
    def dimension_total(self) -> int:
        return sum(int(self.scores.get(d, 0)) for d in DIMENSIONS)


@dataclass(frozen=True)
class Vote:
    participant_id: str
    submission_id: str
    voted_at: datetime


@dataclass(frozen=True)
class Board:
    """Everything about one workshop: what the facilitator's key unlocks."""

    workshop: WorkshopInfo
    participants: tuple[Participant, ...]
    submissions: tuple[Submission, ...]
    votes: tuple[Vote, ...]

    def participant(self, participant_id: str) -> Participant | None:
        return next((p for p in self.participants if p.id == participant_id), None)


@dataclass(frozen=True)
class ParticipantView:
    """What one participant may see: their own pitches always; the others' only after the reveal."""

    workshop: WorkshopInfo
    me: Participant
    mine: tuple[Submission, ...]
    participant_count: int
    submission_count: int
    vote_options: tuple[tuple[str, str], ...] = ()  # (submission id, label) of others' pitches, voting only
    my_vote: str | None = None  # submission id
    results: Board | None = None  # the whole board, once revealed
    draft: dict = field(default_factory=dict)

    @property
    def can_submit(self) -> bool:
        return self.workshop.accepting_submissions()

    @property
    def can_vote(self) -> bool:
        return self.workshop.phase == "voting" and self.workshop.guess_round


# ---------------------------------------------------------------- ranking and the round


def ranked(submissions: tuple[Submission, ...] | list[Submission]) -> list[tuple[int, Submission]]:
    """Best first, with competition ranks (1, 2, 2, 4).

    Ordered by overall score, then by the sum of the six dimension scores (the finer signal);
    pitches equal on both share a rank and are listed by who submitted first.
    """
    order = sorted(submissions, key=lambda s: (-s.overall, -s.dimension_total, s.submitted_at, s.number))
    out: list[tuple[int, Submission]] = []
    for i, s in enumerate(order):
        if i and (s.overall, s.dimension_total) == (order[i - 1].overall, order[i - 1].dimension_total):
            out.append((out[-1][0], s))
        else:
            out.append((i + 1, s))
    return out


def winners(submissions: tuple[Submission, ...] | list[Submission]) -> list[Submission]:
    return [s for rank, s in ranked(submissions) if rank == 1]


def vote_counts(board: Board) -> dict[str, int]:
    counts = {s.id: 0 for s in board.submissions}
    for v in board.votes:
        if v.submission_id in counts:
            counts[v.submission_id] += 1
    return counts


def correct_guessers(board: Board) -> list[Participant]:
    """Participants whose vote went to a winning pitch (shared first places all count)."""
    winning = {s.id for s in winners(board.submissions)}
    out = []
    for v in board.votes:
        p = board.participant(v.participant_id)
        if p and v.submission_id in winning:
            out.append(p)
    return sorted(out, key=lambda p: p.name.casefold())


def voters(board: Board) -> set[str]:
    return {v.participant_id for v in board.votes}


# ---------------------------------------------------------------- tables and exports

RESULT_COLUMNS = ["rank", "pitch", "participant", "overall", *DIMENSIONS, "words", "votes", "submitted_at"]


def results_frame(board: Board, *, hide_identities: bool | None = None) -> pd.DataFrame:
    """One row per submission, best first.

    With ``hide_identities`` (default: the workshop's blind mode before the reveal) the names,
    scores and ranks are left out and rows are in submission order, so nothing about who is
    winning shows on a projected screen.
    """
    hide = board.workshop.hides_identities if hide_identities is None else hide_identities
    counts = vote_counts(board)
    if hide:
        rows = [
            {
                "pitch": s.label,
                "words": int(s.metrics.get("words", len(s.body.split()))),
                "submitted_at": s.submitted_at,
            }
            for s in sorted(board.submissions, key=lambda s: s.number)
        ]
        return pd.DataFrame(rows, columns=["pitch", "words", "submitted_at"])
    rows = []
    for rank, s in ranked(board.submissions):
        rows.append(
            {
                "rank": rank,
                "pitch": s.label,
                "participant": s.participant_name,
                "overall": s.overall,
                **{d: int(s.scores.get(d, 0)) for d in DIMENSIONS},
                "words": int(s.metrics.get("words", len(s.body.split()))),
                "votes": counts.get(s.id, 0),
                "submitted_at": s.submitted_at,
            }
        )
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def results_csv(board: Board) -> str:
    """Every submission with its scores and text, best first (always with names: export after the reveal)."""
    frame = results_frame(board, hide_identities=False)
    by_label = {s.label: s for s in board.submissions}
    frame["subject"] = [by_label[label].subject for label in frame["pitch"]]
    frame["body"] = [by_label[label].body for label in frame["pitch"]]
    frame["submitted_at"] = [t.isoformat(timespec="seconds") + "Z" for t in frame["submitted_at"]]
    frame = frame.map(csv_safe)  # every cell: a name or a title can be a formula too
    frame.columns = [csv_safe(c) for c in frame.columns]
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue()


def _md_cell(text: str) -> str:
    return md_escape(str(text))


def _md_block(text: str) -> str:
    """The pitch exactly as written, in a fence longer than any run of backticks inside it."""
    fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", text)), default=0))
    return f"{fence}text\n{text}\n{fence}"


def results_markdown(board: Board) -> str:
    """A report to paste into a wiki or share: the ranking table, then every pitch in full.

    Names and titles are Markdown-escaped (pipes, angle brackets, ...) and pitches sit in code
    fences, so no user text can inject markup into whatever renders the file.
    """
    w = board.workshop
    counts = vote_counts(board)
    lines = [
        f"# {_md_cell(w.title)}",
        "",
        f"- Candidate: {_md_cell(w.profile.name or 'unnamed')}"
        + (f", {_md_cell(w.profile.current_title)}" if w.profile.current_title else ""),
        f"- Role: {_md_cell(w.role.title or 'not set')}"
        + (f" at {_md_cell(w.role.company)}" if w.role.company else ""),
        f"- Channel: {_md_cell(w.channel_label)}",
        f"- Participants: {len(board.participants)}; pitches: {len(board.submissions)}",
        f"- Created: {w.created_at.isoformat(timespec='minutes')} UTC",
        "",
        "## Ranking",
        "",
    ]
    if not board.submissions:
        lines.append("No pitches were submitted.")
    else:
        header = [
            "Rank",
            "Pitch",
            "Participant",
            "Overall",
            *(DIMENSION_LABELS[d] for d in DIMENSIONS),
            "Votes",
        ]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---"] * len(header)) + "|")
        for rank, s in ranked(board.submissions):
            cells = [str(rank), s.label, _md_cell(s.participant_name), str(s.overall)]
            cells += [str(int(s.scores.get(d, 0))) for d in DIMENSIONS]
            cells.append(str(counts.get(s.id, 0)))
            lines.append("| " + " | ".join(cells) + " |")
    if w.guess_round and board.votes:
        right = correct_guessers(board)
        lines += [
            "",
            "## Guess the winner",
            "",
            f"{len(board.votes)} votes; guessed right: "
            + (", ".join(_md_cell(p.name) for p in right) if right else "nobody"),
        ]
    for rank, s in ranked(board.submissions):
        lines += ["", f"## {s.label}: {_md_cell(s.participant_name)} (rank {rank}, overall {s.overall})", ""]
        if s.subject.strip():
            lines += [f"**Subject:** {_md_cell(s.subject)}", ""]
        lines.append(_md_block(s.body))
        if s.top_findings:
            lines += ["", "What would gain the most points:"]
            lines += [f"- {_md_cell(f)}" for f in s.top_findings]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- chart


def dimension_chart(board: Board) -> alt.Chart:
    """A heat map: one row per pitch (best first), one column per dimension and the overall score.

    Every cell carries its number as text, so the chart does not rely on colour alone.
    """
    order = [f"{s.label} · {s.participant_name}" for _, s in ranked(board.submissions)]
    columns = [COLUMN_LABELS[c] for c in ("overall", *DIMENSIONS)]
    rows = []
    for _, s in ranked(board.submissions):
        name = f"{s.label} · {s.participant_name}"
        rows.append({"pitch": name, "dimension": "Overall", "score": s.overall})
        for d in DIMENSIONS:
            rows.append({"pitch": name, "dimension": DIMENSION_LABELS[d], "score": int(s.scores.get(d, 0))})
    data = pd.DataFrame(rows, columns=["pitch", "dimension", "score"])
    base = alt.Chart(data).encode(
        x=alt.X(
            "dimension:N",
            sort=columns,
            title=None,
            axis=alt.Axis(labelAngle=-30, labelOverlap=False, orient="top", labelLimit=140),
        ),
        y=alt.Y("pitch:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)),
    )
    cells = base.mark_rect().encode(
        # No legend: every cell prints its score; the colour only helps the eye.
        color=alt.Color("score:Q", scale=alt.Scale(domain=[0, 100], scheme="tealblues"), legend=None),
        tooltip=[alt.Tooltip("pitch:N", title="Pitch"), alt.Tooltip("dimension:N"), alt.Tooltip("score:Q")],
    )
    text = base.mark_text(fontSize=12).encode(
        text="score:Q",
        color=alt.when(alt.datum.score >= 45).then(alt.value("white")).otherwise(alt.value("#1F2933")),
    )
    return (cells + text).properties(height=alt.Step(28), title="Scores by dimension", autosize=FIT_WIDTH)
