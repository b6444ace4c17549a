"""Text analysis: spans, sentences, readability formulas agree with textstat."""

import pytest
import textstat

from pitch_lib import text as T

SAMPLES = [
    "The cat sat on the mat. It was happy.",
    "Your streaming pipeline cut fraud-model latency by 40%. You'd lead a team of four. Would you be open to a call?",
    "Notwithstanding organisational considerations, the multidisciplinary programme necessitates comprehensive responsibilities.",
]


@pytest.mark.parametrize("sample", SAMPLES)
def test_readability_matches_textstat(sample):
    words = T.words(sample)
    n_sent = len(T.sentences(sample))
    syl = T.syllable_count(words)
    assert syl == pytest.approx(textstat.syllable_count(sample), abs=2)
    assert T.flesch_kincaid_grade(len(words), n_sent, syl) == pytest.approx(textstat.flesch_kincaid_grade(sample), abs=1.0)
    assert T.flesch_reading_ease(len(words), n_sent, syl) == pytest.approx(textstat.flesch_reading_ease(sample), abs=8)


def test_empty_text_is_zero():
    assert T.flesch_kincaid_grade(0, 0, 0) == 0.0 == T.flesch_reading_ease(0, 0, 0)
    assert T.words("") == [] and T.sentences("") == [] and T.paragraphs("   ") == []


def test_sentence_and_paragraph_spans():
    text = "Hi Priya,\n\nYour talk was great. Open to a call?\nThanks"
    sents = T.sentences(text)
    assert [s.text for s in sents] == ["Hi Priya,", "Your talk was great.", "Open to a call?", "Thanks"]
    for s in sents:
        assert text[s.start:s.end] == s.text
    pars = T.paragraphs(text)
    assert [text[p.start:p.end] for p in pars] == ["Hi Priya,", "Your talk was great. Open to a call?\nThanks"]


def test_fold_case_keeps_length():
    for s in ["İstanbul ẞ Straße", "HELLO", "ǅ"]:
        assert len(T.fold_case(s)) == len(s)


def test_compile_folded_keeps_escapes_and_group_names():
    assert T.compile_folded(r"(?P<Big>ASAP)\$").search("asap$")
    assert T.compile_folded(r"\WASAP").search(" ASAP")  # upper-case escape: falls back to IGNORECASE


def test_latin_share():
    assert T.latin_share("Hello there") == 1.0
    assert T.latin_share("こんにちは世界") < 0.5
