"""Journey: import an ATS export on the Outcomes page, read the chart, calibrate and use the
fitted weights, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pitch_lib.demo_outcomes import demo_csv

from .browser_harness import StreamlitPage
from .test_journey_sequence import _shot  # PITCH_SCREENSHOTS=folder keeps screenshots

pytestmark = pytest.mark.browser


def _tab(app: StreamlitPage, name: str) -> None:
    app.main.get_by_role("tab", name=name).click()


def test_import_a_csv_read_the_chart_and_apply_weights(app: StreamlitPage, console_errors, tmp_path):
    export = tmp_path / "ats-export.csv"
    text = demo_csv(400, seed=21) + 'Zed Q.,fax,Hi,"Hello Zed, a short note.",2025-01-07,no,\n'
    export.write_text(text, encoding="utf-8")

    app.nav("Outcomes")
    expect(app.main.get_by_text("Too few messages to conclude anything yet", exact=False)).to_be_visible()
    _tab(app, "Import a file")
    with app.rerun():
        app.key("outcomes_upload_0").locator('input[type="file"]').set_input_files(str(export))
    expect(app.main.get_by_text("401 rows, 7 columns", exact=False)).to_be_visible()
    with app.rerun(timeout=240_000):
        app.main.get_by_role("button", name="Import 401 rows").click()
    expect(app.main.get_by_text("Imported 400 of 401 rows of ats-export.csv; 1 row skipped (the reasons are below).")).to_be_visible()
    expect(app.main.get_by_text("channel “fax” is not one of", exact=False).first).to_be_attached()
    _shot(app, "outcomes-imported")

    _tab(app, "Results")
    expect(app.metric("Messages logged")).to_contain_text("400")
    charts = app.main.locator('[data-testid="stVegaLiteChart"]')
    expect(charts.first).to_be_visible()
    assert charts.count() >= 6
    expect(app.main.get_by_text("By rule: reply rate with and without each finding")).to_be_visible()
    _shot(app, "outcomes-results")

    _tab(app, "Calibrate")
    with app.rerun(timeout=240_000):
        app.key("outcomes_fit").get_by_role("button").click()
    expect(app.metric("AUC, fitted weights")).to_be_visible()
    fitted = float(app.metric_value("AUC, fitted weights").split()[0])
    current = float(app.metric_value("AUC, current weights").split()[0])
    assert fitted > current
    expect(app.main.get_by_text("would reward pressure", exact=False).first).to_be_visible()
    _shot(app, "outcomes-calibrate")
    with app.rerun():
        app.key("outcomes_use_weights").get_by_role("button").click()
    _tab(app, "Calibrate")
    expect(app.main.get_by_text("Your team's weights are in use", exact=False)).to_be_visible()
    assert not console_errors
