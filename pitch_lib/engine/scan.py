"""Fast regex scanning: try a pattern only where a match can begin.

Scoring runs some sixty regexes over each pitch, and a regex scan costs about the same
whatever it finds: CPython's engine tries every position. But most of our patterns can only
match in a few places, and that can be read off the pattern itself:

- A word list ("exciting", "aggress", "i came across") matches only at the start of a word
  that begins with one of its entries' literal beginnings. :class:`WordStarts` lists a text's
  words and where each starts, once; such a pattern is then tried (``pattern.match``) only at
  those words. A list none of whose words occur costs one set intersection.
- A pattern that begins with a digit, a currency sign, a bracket or a capital (money, merge
  fields, shouting) is tried only where a character-set scan, which CPython runs in C, finds
  one of its first characters.

:func:`plan` reads the parsed regex once per pattern and decides which applies; a pattern it
cannot prove anything about is scanned in full, as before. Either way the matches are exactly
those of ``pattern.finditer``: tests/test_text.py checks that for every pattern the engine uses.
"""

from __future__ import annotations

import re
import threading
import weakref
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import accumulate

KEY_LEN = 3
PREFIX_MARK = "\0"  # by_key holds whole words as they are, three-letter prefixes marked with this
SHORT_MARK = "\2"  # _INDEX: one- or two-letter stems, marked with this
_WORD_RUN_RE = re.compile(r"\w+")
_WORD_SPLIT_RE = re.compile(r"(\w+)")
_FIRST_WORD_DONE = re.compile(r"\w+\W")
_MAX_BEGINNINGS = 256
_MAX_BEGINNING_LEN = 24
_UNSUPPORTED_FLAGS = re.IGNORECASE | re.ASCII | re.LOCALE | re.VERBOSE


@dataclass(frozen=True)
class Plan:
    """Where a pattern can match.

    ``words``/``prefixes``/``short``: the pattern only matches at the start of a word that is
    one of ``words``, begins with one of ``prefixes`` (three letters), or begins with one of
    ``short`` (one or two letters); ``keyed`` says these apply. ``gate``: a character set that
    every match starts with, or None."""

    keyed: bool
    words: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    short: frozenset[str] = frozenset()
    gate: re.Pattern | None = None
    keys: frozenset[str] = frozenset()  # words, and prefixes + PREFIX_MARK: what WordStarts.by_key holds
    serial: int = -1  # a keyed plan's number in _INDEX


_NO_PLAN = Plan(keyed=False)
# By id(): hashing a compiled pattern hashes all its compiled code, which for a long word list
# costs more than the scan a plan saves. The weak reference checks that the id is still that
# pattern's, and drops the entry when the pattern goes.
_PLANS: dict[int, tuple[weakref.ref, Plan]] = {}
# Every keyed plan's keys, inverted: key -> serials of the plans that have it. A text's words
# are looked up here once (WordStarts), instead of intersecting each plan's keys with them.
#
# Streamlit scores in several threads. Plans are made (rarely) under _LOCK; a plan's keys are
# in _INDEX before its serial is counted in _STATE["serials"], so a reader that reads the count
# first never relies on keys not there yet (a plan made later takes the late path). Each
# version of the index gets a fresh word cache, so no thread fills a newer cache from an older
# index. _INDEX is replaced, never changed in place, when it is rebuilt.
_LOCK = threading.RLock()
_INDEX: dict[str, list[int]] = {}
_STATE = {"serials": 0, "forgotten": 0, "version": 0}
# A word's plans (by its own key, its prefix's and its stems'), for one version of the index.
_WORD_CACHE: list[tuple[int, dict[str, tuple[int, ...]]]] = [(0, {})]


def _serials_of(word: str, index: dict[str, list[int]], cache: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
    found = list(index.get(word, ()))
    if len(word) >= KEY_LEN:
        found += index.get(word[:KEY_LEN] + PREFIX_MARK, ())
    for n in range(1, min(KEY_LEN, len(word) + 1)):
        found += index.get(word[:n] + SHORT_MARK, ())
    out = tuple(dict.fromkeys(found))
    cache[word] = out
    return out


def _word_cache() -> dict[str, tuple[int, ...]]:
    version, cache = _WORD_CACHE[0]
    if version != _STATE["version"] or len(cache) > 100_000:
        cache = {}
        _WORD_CACHE[0] = (_STATE["version"], cache)
    return cache


def plan(pattern: re.Pattern) -> Plan:
    """The plan for ``pattern``, worked out on first use."""
    entry = _PLANS.get(id(pattern))
    if entry is not None and entry[0]() is pattern:
        return entry[1]
    with _LOCK:
        entry = _PLANS.get(id(pattern))
        if entry is not None and entry[0]() is pattern:
            return entry[1]
        p = _make_plan(pattern)
        if p.keyed:
            p = replace(p, serial=_STATE["serials"])
            for k in p.keys | {k + SHORT_MARK for k in p.short}:
                _INDEX.setdefault(k, []).append(p.serial)
            _STATE["serials"] += 1  # counted only now that its keys are in the index
            _STATE["version"] += 1
        key = id(pattern)
        _PLANS[key] = (weakref.ref(pattern, lambda r, key=key: _forget(key, r)), p)
        return p


def _forget(key: int, ref: weakref.ref) -> None:
    global _INDEX
    with _LOCK:
        entry = _PLANS.get(key)
        if entry is None or entry[0] is not ref:
            return
        del _PLANS[key]
        if entry[1].keyed:
            _STATE["forgotten"] += 1
            if _STATE["forgotten"] > 1024:  # many patterns gone (profiles come and go): drop their keys
                index: dict[str, list[int]] = {}
                for _, live in list(_PLANS.values()):
                    for k in live.keys | {k + SHORT_MARK for k in live.short}:
                        index.setdefault(k, []).append(live.serial)
                _INDEX = index
                _STATE["forgotten"] = 0
                _STATE["version"] += 1


def _make_plan(pattern: re.Pattern) -> Plan:
    try:
        from re import _constants as C
        from re import _parser as P

        tree = list(P.parse(pattern.pattern, pattern.flags))
    except Exception:  # an unexpected parse tree: make no promise, scan in full
        return _NO_PLAN
    if pattern.flags & _UNSUPPORTED_FLAGS:
        return _NO_PLAN
    for attempt in (_keys, _gated, _mixed):
        try:
            found = attempt(tree, C)
        except Exception:  # _Unsure, or a parse tree this Python lays out differently
            continue
        if found is not None:
            return found
    return _NO_PLAN


def _gated(tree: list, C) -> Plan | None:
    gate = _gate(tree, C)
    if gate is None:
        return None
    op, av = tree[0]
    if op is C.ASSERT_NOT and av[0] == -1 and len(av[1]) == 1 and _is_word_class(av[1][0], C):
        # (?<!\w) first: only where no word character comes before, checked after the
        # character so that the engine still skips along with the set ("2,000" is one try).
        gate = re.compile(gate.pattern + r"(?<!\w.)")
    return Plan(keyed=False, gate=gate)


def _mixed(tree: list, C) -> Plan | None:
    """A pattern that is alternatives, each a word list or gated ("£90k" or "90k usd" or "usd
    90k"): tried at the word starts of the one and the gate characters of the other."""
    items = tree
    guard: list = []
    # A word list's own frame: (?<!\w) before the alternatives, zero-width checks after them
    # (they decide nothing about where a match starts).
    if len(items) >= 2 and _guarded(items[:1] + [(C.LITERAL, ord("a"))], C) and items[0][0] is not C.LITERAL:
        guard, items = items[:1], items[1:]
    while len(items) > 1 and items[-1][0] in (C.AT, C.ASSERT, C.ASSERT_NOT):
        items = items[:-1]
    while len(items) == 1 and items[0][0] is C.SUBPATTERN and not items[0][1][1] and not items[0][1][2]:
        items = list(items[0][1][3])
    if len(items) != 1 or items[0][0] is not C.BRANCH:
        return None
    words: set[str] = set()
    prefixes: set[str] = set()
    short: set[str] = set()
    atoms: set[str] = set()
    for alt in items[0][1][1]:
        keyed = _keys(guard + list(alt), C)
        if keyed is not None:
            words |= keyed.words
            prefixes |= keyed.prefixes
            short |= keyed.short
            continue
        found = _gate_atoms(list(alt), C)
        if found is None:
            return None
        atoms |= found
    gate = _compile_gate(atoms)
    if gate is None or not (words or prefixes or short):
        return None
    return Plan(keyed=True, words=frozenset(words), prefixes=frozenset(prefixes), short=frozenset(short),
                keys=frozenset(words | {k + PREFIX_MARK for k in prefixes}), gate=gate)


class _Unsure(Exception):
    pass


# --- word lists ---------------------------------------------------------------------------


def literal_beginnings(pattern: str) -> set[str] | None:
    """Literal strings of which every match of ``pattern`` starts with one, read off the parsed
    regex: alternatives and optional parts are expanded, zero-width assertions skipped, and a
    beginning stops at the first character class or repeat, or once its first word is whole.
    None when the pattern has flags or can't be read."""
    try:
        from re import _constants as C
        from re import _parser as P

        tree = P.parse(pattern)
        if tree.state.flags & _UNSUPPORTED_FLAGS:
            return None
        done, open_ = _walk(list(tree), {""}, C)
    except Exception:
        return None
    return {b.rstrip(_WORD_END) for b in done | open_}


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
            if av[1] or av[2]:
                raise _Unsure("a group with flags")
            d, open_ = _walk(list(av[3]), open_, C)
            done |= d
        elif op is C.BRANCH:
            grown: set[str] = set()
            for alt in av[1]:
                d, o = _walk(list(alt), set(open_), C)
                done |= d
                grown |= o
            open_ = grown
        elif op is C.IN and _no_word_chars(av, C):
            open_ = {_end_word(b) for b in open_}  # \s, \W: the word before is whole
            done |= open_
            open_ = set()
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _, item = av
            if lo and len(item) == 1 and item[0][0] is C.IN and _no_word_chars(item[0][1], C):
                done |= {_end_word(b) for b in open_}  # \s+: the word before is whole
                open_ = set()
                continue
            d, o = _walk(list(item), set(open_), C)
            done |= d | o  # one repetition, then the beginning stops
            if lo:
                open_ = set()  # (with lo == 0 the part may be skipped: keep growing without it)
        elif (op is C.AT and av is C.AT_BOUNDARY) or (op is C.ASSERT_NOT and av[0] == 1 and len(av[1]) == 1 and _is_word_class(av[1][0], C)):
            open_ = {_end_word(b) for b in open_}  # \b or (?!\w) after a letter: the word is whole
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero width: consumes nothing
        else:
            done |= open_
            open_ = set()
        finished = {b for b in open_ if _FIRST_WORD_DONE.match(b)}
        if finished:  # the first word is whole: that is all a beginning is used for
            done |= finished
            open_ -= finished
        if len(done) + len(open_) > _MAX_BEGINNINGS or any(len(b) >= _MAX_BEGINNING_LEN for b in open_):
            done |= open_
            open_ = set()
    return done, open_


_WORD_END = "\x01"  # in a beginning: "no word character comes next" (a \s, \W, \b or (?!\w))


def _end_word(b: str) -> str:
    return b + _WORD_END if b and _WORD_RUN_RE.match(b[-1]) else b


def _no_word_chars(members, C) -> bool:
    """Can this character set never match a word character? (\\s, \\W, punctuation)"""
    for o, a in members:
        if o is C.CATEGORY:
            if str(a) not in ("CATEGORY_SPACE", "CATEGORY_NOT_WORD", "CATEGORY_LINEBREAK"):
                return False
        elif o is C.LITERAL:
            if _WORD_RUN_RE.match(chr(a)):
                return False
        else:
            return False
    return True


def _is_word_class(item, C) -> bool:
    """Is ``item`` a character set that includes every word character (\\w)?"""
    op, av = item
    return op is C.IN and (C.CATEGORY, C.CATEGORY_WORD) in av and not any(o is C.NEGATE for o, _ in av)


def _guarded(items: list, C) -> bool:
    """Does every match of ``items`` start where no word character comes before, given that it
    starts with a word character? (``(?<!\\w)``, ``\\b``, or ``c(?<!\\w.)``, as our word lists
    are written.)"""
    if not items:
        return False
    op, av = items[0]
    if op is C.AT:
        return av is C.AT_BOUNDARY
    if op is C.ASSERT_NOT:
        direction, sub = av
        return direction == -1 and len(sub) == 1 and _is_word_class(sub[0], C)
    if op is C.LITERAL and len(items) > 1 and items[1][0] is C.ASSERT_NOT:
        direction, sub = items[1][1]
        return direction == -1 and len(sub) == 2 and _is_word_class(sub[0], C) and sub[1][0] is C.ANY
    if op is C.BRANCH:
        return all(_guarded(list(alt) + items[1:], C) for alt in av[1])
    if op is C.SUBPATTERN and not av[1] and not av[2]:
        return _guarded(list(av[3]) + items[1:], C)
    return False


def _keys(tree: list, C) -> Plan | None:
    if not _guarded(tree, C):
        return None
    done, open_ = _walk(tree, {""}, C)
    beginnings = done | open_
    if not beginnings or any(not b or not _WORD_RUN_RE.match(b[0]) for b in beginnings):
        return None
    words: set[str] = set()
    prefixes: set[str] = set()
    short: set[str] = set()
    for b in beginnings:
        head = _WORD_RUN_RE.match(b).group()
        if len(head) < len(b):
            words.add(head)  # the first word is whole ("i came" -> "i")
        elif len(head) >= KEY_LEN:
            prefixes.add(head[:KEY_LEN])
        else:
            short.add(head)
    return Plan(keyed=True, words=frozenset(words), prefixes=frozenset(prefixes), short=frozenset(short),
                keys=frozenset(words | {k + PREFIX_MARK for k in prefixes}))


# --- first-character gates ----------------------------------------------------------------

_CATEGORY_ATOMS = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s"}


def _firsts(items: list, C) -> tuple[set[str], bool]:
    """(the character-set atoms a match of ``items`` can start with, can it match empty?)"""
    atoms: set[str] = set()
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        if op is C.LITERAL:
            atoms.add(re.escape(chr(av)))
            return atoms, False
        if op is C.IN:
            for o, a in av:
                if o is C.LITERAL:
                    atoms.add(re.escape(chr(a)))
                elif o is C.RANGE:
                    atoms.add(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
                elif o is C.CATEGORY and str(a) in _CATEGORY_ATOMS:
                    atoms.add(_CATEGORY_ATOMS[str(a)])
                else:
                    raise _Unsure("a set too wide to gate")
            return atoms, False
        if op is C.SUBPATTERN:
            if av[1] or av[2]:
                raise _Unsure("a group with flags")
            a, nullable = _firsts(list(av[3]), C)
            atoms |= a
            if not nullable:
                return atoms, False
        elif op is C.BRANCH:
            any_nullable = False
            for alt in av[1]:
                a, nullable = _firsts(list(alt), C)
                atoms |= a
                any_nullable |= nullable
            if not any_nullable:
                return atoms, False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            a, nullable = _firsts(list(av[2]), C)
            atoms |= a
            if av[0] and not nullable:
                return atoms, False
        else:
            raise _Unsure("a start that is not a set of characters")
    return atoms, True


def _gate_atoms(tree: list, C) -> set[str] | None:
    atoms, nullable = _firsts(tree, C)
    return atoms if atoms and not nullable else None


def _compile_gate(atoms: set[str] | None) -> re.Pattern | None:
    """A character set from ``atoms``, when it is narrow: no lower-case letters and no \\w
    (those are everywhere in text, so gating on them saves nothing)."""
    if not atoms:
        return None
    gate = re.compile("[" + "".join(sorted(atoms)) + "]")
    if any(gate.match(c) for c in "abcdefghijklmnopqrstuvwxyzéè"):
        return None
    return gate


def _gate(tree: list, C) -> re.Pattern | None:
    """A narrow character set every match starts with (see :func:`_compile_gate`)."""
    return _compile_gate(_gate_atoms(tree, C))


# --- scanning -----------------------------------------------------------------------------


def finditer(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
    """What ``pattern.finditer(text, pos, endpos)`` finds, tried only where a gate allows
    (for a word list, use :class:`WordStarts`, which indexes the text's words)."""
    end = len(text) if endpos is None else endpos
    p = plan(pattern)
    gate = p.gate
    if gate is None or p.keyed:  # (a keyed plan's gate covers only some alternatives)
        return pattern.finditer(text, pos, end)
    return _try_at(pattern, text, [m.start() for m in gate.finditer(text, pos, end)], pos, end)


def search(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
    return next(finditer(pattern, text, pos, endpos), None)


def _try_at(pattern: re.Pattern, text: str, candidates: list[int], pos: int, end: int) -> Iterator[re.Match]:
    """``pattern`` tried at each candidate position in order, as ``finditer`` would: a match
    found, the next try starts where it ended."""
    match = pattern.match
    last = pos
    for p in candidates:
        if p < last:
            continue
        if p >= end:
            return
        m = match(text, p, end)
        if m is not None:
            yield m
            last = m.end() if m.end() > p else p + 1


class WordStarts:
    """The words of a text and where each starts, so that word lists are tried only at the
    words they can match (see the module's docstring)."""

    __slots__ = ("text", "words", "starts", "_by_key", "_candidates", "_by_serial", "_covered")

    def __init__(self, text: str):
        self.text = text
        # The words and the text between them, alternately; where each word starts follows
        # from the lengths (all in C, no Python loop).
        parts = _WORD_SPLIT_RE.split(text)
        self.words: list[str] = parts[1::2]
        self.starts: list[int] = list(accumulate(map(len, parts)))[0:-1:2]
        self._by_key: dict[str, list[int]] | None = None
        self._candidates: dict[int, list[int]] = {}  # by id(pattern), as _PLANS
        self._by_serial: dict[int, list[int]] | None = None
        self._covered = 0

    @property
    def by_key(self) -> dict[str, list[int]]:
        """Word starts by word, and by the first three letters + PREFIX_MARK."""
        by_key = self._by_key
        if by_key is None:
            by_key = {}
            for w, i in zip(self.words, self.starts, strict=True):
                by_key.setdefault(w, []).append(i)
                if len(w) >= KEY_LEN:
                    by_key.setdefault(w[:KEY_LEN] + PREFIX_MARK, []).append(i)
            self._by_key = by_key
        return by_key

    def _index(self) -> dict[int, list[int]]:
        """Word starts for every keyed plan made so far, by the plan's serial (each list in
        order, without repeats)."""
        covered = _STATE["serials"]  # read first: plans counted here have their keys indexed
        cache = _word_cache()  # then the cache: if the index changes after this, it is orphaned
        index = _INDEX
        by_serial: defaultdict[int, list[int]] = defaultdict(list)
        words = self.words
        for w, i, serials in zip(words, self.starts, map(cache.get, words), strict=True):
            if serials is None:
                serials = _serials_of(w, index, cache)
            for n in serials:
                by_serial[n].append(i)
        self._by_serial = by_serial
        self._covered = covered
        return by_serial

    def candidates(self, pattern: re.Pattern, p: Plan) -> list[int]:
        """Sorted positions where ``pattern`` could match (a superset of where it does)."""
        out = self._candidates.get(id(pattern))
        if out is None:
            by_serial = self._by_serial if self._by_serial is not None else self._index()
            if 0 <= p.serial < self._covered:
                found = by_serial.get(p.serial, [])
                if p.gate is not None:  # the alternatives that start with a digit or a sign
                    found = sorted(set(found + [m.start() for m in p.gate.finditer(self.text)]))
                out = found
            else:  # a plan made after this text was indexed
                by_key = self.by_key
                hits = by_key.keys() & p.keys
                found = [i for k in hits for i in by_key[k]]
                for k in p.short:  # rare: a one- or two-letter stem
                    found += [i for w, ps in by_key.items() if w[-1:] != PREFIX_MARK and w.startswith(k) for i in ps]
                if p.gate is not None:
                    found += [m.start() for m in p.gate.finditer(self.text)]
                out = sorted(set(found))
            self._candidates[id(pattern)] = out
        return out

    def finditer(self, pattern: re.Pattern, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """What ``pattern.finditer(text, pos, endpos)`` finds."""
        key = id(pattern)
        cands = self._candidates.get(key)  # (keyed and gated patterns are remembered here)
        if cands is None:
            # (plan()'s look-up inlined: scoring makes some sixty of these calls a pitch)
            entry = _PLANS.get(key)
            p = entry[1] if entry is not None and entry[0]() is pattern else plan(pattern)
            if p.keyed:
                cands = self.candidates(pattern, p)
            elif p.gate is not None:
                cands = self._candidates[key] = [m.start() for m in p.gate.finditer(self.text)]
            else:
                return pattern.finditer(self.text, pos, len(self.text) if endpos is None else endpos)
        end = len(self.text) if endpos is None else endpos
        if pos:
            cands = cands[bisect_left(cands, pos):]
        if not cands or cands[0] >= end:
            return iter(())
        return _try_at(pattern, self.text, cands, pos, end)

    def search(self, pattern: re.Pattern, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """What ``pattern.search(text, pos, endpos)`` finds."""
        return next(self.finditer(pattern, pos, endpos), None)
