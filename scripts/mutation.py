"""Mutation testing of the scoring engine and the store, with a score per package.

mutmut (pinned in requirements-dev.txt) plants one small fault at a time in pitch_lib/engine and
pitch_lib/storage (a changed operator, number or string, a removed call...) in a copy under
./mutants, and runs the library tests that reach the changed function. A mutant the tests fail
on is *killed*; one they pass is a *survivor*: a fault the suite lets through, or an equivalent
change that no test could see. Configuration: [tool.mutmut] in pyproject.toml.

    .venv/bin/python scripts/mutation.py                 # both packages (long: hours on 2 cores)
    .venv/bin/python scripts/mutation.py store           # one package
    .venv/bin/python scripts/mutation.py --report        # the table again, from the last run
    .venv/bin/python scripts/mutation.py store "pitch_lib.storage.store.x_save_workspace*"

It prints, per package, the mutants, killed (a failing test or a time-out), survived, not
covered by any test, and the mutation score: killed / (killed + survived + not covered).
The survivors are listed in mutants/survivors.txt; `.venv/bin/mutmut show NAME` shows the
planted change.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"engine": "pitch_lib.engine", "store": "pitch_lib.storage"}
KILLED = {"killed", "timeout"}
COUNTED = KILLED | {"survived", "no tests"}


def mutmut(*args: str, capture: bool = False) -> str:
    done = subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=ROOT, text=True,
                          capture_output=capture, check=False)
    if done.returncode not in (0, 1):
        out = (done.stdout or "") + (done.stderr or "")
        sys.exit(f"mutmut {' '.join(args)} failed ({done.returncode}){': ' + out[-2000:] if out else ''}")
    return done.stdout or ""


def statuses() -> dict[str, str]:
    """Every mutant of the last run with its status ('killed', 'survived', 'no tests', ...)."""
    out = {}
    for line in mutmut("results", "--all", "true", capture=True).splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name:
            out[name] = status
    return out


def report(results: dict[str, str]) -> list[str]:
    rows = [f"{'package':<20} {'mutants':>8} {'killed':>8} {'survived':>9} {'no tests':>9} {'other':>6} {'score':>7}"]
    for label, prefix in PACKAGES.items():
        counts = Counter(s for name, s in results.items() if name.startswith(prefix + "."))
        if not counts:
            continue
        killed = sum(counts[s] for s in KILLED)
        counted = sum(counts[s] for s in COUNTED)
        other = sum(counts.values()) - counted
        score = f"{100 * killed / counted:.1f}%" if counted else "-"
        rows.append(f"{label + ' (' + prefix + ')':<20} {sum(counts.values()):>8} {killed:>8} "
                    f"{counts['survived']:>9} {counts['no tests']:>9} {other:>6} {score:>7}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("packages", nargs="*", help="engine and/or store (default: both), or mutant names")
    parser.add_argument("--report", action="store_true", help="only print the table of the last run")
    parser.add_argument("--max-children", type=int, help="parallel mutants (default: one per core)")
    args, names = parser.parse_known_args()
    wanted = [p for p in (args.packages or []) if p in PACKAGES] or list(PACKAGES)
    names += [p for p in (args.packages or []) if p not in PACKAGES]  # explicit mutant names
    if not args.report:
        run = ["run", *(["--max-children", str(args.max_children)] if args.max_children else [])]
        mutmut(*run, *(names or [PACKAGES[p] + ".*" for p in wanted]))
    results = statuses()
    survivors = sorted(n for n, s in results.items() if s in {"survived", "no tests"})
    (ROOT / "mutants").mkdir(exist_ok=True)
    (ROOT / "mutants" / "survivors.txt").write_text("".join(f"{n}: {results[n]}\n" for n in survivors))
    print("\n".join(report(results)))
    print(f"{len(survivors)} survivors listed in mutants/survivors.txt (mutmut show NAME shows each change)")


if __name__ == "__main__":
    main()
