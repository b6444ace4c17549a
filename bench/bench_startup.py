"""How long from ``streamlit run app.py`` to a healthy server, and to the first page in a browser.

Targets: healthy (``/_stcore/health`` answers 200) within 3 s, home page title visible in
Chromium within 6 s, both measured from the moment ``streamlit run`` is started. Prints each
run and the median; asserts nothing (tests never assert on wall-clock time).

    .venv/bin/python bench/bench_startup.py            # 5 runs
    .venv/bin/python bench/bench_startup.py --runs 9

Needs Debian's Chromium (``apt-get install -y chromium``) for the second figure; without it
only the server figure is printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from browser_harness import DESKTOP, StreamlitPage, StreamlitServer, find_chromium, launch_chromium  # noqa: E402

HEALTHY_TARGET_S = 3.0
RENDERED_TARGET_S = 6.0


def one_run(browser) -> tuple[float, float | None]:
    """Seconds from `streamlit run` to healthy, and to the home page title visible (or None)."""
    server = StreamlitServer()
    page = browser.new_page(viewport=DESKTOP) if browser is not None else None
    try:
        started = time.perf_counter()
        server.start()
        server.wait_healthy(timeout=60)
        healthy = time.perf_counter() - started
        rendered = None
        if page is not None:
            app = StreamlitPage(page, server.url)
            page.goto(server.url)
            shown = app.main.locator("h1").or_(app.exceptions).first
            shown.wait_for(state="visible", timeout=60_000)
            rendered = time.perf_counter() - started
            if app.exceptions.count():
                raise SystemExit(f"The home page shows an exception:\n{app.exceptions.first.inner_text()}")
        return healthy, rendered
    finally:
        if page is not None:
            page.close()
        server.stop()


def verdict(value: float, target: float) -> str:
    return "within target" if value <= target else f"OVER target by {value - target:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    chromium = find_chromium()
    healthy_times: list[float] = []
    rendered_times: list[float] = []

    def run_all(browser) -> None:
        for index in range(1, args.runs + 1):
            healthy, rendered = one_run(browser)
            healthy_times.append(healthy)
            line = f"run {index}: healthy {healthy:.2f} s"
            if rendered is not None:
                rendered_times.append(rendered)
                line += f", first page rendered {rendered:.2f} s"
            print(line, flush=True)

    if chromium is None:
        print("Chromium not found (apt-get install -y chromium): measuring the server only.")
        run_all(None)
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = launch_chromium(playwright, chromium)
            try:
                run_all(browser)
            finally:
                browser.close()

    healthy_median = statistics.median(healthy_times)
    print(
        f"median of {len(healthy_times)}: streamlit run -> healthy {healthy_median:.2f} s "
        f"(target <= {HEALTHY_TARGET_S:.0f} s: {verdict(healthy_median, HEALTHY_TARGET_S)})"
    )
    if rendered_times:
        rendered_median = statistics.median(rendered_times)
        print(
            f"median of {len(rendered_times)}: streamlit run -> first page rendered {rendered_median:.2f} s "
            f"(target <= {RENDERED_TARGET_S:.0f} s: {verdict(rendered_median, RENDERED_TARGET_S)})"
        )


if __name__ == "__main__":
    main()
