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


# A heading of requirements ("Requirements:", "Essential skills", "What we're looking for:"), alone
# on its line or leading a list on it ("Skills required: Java, Spring, ...").
REQ_HEADING_RE = re.compile(
    r"^[ \t]*[#*_]*[ \t]*(?:key |essential |minimum |job |candidate |role |the )?(?:requirements?|essentials?|desirables?|"
    r"must[- ]haves?|nice[- ]to[- ]haves?|skills(?: and experience)?(?: required)?|required skills|experience(?: required)?|"
    r"qualifications(?: required)?|what we(?:'re| are) looking for|what we need|what you(?:'ll| will)? need|who you are|"
    r"about you|the ideal candidate|ideal candidate|person specification|you (?:will |must |should )?have)"
    r"[ \t]*[*_]*[ \t]*(?::|$)", re.I | re.M)
LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*•·–]|\d+[.)])[ \t]+")


def requirement_sections(body: str) -> list[tuple[int, int]]:
    """Where the requirements are: a heading's own line, the lines right under it (a list, or a
    line of comma-separated skills), and list items after a blank line, up to the first line
    after a blank that is not a list item (a paragraph or the next heading)."""
    out: list[tuple[int, int]] = []
    if ":" not in body and "\n" not in body:
        return out
    for m in REQ_HEADING_RE.finditer(body):
        start = m.start()
        end = body.find("\n", m.end())
        end = len(body) if end < 0 else end
        pos, after_blank = end + 1, False
        while pos < len(body):
            nl = body.find("\n", pos)
            line_end = len(body) if nl < 0 else nl
            line = body[pos:line_end]
            if not line.strip():
                after_blank = True
            elif after_blank and not LIST_ITEM_RE.match(line):
                break
            elif not after_blank or LIST_ITEM_RE.match(line):
                if line.rstrip().endswith(":") and not LIST_ITEM_RE.match(line):
                    break  # the next heading
                end = line_end
            pos = line_end + 1
        out.append((start, end))
    return out
