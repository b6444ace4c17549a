"""The Outcomes page's Streamlit side: this workspace's outcomes from the store, the tables
built from them (kept for the session until the outcomes change, so a rerun costs little), and
the calibration result. Logic lives in pitch_lib.outcomes, outcome_stats and calibration."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from pitch_lib import outcome_stats as stats
from pitch_lib.calibration import Calibration, CalibrationError, calibrate
from pitch_lib.outcome_stats import WEEKDAYS
from pitch_lib.outcomes import (
    ImportResult,
    Outcome,
    OutcomeBatch,
    export_csv,
    import_outcomes,
    outcomes_frame,
)
from pitch_lib.rendering.charts_outcomes import dimension_rate_chart, rate_chart, rule_effect_chart
from pitch_lib.storage.store import StoreError
from ui import persistence
from ui.components import team_rules
from ui.state import bump_counter, commit_workspace, counter, get_workspace

_CACHE = "outcomes_cache"  # (workspace id, version) -> OutcomeData
_CALIBRATION = "outcomes_calibration"  # ((workspace id, version), team rules) -> Calibration | str (why not)
_IMPORT_RESULT = "outcomes_import_result"  # the last import's summary, shown after the rerun
VERSION = "outcomes"  # counter bumped whenever this session changes the outcomes


@dataclass
class OutcomeData:
    outcomes: list[Outcome]
    frame: pd.DataFrame
    too_few: str  # "" when there is enough to look at
    tables: dict[str, pd.DataFrame]
    charts: dict[str, dict] = field(default_factory=dict)  # Vega-Lite specs, built once
    _export: str | None = None

    def export(self) -> str:
        """Every outcome as CSV, made once per version of the outcomes (not on every rerun)."""
        if self._export is None:
            self._export = export_csv(self.outcomes) if self.outcomes else ""
        return self._export


def _key() -> tuple[str, int]:
    return get_workspace().id, counter(VERSION)


def changed() -> None:
    """The outcomes changed: rebuild the tables, forget the calibration."""
    bump_counter(VERSION)


def load() -> OutcomeData | None:
    """This workspace's outcomes and their tables; None (with the message shown) if the store fails."""
    key = _key()
    cached = st.session_state.get(_CACHE)
    if cached and cached[0] == key:
        return cached[1]
    try:
        outcomes = persistence.get_store().list_outcomes(key[0])
    except StoreError as err:
        persistence.show_store_error(err)
        return None
    frame = outcomes_frame(outcomes)
    too_few = stats.enough_data(frame)
    tables = {}
    if len(frame):
        tables = {
            "score": stats.by_score_band(frame),
            "dimension": stats.by_dimension(frame),
            "rule": stats.by_rule(frame),
            "channel": stats.by_channel(frame),
            "length": stats.by_length(frame),
            "weekday": stats.by_weekday(frame),
        }
    charts = {}
    if tables and not too_few:  # Altair validates a spec as it builds it: do that once, not per rerun
        charts = {
            "score": rate_chart(tables["score"]).to_dict(),
            "rule": rule_effect_chart(tables["rule"]).to_dict(),
            "dimension": dimension_rate_chart(tables["dimension"]).to_dict(),
            "channel": rate_chart(tables["channel"]).to_dict(),
            "length": rate_chart(tables["length"]).to_dict(),
        }
        if len(tables["weekday"]):
            charts["weekday"] = rate_chart(tables["weekday"], order=WEEKDAYS).to_dict()
    data = OutcomeData(outcomes, frame, too_few, tables, charts)
    st.session_state[_CACHE] = (key, data)
    return data


def run_import(table: pd.DataFrame, mapping: dict[str, str | None], *, keep_text: bool,
               default_channel: str) -> ImportResult:
    """Import ``table`` with a progress bar while its distinct messages are scored (on every
    core when there are many), with the team's weights when it uses its own; OutcomeError for a
    mapping that cannot be used."""
    bar = st.progress(0.0, text="Checking the rows…")

    def moved(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Scoring the messages: {done:,} of {total:,} different ones")

    try:
        return import_outcomes(table, mapping, keep_text=keep_text, default_channel=default_channel,
                               rules=team_rules(), on_progress=moved)
    finally:
        bar.empty()


def save(items: list[Outcome] | OutcomeBatch) -> bool:
    """Store new outcomes for this workspace (saving the workspace too, so its link exists)."""
    ws = get_workspace()
    try:
        persistence.get_store().add_outcomes(ws.id, items)
    except StoreError as err:
        persistence.show_store_error(err)
        return False
    except ValueError as err:
        st.error(str(err), icon=":material/error:")
        return False
    commit_workspace()
    changed()
    return True


def delete(ids: list[str] | None = None) -> int | None:
    try:
        n = persistence.get_store().delete_outcomes(get_workspace().id, ids)
    except StoreError as err:
        persistence.show_store_error(err)
        return None
    changed()
    return n


def calibration() -> Calibration | str | None:
    """The calibration of the current outcomes from the weights now in use, if the user has run
    it (or why it can't be done); None once either has changed."""
    found = st.session_state.get(_CALIBRATION)
    return found[1] if found and found[0] == (_key(), get_workspace().team_rules) else None


def run_calibration(outcomes: list[Outcome]) -> None:
    """Fit from the weights in use (the team's, if it uses its own: its messages were scored with
    them), as ``calibrate --rules`` does."""
    try:
        result: Calibration | str = calibrate(outcomes, team_rules())
    except CalibrationError as err:
        result = str(err)
    st.session_state[_CALIBRATION] = ((_key(), get_workspace().team_rules), result)


def weights_file(result: Calibration) -> str:
    """The team rules file the fitted weights make: from the team's own file when it uses one
    (all it sets is kept, with the fitted values in their place)."""
    rules = team_rules()
    if rules is None:
        return result.to_toml()
    return result.to_toml(rules, tomllib.loads(get_workspace().team_rules), "your team's current weights")


def channel_weight_rows(result: Calibration) -> list[dict]:
    """One row per channel and weight the fit gives that channel of its own."""
    return [
        {"channel": ch, "dimension": d, "it would have": {**result.new_weights, **result.channel_weights.get(ch, {})}[d],
         "its own, fitted": w}
        for ch, change in sorted(result.new_channel_weights.items()) for d, w in change.items()
    ]


def remember_import(summary: dict) -> None:
    st.session_state[_IMPORT_RESULT] = summary


def last_import() -> dict | None:
    return st.session_state.get(_IMPORT_RESULT)


def use_weights(toml_text: str) -> None:
    get_workspace().team_rules = toml_text
    commit_workspace()


def drop_weights() -> None:
    get_workspace().team_rules = ""
    commit_workspace()


def numbers(data: OutcomeData, name: str) -> None:
    """A chart's figures as a table under it: on a phone a chart's tooltips need a mouse, so
    what they say (messages, replies, rate, interval) is also here to tap open."""
    table = data.tables.get(name)
    if table is None or not len(table):
        return
    cols = [c for c in ("dimension", "group", "messages", "replies", "rate", "low", "high") if c in table.columns]
    with st.expander("The numbers", icon=":material/table:"):
        st.dataframe(
            table[cols], hide_index=True, width="stretch", key=f"outcomes_numbers_{name}",
            column_config={
                "group": st.column_config.TextColumn("group"),
                "rate": st.column_config.NumberColumn("reply rate", format="percent"),
                "low": st.column_config.NumberColumn("95% from", format="percent"),
                "high": st.column_config.NumberColumn("95% to", format="percent"),
            },
        )
