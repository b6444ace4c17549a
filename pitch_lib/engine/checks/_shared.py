"""Small helpers shared by the check families."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from pitch_lib.engine import scan
from pitch_lib.engine.text import compile_folded, stem

STOPWORDS = frozenset(
    """a an the and or but of to in on at for with from by as is are was were be been being it its
    this that these those i you he she we they me him her us them my your his our their mine yours
    not no so if then than too very can could would should will may might must do does did done have
    has had having into over under about after before during across per via up down out off again
    more most less least other such only own same just also all any both each few some many much
    new one two three first last next""".split()
)
# Words too common in work descriptions to show that a pitch used a particular fact.
GENERIC = frozenset(
    """team teams work worked working project projects company companies role roles year years time
    people led lead leading built build building help helped helping make made using used use based
    including include includes part member members group manage managed managing support supported
    responsible responsibility job jobs business new successful successfully well good great strong
    experience experienced skills skill senior junior anything something everything outside inside
    within without around""".split()
)
FIGURE_RE = re.compile(r"\d[\d,.]*\s?%?|\b\d+(?:st|nd|rd|th)\b")


@lru_cache(maxsize=4096)
def content_words(text: str) -> tuple[str, ...]:
    """Distinctive words of a fact (stems), without stop words and generic work words."""
    out = []
    for w in re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", text.lower()):
        if len(w) < 3 or w in STOPWORDS or w in GENERIC or w.isdigit():
            continue
        out.append(stem(w))
    return tuple(out)


@lru_cache(maxsize=4096)
def figures(text: str) -> frozenset[str]:
    # (Every match starts with a digit.)
    return frozenset(m.group().strip().rstrip(".,") for m in scan.finditer(FIGURE_RE, text))


@lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern:
    """A case-insensitive whole-phrase pattern for a literal phrase (skills like 'C++' work)."""
    parts = [re.escape(p) for p in phrase.split()]
    return compile_folded(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


def join_words(items: list[str], conj: str = "and") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


class SpanIndex:
    """Sorted spans with fast look-ups, so long texts stay linear: is a position inside one of
    them, is there one near a span?"""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        # the furthest end seen so far, for containment with overlapping spans
        self.max_end: list[int] = []
        m = -1
        for _, e in self.spans:
            m = max(m, e)
            self.max_end.append(m)

    def contains(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.max_end[i] > pos

    def any_between(self, lo: int, hi: int) -> bool:
        """Is there a span that overlaps [lo, hi)?"""
        i = bisect_right(self.starts, hi - 1) - 1  # last span starting before hi
        return i >= 0 and self.max_end[i] > lo
