"""The workshop's domain functions: ranking, the guess round, exports and the chart (no database)."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import altair as alt
import pytest

from pitch_lib.engine.scorecard import DIMENSIONS
from pitch_lib.models import CandidateProfile, Role
from pitch_lib.workshop import (
    Board,
    Participant,
    Submission,
    Vote,
    WorkshopInfo,
    correct_guessers,
    dimension_chart,
    format_join_code,
    ranked,
    results_csv,
    results_frame,
    results_markdown,
    submission_label,
    time_left_text,
    vote_counts,
    winners,
)

T0 = datetime(2026, 5, 4, 9, 0, 0)


def info(**kw) -> WorkshopInfo:
    base = dict(
        id="w" * 16,
        title="Forecasting <lead> | Q3",
        channel="email",
        profile=CandidateProfile(name="Ana Silva", current_title="Head of Data"),
        role=Role(title="Director", company="Contoso"),
        phase="open",
        blind=False,
        guess_round=True,
        join_code="K7QM2XPD",
        created_at=T0,
    )
    base.update(kw)
    return WorkshopInfo(**base)


def sub(
    number: int, who: str, overall: int, dims: int | dict, body: str = "text", minutes: int = 0
) -> Submission:
    scores = dims if isinstance(dims, dict) else {d: dims for d in DIMENSIONS}
    return Submission(
        id=f"s{number}",
        number=number,
        participant_id=f"p-{who}",
        participant_name=who,
        channel="email",
        subject="",
        body=body,
        overall=overall,
        scores=scores,
        metrics={"words": len(body.split())},
        top_findings=("Name one of their projects",),
        submitted_at=T0 + timedelta(minutes=minutes or number),
    )


def board(subs, votes=(), **kw) -> Board:
    names = sorted({s.participant_name for s in subs} | {v[0] for v in votes})
    people = tuple(Participant(f"p-{n}", n, T0) for n in names)
    return Board(
        workshop=info(**kw),
        participants=people,
        submissions=tuple(subs),
        votes=tuple(Vote(f"p-{who}", sid, T0) for who, sid in votes),
    )


@pytest.mark.parametrize(
    "n, label", [(1, "A"), (2, "B"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (703, "AAA")]
)
def test_submission_labels(n, label):
    assert submission_label(n) == label


def test_labels_start_at_one():
    with pytest.raises(ValueError):
        submission_label(0)


def test_ranking_uses_dimensions_to_break_ties_and_shares_true_ties():
    subs = [
        sub(1, "Ann", 70, 60),
        sub(2, "Bo", 80, 50),
        sub(3, "Cy", 70, 70),  # same overall as Ann, better dimensions
        sub(4, "Di", 70, 60),  # exactly like Ann, submitted later
    ]
    assert [(r, s.participant_name) for r, s in ranked(subs)] == [(1, "Bo"), (2, "Cy"), (3, "Ann"), (3, "Di")]
    assert [s.participant_name for s in winners(subs)] == ["Bo"]
    assert ranked([]) == [] and winners([]) == []


def test_shared_first_place_counts_every_right_guess():
    subs = [sub(1, "Ann", 80, 60), sub(2, "Bo", 80, 60), sub(3, "Cy", 40, 40)]
    b = board(subs, votes=[("Cy", "s1"), ("Ann", "s2"), ("Bo", "s3"), ("Dee", "s1")])
    assert [s.participant_name for s in winners(subs)] == ["Ann", "Bo"]
    assert [p.name for p in correct_guessers(b)] == ["Ann", "Cy", "Dee"]
    assert vote_counts(b) == {"s1": 2, "s2": 1, "s3": 1}


def test_results_frame_in_blind_mode_shows_no_names_or_scores():
    subs = [sub(1, "Zed <b>", 30, 30), sub(2, "Amy", 90, 90)]
    hidden = results_frame(board(subs, blind=True))
    assert list(hidden.columns) == ["pitch", "words", "submitted_at"]
    assert list(hidden["pitch"]) == ["A", "B"]
    shown = results_frame(board(subs, blind=True, revealed_at=T0))
    assert list(shown["participant"]) == ["Amy", "Zed <b>"] and list(shown["rank"]) == [1, 2]
    assert shown.loc[0, "overall"] == 90 and shown.loc[0, "personalisation"] == 90


def test_csv_has_every_pitch_and_defuses_spreadsheet_formulas():
    subs = [sub(1, '=HYPERLINK("http://x")', 50, 50, body="+SUM(A1)\nsecond line"), sub(2, "Bo", 60, 60)]
    rows = list(csv.DictReader(io.StringIO(results_csv(board(subs)))))
    assert [r["participant"] for r in rows] == ["Bo", '\'=HYPERLINK("http://x")']
    assert rows[1]["body"] == "'+SUM(A1)\nsecond line"
    assert rows[0]["overall"] == "60" and rows[0]["submitted_at"].endswith("Z")


def test_markdown_escapes_user_text():
    body = "Hi | there <img src=x onerror=alert(1)>\n```\nnot the end"
    subs = [sub(1, "<script>alert(1)</script>", 50, 50, body=body)]
    md = results_markdown(board(subs, votes=[("Bo", "s1")]))
    assert "<script>" not in md  # names are escaped
    assert "| 1 | A | \\<script\\>alert(1)\\</script\\> | 50 |" in md
    assert "# Forecasting \\<lead\\> \\| Q3" in md
    # The pitch is kept exactly as written, inside a fence longer than its own backticks.
    assert f"````text\n{body}\n````" in md
    assert "guessed right: Bo" in md
    assert "Name one of their projects" in md


def test_markdown_of_an_empty_workshop():
    assert "No pitches were submitted." in results_markdown(board([]))


def test_dimension_chart_is_a_heat_map_with_numbers():
    subs = [sub(1, "Ann", 70, 60), sub(2, "Bo", 80, 50)]
    chart = dimension_chart(board(subs))
    assert isinstance(chart, alt.LayerChart)
    spec = chart.to_dict()
    marks = [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]
    ]
    assert marks == ["rect", "text"]
    # rows set the height: fit the width only, or Vega logs "Dropping fit-y" (Streamlit's default is "fit")
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    values = next(iter(spec["datasets"].values()))
    assert len(values) == 2 * (1 + len(DIMENSIONS))
    assert {v["pitch"] for v in values} == {"A · Ann", "B · Bo"}
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["B · Bo", "A · Ann"]  # best first


def test_small_formatters():
    assert format_join_code("K7QM2XPD") == "K7QM-2XPD"
    assert time_left_text(None) == "No time box"
    assert time_left_text(0) == "Time is up"
    assert time_left_text(75) == "1 min 15 s left"
    assert time_left_text(9) == "9 s left"
    w = info(deadline=T0 + timedelta(minutes=5))
    assert w.seconds_left(T0) == 300 and w.accepting_submissions(T0)
    assert w.seconds_left(T0 + timedelta(minutes=6)) == 0 and not w.accepting_submissions(
        T0 + timedelta(minutes=6)
    )
    assert not info(phase="voting").accepting_submissions(T0)
