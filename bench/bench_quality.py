"""Print how well the scores track the quality of a message (not a speed bench: a quality one).

    .venv/bin/python bench/bench_quality.py [--split tune|test|all] [--worst]

Reads the labelled corpus in tests/data/corpus/*.toml and the probes in tests/data/probes.toml
and prints: AUC of the overall and of each dimension (good against bad), the mean overall of
good and of bad, and, for the probes, the excellent / bad / gaming scores, the harmless edits
that cost a dimension 5 points or more, and the single edits that moved the overall the wrong
way or not at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pitch_lib.engine.probes import load_probes, run_probes  # noqa: E402
from pitch_lib.engine.quality import evaluate, load_corpus  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="all", choices=["tune", "test", "all"])
    ap.add_argument("--worst", action="store_true", help="list the most wrongly ranked messages")
    args = ap.parse_args()
    items = load_corpus(sorted((ROOT / "tests" / "data" / "corpus").glob("*.toml")))
    splits = ["tune", "test"] if args.split == "all" else [args.split]
    for split in splits:
        part = [i for i in items if i.split == split]
        rep = evaluate(part)
        print(f"== corpus, {split} part: {rep.n_good} good, {rep.n_bad} bad")
        print("   AUC  " + "  ".join(f"{k} {v:.2f}" for k, v in rep.auc.items()))
        print(f"   mean overall: good {rep.mean_good:.1f}, bad {rep.mean_bad:.1f}, gap {rep.mean_good - rep.mean_bad:.1f}")
        for ch in sorted({i.channel for i in part}):
            sub = [i for i in part if i.channel == ch]
            r = evaluate(sub)
            print(f"   {ch:20s} n={len(sub):3d} AUC {r.auc['overall']:.2f}  good {r.mean_good:5.1f}  bad {r.mean_bad:5.1f}")
        if args.worst:
            for id_, label, overall in rep.worst:
                print(f"   worst: {id_} ({label}) {overall}")
    data = ROOT / "tests" / "data"
    for path in sorted(data.glob("messages_holdout_*.toml")):
        rep = evaluate(load_corpus([path]))
        print(f"== whole messages ({path.name}): {rep.n_good} good, {rep.n_bad} bad")
        print("   AUC  " + "  ".join(f"{k} {v:.2f}" for k, v in rep.auc.items()))
        print(f"   mean overall: good {rep.mean_good:.1f}, bad {rep.mean_bad:.1f}, gap {rep.mean_good - rep.mean_bad:.1f}")
    for probes_file in [data / "probes.toml", *sorted(data.glob("probes_holdout_*.toml"))]:
        if probes_file.exists():
            print(f"== probes ({probes_file.name})" if probes_file.name != "probes.toml" else "== probes")
            for line in run_probes(load_probes(probes_file)).lines():
                print("   " + line)


if __name__ == "__main__":
    main()
