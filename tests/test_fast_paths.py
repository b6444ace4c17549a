"""The engine's shortcuts give exactly what the plain computation gives, on any text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pitch_lib.engine import text as T
from pitch_lib.engine.channels import CHANNELS
from pitch_lib.engine.ruleset import default_ruleset
from pitch_lib.engine.scoring import Doc, preview_line

PIECES = ["Hi Sam,", "You", "we", "our", "I'm", "you’re", "team", "well-known", "e.g.", "Dr.", "2,000", "£90k", "!", "?",
          "...", " ", "  ", "\n", "\n\n", "\n \n", "\t", "O’Brien", "naïve", "İstanbul", "ß", "日本語", "🙂", "_x_", "-", "'"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join) | st.text(max_size=400)


def _doc(body: str) -> Doc:
    rules = default_ruleset()
    return Doc(body=body, subject="", channel=rules.channels["email"], profile=None, role=None, rules=rules)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_sentence_words_partition_the_words(body):
    doc = _doc(body)
    want = [[w.replace("’", "'") for w in T.WORD_RE.findall(doc.lower, s.start, s.end)] for s in doc.sentences]
    assert doc.sentence_words == want
    # Every word of the text is in some sentence, so the sentences' words are all its words.
    assert doc.lower_words == [w.replace("’", "'") for w in T.WORD_RE.findall(doc.lower)]
    assert [s.words for s in doc.sentences] == [len(ws) for ws in want]
    assert doc.stems == {T.stem(w) for w in doc.lower_words}


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_paragraph_words_are_their_sentences_words(body):
    doc = _doc(body)
    for p in doc.paragraphs:
        assert sum(s.words for s in doc.sentences if p.start <= s.start < p.end) == T.count_words(p.text)


@settings(max_examples=300, deadline=None)
@given(TEXTS | st.text(alphabet=" \n\tab", max_size=2000), st.sampled_from(sorted(CHANNELS)))
def test_preview_line_reads_only_the_start(body, channel):
    spec = CHANNELS[channel]
    n = spec.preview_chars[1] or 90
    flat = " ".join(body.split())
    assert preview_line(body, spec) == flat[:n] + ("…" if len(flat) > n else "")


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_counting_words_in_a_vocabulary(body):
    doc = _doc(body)
    vocab = frozenset({"you", "we", "our", "i'm", "you're"})
    assert doc.count_words_in(vocab) == sum(1 for w in doc.lower_words if w in vocab)


def test_swap_for_picks_the_first_entry_that_matches():
    from tests.test_text import _texts

    rules = [r for r in default_ruleset().rules.values() if r.type == "substitution"]
    assert rules
    texts = _texts() + [" ".join(k for k, _ in r.swap) for r in rules]
    checked = 0
    for rule in rules:
        for text in texts:
            t = text if rule.case_sensitive else T.fold_case(text)
            for m in rule.pattern.finditer(t):
                want = next((v.partition("|")[::2] for p, (_, v) in zip(rule.swap_patterns, rule.swap, strict=True)
                             if p.fullmatch(m.group())), ("", ""))
                assert rule.swap_for(m.group()) == want, (rule.id, m.group())
                checked += 1
    assert checked > 50


def test_finding_make_is_a_finding():
    from dataclasses import FrozenInstanceError

    import pytest

    from pitch_lib.engine.scorecard import Finding

    args = ("tone.urgency", "tone", "warning", "m", "s", 1, 4, 5, "body", "ASAP")
    fast, slow = Finding.make(*args), Finding(*args)
    assert fast == slow and hash(fast) == hash(slow) and fast.to_dict() == slow.to_dict()
    with pytest.raises(FrozenInstanceError):
        fast.points = 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["running", "organisations", "ran", "sepsis", "x"]), max_size=30))
def test_word_caches_give_what_the_functions_give(words):
    assert T.total_syllables(words) == sum(map(T.syllables_in_word, words))
    assert T.stem_set(words) == {T.stem(w) for w in words}


def test_scoring_in_threads_gives_what_one_thread_gives():
    """Streamlit scores in several threads, and new profiles add word lists (their skills and
    names) while others score: no thread may miss a match because of another."""
    from concurrent.futures import ThreadPoolExecutor

    from pitch_lib import CandidateProfile, Pitch, score_pitch

    def job(n):
        profile = CandidateProfile.from_dict({"name": f"Quinn{n} Example", "skills": [f"Skill{n}x", f"Tool{n}y"],
                                              "achievements": [f"Shipped project{n}z to 40 sites"]})
        body = (f"Hi Quinn{n}, your project{n}z work with Skill{n}x and Tool{n}y caught my eye. We are a fast-paced "
                "company looking for a rockstar ASAP!! Would you be open to a 15-minute call?")
        return score_pitch(Pitch("email", "Your work", body), profile).to_dict()

    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(job, range(60)))
    assert threaded == [job(n) for n in range(60)]
    assert all(any(f["kind"] == "achievement" for f in t["metrics"]["facts_used"]) for t in threaded)


def _fold_accents_in_full(text: str) -> str:
    import unicodedata

    low = text.casefold()
    for a, b in T._TRANSLIT:
        low = low.replace(a, b)
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_fold_accents_shortcut_for_plain_ascii(text):
    """fold_accents skips the Unicode work for ASCII text; the result is the same."""
    assert T.fold_accents(text) == _fold_accents_in_full(text)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_invisible_characters_found_by_one_search(text):
    """normalise looks for the characters it drops with one regex search."""
    assert bool(T._DROP_RE.search(text)) == any(c in T._DROP for c in text)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.integers(min_value=0, max_value=80))
def test_word_start_without_every_span(body, i):
    doc = _doc(body)
    spans = T.words(body)
    assert doc.word_start(i) == (spans[i].start if i < len(spans) else len(body))
