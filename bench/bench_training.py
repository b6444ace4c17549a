"""How long the training pages take to rerun under AppTest.

Prints medians, no asserts: speed is measured here, never in tests. Cases:
- Exercises, "fix this pitch", after the learner commits new text (scoring runs: cache miss);
- Lessons, a rerun with nothing changed (the examples' scorecards are cached).
Each figure is the time of ``AppTest.run()`` after setting the widget, so it includes the
callback that saves the learner's work into the workspace and rendering every element.

Run: .venv/bin/python bench/bench_training.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ["PITCH_DATA_DIR"] = tempfile.mkdtemp(prefix="pitch-bench-")
    os.environ.pop("PITCH_DB_URL", None)

    from streamlit.testing.v1 import AppTest

    from pitch_lib.training import default_content

    content = default_content()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("pages/training_exercises.py").run()
    at.text_input(key="training_new_learner").input("Bench")
    at.button(key="training_start").click().run()

    scenario = content.scenarios[0]
    fix = []
    for i in range(args.runs):
        body = f"{scenario.draft.body}\n\nP.S. {i}"  # new text every time: scoring runs
        at.text_area(key="training_fix_body").input(body)
        start = time.perf_counter()
        at.run()
        fix.append(time.perf_counter() - start)

    at.switch_page("pages/training_lessons.py").run()
    lesson = []
    for _ in range(args.runs):
        start = time.perf_counter()
        at.run()
        lesson.append(time.perf_counter() - start)

    print(f"Exercises (fix this pitch), rerun after new text: median {statistics.median(fix) * 1000:.0f} ms "
          f"over {len(fix)} runs")
    print(f"Lessons, rerun with nothing changed:            median {statistics.median(lesson) * 1000:.0f} ms "
          f"over {len(lesson)} runs")


if __name__ == "__main__":
    main()
