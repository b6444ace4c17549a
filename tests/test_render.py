"""The highlighted draft and the channel previews: escaping, overlaps, labels, previews."""

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pitch_lib.diff import diff_html, word_diff
from pitch_lib.engine.channels import CHANNEL_NAMES, get_channel
from pitch_lib.engine.scorecard import Finding
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import CandidateProfile, Pitch, Role
from pitch_lib.rendering.render import (
    channel_preview_html,
    first_line,
    highlight_html,
    initials,
    legend_html,
    length_check,
    number_findings,
    placement,
    suggestions_html,
)
from tests.xss_payloads import XSS_BODY, XSS_NAME, XSS_VARIANT


def F(start, end, *, sev="warning", dim="tone", msg="msg", fix="fix", pts=2.0, field="body", rule="r"):
    return Finding(rule, dim, sev, msg, fix, start, end, pts, field, "")


def strip_tags(s: str) -> str:
    return re.sub(r"<[^>]+>", "", s)


def visible_text(out: str) -> str:
    """The draft text as a reader sees it: no number badges, no whole-text notes, unescaped."""
    draft = out.split('<p class="pw-whole">')[0]
    return html.unescape(strip_tags(re.sub(r"<sup[^>]*>\d+</sup>", "", draft)))


def test_a_finding_is_marked_in_place_with_number_and_tooltip():
    text = "Hi there, rockstar."
    out = highlight_html(text, number_findings([F(10, 18, msg="Coded word", fix="Say 'engineer'")]))
    assert re.search(r'<mark class="pw-m pw-sev-warning"[^>]*title="\[1\] Respectful tone[^"]*Coded word', out)
    assert ">rockstar</mark>" in out
    assert '<sup class="pw-n"' in out and ">1</sup>" in out
    assert "Fix: Say &#x27;engineer&#x27;" in out  # the tooltip is escaped too


def test_user_text_is_always_escaped():
    text = '<script>alert(1)</script> <img src=x onerror="x()"> & "q"'
    out = highlight_html(text, number_findings([F(0, 8, msg="<b>bold</b>")]))
    assert "<script>" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=&quot;x()&quot;&gt;" in out
    assert visible_text(out) == text


def test_overlapping_spans_split_into_pieces_with_both_findings_in_the_tooltip():
    text = "abcdefghij"
    out = highlight_html(text, number_findings([F(0, 6, sev="suggestion"), F(3, 9, sev="error", dim="readability")]))
    marks = re.findall(r'<mark class="([^"]+)"[^>]*title="([^"]+)">([^<]*)</mark>', out)
    assert [m[2] for m in marks] == ["abc", "def", "ghi"]
    assert "pw-sev-suggestion" in marks[0][0]
    assert "pw-sev-error" in marks[1][0] and "pw-overlap" in marks[1][0]  # the more severe one wins the style
    assert "[1]" in marks[1][1] and "[2]" in marks[1][1]
    assert "pw-sev-error" in marks[2][0]
    # text is reconstructed exactly, numbers follow each finding's end
    assert visible_text(out) == text
    assert out.index(">1</sup>") < out.index(">ghi<")


def test_nested_and_identical_spans():
    text = "one two three"
    out = highlight_html(text, number_findings([F(0, 13, sev="suggestion"), F(4, 7), F(4, 7, sev="error")]))
    # the whole-text finding is listed under the text, the two identical ones mark "two"
    assert "About the whole body" in out
    assert re.search(r'pw-sev-error pw-overlap"[^>]*>two</mark>', out)
    assert out.count('class="pw-n"') == 3


def test_missing_and_whole_text_findings_are_listed_not_marked():
    text = "Hello"
    out = highlight_html(text, number_findings([F(0, 0, msg="No question"), F(0, 5, msg="Too short")]))
    assert "<mark" not in out
    assert "No question" in out and "Too short" in out
    assert placement(F(0, 0), 5) == "missing" and placement(F(0, 5), 5) == "whole"
    assert placement(F(1, 3), 5) == "inline" and placement(F(4, 99), 2) == "missing"


def test_findings_of_other_fields_are_ignored_and_out_of_range_spans_clamped():
    text = "Subject line"
    out = highlight_html(text, number_findings([F(0, 4, field="subject"), F(8, 400)]), field="body")
    assert ">line</mark>" in out
    assert out.count("<mark") == 1


def test_empty_text_has_an_empty_state():
    out = highlight_html("", [], empty_text="Write something")
    assert "Write something" in out and "pw-empty" in out


def test_long_text_is_cut_for_display_with_a_note():
    text = "word " * 300_000  # 1.5 MB
    out = highlight_html(text, number_findings([F(0, 4), F(1_000_000, 1_000_004)]), max_chars=20_000)
    assert "showing the first 20,000 of 1,500,000 characters" in out
    assert len(out) < 40_000
    assert out.count("<mark") == 1


def test_emoji_and_rtl_text_keep_their_spans():
    text = "שלום 👋🏽 Dana, مرحبا"
    start = text.index("Dana")
    out = highlight_html(text, number_findings([F(start, start + 4)]))
    assert ">Dana</mark>" in out
    assert 'dir="auto"' in out
    assert "👋🏽" in out and "שלום" in out and "مرحبا" in out


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=6))
def test_never_crashes_and_keeps_all_text(text, spans):
    findings = [F(a, b, sev=("error", "warning", "suggestion")[i % 3]) for i, (a, b) in enumerate(spans)]
    out = highlight_html(text, number_findings(findings))
    assert visible_text(out) == (text or "Nothing written yet.")


def test_legend_names_dimensions_and_severities():
    out = legend_html([F(0, 1, dim="tone"), F(0, 1, dim="tone"), F(0, 1, dim="readability")])
    assert "Respectful tone (2)" in out and "Readability (1)" in out and "Personalisation" not in out
    assert "Must fix" in out and "Should fix" in out and "Could improve" in out
    assert "Personalisation" in legend_html([])


def test_first_line_collapses_whitespace_and_cuts():
    assert first_line("Hi Ana,\n\nI saw   your talk.", 90) == ("Hi Ana, I saw your talk.", False)
    line, cut = first_line("x" * 200, 90)
    assert len(line) == 90 and cut
    assert first_line("", 90) == ("", False)
    line, cut = first_line("a" * 10 + " " * 1000 + "b", 90)
    assert cut  # there is more text after the part that fits


def test_initials():
    assert initials("Aoife Brennan") == "AB" and initials("") == "?" and initials("you") == "Y"


def test_inbox_preview_shows_subject_and_first_line_escaped():
    p = Pitch("email", "Hello <b>", "Hi Ana,\nI saw your talk on <script>x</script> and " + "more " * 40)
    out = channel_preview_html(p, get_channel("email"))
    assert "Hello &lt;b&gt;" in out and "&lt;script&gt;" in out and "<script>" not in out
    assert "…" in out and "phone" in out.lower()
    assert "(no subject)" in channel_preview_html(Pitch("email", "", "Hi"), get_channel("email"))


def test_connection_preview_marks_where_linkedin_cuts():
    body = "a" * 280 + "b" * 40
    out = channel_preview_html(Pitch("linkedin_connection", "", body), get_channel("linkedin_connection"),
                               CandidateProfile(name="Priya <Raman>"))
    assert "✂" in out and "pw-over" in out and "b" * 20 in out
    assert "320/300 characters" in out
    assert "Priya &lt;Raman&gt;" in out


def test_dm_and_job_ad_previews():
    dm = channel_preview_html(Pitch("social_dm", "", "Hola 🎉"), get_channel("social_dm"), CandidateProfile(name="Lucía"))
    assert "Hola 🎉" in dm and "Lucía" in dm
    ad = channel_preview_html(Pitch("job_ad", "", "We are hiring"), get_channel("job_ad"), role=Role(title="Pharmacist", company="H&P"))
    assert "Pharmacist" in ad and "H&amp;P" in ad


def test_length_check_against_limit_and_target():
    c = length_check(Pitch("linkedin_connection", "", "x" * 320), get_channel("linkedin_connection"), words=1)
    assert c.over_limit == 20 and c.fraction_of_limit == 1.0
    assert "320 characters of 300 allowed" in c.summary() and "20 over the limit" in c.summary()
    e = length_check(Pitch("email", "", "x"), get_channel("email"), words=80)
    assert e.over_limit == 0 and "80 words, target 50-125 (on target)" in e.summary()


# --- every rendered surface, with the markup of the bad-input browser journey ---------------------

# The only elements the views build themselves; user markup would add script, img or svg.
APP_TAGS = {"div", "span", "mark", "sup", "p", "b", "q", "h4", "ol", "li", "ins", "del", "br", "table", "tr", "th", "td"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]


def assert_inert(out: str, *shown: str) -> None:
    """Only the app's own elements, no event handler, and each user text shown escaped."""
    parser = _Elements()
    parser.feed(out)
    assert set(parser.tags) <= APP_TAGS, sorted(set(parser.tags) - APP_TAGS)
    assert not parser.handlers, parser.handlers
    for text in shown:
        assert html.escape(text) in out, text


XSS_PROFILE = CandidateProfile(name=XSS_NAME)
XSS_ROLE = Role(title=XSS_VARIANT, company=XSS_NAME, location=XSS_VARIANT)
# What each preview shows of the user's text (previews cut and flatten long bodies).
SHORT_BODY = "Hi <img src=x onerror=\"window.__xss='body'\">, <svg onload=\"window.__xss='svg'\"></svg>"


@pytest.mark.parametrize("channel", CHANNEL_NAMES)
def test_every_channel_preview_escapes_body_subject_and_names(channel):
    pitch = Pitch(channel, XSS_VARIANT, SHORT_BODY)
    out = channel_preview_html(pitch, get_channel(channel), XSS_PROFILE, XSS_ROLE, sender=XSS_NAME)
    shown = [SHORT_BODY]
    if channel in ("email", "linkedin_inmail", "job_ad"):
        shown.append(XSS_VARIANT)  # the subject, or the job ad's title
    if channel in ("linkedin_connection", "social_dm"):
        shown.append(XSS_NAME)  # to whom
    if channel == "job_ad":
        shown.append(f"{XSS_NAME} · {XSS_VARIANT}")  # company · location
    assert_inert(out, *shown)


def test_connection_preview_escapes_the_part_past_the_limit():
    body = "a" * 300 + SHORT_BODY
    out = channel_preview_html(Pitch("linkedin_connection", "", body), get_channel("linkedin_connection"))
    assert_inert(out, SHORT_BODY)


def test_job_ad_preview_falls_back_to_the_role_title_escaped():
    out = channel_preview_html(Pitch("job_ad", "", SHORT_BODY), get_channel("job_ad"), role=XSS_ROLE)
    assert_inert(out, XSS_VARIANT, SHORT_BODY)


def test_highlighted_body_and_subject_and_suggestions_escape_real_findings():
    card = score_pitch(Pitch("email", XSS_VARIANT, XSS_BODY), XSS_PROFILE, XSS_ROLE)
    numbered = number_findings(card.findings())
    assert numbered, "the payload pitch should have findings to show"
    assert_inert(highlight_html(XSS_BODY, numbered, "body"), XSS_BODY)
    assert_inert(highlight_html(XSS_VARIANT, numbered, "subject"), XSS_VARIANT)
    assert_inert(suggestions_html(numbered))


def test_suggestions_escape_the_quoted_text_message_and_fix():
    f = Finding("tone.urgency", "tone", "warning", XSS_NAME, XSS_BODY, 0, 5, 3.0, "body", XSS_VARIANT)
    out = suggestions_html(number_findings([f]))
    assert_inert(out, XSS_NAME, XSS_BODY, XSS_VARIANT)
    assert f"<q dir=\"auto\">{html.escape(XSS_VARIANT)}</q>" in out  # the quoted text, escaped


def test_word_diff_escapes_added_removed_and_kept_words():
    out = diff_html(word_diff(f"keep {XSS_NAME}", f"keep {XSS_VARIANT}"))
    assert_inert(out)
    assert html.escape("<img") in out and html.escape("<script>") in out
def test_mark_numbers_show_their_reason_to_touch_keyboard_and_screen_readers():
    from pitch_lib.engine.scorecard import Finding
    from pitch_lib.rendering.render import highlight_html

    f = Finding(rule="tone.urgency", dimension="tone", severity="warning", message="“ASAP” <b>pressures</b>.",
                suggestion="Drop it.", start=7, end=11, points=8, matched="ASAP")
    html_out = highlight_html("Reply: ASAP please", [(1, f)], "body")
    assert 'tabindex="0"' in html_out and 'aria-label="[1] Respectful tone' in html_out
    assert "data-reason=" in html_out and "<b>pressures</b>" not in html_out  # escaped, never markup
