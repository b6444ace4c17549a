"""Benefit clarity checks: concrete benefits, pay, motivators, responsibilities, one small ask."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from pitch_lib.engine.checks._shared import content_words, join_words
from pitch_lib.engine.scoring import Doc, Hit, check, word_set
from pitch_lib.engine.text import WORD_RE, compile_folded, fold_accents
from pitch_lib.engine.vocab import MOTIVATORS

PAY_PHRASE_RE = re.compile(r"salary|pay|compensation|package|rates?|remuneration|doe|market[- ]rate|experience")


def pay_range(lo: float | None, hi: float | None, currency: str) -> str:
    """'£90-105k', '62-71k EUR', 'NZ$125k': the role's pay as a person would write it."""
    vals = [v for v in (lo, hi) if v]
    if not vals:
        return ""
    # Millions as "m" (VND 70-85m), thousands as "k" (£90-105k), smaller sums as they are.
    unit, div = ("m", 1_000_000) if all(v >= 1_000_000 for v in vals) else ("k", 1000) if all(v >= 1000 for v in vals) else ("", 1)
    nums = [f"{v / div:g}" if div > 1 else f"{v:,.0f}" for v in vals]
    txt = "-".join(dict.fromkeys(nums)) + unit
    # A symbol goes before the figure (£90k), a code after it (90k EUR).
    if currency and " " not in currency.strip() and not currency.isalpha():
        return f"{currency}{txt}"
    return f"{txt} {currency}".strip()


def _role_hint(doc: Doc) -> str:
    r = doc.role
    if r is None:
        return "the pay range, days remote, a budget or a growth path"
    bits = []
    if r.salary_min or r.salary_max:
        bits.append(f"the pay ({pay_range(r.salary_min, r.salary_max, r.currency)})")
    if r.remote in ("remote", "hybrid"):
        bits.append(f"that it is {r.remote}")
    bits += [f"“{b}”" for b in r.benefits[:2]]
    return join_words(bits) or "the pay range, days remote, a budget or a growth path"


def _examples_for(doc: Doc, generic: list[str]) -> list[str]:
    """Fix examples that fit this role: its own pay and benefits first ("£85-95k base" is no
    example for a nurse in Dublin paid in euros)."""
    r = doc.role
    if r is None:
        return generic
    own = []
    if r.salary_min or r.salary_max:
        own.append(f"{pay_range(r.salary_min, r.salary_max, r.currency)} base")
    own += [b for b in r.benefits[:2] if b]
    if r.remote in ("remote", "hybrid"):
        own.append(f"{r.remote} working")
    return own or generic


@check("benefit_clarity.vague_benefit")
def vague_benefit(rule, doc: Doc):
    examples = _examples_for(doc, rule.params.get("examples", ["£85-95k base"]))
    ctx = rule.params.get("context")
    for i, m in enumerate(doc.finditer(rule.compiled["phrases"])):
        if doc.in_context(m.start(), m.end(), ctx):
            continue
        if PAY_PHRASE_RE.search(doc.lower[m.start():m.end()]):
            # "a competitive salary" is forgiven only by the pay itself, close by.
            if any(m.start() - 20 <= p.start <= m.end() + doc.rules.concrete_window for p in doc.pay):
                continue
        elif doc.concrete_near(m.start(), m.end()):
            continue
        yield Hit(m.start(), m.end(), {"match": doc.text_of(m), "example": examples[i % len(examples)]})


_FIGURE_REST_RE = re.compile(r"[\w%/$€£¥₹₦₵₩₫₪₴₺,.\-–]*")


def _whole_figure(text: str, start: int, end: int) -> str:
    """A concrete span as a reader names it: a figure's span ("£3" of "£38k-£42k") runs on to
    the end of the figure, without a closing full stop or comma."""
    end = max(end, _FIGURE_REST_RE.match(text, end).end()) if end < len(text) and not text[end - 1].isspace() else end
    return text[start:end].rstrip(".,-–")


@check("benefit_clarity.no_concrete_benefit")
def no_concrete_benefit(rule, doc: Doc):
    if doc.concrete:
        shown, covered = [], -1
        for s, e in doc.concrete:  # (in order; a span inside a figure already shown is that figure)
            if s >= covered:
                whole = _whole_figure(doc.body, s, e)
                covered = s + len(whole)
                if whole not in shown:
                    shown.append(whole)
        shown = shown[:3]
        doc.credits["benefit_clarity"].append("Names concrete benefits: " + join_words([f"“{t}”" for t in shown]) + ".")
        return
    yield Hit(0, 0, {"first_name_or_they": doc.first_name or "they", "role_hint": _role_hint(doc)})


@check("benefit_clarity.pay_missing")
def pay_missing(rule, doc: Doc):
    r = doc.role
    if r is None and doc.channel.name == "job_ad":
        # A job ad is read by people who can't ask: one that names no pay at all ("Salary: DOE")
        # costs as much as one that leaves out the brief's range.
        if not any(not p.extra for p in doc.pay):
            yield Hit(0, 0, {"range": "", "_message": "The ad never says what the job pays."},
                      points=int(rule.params.get("points_job_ad", rule.points)), level="warning")
        return
    if r is None or not (r.salary_min or r.salary_max):
        return
    if any(not p.extra for p in doc.pay):  # (an allowance, "£1,000 a year for CPD", is not the pay)
        doc.credits["benefit_clarity"].append("States the pay.")
        return
    rng = pay_range(r.salary_min, r.salary_max, r.currency)
    pts = int(rule.params.get("points_job_ad", rule.points)) if doc.channel.name == "job_ad" else None
    yield Hit(0, 0, {"range": rng}, points=pts, level="warning" if doc.channel.name == "job_ad" else None)


def _starts_within(starts: list[int], s) -> bool:
    """Does one of the sorted ``starts`` fall in the sentence ``s``?"""
    return bisect_left(starts, s.start) < bisect_left(starts, s.end)


@check("benefit_clarity.motivator_match")
def motivator_match(rule, doc: Doc):
    if doc.profile is None or not doc.profile.motivators:
        return
    wanted = [m for m in doc.profile.motivators if m in MOTIVATORS]
    if not wanted:
        return
    concrete_for, vague_for = [], []
    for m in wanted:
        spans = doc.motivator_hits.get(m, [])
        if not spans:
            continue
        # Concrete when a fact sits in the same sentence as the motivator's words. (Both lists
        # of spans are sorted: "one starts in [s.start, s.end)" is two bisections.)
        words_at = [a for a, _ in spans]
        facts_at = doc.concrete_starts
        if any(_starts_within(words_at, s) and _starts_within(facts_at, s) for s in doc.sentences):
            concrete_for.append(m)
        else:
            vague_for.append(m)
    labels = join_words([MOTIVATORS[m].label.lower() for m in wanted])
    hint = join_words([MOTIVATORS[m].label.lower() for m in (vague_for or wanted)[:2]], "or")
    if concrete_for:
        doc.credits["benefit_clarity"].append("Concrete on " + join_words([MOTIVATORS[m].label.lower() for m in concrete_for]) + ", which moves them.")
        return
    if vague_for:
        yield Hit(0, 0, {"motivators": labels, "motivator_hint": hint}, points=int(rule.params.get("points_vague", 6)), level="suggestion")
        return
    yield Hit(0, 0, {"motivators": labels, "motivator_hint": hint})


@check("benefit_clarity.no_responsibilities")
def no_responsibilities(rule, doc: Doc):
    jargon = doc.rules.rules.get("readability.jargon")
    jargon_re = jargon.pattern if jargon is not None else None
    for m in doc.finditer(rule.compiled["patterns"]):
        # Duties said in jargon ("leverage synergies across our end-to-end ecosystem") don't
        # say what the work is: two jargon phrases in the sentence and it doesn't count.
        lo, hi = doc.sentence_at(m.start())
        if jargon_re is None or sum(1 for _ in doc.finditer(jargon_re, lo, hi)) < 2:
            doc.credits["benefit_clarity"].append("Says what the work is.")
            return
    hint = "what they would own or build in the first months"
    if doc.role is not None:
        for resp in doc.role.responsibilities:
            words = set(content_words(resp))
            need = min(2, len(words))
            # two of its words in one sentence, not scattered over the message
            if words and any(len(words & doc.sentence_stems(s)) >= need for s in doc.sentences):
                doc.credits["benefit_clarity"].append("Says what the work is.")
                return
        if doc.role.responsibilities:
            hint = f"“{doc.role.responsibilities[0]}”"
    they = doc.first_name or "they"
    titles = [compile_folded(p) for p in rule.params.get("title_patterns", ())]
    if any(doc.search(t) for t in titles[:1]) or any(t.search(doc.body) for t in _title_re(tuple(rule.params.get("title_patterns", ())))[1:]):
        yield Hit(0, 0, {"detail": f"It names the job, but not what {they} would do in it.", "responsibility_hint": hint},
                  points=int(rule.params.get("points_title_only", 10)))
        return
    yield Hit(0, 0, {"detail": f"It doesn't say what the job is: nothing about what {they} would do.", "responsibility_hint": hint})


@lru_cache(maxsize=8)
def _title_re(patterns: tuple[str, ...]) -> list[re.Pattern]:
    return [re.compile(p) for p in patterns]


@check("benefit_clarity.ask_missing")
def ask_missing(rule, doc: Doc):
    if doc.asks:
        return
    yield Hit(0, 0)


@check("benefit_clarity.too_many_asks")
def too_many_asks(rule, doc: Doc):
    limit = int(rule.params.get("max_asks", 2))
    if len(doc.asks) == 1:
        doc.credits["benefit_clarity"].append("One clear ask.")
    for s, e in doc.asks[limit:]:
        yield Hit(s, e, {"asks": len(doc.asks)})


@check("benefit_clarity.requirements_list")
def requirements_list(rule, doc: Doc):
    """A message that is mostly requirements ("5+ years of X, must have Y"): what you want from
    them, not what the job is or what they'd get."""
    words = word_set(tuple(rule.params.get("words", ())))
    if doc.n_words < 12:
        return
    sections = doc.requirement_spans
    req = n_req = 0
    first = None
    for s, ws in zip(doc.sentences, doc.sentence_words, strict=True):
        if not words.isdisjoint(ws) or REQ_LINE_RE.match(s.text) or any(a <= s.start < b for a, b in sections):
            req += len(ws)
            n_req += 1
            first = first or s
    share = req / doc.n_words
    if n_req < 2:  # one sentence that mentions skills is not a list of requirements
        return
    # Concrete benefits in two or more sentences forgive a list of requirements ("Remote / Hybrid" on
    # a location line is one), unless the list is nearly all there is.
    if first is not None and share >= float(rule.params.get("min_share", 0.55)) and \
            (len({doc.sentence_at(s) for s, _ in doc.concrete}) < 2 or share >= float(rule.params.get("dominant_share", 0.7))):
        yield Hit(first.start, first.end)


REQ_LINE_RE = re.compile(r"^\s*(?:[-*•·]\s*)?\d+\+?\s*(?:years?|yrs)\b", re.I)
SYMBOL_CODES = {"£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₦": "NGN", "₵": "GHS", "₩": "KRW", "₫": "VND", "₪": "ILS", "₴": "UAH", "₺": "TRY"}
REMOTE_CLAIM_RE = re.compile(
    r"\b(fully[- ]remote|100% remote|remote[- ]first|work from anywhere|(?:a |the |this )?(?:role|job|position) is remote|remote role|"
    r"fully on[- ]?site|(?:five|5) days (?:a week )?in the office|office[- ]based|on[- ]site (?:role|job|position)|"
    r"in[- ]office (?:role|job|position)|(?:the |this )?(?:role|job|position) is (?:hybrid|on[- ]?site|in the office)|"
    r"hybrid (?:role|job|position|working|set-?up))\b")


# Where the job is, as a pitch says it: "the role is based in Leeds", "hybrid in Dublin". The
# lead-in is read in any case; the place must be capitalised (a name). ("Our Munich office" is
# not read: an office may be a district or a building, or not where this job is.)
PLACE_LEAD_RE = compile_folded(
    r"(?<!\w)(?:(?:role|job|position|post|team|vacancy|opening|it|it's|it is|this|we're|we are|they're|they are|is|are)\s+"
    r"(?:is\s+|are\s+)?(?:based|located)|(?:hybrid|on[- ]?site|office[- ]based)(?:,? (?:\w+ days? (?:a|per) week))?)"
    r"\s+(?:in|at)\s+")
PLACE_RE = re.compile(r"[A-Z][\w'’-]*(?:[ -](?:upon|on|de|del|la|le|am|an)?[ -]?[A-Z][\w'’-]*)*")


# Where the job is called by a title: "this Data Scientist role", "our staff nurse post".
TITLE_CLAIM_RE = compile_folded(
    r"(?<!\w)(?:this|our|the)\s+(?P<title>(?:[\w+#/-]+\s+){0,3}?[\w+#/-]+?)s?\s+(?:role|position|job|post|opening|vacancy)\b")


def _folded_words(*texts: str) -> set[str]:
    return {w for t in texts if t for w in WORD_RE.findall(fold_accents(t))}


@lru_cache(maxsize=256)
def _brief_places(coarse: tuple[str, ...], brief: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(coarse place names folded, their words, every word of the brief): the same for every
    pitch to one role, so worked out once."""
    return (frozenset(fold_accents(c) for c in coarse), frozenset(_folded_words(*coarse)),
            frozenset(_folded_words(*brief)))


def _place_contradicted(place: str, r, prm: dict) -> bool:
    """Does a place the pitch names for the job differ from the brief's? Only a city-level
    name the brief never mentions does: a country or region ("the UK", "Ireland") is too coarse
    to contradict a city, and a place the brief names anywhere (its benefits, its mode of
    work) is what the brief says."""
    said = _folded_words(place)
    if not r.location or not said:
        return False
    coarse, coarse_words, known = _brief_places(
        tuple(prm.get("coarse_places", ())),
        (r.location, r.company, r.remote_details, r.mission, *r.benefits, *r.responsibilities))
    if fold_accents(place) in coarse or said <= coarse_words | {"the"}:
        return False
    return not (said & known)


def _title_contradicted(title: str, r, prm: dict, profile) -> bool:
    """Does a job title the pitch names differ from the brief's? Only its job noun counts
    ("Data Scientist" against "Staff Data Engineer"), with nouns of one family the same
    (engineer and developer); a title that is theirs ("the Data Scientist role you have") is
    about them, not the job."""
    words = [w.rstrip("s") if w.endswith("s") and w[:-1] in prm.get("job_nouns", ()) else w
             for w in WORD_RE.findall(fold_accents(title))]
    nouns = set(prm.get("job_nouns", ()))
    if not r.title or not words or words[-1] not in nouns:
        return False
    family = {w: i for i, group in enumerate(prm.get("noun_families", ())) for w in group}
    role_words = _folded_words(r.title)
    said = words[-1]
    if said in role_words or (said in family and any(family.get(w) == family[said] for w in role_words)):
        return False
    theirs = _folded_words(profile.current_title) if profile is not None else set()
    return said not in theirs


def _claimed_mode(text: str) -> str:
    if re.search(r"remote", text) and not re.search(r"hybrid|on[- ]?site|office", text):
        return "remote"
    if "hybrid" in text:
        return "hybrid"
    return "onsite"


def _currency_code(cur: str, role_cur: str) -> str:
    cur = cur.strip().upper()
    return SYMBOL_CODES.get(cur, cur)


@check("benefit_clarity.contradicts_role")
def contradicts_role(rule, doc: Doc):
    """Pay or a way of working stated in the pitch that the role brief contradicts."""
    r = doc.role
    if r is None:
        return
    tol = float(rule.params.get("pay_tolerance", 0.1))
    if r.salary_min or r.salary_max:
        from pitch_lib.engine.money import annual  # noqa: F401 (used in outside's caller below)

        lo_r = float(r.salary_min or r.salary_max)
        hi_r = float(r.salary_max or r.salary_min)
        role_cur = _currency_code(r.currency, "") if r.currency else ""
        for p in doc.pay:
            if not p.salary:
                continue
            cur = _currency_code(p.currency, role_cur) if p.currency else ""
            if cur and role_cur and cur != role_cur and not (cur == "$" and role_cur.endswith("D")):
                continue  # another currency: a conversion, not a contradiction we can judge
            def outside(lo: float, hi: float) -> bool:
                return hi < lo_r * (1 - tol) or lo > hi_r * (1 + tol)

            # The brief's range has no period: it may be yearly (usual) or monthly or hourly as
            # the pitch says, so it contradicts only if it fits neither reading.
            if outside(p.low, p.high) and (not p.period or outside(*annual(p))):
                rng = pay_range(r.salary_min, r.salary_max, r.currency)
                yield Hit(p.start, p.end, {"match": doc.body[p.start:p.end], "what": f"the role pays {rng}"})
    for m in doc.finditer(REMOTE_CLAIM_RE):
        said = _claimed_mode(doc.lower[m.start():m.end()])
        if said != r.remote:
            yield Hit(m.start(), m.end(), {"match": doc.text_of(m), "what": f"the role is {r.remote.replace('onsite', 'on site')}"})
    prm = rule.params
    if r.location and r.remote != "remote":  # (a remote role's place claims are its mode's business)
        for lead in doc.finditer(PLACE_LEAD_RE):  # (through the word index; the place is read in the text as typed)
            m = PLACE_RE.match(doc.body, lead.end())
            if m and _place_contradicted(m.group(), r, prm):
                yield Hit(lead.start(), m.end(), {"match": doc.body[lead.start():m.end()], "what": f"the role is in {r.location}"})
    if r.title:
        for m in doc.finditer(TITLE_CLAIM_RE):
            title = doc.body[m.start("title"):m.end("title")]
            if _title_contradicted(title, r, prm, doc.profile):
                yield Hit(m.start(), m.end(), {"match": doc.text_of(m), "what": f"the role is {r.title}"})
