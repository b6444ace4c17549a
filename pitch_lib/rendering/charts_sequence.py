"""The outreach plan's timeline as an Altair chart (a pure function, tested through ``to_dict()``)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from pitch_lib.engine.scorecard import Scorecard
from pitch_lib.rendering.charts import FIT_WIDTH
from pitch_lib.sequence import (
    KINDS,
    WEEKDAY_NAMES,
    SequenceCritique,
    SequencePlan,
    channel_label,
)

# What the worst finding on a touch looks like (Okabe-Ito colours, safe for colour-blind readers).
STATE_COLOURS: dict[str, str] = {
    "No issues": "#009E73",
    "Suggestion": "#56B4E9",
    "Warning": "#E69F00",
    "Error": "#D55E00",
    "Cancelled (after the reply)": "#999999",
}
_SEVERITY_STATE = {"suggestion": "Suggestion", "warning": "Warning", "error": "Error"}
_COLUMNS = ["touch", "label", "date", "weekday", "kind", "channel", "status", "state", "score", "findings", "subject"]


def timeline_frame(
    plan: SequencePlan,
    critique: SequenceCritique | None = None,
    scorecards: list[Scorecard | None] | None = None,
) -> pd.DataFrame:
    """One row per touch: when, what, its status, the worst finding and its score."""
    rows = []
    for i, (t, d) in enumerate(zip(plan.touches, plan.dates(), strict=True)):
        status = plan.status(i)
        found = critique.for_touch(i) if critique else []
        if status == "cancelled":
            state = "Cancelled (after the reply)"
        elif found:
            worst = max(found, key=lambda f: ("suggestion", "warning", "error").index(f.severity))
            state = _SEVERITY_STATE[worst.severity]
        else:
            state = "No issues"
        card = scorecards[i] if scorecards and i < len(scorecards) else None
        rows.append(
            {
                "touch": i + 1,
                "label": str(i + 1) + (" ✓" if status == "replied" else ""),
                "date": pd.Timestamp(d),
                "weekday": WEEKDAY_NAMES[d.weekday()],
                "kind": t.kind_label,
                "channel": channel_label(t.channel),
                "status": {"planned": "Planned", "replied": "Replied here", "cancelled": "Cancelled"}[status],
                "state": state,
                "score": None if card is None or card.empty else int(card.overall),
                "findings": len(found),
                "subject": t.subject if t.subject else t.note[:80],
            }
        )
    return pd.DataFrame(rows, columns=_COLUMNS)


def timeline_chart(
    plan: SequencePlan,
    critique: SequenceCritique | None = None,
    scorecards: list[Scorecard | None] | None = None,
) -> alt.LayerChart:
    """Touches on a date axis, one lane per kind of touch, numbered in order and coloured by
    their worst finding; cancelled touches (after the reply) are grey and faint."""
    data = timeline_frame(plan, critique, scorecards)
    used = set(data["kind"])
    lanes = [k.label for k in KINDS.values() if k.label in used]  # in the order of a typical plan
    states = list(STATE_COLOURS)
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%a %d %b", labelAngle=0, labelOverlap=True)),
        y=alt.Y("kind:N", sort=lanes, title=None, scale=alt.Scale(domain=lanes), axis=alt.Axis(labelLimit=160)),
    )
    path = base.mark_line(color="#9AA5B1", strokeDash=[4, 3], strokeWidth=1).encode(order="touch:Q")
    points = base.mark_circle(size=420, stroke="#1F2933", strokeWidth=1).encode(
        color=alt.Color(
            "state:N",
            title="Worst finding",
            scale=alt.Scale(domain=states, range=[STATE_COLOURS[s] for s in states]),
            legend=alt.Legend(orient="top", labelLimit=240),
        ),
        opacity=alt.condition(alt.datum.status == "Cancelled", alt.value(0.35), alt.value(1.0)),
        tooltip=[
            alt.Tooltip("touch:Q", title="Touch"),
            alt.Tooltip("date:T", title="Date", format="%a %d %b %Y"),
            alt.Tooltip("kind:N", title="Kind"),
            alt.Tooltip("channel:N", title="Channel"),
            alt.Tooltip("status:N", title="Status"),
            alt.Tooltip("score:Q", title="Message score"),
            alt.Tooltip("findings:Q", title="Cadence findings"),
            alt.Tooltip("subject:N", title="Subject or note"),
        ],
    )
    labels = base.mark_text(fontSize=12, fontWeight="bold", color="#FFFFFF").encode(text="label:N")
    return alt.layer(path, points, labels).properties(height=alt.Step(44), autosize=FIT_WIDTH)
