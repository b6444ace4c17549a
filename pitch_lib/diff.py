"""Word-level difference between two texts, and an escaped HTML view of it.

Words are compared without their surrounding whitespace (so re-wrapping a line is not a
change), with :class:`difflib.SequenceMatcher`; the view keeps the new text's spacing.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

TOKEN = re.compile(r"\S+\s*")
# SequenceMatcher is quadratic in the worst case; past this many words per side the diff
# covers the start only, and says so.
MAX_DIFF_WORDS = 5_000
# A run of this many words or fewer that is kept between two changes ("a", "for the") is shown
# as part of one change: a rewritten sentence reads better than confetti.
SHORT_EQUAL_WORDS = 2


@dataclass(frozen=True)
class DiffOp:
    """One run of the diff. ``op`` is 'equal', 'insert', 'delete' or 'replace'."""

    op: str
    old: str
    new: str


@dataclass(frozen=True)
class WordDiff:
    ops: tuple[DiffOp, ...]
    words_added: int
    words_removed: int
    truncated: bool = False

    @property
    def changed(self) -> bool:
        return any(o.op != "equal" for o in self.ops)

    def similarity(self) -> float:
        """Share of words kept, 0..1 (1.0 for two identical or two empty texts)."""
        kept = sum(len(TOKEN.findall(o.new)) for o in self.ops if o.op == "equal")
        total = kept + max(self.words_added, self.words_removed)
        return kept / total if total else 1.0


def tokens(text: str) -> list[str]:
    """Words with their trailing whitespace; leading whitespace is its own token."""
    lead = text[: len(text) - len(text.lstrip())]
    return ([lead] if lead else []) + TOKEN.findall(text)


def _merge_short_equal_runs(ops: list[DiffOp], max_words: int) -> list[DiffOp]:
    out: list[DiffOp] = []
    for o in ops:
        out.append(o)
        while (
            len(out) >= 3
            and out[-2].op == "equal"
            and out[-1].op != "equal"
            and out[-3].op != "equal"
            and len(out[-2].new.split()) <= max_words
        ):
            x, kept, y = out[-3:]
            out[-3:] = [DiffOp("replace", x.old + kept.old + y.old, x.new + kept.new + y.new)]
    return out


def word_diff(
    old: str, new: str, *, max_words: int = MAX_DIFF_WORDS, short_equal: int = SHORT_EQUAL_WORDS
) -> WordDiff:
    a, b = tokens(old), tokens(new)
    truncated = len(a) > max_words or len(b) > max_words
    a, b = a[:max_words], b[:max_words]
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    ops = [DiffOp(tag, "".join(a[i1:i2]), "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    ops = _merge_short_equal_runs(ops, short_equal)
    added = sum(len(o.new.split()) for o in ops if o.op != "equal")
    removed = sum(len(o.old.split()) for o in ops if o.op != "equal")
    return WordDiff(tuple(ops), added, removed, truncated)


def _split_trailing_space(s: str) -> tuple[str, str]:
    core = s.rstrip()
    return core, s[len(core) :]


def diff_html(d: WordDiff) -> str:
    """``<del>`` for removed words, ``<ins>`` for added ones; all text escaped.

    Marks also carry a +/− sign (CSS) and a tooltip, so the view does not rely on colour.
    """
    out = []
    for o in d.ops:
        if o.op == "equal":
            out.append(html.escape(o.new))
            continue
        if o.old:
            core, space = _split_trailing_space(o.old)
            out.append(f'<del title="removed">{html.escape(core)}</del>' + (" " if space and not o.new else ""))
            if o.new:
                out.append(" ")
        if o.new:
            core, space = _split_trailing_space(o.new)
            out.append(f'<ins title="added">{html.escape(core)}</ins>{html.escape(space)}')
    if d.truncated:
        out.append("\n… long texts: only the start was compared.")
    if not d.ops:
        out.append("(both texts are empty)")
    return f'<div class="pw-diff" dir="auto">{"".join(out)}</div>'
