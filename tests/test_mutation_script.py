"""scripts/mutation.py's own arithmetic: targets, the table and the random sample (no mutmut run)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("mutation_script", Path(__file__).parents[1] / "scripts" / "mutation.py")
mutation = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutation)

RESULTS = {
    "pitch_lib.storage.store.x_a__mutmut_1": "killed",
    "pitch_lib.storage.store.x_a__mutmut_2": "timeout",
    "pitch_lib.storage.store.x_a__mutmut_3": "survived",
    "pitch_lib.storage.store.x_b__mutmut_1": "no tests",
    "pitch_lib.storage.store.x_b__mutmut_2": "not checked",
    "pitch_lib.engine.money.x_c__mutmut_1": "killed",
    "pitch_lib.engine.text.x_d__mutmut_1": "survived",
}


def test_targets_name_packages_and_modules():
    assert mutation.prefix_of("store") == "pitch_lib.storage"
    assert mutation.prefix_of("engine.money") == "pitch_lib.engine.money"
    assert mutation.prefix_of("pitch_lib.storage.store.x_save*") is None  # a mutant name
    assert mutation.prefix_of("nothing") is None


def test_the_table_counts_each_status_and_scores_what_was_decided():
    rows = mutation.report(RESULTS, {"store": "pitch_lib.storage", "engine.money": "pitch_lib.engine.money",
                                     "engine.vocab": "pitch_lib.engine.vocab"})
    assert len(rows) == 3  # the header, store and money; vocab has no mutants here
    assert rows[1].split() == ["store", "5", "1", "1", "1", "1", "1", "50.0%"]  # (1 + 1) / 4 decided
    assert rows[2].split() == ["engine.money", "1", "1", "0", "0", "0", "0", "100.0%"]


def test_a_sample_is_the_same_for_the_same_seed_and_drawn_per_target():
    many = {f"pitch_lib.storage.store.x_f__mutmut_{i}": "not checked" for i in range(50)}
    many |= {f"pitch_lib.engine.text.x_g__mutmut_{i}": "not checked" for i in range(50)}
    prefixes = ["pitch_lib.storage", "pitch_lib.engine.text"]
    first = mutation.draw_sample(many, prefixes, 10, seed=17)
    assert first == mutation.draw_sample(many, prefixes, 10, seed=17)
    assert first != mutation.draw_sample(many, prefixes, 10, seed=18)
    assert sum(n.startswith("pitch_lib.storage.") for n in first) == 10 and len(first) == 20
    assert len(mutation.draw_sample(many, ["pitch_lib.storage"], 500, seed=17)) == 50  # at most all of them
    with pytest.raises(SystemExit, match="No mutants generated yet"):
        mutation.draw_sample(many, ["pitch_lib.engine.money"], 10, seed=17)
