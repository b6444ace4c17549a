"""Text analysis: words, sentences and paragraphs with their character spans, and readability.

Every function here is pure and never raises on any string. Spans are half-open ``[start, end)``
offsets into the original text (Python ``str`` indices, i.e. code points).

Readability follows textstat: syllables per word come from ``textstat.syllable_count`` (the CMU
pronouncing dictionary, then Pyphen's hyphenation for unknown words), cached per word, and the
formulas are the standard ones, documented on each function.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import textstat

WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# A sentence ends at . ! ? (or runs of them, with closing quotes/brackets) followed by space,
# or at a line break; a blank line always ends a paragraph.
SENTENCE_END_RE = re.compile(r"[.!?…]+['\"’”)\]]*(?=\s|$)|\n")
PARAGRAPH_RE = re.compile(r"\n[ \t]*\n+")
LETTER_RE = re.compile(r"[^\W\d_]")
_DROP_ASCII = dict.fromkeys(range(128))
WORDS_PER_MINUTE = 238  # average silent reading speed for adults (Brysbaert 2019)


class Span(NamedTuple):
    """A piece of text and where it is. (NamedTuples: a pitch makes hundreds of these.)"""

    start: int
    end: int
    text: str


class Sentence(NamedTuple):
    start: int
    end: int
    text: str
    words: int


def words(text: str) -> list[Span]:
    """Every word (letters or digits, with inner apostrophes or hyphens) and its span."""
    return [Span(*m.span(), m.group()) for m in WORD_RE.finditer(text)]


def count_words(text: str) -> int:
    return sum(1 for _ in WORD_RE.finditer(text))


def sentences(text: str) -> list[Sentence]:
    """Sentences with spans (leading/trailing space trimmed). Lines without a full stop count as
    sentences too, so a greeting line or a bullet point is one sentence."""
    out: list[Sentence] = []
    pos = 0
    for m in SENTENCE_END_RE.finditer(text):
        _add_sentence(text, pos, m.end(), out)
        pos = m.end()
    _add_sentence(text, pos, len(text), out)
    return out


def _add_sentence(text: str, start: int, end: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    s = start + (len(chunk) - len(chunk.lstrip()))
    e = s + len(stripped)
    n = sum(1 for _ in WORD_RE.finditer(text, s, e))
    if n:
        out.append(Sentence(s, e, stripped, n))


def paragraphs(text: str) -> list[Span]:
    """Paragraphs (separated by blank lines), trimmed, with spans."""
    out: list[Span] = []
    pos = 0
    for m in PARAGRAPH_RE.finditer(text):
        _add_par(text, pos, m.start(), out)
        pos = m.end()
    _add_par(text, pos, len(text), out)
    return out


def _add_par(text: str, start: int, end: int, out: list[Span]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + (len(chunk) - len(chunk.lstrip()))
        out.append(Span(s, s + len(stripped), stripped))


@lru_cache(maxsize=65536)
def syllables_in_word(word: str) -> int:
    """Syllables in one word, by textstat (CMU dictionary, then Pyphen). At least 1 for a word."""
    w = word.lower().replace("’", "'")
    if not LETTER_RE.search(w):
        return 1  # a number reads as at least one syllable
    try:
        return max(1, textstat.syllable_count(w))
    except Exception:  # textstat on odd input (never seen, but never let a metric crash scoring)
        return max(1, len(re.findall(r"[aeiouy]+", w)))


def syllable_count(word_spans: list[Span]) -> int:
    return sum(syllables_in_word(w.text) for w in word_spans)


@lru_cache(maxsize=65536)
def is_dictionary_word(word: str) -> bool:
    """Is ``word`` in the CMU pronouncing dictionary (about 130,000 English words and names)?
    Words outside it are likely product names, acronyms or jargon."""
    from textstat.backend.utils._get_cmudict import get_cmudict

    d = get_cmudict("en_US") or {}
    return word.lower().replace("’", "'") in d


def flesch_reading_ease(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words); 0.0 for no words.

    Higher is easier: 60-70 is plain English, below 30 is very hard (Flesch 1948)."""
    if not n_words:
        return 0.0
    return round(206.835 - 1.015 * (n_words / max(1, n_sentences)) - 84.6 * (n_syllables / n_words), 1)


def flesch_kincaid_grade(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59; 0.0 for no words.

    A US school grade: 8 means a 13-14 year old reads it easily (Kincaid et al. 1975)."""
    if not n_words:
        return 0.0
    return round(0.39 * (n_words / max(1, n_sentences)) + 11.8 * (n_syllables / n_words) - 15.59, 1)


def reading_time_seconds(n_words: int) -> int:
    """Seconds to read at 238 words a minute; 0 for no words."""
    return round(n_words * 60 / WORDS_PER_MINUTE)


def latin_share(text: str) -> float:
    """The share of letters that are Latin script: below ~0.5 the text is probably not English,
    and English word lists and readability formulas say little about it."""
    sample = text[:20000]
    # Fast path: English with a £ or an emoji has no non-Latin letters at all.
    non_ascii = sample.translate(_DROP_ASCII)
    non_latin = sum(1 for c in non_ascii if c > "\u024f" and c.isalpha())
    if not non_latin:
        return 1.0
    return 1 - non_latin / len(LETTER_RE.findall(sample))


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_UPPER_ESCAPE = re.compile(r"\\[WSDBAZ]")
_PATTERN_SYNTAX = re.compile(r"(\\.|\(\?P<\w+>|\(\?P=\w+\))|([^\\(]+|\()", re.DOTALL)


def fold_case(text: str) -> str:
    """Lower-case ``text`` without moving any character: spans found in the result are spans of
    the original. (A few characters lower-case to two, like 'İ'; then only ASCII is folded.)"""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


@lru_cache(maxsize=1024)
def compile_folded(pattern: str) -> re.Pattern:
    """Compile a case-insensitive pattern to run on :func:`fold_case` text.

    Matching lower-cased text with a lower-cased pattern is about twice as fast as
    ``re.IGNORECASE`` in CPython's engine, and scoring runs dozens of these per keystroke."""
    if _UPPER_ESCAPE.search(pattern):
        return re.compile(pattern, re.IGNORECASE)
    # Lower-case the literals only: escapes and named groups keep their case.
    return re.compile(_PATTERN_SYNTAX.sub(lambda m: m.group(1) or m.group(2).lower(), pattern))


def fold_pattern(pattern: str) -> str | None:
    """The pattern with its literals lower-cased, or None if it has an upper-case escape."""
    if _UPPER_ESCAPE.search(pattern):
        return None
    return _PATTERN_SYNTAX.sub(lambda m: m.group(1) or m.group(2).lower(), pattern)


def _top_level_alternatives(body: str) -> list[str]:
    out, depth, cur, i = [], 0, [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            cur.append(body[i: i + 2])
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def literal_start_forms(token: str, limit: int = 64) -> list[str] | None:
    """``token`` as alternatives that each start with a literal letter or digit, by expanding a
    leading group ("(a |an )?exciting" -> "a exciting", "an exciting", "exciting"), or None."""
    todo, done = [alt.removeprefix("\\b") for alt in _top_level_alternatives(token)], []
    while todo:
        t = todo.pop(0)
        if len(done) + len(todo) > limit:
            return None
        if t[:1].isalnum() and t[1:2] not in ("?", "*", "+", "{"):
            done.append(t)
            continue
        if not t.startswith("("):
            return None
        depth, close, pos = 0, -1, 0
        while pos < len(t):
            ch = t[pos]
            if ch == "\\":
                pos += 2  # an escaped character is never a bracket
                continue
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                close = pos
                break
            pos += 1
        if close < 0:
            return None
        inner, rest = t[1:close].removeprefix("?:"), t[close + 1:]
        if inner.startswith("?"):
            return None  # a lookaround or a flag group
        optional = rest.startswith("?")
        rest = rest[1:] if optional else rest
        if rest[:1] in ("*", "+", "{", "?"):
            return None
        todo.extend(alt + rest for alt in _top_level_alternatives(inner))
        if optional:
            todo.append(rest)
    return done


@lru_cache(maxsize=1024)
def compile_word_list(patterns: tuple[str, ...], case_sensitive: bool = False) -> re.Pattern:
    """One regex for a word list: any of ``patterns``, as whole words, on :func:`fold_case` text
    (or as written, when ``case_sensitive``).

    When every entry can be written to start with a literal character, the alternatives are
    grouped by that character and the word-boundary check moves after it
    (``c(?<!\\w.)(?:...)``): CPython's engine then skips along the text with a character set
    instead of trying every alternative at every word, about three times faster. Otherwise the
    plain ``(?<!\\w)(?:...)(?!\\w)`` form is used; both find the same matches."""
    plain = r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)"
    folded = [p if case_sensitive else fold_pattern(p) for p in patterns]
    forms: list[str] | None = []
    for p in folded:
        expanded = literal_start_forms(p) if p is not None else None
        if expanded is None:
            forms = None
            break
        forms.extend(expanded)
    if forms:
        groups: dict[str, list[str]] = {}
        for f in forms:
            groups.setdefault(f[0], []).append(f[1:])
        body = "|".join(f"{re.escape(c)}(?<!\\w.)(?:{'|'.join(rests)})" for c, rests in groups.items())
        try:
            compiled = re.compile(f"(?:{body})(?!\\w)")
        except re.error:
            pass
        else:
            if not case_sensitive:
                register_word_starts(compiled)
            return compiled
    if case_sensitive:
        return re.compile(plain)
    compiled = compile_folded(plain)
    register_word_starts(compiled)
    return compiled


# --- Trying word lists only where they can match ------------------------------------------
#
# Scoring runs some fifty word lists over each pitch, and a regex scan costs about the same
# whatever it finds: CPython's engine tries every character. But every entry of a word list
# starts a word with known letters ("exciting", "aggress", "i came across"), so a list can
# only match where a word like that starts.
#
# :class:`WordStarts` lists the words of a text and where each starts, once. A registered
# list is then tried (``pattern.match``) only where one of its entries could begin: at the
# words it names in full ("i", "you"), or at the words that start with its stems' first three
# letters ("agg"). That finds exactly what ``pattern.finditer`` finds, and a list none of
# whose words occur costs one set intersection.

KEY_LEN = 3
_WORD_RUN_RE = re.compile(r"\w+")
_FIRST_WORD_DONE = re.compile(r"\w+\W")


@dataclass(frozen=True)
class StartKeys:
    """Where a registered pattern can start: at one of ``words`` (an entry names its first
    word in full), at a word starting with one of ``prefixes`` (three letters of a longer
    stem), or at a word starting with one of ``short`` (one or two letters, then a class)."""

    words: frozenset[str]
    prefixes: frozenset[str]
    short: frozenset[str]


# Keyed by id(): hashing a compiled pattern hashes its whole compiled code, which for a long
# word list costs more than the scan this saves. The weak reference checks the id is still
# that pattern's, and drops the entry when the pattern goes.
_START_KEYS: dict[int, tuple[weakref.ref, StartKeys]] = {}


def _start_keys(pattern: re.Pattern) -> StartKeys | None:
    entry = _START_KEYS.get(id(pattern))
    return entry[1] if entry is not None and entry[0]() is pattern else None


def _forget(key: int, ref: weakref.ref) -> None:
    entry = _START_KEYS.get(key)
    if entry is not None and entry[0] is ref:
        del _START_KEYS[key]


_MAX_BEGINNINGS = 256
_MAX_BEGINNING_LEN = 24


def literal_beginnings(pattern: str) -> set[str] | None:
    """Literal strings of which every match of ``pattern`` starts with one, read off the parsed
    regex: alternatives and optional parts are expanded, zero-width assertions skipped, and a
    beginning stops at the first character class or repeat. None when the pattern ignores case
    or can't be read (then it is simply scanned in full)."""
    try:
        from re import _constants as C
        from re import _parser as P

        tree = P.parse(pattern)
        if tree.state.flags & re.IGNORECASE:
            return None
        done, open_ = _walk(list(tree), {""}, C)
    except Exception:  # an unexpected parse tree: make no promise
        return None
    return done | open_


def _walk(items: list, open_: set[str], C) -> tuple[set[str], set[str]]:
    """(beginnings that stop here, beginnings still growing) after the regex items ``items``."""
    done: set[str] = set()
    for op, av in items:
        if not open_:
            break
        if op is C.LITERAL:
            open_ = {b + chr(av) for b in open_}
        elif op is C.IN and all(o is C.LITERAL for o, _ in av) and len(av) <= 8:
            open_ = {b + chr(c) for b in open_ for _, c in av}
        elif op is C.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise ValueError("a case-insensitive group")
            d, open_ = _walk(list(av[3]), open_, C)
            done |= d
        elif op is C.BRANCH:
            grown: set[str] = set()
            for alt in av[1]:
                d, o = _walk(list(alt), set(open_), C)
                done |= d
                grown |= o
            open_ = grown
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _, item = av
            d, o = _walk(list(item), set(open_), C)
            done |= d | o  # one repetition, then the beginning stops
            if lo:
                open_ = set()  # (with lo == 0 the part may be skipped: keep growing without it)
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero width: consumes nothing
        else:
            done |= open_
            open_ = set()
        finished = {b for b in open_ if _FIRST_WORD_DONE.match(b)}
        if finished:  # the first word is complete: that is all a beginning is used for
            done |= finished
            open_ -= finished
        if len(done) + len(open_) > _MAX_BEGINNINGS or any(len(b) >= _MAX_BEGINNING_LEN for b in open_):
            done |= open_
            open_ = set()
    return done, open_


def register_word_starts(pattern: re.Pattern) -> None:
    """Declare that ``pattern`` only matches at the start of a word (it has no word character
    before it), so :class:`WordStarts` may try it only where a word starts with one of its
    literal beginnings (:func:`literal_beginnings`).

    Nothing is registered (the pattern is scanned in full, as before) when a beginning is
    empty or isn't a word character, or the pattern ignores case."""
    beginnings = literal_beginnings(pattern.pattern) if not pattern.flags & re.IGNORECASE else None
    if not beginnings or any(not b or not re.match(r"\w", b[0]) for b in beginnings):
        return
    words: set[str] = set()
    prefixes: set[str] = set()
    short: set[str] = set()
    for b in beginnings:
        head = _WORD_RUN_RE.match(b).group()
        if len(head) < len(b):
            words.add(head)  # the first word is complete ("i came" -> "i")
        elif len(head) >= KEY_LEN:
            prefixes.add(head[:KEY_LEN])
        else:
            short.add(head)
    key = id(pattern)
    ref = weakref.ref(pattern, lambda r, key=key: _forget(key, r))
    _START_KEYS[key] = (ref, StartKeys(frozenset(words), frozenset(prefixes), frozenset(short)))


class WordStarts:
    """The words of a (case-folded) text and where each starts: registered word lists are
    tried only where one of their entries could begin (see :func:`register_word_starts`)."""

    __slots__ = ("text", "by_word", "_by_prefix", "_candidates")

    def __init__(self, text: str):
        self.text = text
        by_word: dict[str, list[int]] = {}
        for m in _WORD_RUN_RE.finditer(text):
            w = m.group()
            if w in by_word:
                by_word[w].append(m.start())
            else:
                by_word[w] = [m.start()]
        self.by_word = by_word
        self._by_prefix: dict[int, dict[str, list[int]]] = {}
        self._candidates: dict[int, list[int]] = {}  # by id(pattern) (see _START_KEYS)

    def _prefixed(self, n: int) -> dict[str, list[int]]:
        d = self._by_prefix.get(n)
        if d is None:
            d = {}
            for w, ps in self.by_word.items():
                if len(w) >= n:
                    d.setdefault(w[:n], []).extend(ps)
            self._by_prefix[n] = d
        return d

    def candidates(self, pattern: re.Pattern, sk: StartKeys) -> list[int]:
        """Sorted positions where ``pattern`` could match (a superset of where it does)."""
        out = self._candidates.get(id(pattern))
        if out is None:
            by_word = self.by_word
            found = [p for w in by_word.keys() & sk.words for p in by_word[w]]
            if sk.prefixes:
                d = self._prefixed(KEY_LEN)
                found += [p for k in d.keys() & sk.prefixes for p in d[k]]
            for k in sk.short:
                found += self._prefixed(len(k)).get(k, ())
            out = sorted(set(found))
            self._candidates[id(pattern)] = out
        return out

    def finditer(self, pattern: re.Pattern, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """What ``pattern.finditer(text, pos, endpos)`` finds; a registered pattern is tried only
        at its candidate positions."""
        text = self.text
        end = len(text) if endpos is None else endpos
        sk = _start_keys(pattern)
        if sk is None:
            yield from pattern.finditer(text, pos, end)
            return
        cands = self.candidates(pattern, sk)
        if not cands:
            return
        match = pattern.match
        last = pos
        for p in cands[bisect_left(cands, pos):] if pos else cands:
            if p < last:
                continue
            if p >= end:
                return
            m = match(text, p, end)
            if m is not None:
                yield m
                last = m.end() if m.end() > p else p + 1

    def search(self, pattern: re.Pattern, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """What ``pattern.search(text, pos, endpos)`` finds (see :meth:`finditer`)."""
        return next(self.finditer(pattern, pos, endpos), None)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem for matching profile facts: lower case, common suffixes removed."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "ly", "s"):
        if len(w) - len(suf) >= 4 and w.endswith(suf):
            return w[: -len(suf)]
    return w
