"""How long a Draft page rerun takes with a 150-word pitch, under AppTest (target: 150 ms or less).

Prints medians, no asserts: speed is measured here, never in tests. Two cases:
- "new text": the user commits an edited pitch, so scoring runs (st.cache_data misses);
- "same text": a rerun that changes nothing in the text (cache hit), e.g. after a click.
Each figure is the time of ``AppTest.run()`` after the pitch editor's send (as its JS sends it,
through tests/editor_driver.py), so it includes the callback that saves the draft
(commit_workspace), scoring, the editor's marks and rendering every element.

Run: .venv/bin/python bench/bench_pages.py [--runs 30]
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

PITCH = (
    "Hi Aoife,\n\n"
    "Your sepsis screening tool cut time-to-antibiotics from 90 to 45 minutes, and I heard you talk "
    "about it at the INMO quality day in March. Northside Community Hospital wants that kind of work on "
    "all eight of its wards.\n\n"
    "We are hiring a Clinical Nurse Manager 2 for Critical Care Outreach. You would lead the six-nurse "
    "outreach team, roll out early-warning scoring across the wards and teach the deteriorating-patient "
    "courses alongside a small, experienced team. The roster is 8:00 to 20:00, Monday to Friday, with no night shifts. The pay is "
    "62,000-71,000 EUR, the MSc in Advanced Practice is funded, and there are 30 days of annual leave.\n\n"
    "Would you be open to a 15-minute call next week, at a time that suits your shifts? If you are happy "
    "where you are, just say so and I will not follow up.\n\n"
    "Best wishes,\nSarah Byrne, Northside Community Hospital"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    os.environ.setdefault("PITCH_DATA_DIR", tempfile.mkdtemp(prefix="pitch-bench-"))
    os.environ.pop("PITCH_DB_URL", None)
    from streamlit.testing.v1 import AppTest

    from tests.editor_driver import editor_data, type_text

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.button(key="home_sample_icu-nurse-dublin").click().run()
    at.switch_page("pages/draft.py").run()
    type_text(at, PITCH)
    assert not at.exception, at.exception
    words = len(PITCH.split())

    new_text, same_text = [], []
    for i in range(args.runs):
        text = PITCH.replace("next week", f"next week ({i})")  # a real edit: scoring is not cached
        t0 = time.perf_counter()
        type_text(at, text)  # what the pitch editor sends after a pause in typing
        new_text.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        at.run()
        same_text.append(time.perf_counter() - t0)
    assert not at.exception, at.exception
    overall = next(m.value for m in at.metric if m.label == "Overall score")
    assert editor_data(at)["body"].endswith(text[-40:])

    def ms(xs: list[float]) -> str:
        return f"median {statistics.median(xs) * 1000:6.1f} ms   p90 {sorted(xs)[int(len(xs) * 0.9) - 1] * 1000:6.1f} ms"

    print(f"Draft page rerun under AppTest, {words}-word pitch (overall score {overall}), {args.runs} runs each")
    print(f"  new text (scored):   {ms(new_text)}")
    print(f"  same text (cached):  {ms(same_text)}")
    print("  target: <= 150 ms")


if __name__ == "__main__":
    main()
