"""Text analysis: words, sentences and paragraphs with their character spans, and readability.

Every function here is pure and never raises on any string. Spans are half-open ``[start, end)``
offsets into the original text (Python ``str`` indices, i.e. code points).

Readability follows textstat: syllables per word come from ``textstat.syllable_count`` (the CMU
pronouncing dictionary, then Pyphen's hyphenation for unknown words), cached per word, and the
formulas are the standard ones, documented on each function.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import textstat

from pitch_lib.engine import scan

WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# A sentence ends at . ! ? (or runs of them, with closing quotes/brackets) followed by space,
# or at a line break; a blank line always ends a paragraph.
SENTENCE_END_RE = re.compile(r"[.!?…]+['\"’”)\]]*(?=\s|$)|\n")
PARAGRAPH_RE = re.compile(r"\n[ \t]*\n+")
LETTER_RE = re.compile(r"[^\W\d_]")
_BEYOND_LATIN_RE = re.compile("[^\x00-\u024f]")  # characters past Latin Extended-B
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
    return len(WORD_RE.findall(text))


def sentences(text: str) -> list[Sentence]:
    """Sentences with spans (leading/trailing space trimmed). Lines without a full stop count as
    sentences too, so a greeting line or a bullet point is one sentence."""
    return sentences_and_words(text, text)[0]


def sentences_and_words(text: str, words_text: str) -> tuple[list[Sentence], list[list[str]]]:
    """:func:`sentences` of ``text``, and each sentence's words as read in ``words_text`` (the
    same text case-folded, say: same length, same places). One pass: the words are counted as
    they are listed."""
    out: list[Sentence] = []
    lists: list[list[str]] = []
    find = WORD_RE.findall
    pos = 0
    for end in [m.end() for m in scan.finditer(SENTENCE_END_RE, text)] + [len(text)]:
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            s = pos + len(chunk) - len(chunk.lstrip())
            e = s + len(stripped)
            found = find(words_text, s, e)
            if found:
                out.append(Sentence(s, e, stripped, len(found)))
                lists.append(found)
        pos = end
    return out, lists


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


_SYLLABLES: dict[str, int] = {}
_STEMS: dict[str, str] = {}
_WORD_CACHE_LIMIT = 200_000


def _fill(cache: dict, fn, words) -> None:
    if len(cache) > _WORD_CACHE_LIMIT:
        cache.clear()
    for w in words:
        if w not in cache:
            cache[w] = fn(w)


def total_syllables(words: list[str]) -> int:
    """The syllables of all ``words`` (as :func:`syllables_in_word`). A plain dict read in C
    (``map``) costs a quarter of an lru_cache call per word, and scoring reads every word."""
    try:
        return sum(map(_SYLLABLES.__getitem__, words))
    except KeyError:
        _fill(_SYLLABLES, syllables_in_word, words)
        return sum(map(_SYLLABLES.__getitem__, words))


def stem_set(words: list[str]) -> set[str]:
    """The :func:`stem` of each of ``words``, as a set (read in C, like :func:`total_syllables`)."""
    try:
        return set(map(_STEMS.__getitem__, words))
    except KeyError:
        _fill(_STEMS, stem, words)
        return set(map(_STEMS.__getitem__, words))


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
    non_latin = sum(1 for c in _BEYOND_LATIN_RE.findall(sample) if c.isalpha())
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
            return re.compile(f"(?:{body})(?!\\w)")
        except re.error:
            pass
    return re.compile(plain) if case_sensitive else compile_folded(plain)


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


# Same-length replacements: curly quotes and apostrophes, and spaces that are not plain spaces.
_SAME_LENGTH = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ",
    "\u2003": " ", "\u3000": " ", "\t": " ", "\u2028": "\n", "\u2029": "\n",
})
# Characters that carry nothing for a reader: dropped (the span map keeps offsets right).
_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DROP_RE = re.compile("[" + "".join(sorted(_DROP)) + "]")  # (a search in C, not a loop per character)
_NEEDS_WORK_RE = re.compile("[^\x00-\x7f]|\r")


def normalise(text: str) -> tuple[str, list[int] | None]:
    """The text as the checks read it, and where each of its characters came from.

    Curly quotes and apostrophes become straight ones, odd spaces plain ones, CRLF a line break
    (as " \\n", so offsets stay put), invisible characters go, and the rest is put in Unicode
    NFC (an "é" typed as "e" plus an accent becomes one character). The same words typed any of
    these ways are then checked the same. The map is None when every offset is unchanged;
    otherwise ``map[i]`` is the offset in ``text`` of character ``i``, with one more entry for
    the end, so a span found in the result maps back to the text the user typed."""
    if not _NEEDS_WORK_RE.search(text):
        return text, None
    t = text.translate(_SAME_LENGTH).replace("\r\n", " \n").replace("\r", "\n")
    if t.isascii() or (unicodedata.is_normalized("NFC", t) and not _DROP_RE.search(t)):
        return t, None
    out: list[str] = []
    where: list[int] = []
    i, n = 0, len(t)
    combining = unicodedata.combining
    while i < n:
        c = t[i]
        if c in _DROP:
            i += 1
            continue
        j = i + 1
        while j < n and combining(t[j]):
            j += 1
        seg = t[i:j]
        if not seg.isascii():
            seg = unicodedata.normalize("NFC", seg)
        out.append(seg)
        where.extend([i] * len(seg))
        i = j
    where.append(n)
    return "".join(out), where


def fold_accents(text: str) -> str:
    """Letters without their accents, and the usual transliterations (ü as ue, ß as ss), lower
    case: for comparing names people write in different ways."""
    if text.isascii():  # nothing to fold but the case (the common path: it is called often)
        return text.lower()
    low = text.casefold()
    for a, b in _TRANSLIT:
        low = low.replace(a, b)
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


_TRANSLIT = (("ß", "ss"), ("æ", "ae"), ("ø", "o"), ("œ", "oe"), ("ł", "l"), ("đ", "d"), ("ð", "d"), ("þ", "th"), ("ı", "i"))


def fold_umlauts(text: str) -> str:
    """Like :func:`fold_accents`, with ä, ö, ü written ae, oe, ue (German transliteration)."""
    low = text.casefold()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        low = low.replace(a, b)
    return fold_accents(low)


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """Is ``word`` one of the ~3,000 words a 4th-grader knows (the Dale-Chall list textstat
    ships)? A capitalised one of those is shouting; a capitalised rare word is an acronym."""
    from textstat.backend.utils import get_lang_easy_words

    return word.lower().replace("’", "'") in get_lang_easy_words("en_US")
