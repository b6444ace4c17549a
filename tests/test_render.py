"""The highlighted draft and the channel previews: escaping, overlaps, labels, previews."""

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from pitch_lib.engine.channels import get_channel
from pitch_lib.engine.scorecard import Finding
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
)


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


def test_mark_numbers_show_their_reason_to_touch_keyboard_and_screen_readers():
    from pitch_lib.engine.scorecard import Finding
    from pitch_lib.rendering.render import highlight_html

    f = Finding(rule="tone.urgency", dimension="tone", severity="warning", message="“ASAP” <b>pressures</b>.",
                suggestion="Drop it.", start=7, end=11, points=8, matched="ASAP")
    html_out = highlight_html("Reply: ASAP please", [(1, f)], "body")
    assert 'tabindex="0"' in html_out and 'aria-label="[1] Respectful tone' in html_out
    assert "data-reason=" in html_out and "<b>pressures</b>" not in html_out  # escaped, never markup
