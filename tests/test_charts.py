"""Chart builders tested as functions, through the Vega-Lite spec."""

import altair as alt

from pitch_lib.compare import COLUMN_LABELS, SCORE_COLUMNS
from pitch_lib.engine.scorecard import DIMENSIONS
from pitch_lib.rendering.charts import VARIANT_COLOURS, dimension_chart, scores_frame

SCORES = {
    "Short": {"overall": 80, **dict.fromkeys(DIMENSIONS, 70)},
    "Long": {"overall": 60, **dict.fromkeys(DIMENSIONS, 55), "tone": 90},
}


def test_frame_has_one_row_per_variant_and_column():
    df = scores_frame(SCORES)
    assert len(df) == 2 * len(SCORE_COLUMNS)
    assert df.loc[(df.variant == "Long") & (df.dimension == "Respectful tone"), "score"].item() == 90
    assert list(df[df.variant == "Short"].dimension) == [COLUMN_LABELS[c] for c in SCORE_COLUMNS]


def test_dimension_chart_spec():
    chart = dimension_chart(SCORES, title="Scores")
    assert isinstance(chart, alt.Chart)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "bar"
    enc = spec["encoding"]
    assert enc["x"]["field"] == "score" and enc["x"]["scale"]["domain"] == [0, 100]
    assert enc["y"]["field"] == "dimension"
    assert enc["y"]["sort"] == ["Overall", "Personalisation", "Readability", "Benefit clarity",
                                "Respectful tone", "Inclusive wording", "Channel fit"]
    assert enc["yOffset"]["field"] == "variant"
    assert enc["color"]["scale"]["domain"] == ["Short", "Long"]
    assert enc["color"]["scale"]["range"] == VARIANT_COLOURS[:2]
    assert [t["field"] for t in enc["tooltip"]] == ["variant", "dimension", "score"]
    # rows set the height: fit the width only, or Vega logs "Dropping fit-y" (Streamlit's default is "fit")
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["title"] == "Scores"
    values = next(iter(spec["datasets"].values()))
    assert {"variant": "Long", "dimension": "Respectful tone", "score": 90, "order": 4} in values


def test_four_variants_and_unusual_names():
    names = ["A | x", "<b>B</b>", "Émile 🎉", "D"]
    chart = dimension_chart({n: {"overall": i * 10} for i, n in enumerate(names)})
    spec = chart.to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == names
    values = next(iter(spec["datasets"].values()))
    assert {v["variant"] for v in values} == set(names)
    assert all(v["score"] == 0 for v in values if v["dimension"] != "Overall")


def test_empty_input_still_builds_a_chart():
    spec = dimension_chart({}).to_dict()
    assert spec["mark"]["type"] == "bar"
