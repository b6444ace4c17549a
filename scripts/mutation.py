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
    .venv/bin/python scripts/mutation.py engine.money engine.text   # some modules of a package
    .venv/bin/python scripts/mutation.py store --sample 300         # an estimate from 300 mutants

It prints, per package (or module), the mutants, killed (a failing test), timed out, survived,
not covered by any test, and the mutation score: (killed + timeout) / (killed + timeout +
survived + not covered). The survivors are listed in mutants/survivors.txt;
`.venv/bin/mutmut show NAME` shows the planted change.

--sample N tests N mutants of each package or module named, drawn at random (a fixed --seed,
so a rerun draws the same ones), and prints the score of that sample: an estimate of the
whole score when a full run would take too long (the sample is listed in mutants/sample.txt).
Drawing needs the mutants generated, which any earlier run does.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"engine": "pitch_lib.engine", "store": "pitch_lib.storage"}
KILLED = {"killed", "timeout"}
COUNTED = KILLED | {"survived", "no tests"}
SAMPLE_FILE = ROOT / "mutants" / "sample.txt"


def prefix_of(target: str) -> str | None:
    """'store' -> pitch_lib.storage, 'engine.money' -> pitch_lib.engine.money; None for a mutant name."""
    package, _, module = target.partition(".")
    if package not in PACKAGES or (module and not module.isidentifier()):
        return None
    return PACKAGES[package] + ("." + module if module else "")


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


def report(results: dict[str, str], groups: dict[str, str]) -> list[str]:
    """One row per group (label -> name prefix): counts by status and the score."""
    rows = [f"{'':<28} {'mutants':>8} {'killed':>7} {'timeout':>8} {'survived':>9} {'no tests':>9} "
            f"{'other':>6} {'score':>7}"]
    for label, prefix in groups.items():
        counts = Counter(s for name, s in results.items() if name.startswith(prefix + "."))
        if not counts:
            continue
        killed = sum(counts[s] for s in KILLED)
        counted = sum(counts[s] for s in COUNTED)
        other = sum(counts.values()) - counted
        score = f"{100 * killed / counted:.1f}%" if counted else "-"
        rows.append(f"{label:<28} {sum(counts.values()):>8} {counts['killed']:>7} {counts['timeout']:>8} "
                    f"{counts['survived']:>9} {counts['no tests']:>9} {other:>6} {score:>7}")
    return rows


def draw_sample(results: dict[str, str], prefixes: list[str], size: int, seed: int) -> list[str]:
    """``size`` mutants of each prefix, drawn at random (the same ones for the same seed)."""
    drawn = []
    for prefix in prefixes:
        pool = sorted(n for n in results if n.startswith(prefix + "."))
        if not pool:
            sys.exit(f"No mutants generated yet for {prefix}: run once without --sample.")
        drawn += random.Random(f"{seed}:{prefix}").sample(pool, min(size, len(pool)))
    return sorted(drawn)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*",
                        help="engine, store or a module (engine.money; default: both packages), or mutant names")
    parser.add_argument("--report", action="store_true", help="only print the table of the last run")
    parser.add_argument("--max-children", type=int, help="parallel mutants (default: one per core)")
    parser.add_argument("--sample", type=int, metavar="N", help="test N mutants of each, drawn at random")
    parser.add_argument("--seed", type=int, default=17, help="the draw of --sample (default: 17)")
    args = parser.parse_args()
    groups = {t: p for t in args.targets if (p := prefix_of(t))}
    names = [t for t in args.targets if not prefix_of(t)]  # explicit mutant names or patterns
    if not groups:
        groups = {f"{label} ({prefix})": prefix for label, prefix in PACKAGES.items()}
    sample: list[str] = []
    if args.sample:
        sample = draw_sample(statuses(), list(groups.values()), args.sample, args.seed)
        SAMPLE_FILE.write_text("".join(n + "\n" for n in sample))
    elif args.report and SAMPLE_FILE.exists():
        sample = SAMPLE_FILE.read_text().split()
    if not args.report:
        run = ["run", *(["--max-children", str(args.max_children)] if args.max_children else [])]
        if args.sample:  # only the drawn mutants that have no verdict yet
            known = statuses()
            todo = [n for n in sample if known.get(n) == "not checked"]
            if todo:
                mutmut(*run, *todo)
        else:
            mutmut(*run, *(names or [p + ".*" for p in groups.values()]))
    results = statuses()
    survivors = sorted(n for n, s in results.items() if s in {"survived", "no tests"})
    (ROOT / "mutants").mkdir(exist_ok=True)
    (ROOT / "mutants" / "survivors.txt").write_text("".join(f"{n}: {results[n]}\n" for n in survivors))
    print("\n".join(report(results, groups)))
    if sample:
        drawn = {n: results.get(n, "not checked") for n in sample}
        print(f"\nThe sample of {len(sample)} (mutants/sample.txt):")
        print("\n".join(report(drawn, groups)))
    print(f"{len(survivors)} survivors listed in mutants/survivors.txt (mutmut show NAME shows each change)")


if __name__ == "__main__":
    main()
