"""Journey: plan outreach for a sample candidate in a real browser, from a template, then
download the calendar file and the spreadsheet and check that they parse."""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from .browser_harness import StreamlitPage

pytestmark = pytest.mark.browser

SCREENSHOT_DIR = os.environ.get("PITCH_SCREENSHOTS")  # set to a folder to keep screenshots


def _shot(app: StreamlitPage, name: str) -> None:
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        app.page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)


def _start_with_a_sample(app: StreamlitPage) -> None:
    """From the outreach page's empty state, load a sample candidate as a new user would."""
    app.nav("Outreach plan")
    expect(app.main.get_by_text("No candidate yet")).to_be_visible()
    with app.rerun():
        app.main.get_by_role("link", name="Pick a sample candidate").click()
    with app.rerun():
        app.page.locator('[class*="st-key-home_sample_"]').first.get_by_role("button").click()
    app.wait_idle()
    app.nav("Outreach plan")


def test_build_a_plan_from_a_template_and_download_the_calendar(app: StreamlitPage, console_errors, tmp_path):
    _start_with_a_sample(app)
    expect(app.main.get_by_text("yet", exact=False).first).to_be_visible()
    app.main.get_by_text("Warm start for a passive candidate").click()
    name = app.key("seq_new_your_name").locator("input")
    name.fill("Sam Rivera")
    name.press("Tab")
    app.wait_idle()
    with app.rerun():
        app.key("seq_build").get_by_role("button").click()

    touches = app.page.locator('[class*="st-key-seq_touch_box_"]')
    expect(touches).to_have_count(5)
    expect(app.main.get_by_text("Pestering risk", exact=True).first).to_be_visible()
    expect(app.main.locator('[data-testid="stVegaLiteChart"]')).to_be_visible()
    _shot(app, "sequence-built")

    # Edit the first follow-up in the browser: guilt in a follow-up is flagged.
    body = touches.nth(3).locator("textarea")
    body.fill("Hi, I haven't heard back from you. Please reply ASAP.")
    with app.rerun():
        body.press("Control+Enter")
    expect(app.main.get_by_text("Follow-up touch 4 adds pressure", exact=False)).to_be_visible()

    with app.page.expect_download() as ics_info:
        app.key("seq_ics").get_by_role("button").click()
    ics_path = tmp_path / "plan.ics"
    ics_info.value.save_as(ics_path)
    assert ics_info.value.suggested_filename.endswith(".ics")
    cal = icalendar.Calendar.from_ical(ics_path.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 5
    starts = [e.start for e in events]
    assert all(isinstance(d, date) and d.weekday() < 5 for d in starts), starts  # business days
    assert starts == sorted(starts)
    assert all(e.get("UID") and e.get("DTSTAMP") and e.get("SUMMARY") for e in events)
    assert "Sam Rivera" in str(events[1]["DESCRIPTION"])
    assert "haven't heard back" in str(events[3]["DESCRIPTION"])

    with app.page.expect_download() as csv_info:
        app.key("seq_csv").get_by_role("button").click()
    csv_path = tmp_path / "plan.csv"
    csv_info.value.save_as(csv_path)
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert [r["touch"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [r["date"] for r in rows] == [d.isoformat() for d in starts]

    assert app.exceptions.count() == 0
    assert not [e for e in console_errors if "_stcore/" not in e], console_errors
