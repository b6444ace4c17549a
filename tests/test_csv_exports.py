"""Formula injection (issue 13, item 9): every cell of every CSV export, and every line inside a
cell, is safe to open in a spreadsheet. One test per export: Compare, the workshop results, the
outreach plan and ``batch``."""

from __future__ import annotations

import csv
import io
import re

from pitch_lib.cli import main
from pitch_lib.compare import compare_scorecards, csv_safe, to_csv
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import CandidateProfile, Pitch, Role
from pitch_lib.sequence import plan_from_template, plan_to_csv
from pitch_lib.storage.store import ClientId, Store
from pitch_lib.workshop import results_csv

CR_BREAKOUT = "Your fraud work\r=cmd|' /C calc'!A0"
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    CR_BREAKOUT,
    "A note\n+SUM(1+1)",
    "Hi\r\n@SUM(A1)",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
]
FORMULA = ("=", "+", "-", "@", "\t")


def assert_no_formula(text: str) -> None:
    """No cell, no line inside a cell and no physical line of the file starts like a formula."""
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            for line in re.split(r"\r\n|\r|\n", cell):
                assert not line.startswith(FORMULA), repr(cell)
    for line in re.split(r"\r\n|\r|\n", text):
        assert not line.lstrip('"').startswith(FORMULA), repr(line)


def test_csv_safe_escapes_a_formula_after_a_line_break():
    assert csv_safe(CR_BREAKOUT) == "Your fraud work\r'=cmd|' /C calc'!A0"
    assert csv_safe("=1") == "'=1" and csv_safe("a\n-b\n+c") == "a\n'-b\n'+c"
    assert csv_safe("plain text - with a dash") == "plain text - with a dash" and csv_safe(42) == 42


def test_compare_csv_is_formula_safe():
    items = [
        (name, pitch, score_pitch(pitch))
        for name, pitch in (
            ("=HYPERLINK(\"http://x\")", Pitch("email", CR_BREAKOUT, PAYLOADS[2])),
            ("Second", Pitch("email", PAYLOADS[3], PAYLOADS[4])),
        )
    ]
    out = to_csv(compare_scorecards(items))
    assert_no_formula(out)
    assert "=cmd|" in out  # escaped, not dropped


def test_workshop_results_csv_is_formula_safe(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    created = store.create_workshop("=Title", CandidateProfile(name="Ana"), Role(), "email")
    wid, key = created.workshop.id, created.facilitator_key
    for i, payload in enumerate(PAYLOADS[:4]):
        person = store.join_workshop(created.workshop.join_code, f"@Person {i}", ClientId(f"s{i}"))
        store.submit_pitch(wid, person.token, payload.replace("\t", " ")[:200], "Hi Ana\n" + payload)
    store.reveal(wid, key)
    out = results_csv(store.facilitator_board(wid, key))
    assert_no_formula(out)
    assert out.count("=cmd|") >= 2
    store.close()


def test_outreach_plan_csv_is_formula_safe():
    plan = plan_from_template("warm_passive", CandidateProfile(name="=Ada Okafor"), Role(title="+Lead"))
    for touch, payload in zip(plan.touches, PAYLOADS, strict=False):
        touch.subject, touch.body, touch.note = payload, "Hi Ada\n" + payload, payload
    out = plan_to_csv(plan)
    assert_no_formula(out)
    assert "=cmd|" in out


def test_batch_copies_no_formula_from_its_input(tmp_path):
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["=id", "subject", "body", "note"])
        for i, payload in enumerate(PAYLOADS):
            w.writerow([f"=ROW({i})", payload, "Hi Ana, a pitch.\n" + payload, payload])
    assert main(["batch", str(src), "--out", str(dst)]) == 0
    out = dst.open(encoding="utf-8", newline="").read()
    assert_no_formula(out)
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == len(PAYLOADS) and rows[1]["subject"] == csv_safe(CR_BREAKOUT)
