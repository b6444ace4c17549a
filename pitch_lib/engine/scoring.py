"""Score a pitch: run every rule over the text and turn what they find into a Scorecard.

How a score is made (the same text always gets the same score):
- each of the six dimensions loses the points of its findings, never going below 0; a rule's
  findings together cost at most its ``max_points``. In personalisation and benefit clarity
  every piece of evidence missing (a fact about them, the pay, what the job is, an ask) is
  such a finding, so those two are earned;
- the overall is substance x delivery x gates (:func:`overall_score`; ``rules/scoring.toml``).

``score_pitch`` never raises on any text and needs no network.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from pitch_lib.engine import scan
from pitch_lib.engine import text as T
from pitch_lib.engine.channels import ChannelSpec
from pitch_lib.engine.ruleset import Rule, RuleSet, default_ruleset
from pitch_lib.engine.scorecard import DIMENSIONS, DimensionScore, Finding, Scorecard
from pitch_lib.engine.vocab import MOTIVATORS
from pitch_lib.models import CandidateProfile, Pitch, Role

YOU_WORDS = frozenset({"you", "your", "yours", "yourself", "you're", "you've", "you'd", "you'll"})


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: dict) -> str:
    """Fill ``{name}`` fields; unknown fields stay as they are (never raises)."""
    try:
        return template.format_map(values)
    except KeyError:  # a field with no value: keep it as written
        try:
            return template.format_map(_SafeDict(values))
        except (ValueError, IndexError, AttributeError):
            return template
    except (ValueError, IndexError, AttributeError):
        return template


@dataclass
class Hit:
    """What a check found: a span and the values for the rule's message template."""

    start: int
    end: int
    values: dict = field(default_factory=dict)
    field: str = "body"
    points: int | None = None  # None: the rule's points
    level: str | None = None  # None: the rule's level
    replacements: tuple[str, ...] = ()  # exact fixes for the span (see Finding.replacements)


class cached_property:  # noqa: N801 (named like the functools one it stands for)
    """functools.cached_property without the lock it takes on every first access in Python
    3.11 (a Doc fills some twenty of these per pitch, in one thread)."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass
class Doc:
    """A pitch with everything the checks need, computed once and shared."""

    body: str
    subject: str
    channel: ChannelSpec
    profile: CandidateProfile | None
    role: Role | None
    rules: RuleSet
    full_body: str = ""  # the whole text; ``body`` is the part analysed (see score_pitch)
    credits: dict[str, list[str]] = field(default_factory=lambda: {d: [] for d in DIMENSIONS})
    # What the user typed, and where each character of the normalised body / subject came from
    # (None: the same offsets; see text.normalise).
    typed_body: str = ""
    typed_subject: str = ""
    body_map: list[int] | None = None
    subject_map: list[int] | None = None
    # Rules with an overall factor whose findings were not ignored (filled by score_pitch).
    gates: list = field(default_factory=list)

    def typed_span(self, fld: str, start: int, end: int) -> tuple[int, int]:
        """A span found in the normalised text, as a span of what the user typed."""
        if fld == "subject":
            where, n, typed = self.subject_map, len(self.subject), self.typed_subject
        else:
            where, n, typed = self.body_map, len(self.full_body or self.body), self.typed_body
        start, end = max(0, min(start, n)), max(0, min(end, n))
        if where is not None:
            start, end = where[min(start, len(where) - 1)], where[min(end, len(where) - 1)]
        start = min(start, len(typed))
        return start, max(start, min(end, len(typed)))

    @property
    def full_length(self) -> int:
        return len(self.full_body or self.body)

    @cached_property
    def full_words(self) -> int:
        return T.count_words(self.full_body) if self.full_body else len(self.lower_words)

    @cached_property
    def signature_words(self) -> int:
        """Words in the signature block (after a sign-off line near the end): a name, a title and
        a phone number are not part of the message's length."""
        lines = self.body.rstrip().split("\n")
        for i in range(max(0, len(lines) - 7), len(lines)):
            if SIGN_OFF_LINE_RE.match(lines[i]):
                return sum(T.count_words(ln) for ln in lines[i:])
        return 0

    @cached_property
    def role_stems(self) -> frozenset[str]:
        """Distinctive words of the role brief: a pitch that uses them talks about the job."""
        r = self.role
        if r is None:
            return frozenset()
        return content_stems((r.title, r.company, r.location, r.mission, *r.benefits, *r.responsibilities))

    @cached_property
    def lower_subject(self) -> str:
        return T.fold_case(self.subject)

    @cached_property
    def subject_starts(self) -> scan.WordStarts:
        return scan.WordStarts(self.lower_subject)

    def search(self, pattern: re.Pattern, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """``pattern.search`` on the folded body (case-insensitive patterns run on it)."""
        return self.word_starts.search(pattern, pos, endpos)

    def finditer(self, pattern: re.Pattern, pos: int = 0, endpos: int | None = None) -> Iterable[re.Match]:
        """``pattern.finditer`` on the folded body (case-insensitive patterns run on it).

        A word list is tried only where a word starts with one of its entries (see
        :mod:`pitch_lib.engine.scan`); it finds exactly what ``finditer`` finds."""
        return self.word_starts.finditer(pattern, pos, endpos)

    @cached_property
    def word_starts(self) -> scan.WordStarts:
        return scan.WordStarts(self.lower)

    @cached_property
    def lower(self) -> str:
        """The body case-folded, same length: case-insensitive patterns run on this."""
        return T.fold_case(self.body)

    # --- Context: when a word-list match is not what it seems (rules/context.toml) -------------

    @cached_property
    def _quoted(self):
        from pitch_lib.engine.checks._shared import SpanIndex

        spans = [m.span() for m in QUOTED_RE.finditer(self.body)]
        return SpanIndex(spans)

    @cached_property
    def _allowed(self):
        from pitch_lib.engine.checks._shared import SpanIndex

        allow = self.rules.allow
        return SpanIndex([m.span() for m in self.finditer(allow)] if allow is not None else [])

    def negated(self, start: int) -> bool:
        """Is a negation ("no", "not", "without", "nothing"...) before ``start`` in its clause?"""
        lo = max(0, start - 80)
        before = self.lower[lo:start]
        cut = _CLAUSE_END_RE.search(before)  # (the last clause mark: one search in C)
        if cut is not None:
            before = before[cut.start() + 1:]
        words = T.WORD_RE.findall(before)[-self.rules.negation_window:]
        if not words or self.rules.negators is None:
            return False
        return bool(self.rules.negators.search(" ".join(words)))

    def in_name(self, start: int, end: int, text: str | None = None) -> bool:
        """Is the span part of a capitalised name or title written mid-sentence ("Rockstar
        Games", "our Nurse Lead")? Words in capitals throughout are not names (they shout)."""
        text = self.body if text is None else text
        word = text[start:end]
        if not word[:1].isupper() or word.isupper() and len(word) > 1:
            return False
        i = start - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        sentence_start = i < 0 or text[i] in ".!?\n\"'(:•-*"
        nxt = re.match(r"[ \t]+([^\W\d_][\w'&-]*)", text[end:end + 40])
        prev = re.search(r"([^\W\d_][\w'&-]*)[ \t]+$", text[max(0, start - 40):start])
        joined = (nxt is not None and nxt.group(1)[:1].isupper() and nxt.group(1) != "I") or (
            prev is not None and prev.group(1)[:1].isupper() and not sentence_start and prev.group(1) != "I")
        return joined or not sentence_start

    @cached_property
    def merge_tokens(self):
        """Where the unfilled merge fields are (so other rules don't count them again)."""
        from pitch_lib.engine.checks._shared import SpanIndex

        rule = self.rules.rules.get("personalisation.merge_token")
        if rule is None or rule.pattern is None:
            return SpanIndex([])
        return SpanIndex([m.span() for m in scan.finditer(rule.pattern, self.body)])

    def in_context(self, start: int, end: int, kinds, fld: str = "body") -> bool:
        """Does one of the rule's ``context`` kinds excuse the match at [start, end)?"""
        if not kinds:
            return False
        if fld == "subject":
            return "names" in kinds and self.in_name(start, end, self.subject) and start > 0
        return (("quotes" in kinds and self._quoted.contains(start))
                or ("allow" in kinds and self._allowed.any_between(start, end))
                or ("names" in kinds and self.in_name(start, end))
                or ("negation" in kinds and self.negated(start)))

    def text_of(self, m: re.Match) -> str:
        """The original text of a match found in :attr:`lower`."""
        return self.body[m.start(): m.end()]

    @cached_property
    def words(self) -> list[T.Span]:
        """Every word with its span (made only when a check needs positions; most need
        :attr:`lower_words`, which is much cheaper)."""
        return T.words(self.body)

    def word_start(self, i: int) -> int:
        """Where word ``i`` (from 0) starts, or the text's end (without a span for every word)."""
        m = next(islice(T.WORD_RE.finditer(self.body), i, None), None)
        return m.start() if m is not None else self.full_length

    @cached_property
    def lower_words(self) -> list[str]:
        """Every word, case-folded, with ’ as '."""
        return [w for ws in self.sentence_words for w in ws]

    @property
    def n_words(self) -> int:
        return len(self.lower_words)

    @cached_property
    def stems(self) -> set[str]:
        return set().union(*self._stems_by_sentence.values())

    @cached_property
    def _sentences_and_words(self) -> tuple[list[T.Sentence], list[list[str]]]:
        found, words = T.sentences_and_words(self.body, self.lower)
        if "’" in self.lower:
            words = [[w.replace("’", "'") for w in ws] for ws in words]
        return found, words

    @cached_property
    def sentences(self) -> list[T.Sentence]:
        return self._sentences_and_words[0]

    @cached_property
    def sentence_words(self) -> list[list[str]]:
        """Every word, case-folded with ’ as ', sentence by sentence (parallel to
        :attr:`sentences`; every word is in a sentence)."""
        return self._sentences_and_words[1]

    @cached_property
    def _stems_by_sentence(self) -> dict[int, set[str]]:
        stem_set = T.stem_set
        return {s.start: stem_set(ws) for s, ws in zip(self.sentences, self.sentence_words, strict=True)}

    def sentence_stems(self, s: T.Sentence) -> set[str]:
        """The stems of one sentence's words."""
        found = self._stems_by_sentence.get(s.start)
        return found if found is not None else {T.stem(w) for w in T.WORD_RE.findall(self.lower, s.start, s.end)}

    def count_words_in(self, vocabulary: frozenset[str] | set[str]) -> int:
        """How many of the pitch's words (case-folded) are in ``vocabulary``."""
        return sum(map(vocabulary.__contains__, self.lower_words))

    @cached_property
    def paragraphs(self) -> list[T.Span]:
        return T.paragraphs(self.body)

    @cached_property
    def syllables(self) -> int:
        return T.total_syllables(self.lower_words)

    @cached_property
    def plain_syllables(self) -> int:
        """Syllables with names, figures and the candidate's own terms counted as one each:
        "Siobhán's sepsis audit at St Vincent's" is not harder to read for the names in it."""
        own = self.own_terms
        total = self.syllables
        starts = self._sentence_start_set
        syl = T.syllables_in_word
        for m in PLAIN_EXCLUDE_RE.finditer(self.body):
            if m.start() in starts:
                continue
            w = T.fold_case(m.group()).replace("’", "'")
            total -= syl(w) - 1
        if own:
            # (a capitalised own term was counted once above already)
            total -= sum(syl(w) - 1 for w in own.intersection(self.lower_words))
        return max(self.n_words, total)

    @cached_property
    def _sentence_start_set(self) -> frozenset[int]:
        return frozenset(s.start for s in self.sentences)

    @cached_property
    def own_terms(self) -> frozenset[str]:
        """Words of the profile and role (their skills, their work, the job's own terms)."""
        parts: list[str] = []
        if self.profile:
            p = self.profile
            parts += [p.name, p.current_title, p.current_company, p.location, *p.skills, *p.achievements, *p.interests]
        if self.role:
            r = self.role
            parts += [r.title, r.company, r.location, *r.responsibilities, *r.benefits]
        return _own_terms(tuple(parts))

    @cached_property
    def grade(self) -> float:
        return T.flesch_kincaid_grade(self.n_words, len(self.sentences), self.plain_syllables)

    @cached_property
    def reading_ease(self) -> float:
        return T.flesch_reading_ease(self.n_words, len(self.sentences), self.syllables)

    @cached_property
    def english(self) -> bool:
        return T.latin_share(self.body) >= float(self.rules.limits.get("min_latin_share", 0.5))

    @cached_property
    def _their_figures(self) -> frozenset[str]:
        """The candidate's own figures ("her $2.4M deal"): never pay, never a benefit."""
        return their_figures(tuple(self.profile.achievements) if self.profile else ())

    @cached_property
    def _pay_words(self):
        from pitch_lib.engine.money import PAY_WORDS_RE, WordHits

        return WordHits(PAY_WORDS_RE, self.body, [m.span() for m in self.finditer(_folded(PAY_WORDS_RE))])

    @cached_property
    def _not_pay(self):
        from pitch_lib.engine.money import NOT_PAY_RE, WordHits

        return WordHits(NOT_PAY_RE, self.body, [m.span() for m in self.finditer(_folded(NOT_PAY_RE))])

    @cached_property
    def pay(self) -> list:
        """Figures that state pay (pitch_lib.engine.money), minus the candidate's own figures
        ("her $2.4M deal" is not what the job pays)."""
        from pitch_lib.engine.checks._shared import figures
        from pitch_lib.engine.money import pay_mentions

        theirs = self._their_figures
        found = pay_mentions(self.body, self._pay_words, self._not_pay)
        return [p for p in found if not (theirs and figures(self.body[p.start:p.end]) & theirs)]

    @cached_property
    def concrete(self) -> list[tuple[int, int]]:
        """Concrete benefits: figures and named arrangements, but not claims about the company
        (funding, valuation, revenue) nor the candidate's own figures."""
        from pitch_lib.engine.checks._shared import figures
        theirs = self._their_figures
        wanted = self.requirement_spans  # "Available 6 days a week": asked of them, not offered
        out = []
        for span in sorted(m.span() for pattern in self.rules.concrete for m in self.finditer(pattern)):
            lo, hi = self.sentence_at(span[0])
            if self._not_pay.within(lo, hi) and not self._pay_words.within(lo, hi):
                continue
            if theirs and figures(self.body[span[0]:span[1] + 8]) & theirs:
                continue
            if wanted and any(a <= span[0] < b for a, b in wanted):
                continue
            if GIVE_PERCENT_RE.match(self.lower, max(0, span[0] - 12), span[1] + 1):
                continue  # "give 110%": a cliché, not a figure
            out.append(span)
        return out

    @cached_property
    def requirement_spans(self) -> list[tuple[int, int]]:
        """Where the text lists what it asks of them ("Requirements:" and its items)."""
        from pitch_lib.engine.checks._shared import requirement_sections

        return requirement_sections(self.body)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The span of the sentence that holds ``pos`` (or a line around it)."""
        starts = self._sentence_starts
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.sentences[i].start, self.sentences[i].end
        return max(0, self.body.rfind("\n", 0, pos) + 1), len(self.body)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def concrete_starts(self) -> list[int]:
        return [s for s, _ in self.concrete]

    @cached_property
    def concrete_index(self):
        from pitch_lib.engine.checks._shared import SpanIndex

        return SpanIndex(self.concrete)

    @cached_property
    def you_count(self) -> int:
        return self.count_words_in(YOU_WORDS)

    @cached_property
    def motivator_hits(self) -> dict[str, list[tuple[int, int]]]:
        """Where the pitch speaks to each of the candidate's motivators (only theirs: fast)."""
        wanted = [m for m in (self.profile.motivators if self.profile else []) if m in MOTIVATORS]
        return {name: [m.span() for m in self.finditer(MOTIVATORS[name].pattern)] for name in wanted}

    @cached_property
    def asks(self) -> list[tuple[int, int]]:
        """The asks: questions to the reader and calls to action. Neighbouring ask sentences
        are one ask ("Open to a call? Reply with a time."); an opt-out ("if not, just say") and
        a pleasantry ("how are you?") are not asks."""
        out: list[tuple[int, int]] = []
        opt_out = self.rules.rules.get("tone.no_opt_out")
        opt_re = opt_out.compiled.get("patterns") if opt_out else None
        last = -2
        for i, s in enumerate(self.sentences):
            question = s.text.rstrip("\"')").endswith("?")
            cta = None if question else self.search(self.rules.ask_cta, s.start, s.end)
            if not question and cta is None:
                continue
            if question and PLEASANTRY_RE.match(s.text):
                continue
            if not question and opt_re is not None:
                # "If not, just let me know" is the way out, not an ask; "Let me know if you'd like
                # to chat, and if not, no worries" asks first, then gives the way out.
                opt = self.search(opt_re, s.start, s.end)
                if opt is not None and opt.start() <= cta.start():
                    continue
            if i == last + 1 and out:
                out[-1] = (out[-1][0], s.end)
            else:
                out.append((s.start, s.end))
            last = i
        # "Would you consider the post?" asks whether they're interested; "Could I buy you a
        # coffee?" is how to act on it. With a concrete ask in the message, a question of
        # interest alone is part of that one ask, not a second thing to do.
        concrete = [a for a in out if not INTEREST_ONLY_RE.match(self.body, a[0], a[1])]
        return concrete if concrete and len(concrete) < len(out) else out

    def concrete_near(self, start: int, end: int, window: int | None = None) -> bool:
        """Is there a concrete fact just after (or just before) the span?"""
        w = self.rules.concrete_window if window is None else window
        return self.concrete_index.any_between(max(0, start - 15), end + w)

    @cached_property
    def template_values(self) -> dict:
        """Values every message template may use."""
        return {"first_name": self.first_name or "them", "name": (self.profile.name if self.profile else "") or "the candidate",
                "channel": self.channel.label}

    @property
    def first_name(self) -> str:
        return self.profile.first_name if self.profile else ""


# The last mark that ends a clause in a stretch of text, and the rest after it.
_CLAUSE_END_RE = re.compile(r"[,;:.!?()\[\]\n—–][^,;:.!?()\[\]\n—–]*$")

# A quotation: double quotes within a line, or single quotes that open after a space and close
# before one (not an apostrophe: "don't", "the team's").
QUOTED_RE = re.compile(r'"[^"\n]{1,200}"|\'(?<!\w\')[^\'\n]{1,80}\'(?!\w)')

# Words the reading grade counts as short: capitalised (names) or holding a digit. Words of
# the profile and role are handled apart (Doc.own_terms).
PLAIN_EXCLUDE_RE = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’-]*|[\w'’-]*\d[\w'’-]*)(?![\w'’-])")
SIGN_OFF_LINE_RE = re.compile(
    r"^\W*(?:best|thanks|thank you|many thanks|cheers|regards|kind regards|best regards|warm regards|warmly|"
    r"all the best|speak soon|sincerely|yours sincerely|yours|talk soon|take care|--)\b[\s,.!]*$", re.I)
# A question that only asks whether they're interested (no call, chat, reply or CV in it).
INTEREST_ONLY_RE = re.compile(
    r"\W*(?:(?:hi|hello|hey|dear)\b[^,?\n]{0,40},\s*)?(?:so,? |and |but )?(?:(?:would|could|might) you (?:\w+ )?(?:consider|be (?:interested|open|tempted|curious))|"
    r"(?:are|were) you (?:\w+ )?(?:interested|open|tempted|curious)|is (?:this|that|it) (?:something|of interest|interesting)|"
    r"(?:any|some) interest|interested|tempted|curious)\b"
    r"(?![^?\n]*\b(?:call|chat|coffee|meet|meeting|talk|speak|conversation|reply|send|cv|resume|apply|book|time|slot|calendar)\b)"
    r"[^?\n]*\?[\s\"')]*$", re.I)
GIVE_PERCENT_RE = re.compile(r".{0,12}?\b(?:give|gives|giving|bring|brings|bringing|put in|puts in) (?:1\d\d|\d{3,})\s?%")
PLEASANTRY_RE = re.compile(r"\W*(how are you|how's it going|how have you been|hope (you're|you are) well|how was your)\b", re.I)

CheckFn = Callable[[Rule, Doc], Iterable[Hit]]
CHECKS: dict[str, CheckFn] = {}


def check(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register the Python check behind a ``type = "check"`` rule."""

    def deco(fn: CheckFn) -> CheckFn:
        CHECKS[rule_id] = fn
        return fn

    return deco


def _pattern_hits(rule: Rule, doc: Doc) -> Iterable[Hit]:
    """existence and substitution rules: every match, in the subject and the body, that is not
    inside an exception. A rule's ``requires`` (a regex) skips texts that can't match at all."""
    requires = rule.compiled.get("requires")
    for fld, text in (("subject", doc.subject), ("body", doc.body)):
        if not text or (requires is not None and not requires.search(text)):
            continue
        if not rule.case_sensitive:
            text = doc.lower if fld == "body" else doc.lower_subject
        if rule.case_sensitive:
            find = lambda p, t=text: scan.finditer(p, t)  # noqa: E731
        else:
            find = doc.finditer if fld == "body" else doc.subject_starts.finditer
        found = list(find(rule.pattern))
        if not found:  # (most word lists find nothing in a pitch: then the exceptions are not read)
            continue
        exc_spans = [m.span() for m in find(rule.exception_pattern)] if rule.exception_pattern else []
        context = rule.params.get("context")
        for m in found:
            s, e = m.span()
            if s == e or any(a <= s and e <= b for a, b in exc_spans):
                continue
            if context and doc.in_context(s, e, context, fld):
                continue
            values = {"match": (doc.subject if fld == "subject" else doc.body)[s:e]}
            if rule.type == "substitution":
                repl, why = rule.swap_for(m.group())
                values.update(replacement=repl, why=why or "it is unclear")
            yield Hit(s, e, values, field=fld)


def _run_rule(rule: Rule, doc: Doc, max_listed: int) -> list[Finding]:
    if rule.type == "check":
        fn = CHECKS.get(rule.id)
        if fn is None:
            return []
        hits = fn(rule, doc)
    else:
        hits = _pattern_hits(rule, doc)
    cap = rule.max_points or 100
    spent = 0
    out: list[Finding] = []
    base = doc.template_values
    for hit in hits:
        if len(out) >= max_listed:
            break
        pts = rule.points if hit.points is None else hit.points
        pts = max(0, min(pts, cap - spent))
        spent += pts
        values = {**base, **hit.values}
        start, end = doc.typed_span(hit.field, hit.start, hit.end)
        text = doc.typed_subject if hit.field == "subject" else doc.typed_body
        out.append(
            Finding.make(
                rule=rule.id,
                dimension=rule.dimension,
                severity=hit.level or rule.level,
                message=values.get("_message") or fill(rule.message, values),
                suggestion=fill(rule.suggestion, values),
                start=start,
                end=end,
                points=pts,
                field=hit.field,
                matched=text[start:end][:200],
                replacements=hit.replacements,
            )
        )
    return out


def _import_checks() -> None:
    # The check families register themselves on import.
    from pitch_lib.engine.checks import (  # noqa: F401
        benefit_clarity,
        channel_fit,
        inclusivity,
        personalisation,
        readability,
        tone,
    )



def _empty_scorecard(pitch: Pitch, rules: RuleSet, channel: ChannelSpec, words: bool = True) -> Scorecard:
    """Nothing to score: an empty pitch, or (``words=False``) one with no words at all, such as
    a row of emoji or punctuation."""
    rule = rules.rules.get("channel_fit.empty")
    message = (rule.message if rule else "The pitch is empty.") if words else "There are no words here to read."
    note = ("The pitch is empty: write or paste a message to score it." if words
            else "The pitch has no words (only symbols, emoji or punctuation): write a message to score it.")
    dims = {d: DimensionScore(d, 0, next_step="Write or paste a message to score it.") for d in DIMENSIONS}
    if rule:
        dims["channel_fit"].findings.append(
            Finding(rule.id, "channel_fit", rule.level, message, rule.suggestion, 0, 0, 100, "body", "")
        )
    return Scorecard(
        overall=0,
        dimensions=dims,
        metrics=_metrics(None, pitch, channel),
        channel=channel.name,
        empty=True,
        notes=[note],
    )


# Made once per profile and role (the same pair scores many drafts), keyed by their text.
@lru_cache(maxsize=256)
def content_stems(parts: tuple[str, ...]) -> frozenset[str]:
    """The distinctive words (stems) of some texts of a profile or a role brief."""
    from pitch_lib.engine.checks._shared import content_words

    return frozenset(w for p in parts if p for w in content_words(p))


@lru_cache(maxsize=256)
def _own_terms(parts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for part in parts if part for w in T.WORD_RE.findall(T.fold_case(part)))


@lru_cache(maxsize=64)
def _folded(pattern: re.Pattern) -> re.Pattern:
    """A case-insensitive word list, to run on the folded body through its word index."""
    return T.compile_folded(pattern.pattern)


@lru_cache(maxsize=256)
def their_figures(achievements: tuple[str, ...]) -> frozenset[str]:
    from pitch_lib.engine.checks._shared import figures

    return frozenset(f for a in achievements for f in figures(a) if len(f) >= 2)


@lru_cache(maxsize=128)
def word_set(words: tuple[str, ...]) -> frozenset[str]:
    """A word list as a set, made once per list (for counting with Doc.count_words_in)."""
    return frozenset(words)


def _metrics(doc: Doc | None, pitch: Pitch, channel: ChannelSpec) -> dict:
    if doc is None:
        return {"words": 0, "characters": 0, "sentences": 0, "paragraphs": 0, "questions": 0, "asks": 0,
                "syllables": 0, "grade": 0.0, "reading_ease": 0.0, "reading_time_seconds": 0,
                "you_count": 0, "we_count": 0, "you_we_ratio": 0.0, "facts_used": [],
                "motivators_addressed": [], "subject_words": T.count_words(pitch.subject),
                "subject_characters": len(pitch.subject), "exclamations": 0, "english": True,
                "char_limit": channel.body_hard_limit, "first_line": ""}
    about_us = doc.rules.rules.get("personalisation.about_us")
    we = doc.count_words_in(word_set(tuple(about_us.params.get("we_words", ())))) if about_us else 0
    return {
        "words": doc.full_words,
        "characters": doc.full_length,
        "sentences": len(doc.sentences),
        "paragraphs": len(doc.paragraphs),
        "questions": sum(1 for s in doc.sentences if s.text.rstrip("\"'”’)").endswith("?")),
        "asks": len(doc.asks),
        "syllables": doc.syllables,
        "grade": doc.grade,
        "reading_ease": doc.reading_ease,
        "reading_time_seconds": T.reading_time_seconds(doc.full_words),
        "you_count": doc.you_count,
        "we_count": we,
        "you_we_ratio": round(doc.you_count / we, 2) if we else float(doc.you_count),
        "facts_used": getattr(doc, "facts_used", []),
        "motivators_addressed": [m for m in (doc.profile.motivators if doc.profile else []) if doc.motivator_hits.get(m)],
        "subject_words": T.count_words(doc.subject),
        "subject_characters": len(doc.subject),
        "exclamations": doc.body.count("!"),
        "english": doc.english,
        "char_limit": channel.body_hard_limit,
        "first_line": preview_line(doc.body, channel),
    }




def preview_line(body: str, channel: ChannelSpec) -> str:
    """What a phone's inbox shows of the body: the first characters, a greeting line folded in."""
    n = channel.preview_chars[1] or 90
    flat = " ".join(body[: 4 * n + 200].split())  # enough for n characters, unless it is mostly spaces
    if len(flat) <= n and len(body) > 4 * n + 200:
        flat = " ".join(body.split())
    return flat[:n] + ("…" if len(flat) > n else "")


def score_pitch(
    pitch: Pitch,
    profile: CandidateProfile | None = None,
    role: Role | None = None,
    rules: RuleSet | None = None,
    ignore: frozenset[str] | set[str] | tuple[str, ...] = (),
) -> Scorecard:
    """Score ``pitch`` for its channel, against ``profile`` and ``role`` when given.

    ``ignore`` holds :attr:`Finding.key` values the writer chose to ignore for this draft:
    those findings cost nothing and are listed in ``Scorecard.ignored`` instead.
    Never raises on any text; an unknown channel is scored as email with a note."""
    ignore = frozenset(ignore)
    rules = rules or default_ruleset()
    notes: list[str] = []
    channel = rules.channels.get(pitch.channel)
    if channel is None:
        notes.append(f"Unknown channel {pitch.channel!r}: scored as email.")
        channel = rules.channels["email"]
    typed_body = pitch.body if isinstance(pitch.body, str) else str(pitch.body or "")
    typed_subject = (pitch.subject if isinstance(pitch.subject, str) else "") if channel.has_subject else ""
    body, body_map = T.normalise(typed_body)
    subject, subject_map = T.normalise(typed_subject)
    if not body.strip():
        card = _empty_scorecard(pitch, rules, channel)
        card.notes = notes + card.notes
        return card
    if not T.WORD_RE.search(body):
        card = _empty_scorecard(pitch, rules, channel, words=False)
        card.notes = notes + card.notes
        return card

    # A pasted book is not a pitch: word lists and formulas read the first ``analyse_chars``
    # characters (cut at a space); lengths and channel limits count the whole text.
    limit = int(rules.limits.get("analyse_chars", 50_000))
    analysed = body
    if len(body) > limit:
        cut = body.rfind(" ", 0, limit)
        analysed = body[: cut if cut > limit // 2 else limit]
        notes.append(
            f"A long text ({len(body):,} characters): the checks read the first {len(analysed):,}; "
            "length and channel limits count all of it."
        )
    doc = Doc(body=analysed, subject=subject, channel=channel, profile=profile, role=role, rules=rules,
              full_body=body if analysed is not body else "", typed_body=typed_body, typed_subject=typed_subject,
              body_map=body_map, subject_map=subject_map)
    if not doc.english:
        notes.append(
            "This text doesn't look like English. Word lists and reading-level formulas are for "
            "English, so only channel fit, merge fields and names are checked, and the overall "
            "score is not a judgement of the message."
        )
    if profile is None:
        notes.append("No candidate profile: personalisation is judged on the text alone. Add a profile to check facts, motivators and dealbreakers.")
    max_listed = int(rules.limits.get("max_findings_per_rule", 50))

    dims: dict[str, DimensionScore] = {}
    ignored: list[Finding] = []
    gates: dict[str, float] = {}
    for dim in DIMENSIONS:
        findings: list[Finding] = []
        for rule in rules.to_run(dim, channel.name, doc.english):
            found = _run_rule(rule, doc, max_listed)
            if ignore:
                ignored += [f for f in found if f.key in ignore]
                found = [f for f in found if f.key not in ignore]
            factor = rule.params.get("overall_factor")
            if found and factor is not None and any(f.points > 0 for f in found):
                gates[rule.id] = min(gates.get(rule.id, 1.0), float(factor))
            findings.extend(found)
        lost = sum(f.points for f in findings)
        score = max(0, 100 - lost)
        findings.sort(key=lambda f: (-f.points, f.field != "subject", f.start, f.rule))
        top = findings[0] if findings and findings[0].points > 0 else None
        next_step = (f"{top.suggestion} (+{top.points})" if top else "Nothing to fix here.")
        dims[dim] = DimensionScore(dim, score, findings, next_step, list(doc.credits.get(dim, [])))

    overall, formula = overall_score({d: dims[d].score for d in DIMENSIONS}, rules, channel.name, gates,
                                     judged=doc.english)
    return Scorecard(
        overall=overall,
        dimensions=dims,
        metrics=_metrics(doc, pitch, channel),
        channel=channel.name,
        empty=False,
        notes=notes,
        ignored=ignored,
        formula=formula,
    )


CORE = ("personalisation", "benefit_clarity")


def channel_weights(rules: RuleSet, channel: str) -> dict[str, float]:
    """The dimension weights for one channel: ``[weights]``, with ``[channel_weights.<channel>]``
    over them (a connection note has no benefits to weigh; a job ad speaks to no one person)."""
    w = dict(rules.weights)
    w.update({k: float(v) for k, v in rules.channel_weights.get(channel, {}).items() if k in w})
    return w


def overall_score(scores: dict[str, int], rules: RuleSet, channel: str, gates: dict[str, float] | None = None,
                  judged: bool = True) -> tuple[int, dict]:
    """The overall score and how it was made: substance x delivery x gates.

    - substance: the weighted mean of the core dimensions (personalisation and benefit
      clarity): what the message does for its reader. A message that earns nothing there scores
      near nothing, however clean it is.
    - delivery: each other dimension multiplies it by (score / 100) ** (weight x strength), so a
      flaw in tone, wording, readability or fit costs in proportion to what the message was worth.
    - gates: each rule with an ``overall_factor`` that found something (an unfilled merge field, a
      wrong name, text that is not sentences, a claim the role contradicts) multiplies it again.
    """
    w = channel_weights(rules, channel)
    strength = float(rules.limits.get("delivery_strength", 5))
    core_w = sum(w[d] for d in CORE)
    if not judged:
        substance = float(rules.limits.get("unjudged_substance", 60))
    elif core_w > 0:
        substance = sum(w[d] * scores[d] for d in CORE) / core_w
    else:
        substance = 100.0
    delivery = {d: (max(0, scores[d]) / 100) ** (w[d] * strength) for d in DIMENSIONS if d not in CORE}
    value = substance
    for f in delivery.values():
        value *= f
    for f in (gates or {}).values():
        value *= f
    formula = {"substance": round(substance, 1), "delivery": {d: round(f, 3) for d, f in delivery.items()},
               "gates": dict(gates or {}), "weights": w, "strength": strength}
    return int(round(max(0.0, min(100.0, value)))), formula


def points_per_step(value: float, limit: float, step: float, points: int) -> int:
    """``points`` for each ``step`` (a share of ``limit``) that ``value`` goes over ``limit``, in
    proportion (a few characters over cost a point, not a whole step), at least 1."""
    if limit <= 0 or value <= limit:
        return 0
    return max(1, round(points * (value / limit - 1) / step))


_import_checks()  # last: the check modules import the names above
