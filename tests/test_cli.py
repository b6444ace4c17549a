"""The command line: score and batch, JSON format, and one clear line for bad input."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pitch_lib.cli import main
from pitch_lib.engine.scorecard import DIMENSIONS
from tests.rule_examples import GOOD_EMAIL, PRIYA, ROLE
from tests.test_page_wording import DEVELOPER_WORDING

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def files(tmp_path):
    (tmp_path / "body.txt").write_text(GOOD_EMAIL, encoding="utf-8")
    (tmp_path / "p.json").write_text(json.dumps(PRIYA), encoding="utf-8")
    (tmp_path / "r.json").write_text(json.dumps(ROLE), encoding="utf-8")
    return tmp_path


def test_score_json_format(files, capsys):
    rc = main(["score", str(files / "body.txt"), "--subject", "Your fraud work", "--channel", "email",
               "--profile", str(files / "p.json"), "--role", str(files / "r.json"), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert set(out["dimensions"]) == set(DIMENSIONS)
    assert 0 <= out["overall"] <= 100
    for d in out["dimensions"].values():
        assert set(d) >= {"score", "findings"}
        for f in d["findings"]:
            assert set(f) >= {"rule", "severity", "message", "suggestion", "start", "end", "points"}
    assert out["metrics"]["words"] > 0


def test_score_text_format_and_stdin():
    r = subprocess.run([sys.executable, "-m", "pitch_lib", "score", "-", "--format", "text"], input="Send your CV ASAP!!",
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0
    assert "tone.urgency" in r.stdout and "Overall" in r.stdout


@pytest.mark.parametrize(
    "args,needle",
    [
        (["score", "missing.txt"], "file not found"),
        (["score", "body.txt", "--channel", "fax"], "--channel: “fax” is not a channel"),
        (["score", "body.txt", "--profile", "bad.json"], "not valid JSON"),
        (["score", "body.txt", "--profile", "wrong.json"], "wrong.json: “skills” in the candidate profile must be"),
        (["batch", "nobody.csv", "--out", "o.csv"], "no “body” column"),
        (["batch", "badchannel.csv", "--out", "o.csv"], "row 3: “fax” is not a channel"),
        (["score", "body.txt", "--profile", "deep.json"], "nested too deeply"),
        (["score", "body.txt", "--profile", "huge.json"], "number too long"),
        (["score", "body.txt", "--profile", "surrogate.json"], "not valid Unicode at “name”"),
    ],
)
def test_bad_input_exits_2_with_one_line(files, args, needle):
    (files / "bad.json").write_text('{"name": ', encoding="utf-8")
    (files / "wrong.json").write_text('{"skills": "Python"}', encoding="utf-8")
    (files / "nobody.csv").write_text("id,text\n1,hello\n", encoding="utf-8")
    (files / "badchannel.csv").write_text("body,channel\nhello,email\nhi,fax\n", encoding="utf-8")
    (files / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    (files / "huge.json").write_text('{"years_experience": ' + "9" * 5000 + "}", encoding="utf-8")
    (files / "surrogate.json").write_text('{"name": "Ada\\ud800"}', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pitch_lib", *args], capture_output=True, text=True, cwd=files,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], r.stderr
    assert not DEVELOPER_WORDING.search(lines[0]), lines[0]  # words: no field paths, reprs or Python names


def test_batch_keeps_columns_and_adds_scores(files):
    src = files / "in.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "subject", "body", "channel"])
        w.writerow(["a", "Your fraud work", GOOD_EMAIL, "email"])
        w.writerow(["b", "", "Send your CV ASAP!!", ""])
        w.writerow(["c", "", "Hi Priya, loved your PyData talk. Let's connect?", "linkedin_connection"])
    out = files / "out.csv"
    assert main(["batch", str(src), "--out", str(out), "--profile", str(files / "p.json"), "--role", str(files / "r.json")]) == 0
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert set(rows[0]) == {"id", "subject", "body", "channel", "overall", *DIMENSIONS, "findings"}
    assert int(rows[0]["overall"]) > int(rows[1]["overall"])
    assert int(rows[1]["findings"]) > 0


def test_batch_in_worker_processes_writes_what_one_process_writes(files, monkeypatch, worker_pools):
    """A long file is shared among worker processes (which get the profile and role); the
    output is the same, row for row, as scoring it in one process."""
    import types

    # Where workers are spawned (not Linux), each re-runs the parent's __main__; in the CLI that
    # is pitch_lib/__main__.py (guarded), but an AppTest earlier in this pytest process leaves a
    # page script there. Stand in for the CLI's own main.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    src = files / "many.csv"
    bodies = [GOOD_EMAIL, "Send your CV ASAP!!", "Hi Priya, loved your PyData talk. Let's connect?", "Hello there."]
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "body"])
        for i in range(10):
            w.writerow([i, bodies[i % 4] + f" Ref {i}."])
    ctx = ["--profile", str(files / "p.json"), "--role", str(files / "r.json")]
    assert main(["batch", str(src), "--out", str(files / "one.csv"), "--jobs", "1", *ctx]) == 0
    assert main(["batch", str(src), "--out", str(files / "two.csv"), "--jobs", "2", *ctx]) == 0
    one, two = (list(csv.DictReader(open(files / n, encoding="utf-8"))) for n in ("one.csv", "two.csv"))
    assert worker_pools == [2]  # --jobs 1 never started workers; --jobs 2 did
    assert [r["id"] for r in two] == [str(i) for i in range(10)]
    assert one == two
    assert int(one[0]["overall"]) > int(one[1]["overall"])  # the profile reached the workers too


def test_batch_shows_progress_on_long_files(files):
    src = files / "long.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["body"])
        for i in range(300):
            w.writerow([f"Hi, pitch number {i}. Open to a call?"])
    r = subprocess.run([sys.executable, "-m", "pitch_lib", "batch", str(src), "--out", str(files / "o.csv")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0
    assert "scored 300 rows" in r.stderr
