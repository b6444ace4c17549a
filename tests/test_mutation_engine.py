"""Engine behaviour pinned where the mutation run (scripts/mutation.py engine.money engine.text
engine.ruleset engine.scorecard engine.channels) showed that the other tests let a change through."""

from __future__ import annotations
