"""Where one pause in typing spends its time, in parts, browser and server on one clock.

Types the first sentences of ``bench_typing``'s pitch into the Draft page and, for each pause,
prints milliseconds from the last keystroke to each step of the round trip:

- ``send``: the editor hands the text to Streamlit (its ``pitch-editor-send`` performance mark;
  the 250 ms pause ends here);
- ``ws out``: the rerun request leaves on the websocket; ``server in``: Streamlit's server has it;
- ``run start`` / ``first msg`` / ``run end``: the fragment's run on the server, and its first
  queued ForwardMsg;
- ``last write``: the server hands its last message of the run to the websocket;
- ``ws first`` / ``ws last``: the browser's first and last message of the run;
- ``words``: the editor's ``scored-words`` shows the new count; ``marks``: the editor's marks
  are redrawn after that; ``caught up``: the page's "Words" metric says the same (what
  ``bench_typing`` waits for).

Server times come from ``bench/pause_timing/sitecustomize.py`` (put on the app's ``PYTHONPATH``
for this run only). Everything is in epoch milliseconds of the one machine. Also prints how
long Streamlit takes to rerun an empty fragment (``--floor``: a throw-away app with a button in
a fragment), the floor under any page.

    .venv/bin/python bench/bench_pause_parts.py                 # the Draft page, 6 pauses
    .venv/bin/python bench/bench_pause_parts.py --floor         # an empty fragment, 10 reruns
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_typing import CAUGHT_UP, GIVE_UP_MS, PITCH, open_blank_draft, sentences  # noqa: E402
from browser_harness import DESKTOP, StreamlitServer, find_chromium, launch_chromium  # noqa: E402

from pitch_lib.engine.text import count_words  # noqa: E402

# Before the app loads: every websocket frame in and out, with its time and size.
WS_HOOK = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  window.__pp = {frames: [], marks: []};
  const Base = window.WebSocket;
  window.WebSocket = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const d = e.data;
        window.__pp.frames.push(['in', now(), d.byteLength ?? d.size ?? d.length ?? 0]);
      });
    }
    send(d) {
      window.__pp.frames.push(['out', now(), d.byteLength ?? d.size ?? d.length ?? 0]);
      return super.send(d);
    }
  };
})();
"""

# Once the editor is on the page: when its word count and its marks change.
WATCH = """
() => {
  const now = () => performance.timeOrigin + performance.now();
  let root = document;
  for (const host of document.querySelectorAll('*')) {
    if (host.shadowRoot && host.shadowRoot.querySelector('[data-testid="scored-words"]')) root = host.shadowRoot;
  }
  window.__bench = {lastKey: 0, keyWaits: [], longest: 0};
  document.addEventListener('keydown', (e) => { window.__bench.lastKey = performance.timeOrigin + e.timeStamp; }, true);
  const words = root.querySelector('[data-testid="scored-words"]');
  new MutationObserver(() => window.__pp.marks.push(['words', now(), words.textContent]))
    .observe(words, {childList: true, characterData: true, subtree: true});
  const back = root.querySelector('.pe-body .pe-back');
  new MutationObserver(() => window.__pp.marks.push(['marks', now(), back.querySelectorAll('.pe-m').length]))
    .observe(back, {childList: true});
}
"""

# CAUGHT_UP gives ms after bench_typing's lastKey, which is performance.now()-based there.
LAST_KEY_EPOCH = "() => window.__bench.lastKey"
SENT_EPOCH = ("() => performance.getEntriesByName('pitch-editor-send')"
              ".map((m) => performance.timeOrigin + m.startTime)")

STEPS = ["send", "ws out", "server in", "run start", "first msg", "run end", "last write",
         "ws first", "ws last", "words", "marks", "caught up"]


def _server_events(log: Path) -> list[tuple[float, str, str]]:
    out = []
    if log.exists():
        for line in log.read_text().splitlines():
            t, event, *rest = line.split(" ", 2)
            out.append((float(t), event, rest[0] if rest else ""))
    return out


def _first(items, after: float, before: float = float("inf")):
    return next((t for t in items if after <= t <= before), None)


def _last(items, after: float, before: float):
    hits = [t for t in items if after <= t <= before]
    return hits[-1] if hits else None


def _pause_parts(key: float, caught: float, sends, frames, marks, server) -> dict[str, float | None]:
    """Times (ms after the last key) of each step of the round trip ending at ``caught``."""
    send = _first(sends, key, caught)
    if send is None:
        return {}
    outs = [t for kind, t, _ in frames if kind == "out"]
    ins = [t for kind, t, _ in frames if kind == "in"]
    ws_out = _first(outs, send - 1, caught)
    server_in = _first([t for t, e, _ in server if e == "backmsg"], send - 1, caught)
    start = _first([t for t, e, _ in server if e == "run_start"], send - 1, caught)
    end = _first([t for t, e, _ in server if e == "run_end"], start or send, caught) if start else None
    first_msg = _first([t for t, e, _ in server if e == "enqueue"], start or send, caught) if start else None
    writes = [t for t, e, _ in server if e == "write"]
    last_write = _last(writes, start or send, caught)
    words = _first([t for kind, t, _ in marks if kind == "words"], send, caught + 1)
    drawn = _last([t for kind, t, _ in marks if kind == "marks"], send, caught + 1)
    times = [send, ws_out, server_in, start, first_msg, end, last_write, _first(ins, send, caught),
             _last(ins, send, caught), words, drawn, caught]
    return {step: (None if t is None else t - key) for step, t in zip(STEPS, times, strict=True)}


def _print_table(rows: list[dict[str, float | None]]) -> None:
    print("\nms after the last keystroke (median of the pauses; min-max):")
    for step in STEPS:
        values = [r[step] for r in rows if r.get(step) is not None]
        if values:
            print(f"  {step:>10}: {statistics.median(values):6.0f}   ({min(values):.0f}-{max(values):.0f})")
    gaps = [("pause (key -> send)", "send", None), ("browser -> server", "server in", "send"),
            ("server waits to run", "run start", "server in"), ("fragment run", "run end", "run start"),
            ("run end -> last msg in browser", "ws last", "run end"),
            ("last msg -> marks and metric", "caught up", "ws last")]
    print("\nparts (median ms):")
    for label, b, a in gaps:
        values = [r[b] - (r[a] if a else 0) for r in rows if r.get(b) is not None and (a is None or r.get(a) is not None)]
        if values:
            print(f"  {label:>31}: {statistics.median(values):6.0f}")


def _msgs_per_run(server, rows_keys) -> None:
    sizes = [(t, int(d.split()[-1])) for t, e, d in server if e == "write" and d.split()[-1].isdigit()]
    runs = [(t, e) for t, e, _ in server if e in ("run_start", "run_end")]
    counts = []
    for i, (t, e) in enumerate(runs):
        if e == "run_start" and i + 1 < len(runs) and t > rows_keys:
            end = runs[i + 1][0] + 50
            got = [s for ts, s in sizes if t <= ts <= end]
            counts.append((len(got), sum(got)))
    if counts:
        n = statistics.median([c for c, _ in counts])
        kb = statistics.median([s for _, s in counts]) / 1024
        print(f"\nmessages a run: {n:.0f}, {kb:.1f} KB (median of {len(counts)} runs)")


def run_draft(pauses: int, cps: float) -> None:
    log = Path(tempfile.mkdtemp(prefix="pitch-timing-")) / "server.log"
    env = {"PYTHONPATH": str(HERE / "pause_timing"), "PITCH_TIMING_LOG": str(log)}
    with StreamlitServer(extra_env=env) as server:
        from playwright.sync_api import expect, sync_playwright

        expect.set_options(timeout=60_000)
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            page = browser.new_page(viewport=DESKTOP)
            page.add_init_script(WS_HOOK)
            app = open_blank_draft(page, server.url)
            page.evaluate(WATCH)
            started = time.time() * 1000
            app.editor.click()
            typed, keys = "", []
            for burst in sentences(PITCH)[:pauses]:
                page.keyboard.type(burst.rstrip(" "), delay=1000 / cps)
                typed += burst.rstrip(" ")
                ms = page.evaluate(CAUGHT_UP.replace("window.__bench.lastKey", "(window.__bench.lastKey - performance.timeOrigin)"),
                                   [count_words(typed), GIVE_UP_MS])
                key = page.evaluate(LAST_KEY_EPOCH)
                keys.append((key, None if ms is None else key + ms))
                page.keyboard.type(" ", delay=1000 / cps)
                typed += " "
                time.sleep(0.3)
            sends = page.evaluate(SENT_EPOCH)
            pp = page.evaluate("window.__pp")
            browser.close()
    server_events = _server_events(log)
    rows = [_pause_parts(k, c, sends, pp["frames"], pp["marks"], server_events) for k, c in keys if c]
    for i, r in enumerate(rows, 1):
        print(f"pause {i}: " + ", ".join(f"{s} {v:.0f}" for s, v in r.items() if v is not None))
    _print_table([r for r in rows if r])
    _msgs_per_run(server_events, started)


FLOOR_APP = """
import streamlit as st

@st.fragment
def part():
    st.button("again", key="again")
    st.write(st.session_state.get("n", 0))
    st.session_state["n"] = st.session_state.get("n", 0) + 1

part()
"""


def run_floor(reruns: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="pitch-floor-"))
    (folder / "floor.py").write_text(FLOOR_APP)
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "config.toml").write_text((HERE.parent / ".streamlit" / "config.toml").read_text())
    log = folder / "server.log"
    env = {"PYTHONPATH": str(HERE / "pause_timing"), "PITCH_TIMING_LOG": str(log)}
    with StreamlitServer(app="floor.py", cwd=folder, extra_env=env) as server:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            page = browser.new_page(viewport=DESKTOP)
            page.add_init_script(WS_HOOK)
            page.goto(server.url)
            page.get_by_role("button", name="again").wait_for()
            page.wait_for_selector('[data-test-script-state="notRunning"]')
            totals, server_ms = [], []
            for i in range(reruns):
                t0 = page.evaluate("performance.timeOrigin + performance.now()")
                page.get_by_role("button", name="again").click()
                page.wait_for_function(
                    "(n) => [...document.querySelectorAll('[data-testid=\"stMarkdownContainer\"]')]"
                    ".some((e) => e.innerText.trim() === String(n))", arg=i + 1)
                t1 = page.evaluate("performance.timeOrigin + performance.now()")
                outs = [t for kind, t, _ in page.evaluate("window.__pp.frames") if kind == "out" and t >= t0]
                t0 = outs[0] if outs else t0
                ev = [(t, e) for t, e, _ in _server_events(log) if t0 <= t <= t1]
                starts = [t for t, e in ev if e == "run_start"]
                ends = [t for t, e in ev if e == "run_end"]
                if starts and ends:
                    server_ms.append(ends[-1] - starts[0])
                totals.append(t1 - t0)
                time.sleep(0.2)
            browser.close()
    print(f"empty fragment rerun, request sent -> new text on the page: median {statistics.median(totals):.0f} ms "
          f"({min(totals):.0f}-{max(totals):.0f}) over {reruns}; its run on the server: "
          f"median {statistics.median(server_ms):.1f} ms (with this repository's .streamlit/config.toml)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pauses", type=int, default=6, help="sentences typed, one pause after each")
    parser.add_argument("--cps", type=float, default=8.0, help="characters a second (default 8)")
    parser.add_argument("--floor", action="store_true", help="time an empty fragment's rerun instead")
    args = parser.parse_args()
    if find_chromium() is None:
        raise SystemExit("Chromium was not found: apt-get install -y chromium")
    if args.floor:
        run_floor(10)
    else:
        run_draft(args.pauses, args.cps)


if __name__ == "__main__":
    main()
