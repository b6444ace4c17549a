"""Text analysis: spans, sentences, readability formulas agree with textstat."""

import pytest
import textstat

from pitch_lib.engine import text as T

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
    from pitch_lib.engine.ruleset import PATTERN_PARAMS, default_ruleset
    from pitch_lib.engine.vocab import MOTIVATORS

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


# pitch_lib.engine.scan tries a pattern only where a match can begin. It must find exactly what a
# full scan finds, for every pattern the engine runs, on every kind of text.
def _engine_patterns():
    from pitch_lib import CandidateProfile, Pitch, Role, score_pitch
    from pitch_lib.engine import scan
    from tests.rule_examples import PRIYA, ROLE

    # Score every example with a profile, so that every pattern the checks use has a plan.
    profile, role = CandidateProfile.from_dict(PRIYA), Role.from_dict(ROLE)
    for text in _texts():
        for channel in ("email", "linkedin_connection", "job_ad"):
            score_pitch(Pitch(channel, "A SUBJECT [Company]!!", text), profile, role)
    return [p for p in (ref() for ref, _ in list(scan._PLANS.values())) if p is not None]


def _assert_same(pattern, text, pos=0, endpos=None):
    from pitch_lib.engine import scan

    end = len(text) if endpos is None else endpos
    want = [m.span() for m in pattern.finditer(text, pos, end)]
    assert [m.span() for m in scan.WordStarts(text).finditer(pattern, pos, endpos)] == want, (pattern.pattern[:80], text[:120], pos, endpos)
    assert [m.span() for m in scan.finditer(pattern, text, pos, endpos)] == want, (pattern.pattern[:80], text[:120], pos, endpos)


def test_plans_cover_the_engine():
    from pitch_lib.engine import scan

    plans = [scan.plan(p) for p in _engine_patterns()]
    assert sum(p.keyed for p in plans) >= 25  # word lists, motivators, stems, profile phrases
    assert sum(p.gate is not None for p in plans) >= 5  # money, figures, merge fields, capitals, !!


def test_scan_finds_what_a_full_scan_finds():
    patterns = _engine_patterns()
    texts = _texts()
    texts += [T.fold_case(t) for t in texts]
    for pattern in patterns:
        for text in texts:
            _assert_same(pattern, text)
            _assert_same(pattern, text, len(text) // 3, 2 * len(text) // 3)


_FRAGMENTS = ["you", "your", "i", "I", "a", "an", "the", "self", "-", "'", "’", " ", "  ", "\n", ",", ".", "!",
              "!!", "?", "aggressive", "fast-paced", "rockstar", "ASAP", "asap", "competitive", "salary", "£",
              "$", "40", "2,000", "%", "k", "came", "across", "profile", "since", "haven't", "replied", "no",
              "worries", "remote", "_", "4-day", "week", "digital", "native", "young", "guys", "é", "İ", "ß",
              "日本", "🙂", "{first_name}", "[Company]", "<name>", "{", "[", "usd", "URGENT", "CV"]


@pytest.mark.parametrize("seed", range(3))
def test_scan_on_word_soup(seed):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    patterns = _engine_patterns()

    @settings(max_examples=60, deadline=None, derandomize=True, database=None)
    @given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40), st.integers(0, 40), st.integers(0, 400), st.booleans())
    def check(parts, pos, endpos, fold):
        text = "".join(parts)
        text = T.fold_case(text) if fold else text
        for pattern in patterns[seed::3]:
            _assert_same(pattern, text)
            _assert_same(pattern, text, min(pos, len(text)), min(max(pos, endpos), len(text)))

    check()


def test_literal_beginnings_and_plans():
    import re

    from pitch_lib.engine import scan

    assert scan.literal_beginnings(r"(?<!\w)(?:i came|(a |an )?exciting)(?!\w)") == {"i ", "a ", "an ", "exciting"}
    assert scan.literal_beginnings(r"colou?r") == {"colou", "color"}
    assert scan.literal_beginnings(r"c\+\+") == {"c+"}  # a beginning stops once its first word is whole
    assert scan.literal_beginnings(r"(?i)abc") is None
    # Keyed only when every match must start a word: a guard, and a word character first.
    assert scan.plan(re.compile(r"(?<!\w)(?:you|agg\w+)")).prefixes == {"you", "agg"}
    assert scan.plan(re.compile(r"(?<!\w)(?:you'd|i came|agg\w+)")).words == {"you", "i"}
    assert not scan.plan(re.compile(r"(?:you|agg\w+)")).keyed
    # A guarded list whose other alternatives start with a sign: the words keyed, the signs gated.
    mixed = re.compile(r"(?<!\w)(?:[$£]\d|salary)(?!\w)")
    assert scan.plan(mixed).prefixes == {"sal"} and scan.plan(mixed).gate.pattern == r"[\$£]"
    text = "salary £9 x$5 salaryman $7 presalary"
    assert [m.span() for m in scan.WordStarts(text).finditer(mixed)] == [m.span() for m in mixed.finditer(text)]
    assert not scan.plan(re.compile(r"(?<!\w)you", re.IGNORECASE)).keyed
    # Gated only on a narrow first set.
    gate = scan.plan(re.compile(r"[$£]\s?\d|\d+k")).gate
    assert [c for c in "$£5a k€" if gate.match(c)] == ["$", "£", "5"]
    assert scan.plan(re.compile(r"[a-z]+\d")).gate is None


def test_a_word_list_planned_after_the_text_was_indexed():
    import re

    from pitch_lib.engine import scan

    text = "you'd lead the aggressive team; agg aggro you"
    ws = scan.WordStarts(text)
    assert list(ws.finditer(re.compile(r"(?<!\w)(?:lead|team)(?!\w)")))  # indexes the text
    late = re.compile(r"(?<!\w)(?:you'd|aggr\w+|ag)(?!\w)")  # planned now, after the index
    assert [m.span() for m in ws.finditer(late)] == [m.span() for m in late.finditer(text)]
    assert scan.plan(late).serial >= ws._covered


def test_mixed_plans_for_money():
    import re

    from pitch_lib.engine import scan

    money = re.compile(r"[$£]\s?\d|\d+k\b|\b(?:usd|eur)\s?\d")
    p = scan.plan(money)
    assert p.keyed and p.gate is not None and p.words == {"usd", "eur"}
    text = "pay: £90k, 95k, usd 100 or eur5; fusd 3, 7usd"
    assert [m.span() for m in scan.WordStarts(text).finditer(money)] == [m.span() for m in money.finditer(text)]
    assert [m.span() for m in scan.finditer(money, text)] == [m.span() for m in money.finditer(text)]
