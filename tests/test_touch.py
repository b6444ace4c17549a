"""Issue 14, item 3: no information only a mouse can reach.

Streamlit draws a widget's ``help=`` as a (?) button that a tap opens, so those are fine; on a
button, though, ``help=`` is a hover tooltip that a tap never shows (the tap presses the
button). In the HTML the app builds, a ``title`` is hover-only too, and CSS that shows
something on ``:hover`` alone has no touch equivalent. The browser journey
tests/browser/test_journey_touch.py taps through the pages on a phone.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import Pitch
from pitch_lib.rendering.render import CSS, highlight_html, number_findings

ROOT = Path(__file__).resolve().parents[1]
CODE = sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("pitch_lib/rendering/*.py")])
BODY = "Hi, exciting opportunity!! Reply ASAP."
BUTTONS = {"button", "download_button", "link_button", "page_link", "form_submit_button", "popover"}


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_button_hides_its_help_in_a_hover_tooltip(path):
    calls = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)]
    hidden = [
        n.lineno for n in calls
        if getattr(n.func, "attr", getattr(n.func, "id", "")) in BUTTONS and any(k.arg == "help" for k in n.keywords)
    ]
    assert not hidden, f"{path.name}: help= on a button at lines {hidden}: say it in a caption next to it"


def test_titles_are_never_the_only_place_a_reason_is():
    # A mark's title lists its findings for a mouse; the numbered badge after it (focusable, with
    # an aria-label and a data-reason the CSS shows on focus) says the same on a tap. No other
    # element the app builds has a title.
    tags = [(path, tag) for path in CODE for tag in re.findall(r"<[a-z]+[^<>]*\stitle=[^<>]*>", path.read_text("utf-8"))]
    assert len(tags) >= 2  # the mark and its badge: the pattern finds what it is meant to
    for path, tag in tags:
        assert tag.startswith("<mark") or ('tabindex="0"' in tag and "data-reason=" in tag), (path.name, tag)
    for path in ROOT.glob("static/pitch_editor/*.js"):
        assert not re.search(r"\.title\s*=|setAttribute\(\s*[\"']title", path.read_text(encoding="utf-8")), path.name

    card = score_pitch(Pitch("email", "", BODY))
    html = highlight_html(BODY, number_findings(card.findings()), "body")
    assert "<mark" in html and 'tabindex="0"' in html and "data-reason=" in html
    assert ":focus::after{content:attr(data-reason)" in CSS.replace(" ", "")


def test_no_css_shows_anything_on_hover_alone():
    for path in [*CODE, *ROOT.glob("static/pitch_editor/*.css")]:
        for rule in re.findall(r"[^{}]*:hover[^{]*\{[^}]*\}", path.read_text(encoding="utf-8")):
            assert not re.search(r"display|visibility|opacity|content|max-height", rule), f"{path.name}: {rule.strip()}"


def test_the_connection_note_cut_is_explained_in_words():
    from pitch_lib.engine.channels import get_channel
    from pitch_lib.rendering.render import channel_preview_html

    html = channel_preview_html(Pitch("linkedin_connection", "", "Hi Aoife, " + "a long note " * 40), get_channel("linkedin_connection"))
    assert "✂ marks where the 300-character limit cuts the note." in html and "title=" not in html
