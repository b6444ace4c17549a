"""Comparison table: winners per column, ties, CSV and Markdown exports."""

import csv
import io

import pytest

from pitch_lib.compare import (
    FORMULA_START,
    SCORE_COLUMNS,
    compare_scorecards,
    csv_safe,
    md_escape,
    to_csv,
    to_markdown,
    unique_names,
)
from pitch_lib.engine.scorecard import DIMENSIONS, DimensionScore, Scorecard
from pitch_lib.models import Pitch


def card(overall, **dims):
    scores = {d: dims.get(d, 50) for d in DIMENSIONS}
    return Scorecard(
        overall=overall,
        dimensions={d: DimensionScore(d, s) for d, s in scores.items()},
        metrics={"words": 10 + overall, "characters": 100 + overall},
        channel="email",
    )


def items():
    return [
        ("Short", Pitch("email", "Quick q", "Hi Ana, short."), card(80, tone=90, readability=70)),
        ("Long", Pitch("email", "", "Hi Ana, long text."), card(60, tone=90, readability=75)),
        ("Middle", Pitch("linkedin_inmail", "", "Hi"), card(70, tone=40, readability=60)),
    ]


def test_winner_per_column_with_ties_and_all_equal():
    c = compare_scorecards(items())
    assert c.winners["overall"] == ("Short",)
    assert c.winners["readability"] == ("Long",)
    assert c.winners["tone"] == ("Short", "Long")  # a tie for first place
    assert c.winners["personalisation"] == ()  # every variant scored the same: no winner
    assert c.verdict("overall") == "Short wins"
    assert c.verdict("tone") == "Tie: Short and Long"
    assert c.verdict("personalisation") == "All equal"
    assert c.best_at("Short") == ["overall", "tone"]
    assert c.best_at("Middle") == []


def test_one_variant_has_no_winner():
    c = compare_scorecards(items()[:1])
    assert all(w == () for w in c.winners.values())


def test_rows_carry_scores_lengths_and_wins():
    rows = compare_scorecards(items()).rows()
    assert [r["variant"] for r in rows] == ["Short", "Long", "Middle"]
    assert rows[0]["overall"] == 80 and rows[0]["words"] == 90 and rows[0]["characters"] == 180
    assert rows[0]["best_at"] == "Overall; Respectful tone"
    assert rows[2]["channel"] == "LinkedIn InMail"
    assert set(SCORE_COLUMNS) <= set(rows[0])


def test_duplicate_names_are_numbered():
    assert unique_names(["A", "A", "B", "A", ""]) == ["A", "A (2)", "B", "A (3)", "Untitled"]
    assert unique_names(["A (2)", "A", "A"]) == ["A (2)", "A", "A (3)"]
    c = compare_scorecards([("Same", Pitch(), card(50)), ("Same", Pitch(), card(60))])
    assert c.winners["overall"] == ("Same (2)",)


def test_csv_round_trips_and_defuses_formulas():
    its = items()
    its[0] = ("=HYPERLINK(\"x\")", its[0][1], its[0][2])
    its[1] = ("Long, \"quoted\"", Pitch("email", "", "line one\nline two"), its[1][2])
    rows = list(csv.DictReader(io.StringIO(to_csv(compare_scorecards(its)))))
    assert rows[0]["variant"] == "'=HYPERLINK(\"x\")"
    assert rows[1]["variant"] == 'Long, "quoted"'
    assert rows[1]["body"] == "line one\nline two"
    assert rows[0]["overall"] == "80" and rows[0]["best_at"] == "Overall; Respectful tone"
    assert list(rows[0])[:5] == ["variant", "channel", "words", "characters", "overall"]


def test_markdown_table_escapes_pipes_and_marks_winners():
    its = items()
    its[0] = ("A | B <x>", its[0][1], its[0][2])
    md = to_markdown(compare_scorecards(its))
    lines = md.splitlines()
    header = next(line for line in lines if line.startswith("| Variant"))
    row = next(line for line in lines if line.startswith("| A"))
    assert row.startswith(r"| A \| B \<x\> |")
    # every table row has the same number of unescaped cell separators
    def cells(line):
        return len(line.replace("\\|", "")) - len(line.replace("\\|", "").replace("|", ""))
    assert cells(row) == cells(header)
    assert "**80** (best)" in row
    assert r"**Overall:** A \| B \<x\> wins." in md
    assert "- Respectful tone: Tie:" in md


def test_markdown_includes_each_text_in_a_safe_fence():
    its = items()
    its[1] = ("Long", Pitch("email", "", "has ``` fence inside"), its[1][2])
    md = to_markdown(compare_scorecards(its))
    assert "````text\nhas ``` fence inside\n````" in md
    assert "Subject: Quick q" in md


def test_md_escape_single_line():
    assert md_escape("a\nb|c*d_") == r"a b\|c\*d\_"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_prefix_is_defused_in_every_text_cell(prefix):
    cell = prefix + 'HYPERLINK("http://x")'
    its = items()
    its[0] = (cell, Pitch("email", cell, cell), its[0][2])
    rows = list(csv.DictReader(io.StringIO(to_csv(compare_scorecards(its)), newline="")))
    assert rows[0]["body"] == "'" + cell  # kept exactly, behind the quote
    for column in ("variant", "subject", "body"):  # names and subjects may also be trimmed first
        assert rows[0][column].endswith('HYPERLINK("http://x")')
        assert not rows[0][column].startswith(FORMULA_START), column
    assert csv_safe(cell) == "'" + cell
    assert csv_safe("Plain " + cell) == "Plain " + cell  # only a cell that starts with one
    assert csv_safe(-3) == -3  # numbers stay numbers


def test_cr_and_lf_inside_a_cell_survive_the_round_trip():
    body = "line one\r\nline two\rline three\nend"
    its = items()
    its[1] = ("Multi", Pitch("email", "", body), its[1][2])
    rows = list(csv.DictReader(io.StringIO(to_csv(compare_scorecards(its)), newline="")))
    assert len(rows) == len(its) and rows[1]["body"] == body
