"""Compare scored variants: a table of scores, the winner per column, CSV and Markdown exports."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pitch_lib.engine.channels import CHANNELS
from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS, Scorecard
from pitch_lib.models import Pitch

SCORE_COLUMNS: tuple[str, ...] = ("overall", *DIMENSIONS)
COLUMN_LABELS: dict[str, str] = {"overall": "Overall", **DIMENSION_LABELS}


@dataclass(frozen=True)
class ComparedVariant:
    name: str
    pitch: Pitch
    scores: dict[str, int]
    words: int
    characters: int


@dataclass(frozen=True)
class Comparison:
    variants: tuple[ComparedVariant, ...]
    # column -> names with the top score. Empty when every variant scores the same (no winner);
    # more than one name is a tie for first place.
    winners: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def best_at(self, name: str) -> list[str]:
        """The columns ``name`` wins or shares first place in."""
        return [c for c in SCORE_COLUMNS if name in self.winners.get(c, ())]

    def verdict(self, column: str = "overall") -> str:
        """'Short wins', 'Tie: A and B' or 'All equal', in words."""
        w = self.winners.get(column, ())
        if not w:
            return "All equal"
        if len(w) == 1:
            return f"{w[0]} wins"
        return "Tie: " + ", ".join(w[:-1]) + f" and {w[-1]}"

    def rows(self) -> list[dict]:
        """One dict per variant, in a stable column order (used by the table, CSV and charts)."""
        out = []
        for v in self.variants:
            out.append(
                {
                    "variant": v.name,
                    "channel": CHANNELS[v.pitch.channel].label if v.pitch.channel in CHANNELS else v.pitch.channel,
                    "words": v.words,
                    "characters": v.characters,
                    **{c: v.scores.get(c, 0) for c in SCORE_COLUMNS},
                    "best_at": "; ".join(COLUMN_LABELS[c] for c in self.best_at(v.name)),
                }
            )
        return out


def unique_names(names: Sequence[str]) -> list[str]:
    """Names made unique by numbering repeats: ['A', 'A'] -> ['A', 'A (2)']."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        n = n.strip() or "Untitled"
        if n in seen:
            seen[n] += 1
            candidate = f"{n} ({seen[n]})"
            while candidate in seen:
                seen[n] += 1
                candidate = f"{n} ({seen[n]})"
            seen[candidate] = 1
            out.append(candidate)
        else:
            seen[n] = 1
            out.append(n)
    return out


def compare_scorecards(items: Sequence[tuple[str, Pitch, Scorecard]]) -> Comparison:
    """Build the comparison for (name, pitch, scorecard) triples, in the given order."""
    names = unique_names([name for name, _, _ in items])
    variants = tuple(
        ComparedVariant(
            name=name,
            pitch=pitch,
            scores=card.scores(),
            words=int(card.metrics.get("words", len(pitch.body.split()))),
            characters=int(card.metrics.get("characters", len(pitch.body))),
        )
        for name, (_, pitch, card) in zip(names, items, strict=True)
    )
    winners: dict[str, tuple[str, ...]] = {}
    for col in SCORE_COLUMNS:
        values = [v.scores.get(col, 0) for v in variants]
        if len(variants) < 2 or len(set(values)) == 1:
            winners[col] = ()
        else:
            top = max(values)
            winners[col] = tuple(v.name for v, s in zip(variants, values, strict=True) if s == top)
    return Comparison(variants, winners)


# --- exports -----------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A line inside a cell that starts like a formula: some spreadsheets split a cell at a carriage
# return or line feed, and the next line would then be read as a cell of its own.
_FORMULA_AFTER_BREAK = re.compile(r"([\r\n])(?=[=+\-@\t])")


def csv_safe(value):
    """Stop spreadsheets from running a cell as a formula (CSV injection): a cell, or any line in
    it, that starts with = + - @ or a tab gets a leading ``'``. Use it on every cell of every CSV export."""
    if not isinstance(value, str):
        return value
    value = _FORMULA_AFTER_BREAK.sub(r"\1'", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(c: Comparison) -> str:
    """One row per variant: scores, length, what it wins, and its text."""
    buf = io.StringIO()
    header = ["variant", "channel", "words", "characters", *SCORE_COLUMNS, "best_at", "subject", "body"]
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row, v in zip(c.rows(), c.variants, strict=True):
        w.writerow([csv_safe(x) for x in (*[row[h] for h in header[:-2]], v.pitch.subject, v.pitch.body)])
    return buf.getvalue()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#$~])")


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, special characters (pipes too) escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def to_markdown(c: Comparison, title: str = "Pitch comparison") -> str:
    """A table with the winner of each column in bold and marked, then each variant's text."""
    cols = list(SCORE_COLUMNS)
    lines = [f"# {md_escape(title)}", ""]
    lines.append("| Variant | Channel | Words | " + " | ".join(COLUMN_LABELS[x] for x in cols) + " |")
    lines.append("| --- | --- | ---: | " + " | ".join("---:" for _ in cols) + " |")
    for row in c.rows():
        cells = [md_escape(row["variant"]), md_escape(row["channel"]), str(row["words"])]
        for col in cols:
            best = row["variant"] in c.winners.get(col, ())
            cells.append(f"**{row[col]}** (best)" if best else str(row[col]))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"**Overall:** {md_escape(c.verdict('overall'))}.", ""]
    for col in DIMENSIONS:
        lines.append(f"- {COLUMN_LABELS[col]}: {md_escape(c.verdict(col))}")
    lines += ["", "Scores are 0-100 from Pitch Workshop's rules; higher is better.", ""]
    for v in c.variants:
        lines += [f"## {md_escape(v.name)}", ""]
        if v.pitch.subject:
            lines += [f"Subject: {md_escape(v.pitch.subject)}", ""]
        fence = _fence(v.pitch.body)
        lines += [f"{fence}text", v.pitch.body, fence, ""]
    return "\n".join(lines)
