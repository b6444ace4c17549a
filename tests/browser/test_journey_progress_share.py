"""Journey: a learner shares their progress read-only with a facilitator, then revokes it.

Two browsers: the learner makes a share link on Progress and copies it; the facilitator opens
that link, follows it, and sees the learner in the Team view; the learner revokes the link and
the facilitator's Team view says it shows nothing any more.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .browser_harness import StreamlitPage

pytestmark = pytest.mark.browser


def _start(app: StreamlitPage, name: str) -> None:
    app.open("training_progress")
    box = app.key("training_new_learner").locator("input")
    box.fill(name)
    with app.rerun():
        box.press("Enter")
    with app.rerun():
        app.key("training_start").get_by_role("button").click()


def test_a_learner_shares_progress_and_revokes_it(make_page, app_url, console_errors):
    learner = StreamlitPage(make_page(permissions=["clipboard-read", "clipboard-write"]), app_url)
    facilitator = StreamlitPage(make_page(), app_url)

    _start(learner, "Dee Osei")
    label = learner.key("training_share_label").locator("input")
    label.fill("Fran, team lead")
    with learner.rerun():
        label.press("Enter")
    with learner.rerun():
        learner.key("training_share_create").get_by_role("button").click()
    expect(learner.main.get_by_text("it is shown only once")).to_be_visible()
    with learner.rerun():
        learner.key("training_share_copy").get_by_role("button", name="Copy link").click()
    link = learner.page.evaluate("navigator.clipboard.readText()")
    assert re.search(r"/training_progress\?share=[A-Za-z0-9_-]{16,}$", link), link
    assert "ws=" not in link

    # The facilitator opens the link: the Follow box is filled in; one click follows.
    facilitator.page.goto(link)
    facilitator.wait_idle()
    expect(facilitator.main.get_by_text("You opened a learner's progress share link")).to_be_visible()
    facilitator.main.get_by_role("tab", name="Team view").click()
    with facilitator.rerun():
        facilitator.key("training_team_follow").get_by_role("button").click()
    expect(facilitator.main.locator("[role=gridcell]", has_text="Dee Osei")).to_have_count(1)  # a row of the team table

    # The learner revokes it; the facilitator's next look says so, and shows Dee no more.
    with learner.rerun():
        learner.key("training_share_revoke_0").get_by_role("button").click()
    expect(learner.main.get_by_text("Fran, team lead")).to_have_count(0)
    facilitator.page.reload()
    facilitator.wait_idle()
    facilitator.main.get_by_role("tab", name="Team view").click()
    expect(facilitator.main.get_by_text("no longer show anything")).to_be_visible()
    assert learner.exceptions.count() == 0 and facilitator.exceptions.count() == 0
