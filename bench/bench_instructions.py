"""Instructions per pitch, ours against textstat's three formulas: a figure that repeats.

Wall-clock medians on a shared machine move by 30-50% from run to run; valgrind's callgrind
counts the instructions a process runs, which stay the same run after run. This runs each
side twice under callgrind, once warming up only and once also scoring the pitches, and
prints the difference per pitch. Prints figures; asserts nothing. Needs valgrind
(`apt-get install -y valgrind`); takes a minute or two. Run from the repository root:

    .venv/bin/python bench/bench_instructions.py [--pitches 300]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DRIVER = r"""
import sys
sys.path[:0] = [{root!r}, {bench!r}]
from bench_scoring import make_pitches
from pitch_lib import CandidateProfile, Pitch, Role, score_pitch
from pitch_lib.engine.text import syllables_in_word
from tests.rule_examples import PRIYA, ROLE
import textstat

n, side, run = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "run"
profile, role = CandidateProfile.from_dict(PRIYA), Role.from_dict(ROLE)
pitches = make_pitches(n + 5)
warm, measured = pitches[n:], pitches[:n]
syllables_in_word("warm")

def ours(b):
    score_pitch(Pitch("email", "Your fraud work", b), profile, role)

def three(b):
    textstat.flesch_reading_ease(b)
    textstat.flesch_kincaid_grade(b)
    textstat.gunning_fog(b)

fn = ours if side == "ours" else three
for b in warm:
    fn(b)
if run:
    for b in measured:
        fn(b)
"""


def instructions(n: int, side: str, run: bool) -> int:
    code = DRIVER.format(root=str(ROOT), bench=str(ROOT / "bench"))
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code,
         str(n), side, "run" if run else "warm"],
        cwd=ROOT, capture_output=True, text=True,
    )
    m = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if not m:
        raise SystemExit(f"valgrind gave no count:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pitches", type=int, default=300)
    n = ap.parse_args().pitches
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed: apt-get install -y valgrind")
    per = {}
    for side in ("ours", "textstat"):
        per[side] = (instructions(n, side, True) - instructions(n, side, False)) / n
    print(f"{n} distinct bench pitches, instructions per pitch (valgrind callgrind)")
    print(f"  pitch_lib score_pitch (full scorecard)  {per['ours'] / 1e6:.2f}M")
    print(f"  textstat Flesch + F-K + Gunning Fog     {per['textstat'] / 1e6:.2f}M")
    print(f"  ours / textstat = {per['ours'] / per['textstat']:.2f}x   (issue 2's target, in wall-clock time: <= 5x)")


if __name__ == "__main__":
    main()
