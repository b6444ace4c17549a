"""Altair charts as pure functions (tested through ``chart.to_dict()``)."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from pitch_lib.compare import COLUMN_LABELS, SCORE_COLUMNS

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
# For charts whose height comes from their rows (alt.Step): fit the width only. Streamlit's default,
# "fit", makes Vega log "Dropping fit-y from autosize" for every such chart.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")

VARIANT_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]


def scores_frame(scores: Mapping[str, Mapping[str, int]]) -> pd.DataFrame:
    """Long format: one row per (variant, score column), in display order."""
    rows = [
        {"variant": name, "dimension": COLUMN_LABELS[col], "score": int(s.get(col, 0)), "order": i}
        for name, s in scores.items()
        for i, col in enumerate(SCORE_COLUMNS)
    ]
    return pd.DataFrame(rows, columns=["variant", "dimension", "score", "order"])


def dimension_chart(scores: Mapping[str, Mapping[str, int]], *, title: str = "") -> alt.Chart:
    """Grouped horizontal bars: the overall score and the six dimensions, one bar per variant.

    ``scores`` maps a variant name to its scores ({'overall': n, 'personalisation': n, ...}).
    Horizontal bars keep the dimension names readable on a phone.
    """
    data = scores_frame(scores)
    names = list(scores)
    dim_order = [COLUMN_LABELS[c] for c in SCORE_COLUMNS]
    chart = (
        alt.Chart(data, title=title or alt.Undefined)
        .mark_bar(cornerRadiusEnd=3)
        .encode(
            y=alt.Y("dimension:N", sort=dim_order, title=None, axis=alt.Axis(labelLimit=160)),
            yOffset=alt.YOffset("variant:N", sort=names),
            x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0-100)"),
            color=alt.Color(
                "variant:N",
                sort=names,
                scale=alt.Scale(domain=names, range=VARIANT_COLOURS[: max(1, len(names))]),
                legend=alt.Legend(title="Variant", orient="top", labelLimit=220),
            ),
            tooltip=[
                alt.Tooltip("variant:N", title="Variant"),
                alt.Tooltip("dimension:N", title="Score"),
                alt.Tooltip("score:Q", title="Points"),
            ],
        )
        .properties(height=alt.Step(max(6, 24 // max(1, len(names)))), autosize=FIT_WIDTH)
    )
    return chart
