"""Altair charts for the Outcomes page: reply rates with their intervals, rule effects, weights.

Pure functions of the tables in :mod:`pitch_lib.outcome_stats` (tested through ``to_dict()``).
Groups too small to say anything are drawn in grey and say so in their tooltip.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS
from pitch_lib.rendering.charts import VARIANT_COLOURS

BLUE, ORANGE, GREEN, GREY = VARIANT_COLOURS[0], VARIANT_COLOURS[1], VARIANT_COLOURS[2], "#9E9E9E"


def rate_chart(table: pd.DataFrame, *, title: str = "", order: list[str] | None = None) -> alt.LayerChart:
    """Reply rate per group: a bar for the rate and a line for its 95% interval."""
    data = table.assign(
        sample=table["enough"].map({True: "enough messages", False: "too few to say"}),
        label=table["messages"].map(lambda n: f"n={n:,}"),
    )
    x = alt.X("group:N", sort=order or list(table["group"]), title=None, axis=alt.Axis(labelAngle=0, labelLimit=120))
    tooltip = [
        alt.Tooltip("group:N", title="group"), alt.Tooltip("messages:Q", title="messages", format=","),
        alt.Tooltip("replies:Q", title="replies", format=","), alt.Tooltip("rate:Q", title="reply rate", format=".0%"),
        alt.Tooltip("low:Q", title="95% interval from", format=".0%"), alt.Tooltip("high:Q", title="to", format=".0%"),
        alt.Tooltip("sample:N", title="sample"),
    ]
    base = alt.Chart(data, title=title or alt.Undefined)
    bars = base.mark_bar(opacity=0.85).encode(
        x=x,
        y=alt.Y("rate:Q", title="reply rate", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("sample:N", scale=alt.Scale(domain=["enough messages", "too few to say"], range=[BLUE, GREY]),
                        legend=alt.Legend(title=None, orient="bottom")),
        tooltip=tooltip,
    )
    interval = base.mark_rule(strokeWidth=2, color="#333333").encode(x=x, y="low:Q", y2="high:Q", tooltip=tooltip)
    counts = base.mark_text(dy=-6, fontSize=10, color="#555555").encode(x=x, y="high:Q", text="label:N")
    return (bars + interval + counts).properties(height=220)


def dimension_rate_chart(table: pd.DataFrame) -> alt.FacetChart:
    """Reply rate by band of each dimension's score, one small panel per dimension."""
    order = [DIMENSION_LABELS[d] for d in DIMENSIONS]
    data = table.assign(sample=table["enough"].map({True: "enough messages", False: "too few to say"}))
    x = alt.X("group:N", sort=["under 60", "60-79", "80-100"], title=None, axis=alt.Axis(labelAngle=0))
    tooltip = ["dimension:N", "group:N", alt.Tooltip("messages:Q", format=","), alt.Tooltip("rate:Q", format=".0%"),
               alt.Tooltip("low:Q", format=".0%"), alt.Tooltip("high:Q", format=".0%"), "sample:N"]
    base = alt.Chart(data)
    bars = base.mark_bar(opacity=0.85).encode(
        x=x, y=alt.Y("rate:Q", title="reply rate", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("sample:N", scale=alt.Scale(domain=["enough messages", "too few to say"], range=[BLUE, GREY]),
                        legend=alt.Legend(title=None, orient="bottom")),
        tooltip=tooltip,
    )
    interval = base.mark_rule(strokeWidth=2, color="#333333").encode(x=x, y="low:Q", y2="high:Q")
    return (bars + interval).properties(width=150, height=150).facet(
        facet=alt.Facet("dimension:N", sort=order, title=None), columns=3
    )


def rule_effect_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Each rule's difference in reply rate (with its finding minus without), with the 95%
    interval; left of zero: fewer replies when the rule fires."""
    data = table[table["verdict"] != "too few to say"]
    order = list(data.sort_values("difference")["rule"])
    colours = alt.Scale(domain=["fewer replies", "no clear difference", "more replies"], range=[ORANGE, GREY, GREEN])
    y = alt.Y("rule:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        "rule:N", alt.Tooltip("with:Q", title="messages with it", format=","),
        alt.Tooltip("rate_with:Q", title="reply rate with", format=".0%"),
        alt.Tooltip("rate_without:Q", title="reply rate without", format=".0%"),
        alt.Tooltip("difference:Q", format="+.0%"), alt.Tooltip("low:Q", title="95% interval from", format="+.0%"),
        alt.Tooltip("high:Q", title="to", format="+.0%"), "verdict:N",
    ]
    base = alt.Chart(data)
    rules = base.mark_rule(strokeWidth=3).encode(
        y=y, x=alt.X("low:Q", title="difference in reply rate when the finding is there", axis=alt.Axis(format="+%")),
        x2="high:Q", color=alt.Color("verdict:N", scale=colours, legend=alt.Legend(title=None, orient="bottom")),
        tooltip=tooltip,
    )
    points = base.mark_point(filled=True, size=60, color="#222222").encode(y=y, x="difference:Q", tooltip=tooltip)
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(strokeDash=[4, 3], color="#555555").encode(x="x:Q")
    return (zero + rules + points).properties(height=max(120, 22 * len(data)))


def weights_chart(current: dict[str, float], fitted: dict[str, float]) -> alt.Chart:
    """The six dimension weights, current and fitted, side by side, as the formula uses them
    (the first two mix into the substance; the others are exponents / strength)."""
    rows = [{"dimension": DIMENSION_LABELS[d], "weights": "current", "weight": current[d]} for d in DIMENSIONS]
    rows += [{"dimension": DIMENSION_LABELS[d], "weights": "fitted", "weight": fitted[d]} for d in DIMENSIONS]
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y("dimension:N", sort=[DIMENSION_LABELS[d] for d in DIMENSIONS], title=None),
            yOffset=alt.YOffset("weights:N", sort=["current", "fitted"]),
            x=alt.X("weight:Q", title="weight in the scoring formula"),
            color=alt.Color("weights:N", scale=alt.Scale(domain=["current", "fitted"], range=[GREY, BLUE]),
                            legend=alt.Legend(title=None, orient="bottom")),
            tooltip=["dimension:N", "weights:N", alt.Tooltip("weight:Q", format=".3f")],
        )
        .properties(height=260)
    )
