"""Outreach planner speed: scoring and critiquing plans, and exporting them.

Prints figures; asserts nothing (a benchmark is not a test). Run from the repository root:

    .venv/bin/python bench/bench_sequence.py

The page rescores and recritiques the plan on every interaction (message scores are cached,
the critique is not), so a typical plan's critique should take a few milliseconds and a
long one (20 touches of 300 words: the near-duplicate check compares every pair) well
under a tenth of a second.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pitch_lib.samples import load_samples  # noqa: E402
from pitch_lib.sequence import (  # noqa: E402
    SequencePlan,
    Touch,
    critique_plan,
    plan_from_template,
    plan_to_csv,
    plan_to_ics,
    score_touches,
)

# Words of every sample draft: a few hundred different words, as in real messages.
WORDS = sorted({w for smp in load_samples() for w in smp.draft.body.split()})


def timed(fn, repeat: int) -> tuple[float, float]:
    """(median, max) in milliseconds."""
    fn()  # warm caches (compiled patterns, the loaded rules)
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs), max(runs)


def long_plan(touches: int, words: int, seed: int = 7) -> SequencePlan:
    rng = random.Random(seed)
    kinds = ["social_touch", "connection_note", "inmail"] + ["follow_up"] * (touches - 3)
    return SequencePlan(
        start=date(2025, 3, 10).isoformat(),
        touches=[
            Touch(kind=k, day=i * 4, body=" ".join(rng.choice(WORDS) for _ in range(words)) if k != "social_touch" else "")
            for i, k in enumerate(kinds[:touches])
        ],
    )


def main() -> None:
    sample = load_samples()[6]
    profile, role = sample.profile, sample.role
    plan = plan_from_template("warm_passive", profile, role, start=date(2025, 3, 10), fields={"your_name": "Sam"})
    cards = score_touches(plan, profile, role)
    print(f"{'what':58} {'median ms':>10} {'max ms':>8}")
    rows = [
        ("template plan (5 touches): critique, scores given", lambda: critique_plan(plan, profile, role, scorecards=cards), 200),
        ("template plan (5 touches): score every touch + critique", lambda: critique_plan(plan, profile, role), 50),
        ("template plan: build from template", lambda: plan_from_template("warm_passive", profile, role, start=date(2025, 3, 10)), 200),
        ("template plan: CSV export", lambda: plan_to_csv(plan, None, cards), 200),
        ("template plan: .ics export", lambda: plan_to_ics(plan, title="x"), 200),
    ]
    big = long_plan(20, 300)
    big_cards = score_touches(big, profile, role)
    rows += [
        ("long plan (20 touches x 300 words): critique, scores given", lambda: critique_plan(big, profile, role, scorecards=big_cards), 20),
        ("long plan: score every touch + critique", lambda: critique_plan(big, profile, role), 5),
        ("long plan: .ics export", lambda: plan_to_ics(big, title="x"), 20),
    ]
    for label, fn, repeat in rows:
        med, worst = timed(fn, repeat)
        print(f"{label:58} {med:10.2f} {worst:8.2f}")


if __name__ == "__main__":
    main()
