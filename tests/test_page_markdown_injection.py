"""Markdown injection (issue 13, item 10): a name written by a user never becomes a link, an
image or formatting in a toast or a message."""

from __future__ import annotations

import re

from tests.test_app_pages import load_sample, new_app, ok, workspace

EVIL = "[Session expired](https://evil.example) ![x](https://evil.example/pixel.png) **bold**"
LIVE_LINK = re.compile(r"(?<!\\)\]\(https://evil")  # "](" not escaped: Markdown makes it a link


def messages(at) -> list[str]:
    """Every toast and alert the page shows (all are rendered as Markdown)."""
    return [str(e.value) for e in (*at.toast, *at.success, *at.error, *at.warning, *at.info)]


def assert_inert(texts: list[str]) -> None:
    shown = [t for t in texts if "evil.example" in t]
    assert shown, "the message with the name was not shown"
    for text in shown:
        assert not LIVE_LINK.search(text), text
        assert "\\[Session expired\\]" in text and "\\*\\*bold\\*\\*" in text


def test_a_variant_name_is_escaped_in_the_toasts():
    at = load_sample(new_app())
    at.text_input(key="draft_variant_name").input(EVIL).run()
    at.button(key="draft_save_variant").click().run()
    ok(at)
    assert_inert(messages(at))  # "Saved …"
    variant = workspace(at).active.variants[0]
    at.selectbox(key="draft_from_variant").set_value(variant.id).run()
    at.button(key="draft_from_variant_load").click().run()
    ok(at)
    assert_inert(messages(at))  # "Started from the variant …"
    at.switch_page("pages/compare.py").run()
    at.button(key=f"compare_delete_{variant.id}").click().run()
    ok(at)
    assert_inert(messages(at))  # "Deleted …"


def test_a_candidate_name_is_escaped_when_it_is_deleted():
    at = load_sample(new_app())
    at.switch_page("pages/profile.py").run()
    at.text_input(key="profile_profile_name").input(EVIL).run()
    ok(at)
    at.button(key="profile_delete_confirm").click().run()
    ok(at)
    assert_inert(messages(at))
