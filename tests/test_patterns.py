"""Every pattern a rule lists can match something.

A word-list entry that can never match (say, one that ends in a space while the list adds a
"no word character follows" check, as "reply by " once did) is a rule that silently does
nothing. For each entry we build a shortest example from its own parse tree and check that the
rule's compiled pattern finds it inside an ordinary sentence."""

from __future__ import annotations

import re
import re._constants as C  # noqa: N812
import re._parser as P  # noqa: N812

import pytest

from pitch_lib.engine.ruleset import PATTERN_PARAMS, default_ruleset
from pitch_lib.engine.text import fold_case


def example(pattern: str) -> str:
    """A short string the pattern matches: first branch, fewest repeats, a letter for a class."""
    return _walk(P.parse(pattern))


def _walk(items) -> str:
    out = []
    for op, av in items:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.NOT_LITERAL:
            out.append("a" if chr(av) != "a" else "b")
        elif op is C.ANY:
            out.append("a")
        elif op is C.IN:
            out.append(_in(av))
        elif op is C.BRANCH:
            out.append(_walk(av[1][0]))
        elif op is C.SUBPATTERN:
            out.append(_walk(av[-1]))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            out.append(_walk(sub) * lo)
        elif op is C.ATOMIC_GROUP:
            out.append(_walk(av))
        elif op is C.ASSERT and av[0] == 1:  # a look-ahead: what must follow is part of the example
            out.append(_walk(av[1]))
        # AT, look-behinds, ASSERT_NOT, GROUPREF...: nothing to add
    return "".join(out)


def _in(av) -> str:
    if av and av[0][0] is C.NEGATE:
        cls = re.compile("[^" + "".join(re.escape(chr(v)) for op, v in av[1:] if op is C.LITERAL) + "]")
        return next((c for c in " a1" if cls.match(c)), "a")
    for op, v in av:
        if op is C.LITERAL:
            return chr(v)
        if op is C.RANGE:
            return chr(v[0])
        if op is C.CATEGORY:
            return {C.CATEGORY_DIGIT: "1", C.CATEGORY_SPACE: " ", C.CATEGORY_WORD: "a"}.get(v, "a")
        if op is C.NEGATE:
            return "a"
    return "a"


def _cases():
    rules = default_ruleset()
    for rule in rules.rules.values():
        if rule.type == "existence":
            for tok in rule.tokens:
                yield rule, rule.pattern, tok
        if rule.type == "substitution":
            for key, _ in rule.swap:
                yield rule, rule.pattern, key
        for name in PATTERN_PARAMS:
            for tok in rule.params.get(name, ()) if isinstance(rule.params.get(name), list) else ():
                if name in rule.compiled:
                    yield rule, rule.compiled[name], tok


CASES = list(_cases())


@pytest.mark.parametrize("rule,pattern,token", CASES, ids=[f"{r.id}:{t[:40]}" for r, _, t in CASES])
def test_every_listed_pattern_matches_an_example(rule, pattern, token):
    ex = example(token)
    assert ex.strip(), f"{rule.id}: {token!r} has an empty example"
    # An entry that ends in a space is followed by a word in real text ("reply by Friday").
    contexts = (f"see {ex}Friday",) if ex[-1:].isspace() else (f"see {ex} now", f"{ex}.", f"Well, {ex}, then")
    for text in contexts:
        probe = text if rule.case_sensitive else fold_case(text)
        if pattern.search(probe):
            return
    raise AssertionError(f"{rule.id}: {token!r} never matches, not even its own example {ex!r}")


def test_a_dead_entry_is_caught():
    """The entry that was dead before this test existed fails it."""
    from pitch_lib.engine.ruleset import word_alternation

    dead = "(respond|reply) (by|before|within) "
    ex = example(dead)
    assert ex.endswith(" ") and not word_alternation([dead]).search(fold_case(f"see {ex}Friday"))


def test_the_example_builder_builds_matching_examples():
    for pat in [r"(respond|reply) (by|before) [\w-]+", r"\$[A-Z_]{3,}\b", r"no (worries|pressure)", r"a\.s\.a\.p\.?"]:
        assert re.fullmatch(pat, example(pat))
