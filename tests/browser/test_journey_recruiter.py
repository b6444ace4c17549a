"""Journey 1, a new recruiter, in a real browser: open the app, load a sample candidate, start a
blank draft, type a pitch, see the scores and the marks appear, improve it and
see the scores change, save two variants, compare them, see the chart, download the CSV and check
that it says what the page said.

Nothing here hard-codes a score: the engine's numbers may change, the journey's logic may not
(a specific, concrete pitch beats a generic one; the CSV matches the page).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from .browser_harness import AOIFE_SPECIFIC, StreamlitPage

pytestmark = pytest.mark.browser

SAMPLE_ID = "icu-nurse-dublin"  # Aoife Brennan, ICU nurse in Dublin (pitch_lib/data/samples.json)
CANDIDATE = "Aoife Brennan"

GENERIC = (
    "Hi Aoife,\n\nI came across your profile and think you would be a great fit for an exciting "
    "opportunity. We are looking for a rockstar nurse who can hit the ground running. Competitive "
    "salary. Please send your CV ASAP.\n\nThanks,\nMark"
)


def _overall(app: StreamlitPage) -> int:
    value = app.metric_value("Overall score")  # "61/100"
    match = re.fullmatch(r"(\d+)/100", value)
    assert match, f"unexpected overall score text {value!r}"
    return int(match.group(1))


def _marks(app: StreamlitPage):
    return app.main.locator(".pe-back .pe-m")


def _save_variant(app: StreamlitPage, name: str, count: int) -> None:
    app.enter_text(app.key("draft_variant_name").locator("input"), name)
    with app.rerun():
        app.key("draft_save_variant").get_by_role("button").click()
    expect(app.page.locator('[data-testid="stToast"]').filter(has_text=f"Saved “{name}”")).to_be_visible()
    expect(app.main.get_by_role("link", name=re.compile(rf"Compare {count} saved variant"))).to_be_visible()
    # the sidebar's count, drawn outside the Draft fragment, is up to date too
    expect(app.sidebar).to_contain_text(f"{count} saved variant")


def test_new_recruiter_from_sample_to_compared_csv(app: StreamlitPage, console_errors, tmp_path):
    # Home: one click on a sample candidate opens the Draft page with their case loaded.
    expect(app.main.get_by_role("heading", name="Pitch Workshop")).to_be_visible()
    sample_card = app.key(f"home_sample_{SAMPLE_ID}")
    with app.rerun():
        sample_card.get_by_role("button").click()
    expect(app.page).to_have_url(re.compile(r"/draft(\?.*)?$"))
    expect(app.main.get_by_text(f"to {CANDIDATE}.", exact=False)).to_be_visible()
    body = app.editor
    expect(body).not_to_have_value("")  # the sample's own first draft

    # Start from a blank page: nothing to score, nothing marked.
    app.main.get_by_role("button", name="Start from…").click()
    with app.rerun():
        app.key("draft_from_blank").get_by_role("button").click()
    expect(body).to_have_value("")
    expect(app.main.get_by_text("Nothing to score yet")).to_be_visible()
    expect(_marks(app)).to_have_count(0)

    # Paste a generic pitch: once it is scored, scores and marks in the text appear.
    app.enter_text(body, GENERIC)
    expect(app.metric("Overall score")).to_be_visible()
    generic_score = _overall(app)
    marks = _marks(app)
    expect(marks.first).to_be_visible()
    for mark in marks.all():
        assert mark.inner_text() in GENERIC, "a highlight must mark the pitch's own words, in place"
        assert mark.get_attribute("data-n"), "every mark is numbered, not told by colour alone"
    expect(app.main.locator(".pw-suggestions li").first).to_be_visible()
    for label in ("Words", "Characters"):
        expect(app.metric(label)).to_be_visible()
    _save_variant(app, "Generic", 1)

    # Rewrite it with the candidate's facts: the score goes up and the change is shown.
    app.enter_text(body, AOIFE_SPECIFIC)
    expect(app.metric("Overall score").locator('[data-testid="stMetricValue"]')).not_to_have_text(
        f"{generic_score}/100"
    )
    specific_score = _overall(app)
    assert specific_score > generic_score, (generic_score, specific_score)
    delta = app.metric("Overall score").locator('[data-testid="stMetricDelta"]')
    expect(delta).to_contain_text(str(specific_score - generic_score))
    _save_variant(app, "Specific", 2)

    # Compare: both variants side by side, a winner, the chart.
    app.nav("Compare")
    expect(app.main.get_by_role("heading", name="Generic")).to_be_visible()
    expect(app.main.get_by_role("heading", name=re.compile(r"^Specific"))).to_be_visible()
    expect(
        app.main.locator('[data-testid="stAlert"]').filter(has_text="Best overall: Specific")
    ).to_be_visible()
    chart = app.main.locator('[data-testid="stVegaLiteChart"]')
    expect(chart).to_be_visible()
    expect(chart.locator("canvas, svg").first).to_be_visible()
    box = chart.bounding_box()
    assert box and box["height"] > 100 and box["width"] > 300, f"chart too small to read: {box}"

    # Download the CSV and check it says what the page said.
    with app.page.expect_download() as download_info:
        app.key("compare_export_csv").get_by_role("button").click()
    download = download_info.value
    assert download.suggested_filename == "aoife-brennan-comparison.csv"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [row["variant"] for row in rows] == ["Generic", "Specific"]
    by_name = {row["variant"]: row for row in rows}
    assert int(by_name["Generic"]["overall"]) == generic_score
    assert int(by_name["Specific"]["overall"]) == specific_score
    assert by_name["Generic"]["body"] == GENERIC
    assert by_name["Specific"]["body"] == AOIFE_SPECIFIC
    for column in (
        "personalisation",
        "readability",
        "benefit_clarity",
        "tone",
        "inclusivity",
        "channel_fit",
    ):
        assert 0 <= int(by_name["Specific"][column]) <= 100, column
    assert "Overall" in by_name["Specific"]["best_at"]

    assert not app.exceptions.count()
    assert not console_errors, console_errors
