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


# compile_word_list's fast form (alternatives grouped by their first character) must find
# exactly what the plain form finds, for every word list the engine uses.
def _word_lists():
    from pitch_lib.ruleset import PATTERN_PARAMS, default_ruleset
    from pitch_lib.vocab import MOTIVATORS

    rules = default_ruleset().rules.values()
    lists = [(r.id, tuple(r.tokens), r.case_sensitive) for r in rules if r.tokens]
    lists += [(r.id, tuple(k for k, _ in r.swap), False) for r in rules if r.swap]
    lists += [(f"{r.id}.{k}", tuple(v), False) for r in rules for k, v in r.params.items() if k in PATTERN_PARAMS and v]
    lists += [(f"motivator.{m.name}", m.words, False) for m in MOTIVATORS.values()]
    return lists


def _plain(patterns, case_sensitive):
    import re

    body = r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)"
    return re.compile(body) if case_sensitive else T.compile_folded(body)


def _texts():
    from tests.rule_examples import EXAMPLES

    texts = [t for r in EXAMPLES for t in (r["flag"], r["ok"])]
    import tomllib
    from pathlib import Path

    pairs = tomllib.loads((Path(__file__).parent / "data" / "labelled_pairs.toml").read_text(encoding="utf-8"))
    texts += [p[side]["body"] for p in pairs["pairs"] for side in ("better", "worse")]
    return texts


@pytest.mark.parametrize("name,patterns,case_sensitive", _word_lists(), ids=lambda x: x if isinstance(x, str) else "")
def test_fast_word_list_finds_what_the_plain_form_finds(name, patterns, case_sensitive):
    fast, plain = T.compile_word_list(patterns, case_sensitive), _plain(patterns, case_sensitive)
    for text in _texts():
        t = text if case_sensitive else T.fold_case(text)
        assert [m.span() for m in fast.finditer(t)] == [m.span() for m in plain.finditer(t)], (name, text)


def test_fast_word_list_is_used_where_it_can_be():
    assert T.compile_word_list(("asap", "(i|we) expect")).pattern.startswith("(?:a(?<!\\w.)")
    assert T.compile_word_list((r"[$€£]\s?\d",)).pattern.startswith(r"(?<!\w)")
    assert T.literal_start_forms("(a |an )?exciting") == ["a exciting", "an exciting", "exciting"]


# WordStarts tries a registered word list only where one of its entries could begin. It must
# find exactly what a full scan finds, for every registered pattern, on every kind of text.
def _registered_patterns():
    import gc

    from pitch_lib import CandidateProfile, Pitch, Role, score_pitch
    from tests.rule_examples import PRIYA, ROLE

    # Scoring with a profile registers its phrase patterns and the gender-coded stems too.
    score_pitch(Pitch("email", "Hi", "Hi Priya, your Kafka work."), CandidateProfile.from_dict(PRIYA), Role.from_dict(ROLE))
    live = {id(o): o for o in gc.get_objects() if isinstance(o, __import__("re").Pattern)}
    return [live[k] for k in list(T._START_KEYS) if k in live and T._start_keys(live[k]) is not None]


def _assert_same(pattern, text, pos=0, endpos=None):
    end = len(text) if endpos is None else endpos
    want = [m.span() for m in pattern.finditer(text, pos, end)]
    got = [m.span() for m in T.WordStarts(text).finditer(pattern, pos, endpos)]
    assert got == want, (pattern.pattern[:80], text[:120], pos, endpos)


def test_word_starts_find_what_a_full_scan_finds():
    patterns = _registered_patterns()
    assert len(patterns) >= 30  # the rule files' word lists, motivators, stems, phrases
    texts = [T.fold_case(t) for t in _texts()]
    for pattern in patterns:
        for text in texts:
            _assert_same(pattern, text)
            _assert_same(pattern, text, len(text) // 3, 2 * len(text) // 3)


_FRAGMENTS = ["you", "your", "i", "a", "an", "the", "self", "-", "'", "’", " ", "  ", "\n", ",", ".", "!",
              "aggressive", "fast-paced", "rockstar", "asap", "competitive", "salary", "£", "40", "%", "k",
              "came", "across", "profile", "since", "haven't", "replied", "no", "worries", "remote", "_",
              "4-day", "week", "digital", "native", "young", "guys", "é", "İ", "ß", "日本", "emoji🙂"]


@pytest.mark.parametrize("seed", range(3))
def test_word_starts_on_word_soup(seed):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    patterns = _registered_patterns()

    @settings(max_examples=60, deadline=None, derandomize=True, database=None)
    @given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40), st.integers(0, 40), st.integers(0, 400))
    def check(parts, pos, endpos):
        text = T.fold_case("".join(parts))
        for pattern in patterns[seed::3]:
            _assert_same(pattern, text)
            _assert_same(pattern, text, min(pos, len(text)), min(max(pos, endpos), len(text)))

    check()


def test_literal_beginnings():
    assert T.literal_beginnings(r"(?<!\w)(?:i came|(a |an )?exciting)(?!\w)") == {"i ", "a ", "an ", "exciting"}
    assert T.literal_beginnings(r"colou?r") == {"colou", "color"}
    assert T.literal_beginnings(r"c\+\+") == {"c+"}  # a beginning stops once its first word is whole
    assert T.literal_beginnings(r"(?i)abc") is None
    # A pattern that may begin with something other than a word character is never registered.
    import re

    p = re.compile(r"(?<!\w)(?:[$£]\d|salary)")
    T.register_word_starts(p)
    assert T._start_keys(p) is None
