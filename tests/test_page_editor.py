"""The Draft page with the pitch editor: what Python gives the editor and does with what it sends."""

from __future__ import annotations

import pytest

from tests.editor_driver import editor_data, ignore, settle, type_text
from tests.test_app_pages import load_sample, metric, new_app, ok, workspace


def test_editor_gets_the_draft_its_marks_and_the_word_count():
    at = ok(load_sample(new_app()))
    data = editor_data(at)
    draft = workspace(at).active.draft
    assert (data["subject"], data["body"]) == (draft.subject, draft.body)
    assert data["words"] == int(metric(at, "Words").value)
    assert data["marks"], "the sample's first draft has findings with a place in the text"
    for m in data["marks"]:
        text = data[m["field"]]
        assert 0 <= m["start"] < m["end"] <= len(text)
        assert m["matched"] == text[m["start"]:m["end"]]
        assert m["message"] and m["dim_label"] and m["sev_label"]
    assert not [t for t in at.text_area if t.key in ("draft_body", "draft_subject")]  # no second text box
    assert not any("Your draft, marked up" in s.value for s in at.subheader)


def test_typed_text_is_scored_in_the_same_run():
    at = ok(load_sample(new_app()))
    before = metric(at, "Overall score").value
    better = (
        "Hi Aoife,\n\nYour sepsis screening tool cut time-to-antibiotics from 90 to 45 minutes. "
        "Northside Community Hospital wants that on eight wards: we are hiring a Clinical Nurse Manager 2 "
        "for Critical Care Outreach, 62,000-71,000 EUR, with no night shifts and a funded MSc.\n\n"
        "Would a 15-minute call next week work for you?\n\nBest wishes,\nSarah"
    )
    ok(type_text(at, better))
    assert workspace(at).active.draft.body == better
    data = editor_data(at)
    assert data["body"] == better and data["words"] == int(metric(at, "Words").value) >= len(better.split())
    assert metric(at, "Overall score").value != before


def test_settle_redraws_the_suggestions_and_preview():
    """The page's refresh_on_settle element (told by the editor once typing pauses, when a
    fragment run left the details behind) redraws the suggestions and preview for the text
    typed. AppTest reruns the whole page for a widget, and it has no browser for the telling:
    the browser journey
    test_suggestions_and_preview_follow_once_typing_settles covers it."""
    at = ok(load_sample(new_app()))
    assert editor_data(at)["settle_ms"] == 0  # a whole-page run draws the details itself
    ok(type_text(at, "Hi Aoife, we need a rockstar nurse ASAP."))
    ok(settle(at))
    assert any(s.value.startswith(":material/checklist: Suggestions (") for s in at.subheader)
    preview = next(h for h in at.get("html") if "pw-inbox-first" in h.proto.body)
    assert "we need a rockstar nurse ASAP." in preview.proto.body


def test_text_sent_for_a_replaced_draft_is_not_applied():
    """A late send from the old text must not overwrite what "start from…" put in its place."""
    at = ok(load_sample(new_app()))
    old_doc = editor_data(at)["doc"]
    at.button(key="draft_from_blank").click().run()
    assert editor_data(at)["doc"] != old_doc and editor_data(at)["body"] == ""
    data = editor_data(at)
    data["doc"] = old_doc
    from tests.editor_driver import _send
    ok(_send(at, {"text": {"doc": old_doc, "subject": "", "body": "typed into the old text"}}))
    assert workspace(at).active.draft.body == ""


def test_ignore_here_moves_a_finding_to_the_ignored_list_and_restore_brings_it_back():
    at = ok(load_sample(new_app()))
    mark = editor_data(at)["marks"][0]
    before = metric(at, "Overall score").value
    ok(ignore(at, mark["key"]))
    case = workspace(at).active
    assert case.draft_ignored == [mark["key"]]
    assert mark["key"] not in [m["key"] for m in editor_data(at)["marks"]]
    assert int(metric(at, "Overall score").value.split("/")[0]) >= int(before.split("/")[0])
    assert any(e.label.startswith("Ignored here (") for e in at.expander)
    restore = [b for b in at.button if b.key and b.key.startswith("draft_restore_")]
    restore[0].click().run()
    ok(at)
    assert workspace(at).active.draft_ignored == []
    assert mark["key"] in [m["key"] for m in editor_data(at)["marks"]]


def test_ignored_findings_go_with_a_saved_variant():
    at = ok(load_sample(new_app()))
    key = editor_data(at)["marks"][0]["key"]
    ok(ignore(at, key))
    ok(at.run())  # AppTest's tree holds only what the last run drew (the two fragments): the whole page
    at.text_input(key="draft_variant_name").input("kept wording").run()
    at.button(key="draft_save_variant").click().run()
    ok(at)
    assert workspace(at).active.variants[-1].ignored == [key]


def test_top_five_suggestions_then_show_all():
    at = ok(load_sample(new_app()))
    n = len(editor_data(at)["marks"])
    labels = [e.label for e in at.expander]
    assert any(label.startswith("Show all ") for label in labels) or n <= 5


@pytest.mark.usefixtures("plain_editor")
def test_plain_text_box_when_the_editor_is_switched_off():
    at = ok(load_sample(new_app()))
    assert at.text_area(key="draft_body").value == workspace(at).active.draft.body
    assert any("Your draft, marked up" in s.value for s in at.subheader)


def test_copy_and_open_in_mail_app():
    at = ok(load_sample(new_app()))
    draft = workspace(at).active.draft
    link = next(b for b in at.get("link_button") if b.proto.label == "Open in mail app")
    assert link.proto.url.startswith("mailto:?subject=") and "body=" in link.proto.url
    copies = [e for e in at.get("bidi_component") if e.proto.component_name == "pitch_workshop.copy_button"]
    assert len(copies) == 1
    import json
    assert json.loads(copies[0].proto.json or copies[0].proto.mixed.json)["text"] == (
        f"{draft.subject.strip()}\n\n{draft.body}"
    )


def test_saving_an_empty_draft_says_why_and_saves_nothing():
    """"Save as variant" is drawn outside the parts that follow the typing, so it is never
    greyed out by a stale state; an empty draft is refused with a message instead."""
    at = ok(load_sample(new_app()))
    at.button(key="draft_from_blank").click().run()
    before = len(workspace(at).active.variants)
    ok(at.button(key="draft_save_variant").click().run())
    assert len(workspace(at).active.variants) == before
    assert any("Write something before saving" in e.value for e in at.error)
    ok(type_text(at, "Hi Aoife, would a short call suit you?"))
    ok(at.button(key="draft_save_variant").click().run())
    assert workspace(at).active.variants[-1].pitch.body == "Hi Aoife, would a short call suit you?"


def test_a_pause_does_not_wait_for_a_full_garbage_collection():
    """Streamlit collects all garbage after every run unless told not to; with the engine loaded
    that took 150-700 ms, and the scores sent at the end of each pause's run waited for it
    (bench/bench_pause_parts.py). The app's config turns it off; Python's own collector runs."""
    import tomllib
    from pathlib import Path

    from streamlit import config

    settings = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml").read_text("utf-8"))
    assert settings["runner"]["postScriptGC"] is False
    assert config.get_option("runner.postScriptGC") in (True, False)  # this Streamlit has the option


def test_a_rerun_sends_the_editor_s_data_not_its_script():
    """The app serves static/ (``enableStaticServing``): each component is registered with a
    loader of a few lines that fetches its script and styles from there once, so a pause's
    rerun no longer carries 20 KB of them. The loader names files that exist, by content hash."""
    import hashlib
    import re

    from ui.editor import ASSETS, static_serving

    assert static_serving()
    at = ok(load_sample(new_app()))
    parts = {e.proto.component_name: e.proto for e in at.get("bidi_component")}
    editor = parts["pitch_workshop.pitch_editor"]
    assert len(editor.js_content) < 2000 and not editor.css_content
    assert "function mapMarks" in (ASSETS / "editor.js").read_text("utf-8")  # the real script...
    assert "function mapMarks" not in editor.js_content  # ...is not sent
    urls = re.findall(r'"app/static/pitch_editor/([\w.]+)\?v=(\w+)"', editor.js_content)
    assert {name for name, _ in urls} == {"editor.js", "editor.css"}
    for name, digest in urls:
        assert hashlib.sha256((ASSETS / name).read_bytes()).hexdigest().startswith(digest)
    copy = parts["pitch_workshop.copy_button"]
    assert "copy.js?v=" in copy.js_content and len(copy.js_content) < 2000


def test_without_static_serving_the_scripts_go_inline(monkeypatch):
    """Run with a config that does not serve static/, the components get their files inline."""
    import streamlit.components.v2 as v2

    import ui.editor

    registered = {}
    monkeypatch.setattr(v2, "component", lambda name, **files: registered.setdefault(name, files))
    monkeypatch.setattr(ui.editor, "static_serving", lambda: False)
    ui.editor._register("inline_probe", "editor.js")
    files = registered["pitch_workshop.inline_probe"]
    assert "function mapMarks" in files["js"] and ".pe-root" in files["css"]
    monkeypatch.setattr(ui.editor, "static_serving", lambda: True)
    ui.editor._register("static_probe", "editor.js")
    files = registered["pitch_workshop.static_probe"]
    assert "function mapMarks" not in files["js"] and "editor.js?v=" in files["js"] and "css" not in files
