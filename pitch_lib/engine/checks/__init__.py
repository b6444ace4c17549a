"""The Python checks behind ``type = "check"`` rules, one module per family (dimension).

Each check gets its rule (with the parameters from the rule file) and the analysed pitch, and
yields :class:`pitch_lib.engine.scoring.Hit` values; the engine turns them into findings and caps
their points. Word lists and thresholds stay in ``pitch_lib/engine/rules/*.toml``.
"""
