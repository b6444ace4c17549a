"""Scoring speed: our full scorecard against textstat's three formulas and proselint's lint.

Prints figures; asserts nothing (a benchmark is not a test). Run from the repository root:

    .venv/bin/python bench/bench_scoring.py

Targets (issue 2): median <= 1 ms per pitch; >= 2x faster than proselint; <= 5x textstat's
Flesch + Flesch-Kincaid + Gunning Fog; a 1 MB body in <= 2 s; a 10,000-row batch in <= 10 s.
"""

from __future__ import annotations

import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pitch_lib import CandidateProfile, Pitch, Role, score_pitch  # noqa: E402
from pitch_lib.engine.text import syllables_in_word  # noqa: E402
from tests.rule_examples import PRIYA, ROLE  # noqa: E402

OPENERS = ["Hi {n},", "Hello {n},", "Dear {n},", "Hey {n},"]
SENTENCES = [
    "Your streaming pipeline that cut fraud-model latency by {x}% caught my eye.",
    "I came across your profile and we have an exciting opportunity.",
    "You would lead a team of {x} engineers building our real-time platform.",
    "We offer a competitive salary and a great culture.",
    "The role pays £{x}-{y}k and is hybrid, two days a week in Leeds.",
    "Our company is a fast-paced, innovative leader in the payments ecosystem.",
    "There is a clear path to principal within {x} months.",
    "Please send me your CV ASAP so I can put you forward!!",
    "Would you be open to a 15-minute call next week?",
    "If you're happy where you are, no worries at all.",
    "We are looking for an aggressive, competitive rockstar who thrives under pressure.",
    "The platform was built by a small team and is used by {x} hospitals.",
    "You'd own the roadmap for data quality, with a £{x},000 learning budget.",
    "I loved your talk on Kafka at PyData {y} and the way you explained back-pressure.",
    "Since you haven't replied to my last email, I thought I would try again.",
    "The team works a four-day week and nobody is on call at weekends.",
]


def make_pitches(n: int, seed: int = 7) -> list[str]:
    """``n`` distinct pitches of 50-150 words made from realistic sentences."""
    rnd = random.Random(seed)
    out, seen = [], set()
    while len(out) < n:
        body = [rnd.choice(OPENERS).format(n=rnd.choice(["Priya", "Sam", "Alex", "Jordan"]))]
        while True:
            s = rnd.choice(SENTENCES).format(x=rnd.randint(2, 95), y=rnd.randint(10, 99))
            body.append(s)
            words = sum(len(b.split()) for b in body)
            if words >= rnd.randint(50, 150):
                break
        text = body[0] + "\n\n" + " ".join(body[1:])
        if 50 <= len(text.split()) <= 150 and text not in seen:
            seen.add(text)
            out.append(text)
    return out


def per_item(fn, items) -> list[float]:
    times = []
    for it in items:
        t = time.perf_counter()
        fn(it)
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    pitches = make_pitches(500)
    profile, role = CandidateProfile.from_dict(PRIYA), Role.from_dict(ROLE)
    syllables_in_word("warm")  # load the CMU dictionary once, as the app does at start-up

    ours = per_item(lambda b: score_pitch(Pitch("email", "Your fraud work", b), profile, role), pitches)

    import textstat

    def three(b):
        textstat.flesch_reading_ease(b)
        textstat.flesch_kincaid_grade(b)
        textstat.gunning_fog(b)

    ts = per_item(three, pitches)

    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    LintFile("warm-up", "Warm up text.").lint(DEFAULT)
    pl = per_item(lambda b: LintFile("pitch", b).lint(DEFAULT), pitches)

    med = {k: statistics.median(v) * 1000 for k, v in (("ours", ours), ("textstat", ts), ("proselint", pl))}
    words = [len(p.split()) for p in pitches]
    print(f"{len(pitches)} distinct pitches, {min(words)}-{max(words)} words (median {statistics.median(words):.0f})")
    print(f"  pitch_lib score_pitch (full scorecard)  median {med['ours']:.3f} ms   (target <= 1 ms)")
    print(f"  textstat Flesch + F-K + Gunning Fog     median {med['textstat']:.3f} ms")
    print(f"  proselint lint                          median {med['proselint']:.3f} ms")
    print(f"  ours / textstat = {med['ours'] / med['textstat']:.2f}x   (target <= 5x)")
    print(f"  proselint / ours = {med['proselint'] / med['ours']:.1f}x faster   (target >= 2x)")

    big = (" ".join(pitches) + " ") * 20
    big = big[:1_000_000]
    t = time.perf_counter()
    card = score_pitch(Pitch("email", "Subject", big), profile, role)
    print(f"  1 MB body ({len(big):,} chars): {time.perf_counter() - t:.2f} s, overall {card.overall}   (target <= 2 s)")

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        rnd = random.Random(3)
        with open(src, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "subject", "body", "channel"])
            for i in range(10_000):
                w.writerow([i, "A quick idea", pitches[i % len(pitches)] + f" Ref {i}.",
                            rnd.choice(["email", "linkedin_inmail", "social_dm", "job_ad"])])
        t = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "pitch_lib", "batch", str(src), "--out", str(out), "--quiet"],
                           cwd=ROOT, capture_output=True, text=True)
        took = time.perf_counter() - t
        print(f"  10,000-row batch (python -m pitch_lib batch, process start included): {took:.1f} s, "
              f"exit {r.returncode}   (target <= 10 s)")


if __name__ == "__main__":
    main()
