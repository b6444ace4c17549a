"""A pitch as plain text for the clipboard and as a mailto: link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from pitch_lib.models import Pitch
from pitch_lib.sending import MAX_MAILTO_CHARS, mailto_link, plain_text


def test_plain_text_is_subject_blank_line_body():
    assert plain_text(Pitch(subject="Your sepsis tool", body="Hi Aoife,\n\nA short note.")) == (
        "Your sepsis tool\n\nHi Aoife,\n\nA short note."
    )
    assert plain_text(Pitch(channel="linkedin_connection", body="Hi Aoife")) == "Hi Aoife"


def test_mailto_carries_subject_and_body_and_nothing_else():
    pitch = Pitch(subject="Pay & hours?", body="Hi Aoife,\nline two <b>x</b>\n&bcc=evil@example.com 👋 مرحبا")
    link, whole = mailto_link(pitch)
    assert whole and link.startswith("mailto:?subject=")
    query = parse_qs(urlsplit(link).query)
    assert set(query) == {"subject", "body"}  # the text cannot add a header
    assert query["subject"] == ["Pay & hours?"]
    assert query["body"] == ["Hi Aoife,\r\nline two <b>x</b>\r\n&bcc=evil@example.com 👋 مرحبا"]


def test_a_long_body_leaves_the_link_with_the_subject_only():
    link, whole = mailto_link(Pitch(subject="Hello", body="word " * 1000))
    assert not whole and "body=" not in link and len(link) <= MAX_MAILTO_CHARS
