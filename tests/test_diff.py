"""Word-level diff: what changed, counted in words, shown as escaped ins/del marks."""

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from pitch_lib.diff import diff_html, tokens, word_diff


def test_identical_texts_have_no_changes():
    d = word_diff("Hi Ana, see you soon.", "Hi Ana, see you soon.")
    assert not d.changed and d.words_added == d.words_removed == 0 and d.similarity() == 1.0


def test_replaced_word_is_counted_and_marked():
    d = word_diff("Hi Ana, we offer a competitive salary.", "Hi Ana, we offer 85-95k EUR.")
    assert d.changed
    assert d.words_removed == 3 and d.words_added == 2
    out = diff_html(d)
    assert '<del title="removed">a competitive salary.</del>' in out
    assert '<ins title="added">85-95k EUR.</ins>' in out
    assert out.startswith('<div class="pw-diff" dir="auto">Hi Ana, we offer ')


def test_rewrapping_is_not_a_change():
    d = word_diff("one two\nthree", "one two three")
    assert not d.changed


def test_insert_and_delete():
    d = word_diff("a b c", "a x b", short_equal=0)
    ops = [(o.op, o.old.strip(), o.new.strip()) for o in d.ops]
    assert ("insert", "", "x") in ops and ("delete", "c", "") in ops
    assert d.words_added == 1 and d.words_removed == 1
    # with the default cleanup the lone kept "b" joins the change around it
    merged = word_diff("a b c", "a x b")
    assert [(o.op, o.old.strip(), o.new.strip()) for o in merged.ops] == [("equal", "a", "a"), ("replace", "b c", "x b")]


def test_diff_html_escapes_everything():
    d = word_diff("<b>old</b> & x", '<script>alert("x")</script> & x')
    out = diff_html(d)
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out


def test_empty_texts():
    assert "both texts are empty" in diff_html(word_diff("", ""))
    d = word_diff("", "new words here")
    assert d.words_added == 3 and d.words_removed == 0


def test_long_texts_are_capped():
    d = word_diff("word " * 20_000, "word " * 19_999 + "end", max_words=1000)
    assert d.truncated and "only the start was compared" in diff_html(d)


def test_emoji_and_rtl():
    d = word_diff("שלום Dana 👋", "שלום Dana 🎉")
    out = diff_html(d)
    assert "<del" in out and "👋" in out and "🎉" in out and "שלום" in out


def test_tokens_keep_all_characters():
    assert "".join(tokens("  a  b\n\nc ")) == "  a  b\n\nc "


@given(st.text(max_size=80), st.text(max_size=80))
def test_new_text_words_survive_in_the_view(a, b):
    out = diff_html(word_diff(a, b))
    visible = re.sub(r"<del[^>]*>.*?</del>", "", out, flags=re.S)
    visible = html.unescape(re.sub(r"<[^>]+>", "", visible))
    assert visible.split() == b.split() or (not a and not b)


def test_short_kept_runs_between_changes_join_the_change():
    d = word_diff("I hope this finds you well for an exciting role", "Your tool cut waiting times for patients")
    assert [o.op for o in d.ops] == ["replace"]  # "for" alone is not shown as kept
    kept = word_diff("Hi Ana, old words here. See you soon, Ana.", "Hi Ana, new text here. See you soon, Ana.", short_equal=0)
    assert [o.op for o in kept.ops] == ["equal", "replace", "equal"]
    # a longer kept run stays visible
    d = word_diff("a b c d e f", "x c d e y")
    assert [o.op for o in d.ops] == ["replace", "equal", "replace"]
