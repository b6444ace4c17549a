"""Personalisation checks: facts used, names, about them or about us, motivators, dealbreakers."""

from __future__ import annotations

import re
from functools import lru_cache

from pitch_lib.engine.checks._shared import content_words, figures, join_words, phrase_pattern
from pitch_lib.engine.scoring import Doc, Hit, check, content_stems, fill, word_set
from pitch_lib.engine.text import (
    WORD_RE,
    compile_folded,
    compile_word_list,
    fold_accents,
    fold_umlauts,
    is_common_word,
    is_dictionary_word,
    stem,
)
from pitch_lib.engine.vocab import MOTIVATORS
from pitch_lib.models import GOES_BY_RE

WE_STEMS = frozenset({"we", "our", "ours", "us", "we're", "we've", "we'd", "we'll"})
YOU_STEMS = frozenset({"you", "your", "yours", "you'd", "you've", "you're", "you'll"})
SENIORITY = re.compile(r"^(senior|sr\.?|junior|jr\.?|lead|principal|staff|chief|head of|associate|assistant|deputy)\s+", re.I)


def _fact_used(fact: str, doc: Doc, min_shared: int, rare_word: bool = True) -> bool:
    """An achievement or interest is used when the pitch shares enough of its distinctive words,
    one word no dictionary knows (a project's name, “pgqueue”), or one of its figures
    (“cut costs 40%” and “that 40% saving”). Words the role brief also uses don't count: “a
    Maths role in Salford” is about the job, not her Salford maths meetup."""
    words = set(content_words(fact))
    if not words:
        return False
    # Words of their title, employer or town ("Arabic interpreter", "Birmingham") say who they are,
    # not which piece of work this is: a match needs all but one of its words besides them.
    generic = _profile_generic(doc)
    own = words - doc.role_stems
    need_words = min(min_shared, len(words))
    # A sentence not addressed to them ("every hearing is in a Birmingham court or tribunal") is
    # often about the job: it needs one word more of the fact than one to them does.
    need_own = min(min_shared + 1, len(own))
    # Sentence by sentence: one addressed to them (“your sepsis audit”) may use every word of
    # the fact; one about the job only the words the role brief doesn't share.
    for stems, to_them, span in _sentence_stems(doc):
        # "our founders worked with national teams": about us, not their work. A clause of it
        # without we or our may still name it ("'Shaders on a shoestring' is the talk I send
        # everyone, and ... is exactly our problem").
        about_us = not to_them and not stems.isdisjoint(WE_STEMS)
        if about_us:
            stems = _clauses_not_about_us(doc, span)
        usable, need = (words, need_words) if to_them else (own, need_own)
        if not usable:
            continue
        shared = usable & stems
        if len(shared) < need and _compounds(usable):
            # "soil-testing" in the profile, "soil testing" in the pitch: the same words.
            shared = shared | {w for w in _compounds(usable) if all(p in stems for p in _compound_parts(w))}
        if len(shared) >= need and len(shared - generic) >= max(1, need - 1):
            return True
        # One rare word will do ("pgqueue"), unless it is their employer's, title's or town's name:
        # "you work at Parcelbee" names the company, not the piece of work done there.
        if shared and (len(shared) >= 2 or not about_us) and any(
                len(w) >= 4 and not is_dictionary_word(w) and (rare_word or w not in _name_stems(fact))
                and w not in generic for w in shared):
            return True
    # (A year is not theirs: "your GITEX 2025 panel" is not the "finished 2025 at 142%" of another fact.)
    figs = {f for f in figures(fact) if len(f.strip("%")) >= 2 and not YEAR_RE.fullmatch(f)}
    return bool(figs) and bool(figs & figures(doc.body))


def _profile_generic(doc: Doc) -> frozenset[str]:
    p = doc.profile
    return _generic_stems((p.current_company, p.current_title, p.location)) if p is not None else frozenset()


@lru_cache(maxsize=256)
def _generic_stems(parts: tuple[str, ...]) -> frozenset[str]:
    """The words of their employer, title and town, hyphenated ones also in parts ("Arabic-English")."""
    stems = content_stems(parts)
    return stems | {q for w in stems if "-" in w for q in _compound_parts(w)}


@lru_cache(maxsize=1024)
def _name_stems(text: str) -> frozenset[str]:
    """The stems of the words of ``text`` written like names (a capital, then lower case)."""
    return frozenset(content_words(" ".join(w for w in WORD_RE.findall(text) if w[:1].isupper() and not w.isupper())))


def _compounds(words: set[str]) -> list[str]:
    return [w for w in words if "-" in w]


@lru_cache(maxsize=4096)
def _compound_parts(word: str) -> tuple[str, ...]:
    return tuple(stem(p) for p in word.split("-") if p)


YEAR_RE = re.compile(r"(?:19|20)\d\d")
# What people put for an employer when they have none: "stay freelance" names no company of theirs.
NO_EMPLOYER = frozenset({"freelance", "freelancer", "self-employed", "self employed", "independent", "contractor",
                         "consultant", "none", "n/a", "na", "-", "unemployed", "between roles", "various", "retired",
                         "student", "open to work", "career break"})
_NOTE_SPLIT_RE = re.compile(r"(?<=[.!?;])\s+|\n+")


@lru_cache(maxsize=256)
def _note_facts(notes: str) -> tuple[str, ...]:
    """The recruiter's notes on them, sentence by sentence: what they said, posted or presented
    is a fact about them as much as an achievement is."""
    return tuple(s.strip() for s in _NOTE_SPLIT_RE.split(notes or "") if len(s.strip()) > 3)


_CLAUSE_SPLIT_RE = re.compile(r"[,;:–—()]|\band\b|\bbut\b")


def _clauses_not_about_us(doc: Doc, span: tuple[int, int] | None) -> set[str]:
    """The stems of the clauses of a sentence that have no we, our or us."""
    if span is None:
        return set()
    cache = doc.__dict__.setdefault("_clauses_not_about_us", {})
    out = cache.get(span)
    if out is None:
        out = cache[span] = set()
        for clause in _CLAUSE_SPLIT_RE.split(doc.lower[span[0]:span[1]]):
            stems = {stem(w) for w in WORD_RE.findall(clause)}
            if stems.isdisjoint(WE_STEMS):
                out |= stems
    return out


def _sentence_stems(doc: Doc) -> list[tuple[set[str], bool, tuple[int, int] | None]]:
    """Each sentence's stems, and whether it speaks of them (you, your), once a pitch. "You would
    interpret in the Crown Court" is the job they would do, not their work: it does not count."""
    found = doc.__dict__.get("_stems_to_them")
    if found is None:
        found = doc.__dict__["_stems_to_them"] = [
            (stems, bool(stems & YOU_STEMS) and THEM_RE.search(doc.lower, s.start, s.end) is not None, (s.start, s.end))
            for s, stems in zip(doc.sentences, map(doc.sentence_stems, doc.sentences), strict=True)]
        if doc.subject:  # "Re: Your ATR borescope pack": the subject is read first
            subject = doc.lower_subject
            stems = {stem(w) for w in WORD_RE.findall(subject)}
            found.append((stems, bool(stems & YOU_STEMS) and THEM_RE.search(subject) is not None, None))
    return found


# "your", or "you" not followed by what the job would have them do ("you'd", "you will", "you could").
THEM_RE = re.compile(r"\byours?\b|\byou(?!'d|'ll|’ll|’d| would| will| could| can| might| may| should| shall| get to| '?d)\b")


def _from_role(phrase: str, doc: Doc) -> bool:
    words = set(content_words(phrase))
    return bool(words) and words <= doc.role_stems


def _facts(doc: Doc, min_shared: int) -> tuple[list[dict], list[dict], bool]:
    """(specific facts used, generic facts used, name used)."""
    p = doc.profile
    specific, generic = [], []
    for kind, items in (("achievement", p.achievements), ("interest", p.interests), ("note", _note_facts(p.notes))):
        # (A note is often what they want, "wants days, not nights": two words in common with
        # the pitch may be the job's own words, so a note needs three.)
        need = min_shared + 1 if kind == "note" else min_shared
        for item in items:
            # (A note's capitalised rare words are mostly names, of whoever introduced them, say:
            # not theirs. "bike-count" or "GITEX" still count.)
            if _fact_used(item, doc, need, rare_word=kind != "note"):
                specific.append({"kind": kind, "text": item})
    for skill in p.skills:
        if doc.search(phrase_pattern(skill)):
            generic.append({"kind": "skill", "text": skill})
    if p.current_company and p.current_company.strip().lower() not in NO_EMPLOYER and doc.search(phrase_pattern(p.current_company)):
        generic.append({"kind": "company", "text": p.current_company})
    # A title or a place the role brief shares is about the job (“a hospital in Dublin”).
    if p.current_title and not _from_role(p.current_title, doc):
        core = SENIORITY.sub("", p.current_title).strip()
        if doc.search(phrase_pattern(p.current_title)) or (len(core) > 3 and doc.search(phrase_pattern(core))):
            generic.append({"kind": "title", "text": p.current_title})
    if p.location:
        city = p.location.split(",")[0].strip()
        if len(city) > 2 and not _from_role(city, doc) and doc.search(phrase_pattern(city)):
            generic.append({"kind": "location", "text": city})
    name_used = bool(p.first_name) and uses_name(doc)
    return specific, generic, name_used


@check("personalisation.facts")
def facts(rule, doc: Doc):
    if doc.profile is None:
        return
    prm = rule.params
    specific, generic, name_used = _facts(doc, int(prm.get("min_shared_words", 2)))
    doc.facts_used = specific + generic + ([{"kind": "name", "text": doc.profile.first_name}] if name_used else [])
    p = doc.profile
    example = (p.achievements or p.interests or p.skills or [""])[0]
    if specific:
        doc.credits["personalisation"].append(
            "Names their own work: " + join_words([f"“{f['text']}”" for f in specific[:2]])
        )
        return
    if generic:
        has_work = bool(p.achievements or p.interests)
        pts = int(prm.get("points_generic", 14)) // (1 if has_work else 2)
        used = join_words([f"their {f['kind']} “{f['text']}”" for f in generic[:3]])
        if has_work:
            detail = f"It names {used}, which fits hundreds of people. A piece of their own work shows you looked."
            fix = f"Mention something they did: “{example}”."
        else:
            detail = f"It names {used}, which fits hundreds of people; the profile lists no achievements or interests to name."
            fix = "Add an achievement or interest of theirs to the profile, then name it in the pitch."
        yield Hit(0, 0, {"detail": detail, "fix": fix}, points=pts, level="suggestion")
    elif name_used:
        yield Hit(0, 0, {
            "detail": "Only the name is personal: the rest could go to anyone.",
            "fix": f"Name a piece of their work: “{example}”." if example else "Add what you know of their work to the profile, then name it.",
        }, points=int(prm.get("points_name_only", 32)))
    else:
        yield Hit(0, 0, {
            "detail": f"Nothing from {p.name or 'the candidate'}'s profile is in the pitch: it could go to anyone.",
            "fix": f"Name a piece of their work: “{example}”." if example else "Add what you know of them to the profile, then use it.",
        }, points=int(prm.get("points_none", 45)), level="error")


YOUR_NOUN_RE = re.compile(r"\byour(?:s)? (?:team's |recent |latest |last |new |own |first |early |old |\d+(?:st|nd|rd|th)? )?"
                          r"(?:[\"“'‘][^\"”’\n]{1,80}[\"”’] )?([a-z][\w-]*)(?: ([a-z][\w-]*))?")
YOU_DID_RE = re.compile(
    r"\byou(?:'ve| have| had)? (?:\w+ly |just |also |once )?([a-z]+ed|built|wrote|written|ran|run|gave|given|led|made|took|"
    r"taken|won|grew|grown|cut|sent|spoke|taught|brought|kept|found|set|shipped|fixed|opened|began|begun|started|rebuilt|"
    r"drew|drawn|sang|sung|held|chose|chosen|stood|shot|sold|bought|paid|put|read|rode|sat|told|became|come|came|went|gone|saw|seen|did|done)\b")
# "You were the engineer who restored the Ibadan-Oyo backbone": their work, said in the third person.
YOU_WHO_RE = re.compile(r"\byou(?:'re| are| were) (?:the|one of the) [^.?!\n]{0,40}?\b(?:who|that) ")
# "just watched 'Low Tide at Ardrossan'": their work by its quoted title.
WATCHED_TITLE_RE = re.compile(r"\b(?:saw|read|watched|heard|loved|enjoyed|played|listened to|finished|binged|caught)"
                              r"(?: through| all of)? [\"“][^\"”\n]{3,80}[\"”]")
WORK_REF_RE = re.compile(r"\b(?:saw|read|watched|heard|loved|enjoyed|noticed|liked|came across|followed|used|own|bought) (?:your|the) "
                         r"([a-z][\w-]*)(?: ([a-z][\w-]*))?")


def _pinned(text: str, generic: frozenset = frozenset()) -> bool:
    """Does the sentence pin a piece of work down: a figure, a name or a quotation? A capitalised
    word that is a generic noun ("your updated CV", "your LinkedIn") is no name."""
    if any(c.isdigit() for c in text) or '"' in text:
        return True
    words = re.findall(r"[^\W\d_][\w'’&.-]*", text)
    return any(w[:1].isupper() and w not in ("I", "I'm", "I've", "I'd", "I'll") and w.lower().rstrip(".") not in generic
               and not (w.isupper() and len(w) > 2 and is_common_word(w.lower()))  # "SUCH a vibe" shouts, it names nothing
               for w in words[1:])


# What a post or a talk was about: "your post on rota design", "your talk at PyData", "your article: ..."
TOPIC_RE = re.compile(r"\s*(?:[:\-–—]|on|about|in|at|for|from|where|that|which|with|explaining|showing|\"|“)")


def work_reference(doc: Doc, generic_nouns: frozenset, generic_verbs: frozenset,
                   generic_adjectives: frozenset = frozenset(), needs_topic: frozenset = frozenset()) -> str:
    """"pinned", "unpinned" or "": how the pitch points at a piece of the reader's own work,
    judged on the text alone (for a pitch scored without a profile). "Your impressive profile"
    and "your updated CV" look past the adjective to the generic noun."""
    best = ""
    greeting = GREETING_RE.match(doc.body[:200])
    skip_to = greeting.end() if greeting else 0
    for s in doc.sentences:
        low = doc.lower[s.start:s.end]
        def specific(m: re.Match, low: str = low) -> bool:
            second = m.group(1) in generic_adjectives and m.group(2)
            noun = m.group(2) if second else m.group(1)
            if noun in generic_nouns or noun in generic_verbs or noun in generic_adjectives:
                return False
            # "your recent post" with nothing on what it was about could be anyone's post
            if noun in needs_topic and '"' not in m.group(0):
                ends = [m.end(1)] + ([m.end(2)] if m.group(2) else [])
                return any(TOPIC_RE.match(low, e) is not None for e in ends)  # "your blog post 'Forty blades'"
            return True

        ref = any(specific(m) for m in YOUR_NOUN_RE.finditer(low))
        if not ref:
            m = YOU_DID_RE.search(low)
            ref = bool(m) and m.group(1) not in generic_verbs
        if not ref:
            ref = (any(specific(m) for m in WORK_REF_RE.finditer(low)) or YOU_WHO_RE.search(low) is not None
                   or WATCHED_TITLE_RE.search(low) is not None)
        if not ref:
            continue
        text = doc.body[max(s.start, skip_to):s.end]
        if _pinned(text, generic_nouns):
            return "pinned"
        best = "unpinned"
    return best


@check("personalisation.no_specifics")
def no_specifics(rule, doc: Doc):
    if doc.profile is not None:
        return
    prm = rule.params
    found = work_reference(doc, _word_set(tuple(prm.get("generic_nouns", ()))), _word_set(tuple(prm.get("generic_verbs", ()))),
                           _word_set(tuple(prm.get("generic_adjectives", ()))), _word_set(tuple(prm.get("needs_topic", ()))))
    if found == "pinned":
        doc.credits["personalisation"].append("Names a piece of their own work, pinned down with a name or a figure.")
        return
    if found == "unpinned":
        yield Hit(0, 0, {"detail": "It points at their work, but says nothing that pins it down (a name, a figure, what it changed).",
                         }, points=int(prm.get("points_unpinned", 25)), level="suggestion")
        return
    yield Hit(0, 0, {"detail": "Nothing here is about one person: it names none of their work, so it could go to anyone."})


@lru_cache(maxsize=16)
def _word_set(items: tuple[str, ...]) -> frozenset[str]:
    return frozenset(items)


GREETING_RE = re.compile(
    r"^\W*(?:hi|hello|hey|dear|hiya|howdy|good (?:morning|afternoon|evening|day)|g'day|greetings|kia ora|hola|"
    r"hallo|bonjour|ciao|salut|ol[aá]|hej|moin|servus|namaste|shalom|salaam)[ \t,]+"
    r"(?:(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|madam|dame|doctor|eng|engr|ir|ing|sheikh|shaikh|hon|rev|revd|fr|capt|cllr|chef)\.?[ \t]+)?"
    r"((?:[^\W\d_][\w'\-]*\.?)(?:[ \t]+[^\W\d_][\w'\-]*\.?){0,2})",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def _name_forms(part: str) -> frozenset[str]:
    """A name as people write it: with or without accents, ü as u or ue."""
    return frozenset({fold_accents(part), fold_umlauts(part)})


def _edit_distance(a: str, b: str, cap: int = 3) -> int:
    if abs(len(a) - len(b)) >= cap:
        return cap
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return min(prev[-1], cap)


@lru_cache(maxsize=4096)
def name_match(said: str, full_name: str, aliases: frozenset[str] = frozenset()) -> str:
    """'same', 'misspelled' or 'other': how a name in the greeting compares with any part of the
    candidate's name (given or family name, in either order, with or without accents), or with
    the names they go by (``aliases``, folded: "bob" for Robert, "seun" from the notes)."""
    # (parts as written, "Al-Mansouri", and split at hyphens, "Al", "Mansouri")
    parts = [p for p in re.split(r"[\s\-]+", full_name) if p] + [p for p in full_name.split() if "-" in p]
    said_forms = _name_forms(said.strip(".").replace("’", "'"))
    forms = set().union(*(_name_forms(p) for p in parts)) if parts else set()
    for a in said_forms:
        if a in aliases:
            return "same"
        for b in forms:
            if a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))):
                return "same"
            # A short form inside the name: Seun (Oluwaseun), Beth (Elizabeth), Emeka (Chukwuemeka).
            if len(a) >= 4 and len(b) > len(a) and a in b:
                return "same"
    for a in said_forms:
        for b in forms:
            if len(b) >= 4 and _edit_distance(a, b) <= (1 if len(b) < 6 else 2):
                return "misspelled"
    return "other"


_NAME_TOKEN_RE = re.compile(r"[^\W\d_][\w'\-]*")


def _greeting_names(doc: Doc) -> tuple[int, list[tuple[int, int, str]]] | None:
    """Where the greeting's name starts, and its words (offsets from there): "Dr Mensah" of
    "Dear Dr Mensah,". None when the pitch opens with no greeting."""
    m = GREETING_RE.match(doc.body[:200])
    if m is None:
        return None
    return m.start(1), [(t.start(), t.end(), t.group()) for t in _NAME_TOKEN_RE.finditer(m.group(1))]


@check("personalisation.wrong_name")
def wrong_name(rule, doc: Doc):
    if doc.profile is None or not doc.profile.name:
        return
    found = _greeting_names(doc)
    if found is None:
        return
    off, tokens = found
    not_names = set(rule.params.get("not_names", ()))
    if not tokens or tokens[0][2].lower() in not_names:
        return
    # Any word of the greeting that is a part of their name is enough ("Dear Dr Mensah").
    verdicts = [name_match(t, doc.profile.name, aliases(doc)) for _, _, t in tokens if t.lower() not in not_names]
    if not verdicts or "same" in verdicts:
        return
    s, e, said = tokens[0]
    if verdicts[0] == "misspelled":
        yield Hit(off + s, off + e, {"match": said, "_message": f"“{said}” is not how {doc.profile.name} spells it."})
        return
    yield Hit(off + s, off + e, {"match": said})


_MOVE_RE = re.compile(r"(?:move|moving|relocate|relocating) to")
_PLACE_NEXT_RE = re.compile(r"\s+(?:the\s+)?[A-ZÀ-Þ]")  # a capitalised name follows: a place



def aliases(doc: Doc) -> frozenset[str]:
    """The names they go by besides their own (folded): the usual short forms of their names
    (data: the wrong-name rule's ``nicknames``) and any the notes give ("Goes by Seun")."""
    found = doc.__dict__.get("_aliases")
    if found is None:
        rule = doc.rules.rules.get("personalisation.wrong_name")
        groups = rule.params.get("nicknames", ()) if rule else ()
        key = id(groups)
        if _NICKNAMES.get(key, (None,))[0] is not groups:  # (the list, by identity: made once per ruleset)
            _NICKNAMES[key] = (groups, {n: frozenset(g) for g in groups for n in g})
            _aliases.cache_clear()  # (answers made from a list now gone must not be reused)
        p = doc.profile
        found = doc.__dict__["_aliases"] = _aliases(p.name if p else "", p.notes if p else "", key)
    return found


_NICKNAMES: dict[int, tuple[object, dict[str, frozenset[str]]]] = {}


@lru_cache(maxsize=256)
def _aliases(name: str, notes: str, groups_key: int) -> frozenset[str]:
    by_name = _NICKNAMES[groups_key][1]
    parts = {fold_accents(x) for x in re.split(r"[\s\-]+", name) if x}
    out = {n for part in parts for n in by_name.get(part, ())} - parts
    out |= {fold_accents(m.group(1).strip("'’")) for m in GOES_BY_RE.finditer(notes or "")}
    return frozenset(out)


def uses_name(doc: Doc) -> bool:
    """Does the pitch use any part of their name, however it is written?"""
    folded = doc.__dict__.get("_folded_words")
    if folded is None:
        words = set(doc.lower_words)
        if "-" in doc.lower:  # "Dr Adeyemi-Okafor": each part of a double-barrelled name is theirs too
            words |= {part for w in words if "-" in w for part in w.split("-") if part}
        if doc.lower.isascii():  # (nothing to fold: the common case, checked in C)
            folded = doc.__dict__["_folded_words"] = words
        else:
            folded = doc.__dict__["_folded_words"] = words | {f for w in words if not w.isascii() for f in _name_forms(w)}
    parts = [p for p in re.split(r"[\s\-]+", doc.profile.name) if len(p) >= 2] if doc.profile else []
    if any(_name_forms(p) & folded for p in parts):
        return True
    if doc.profile is None:
        return False
    if aliases(doc) & folded:  # a name they go by ("Bob", "Seun")
        return True
    # A short form in the greeting ("Hi Seun," to Oluwaseun) is their name too.
    found = _greeting_names(doc)
    return found is not None and any(name_match(t, doc.profile.name, aliases(doc)) == "same" for _, _, t in found[1])


@check("personalisation.no_name")
def no_name(rule, doc: Doc):
    if doc.profile is None or not doc.profile.first_name:
        return
    if uses_name(doc):
        return
    yield Hit(0, 0)


@check("personalisation.about_us")
def about_us(rule, doc: Doc):
    we_words = word_set(tuple(rule.params.get("we_words", ())))
    we, you = doc.count_words_in(we_words), doc.you_count
    if we < int(rule.params.get("min_we", 3)) or we <= you:
        if you > we:
            doc.credits["personalisation"].append(f"About them: {you} you/your against {we} we/I.")
        return
    # Point at the sentence most about us; the cost grows with the surplus.
    best, best_n = None, 0
    for s, words in zip(doc.sentences, doc.sentence_words, strict=True):
        n = sum(map(we_words.__contains__, words))
        if n > best_n:
            best, best_n = s, n
    # A sentence or two about us is information the reader needs ("we build our own fixtures"):
    # only a surplus beyond `grace` costs.
    surplus = we - you - int(rule.params.get("grace", 3))
    if surplus <= 0:
        return
    pts = rule.points * surplus
    yield Hit(best.start if best else 0, best.end if best else 0, {"we": we, "you": you}, points=pts)


@check("personalisation.opens_with_self")
def opens_with_self(rule, doc: Doc):
    head = doc.lower.lstrip()
    offset = len(doc.lower) - len(head)
    m = rule.compiled["patterns"].search(head[:160])
    if m:
        yield Hit(offset, offset + m.end(), {"match": doc.body[offset: offset + m.end()].strip()[:60]})


def _motivator_hint(names: list[str]) -> str:
    return join_words([MOTIVATORS[n].label.lower() for n in names[:3] if n in MOTIVATORS], "or")


@check("personalisation.motivators")
def motivators(rule, doc: Doc):
    if doc.profile is None or not doc.profile.motivators:
        return
    wanted = [m for m in doc.profile.motivators if m in MOTIVATORS]
    top = wanted[:3]
    addressed = [m for m in wanted if doc.motivator_hits.get(m)]
    labels = join_words([MOTIVATORS[m].label.lower() for m in wanted], "and")
    if addressed:
        doc.credits["personalisation"].append("Speaks to " + join_words([MOTIVATORS[m].label.lower() for m in addressed]) + ".")
        missed_top = [m for m in top if m not in addressed]
        if len(top) >= 2 and len(missed_top) > len(top) / 2:
            values = {
                "motivators": labels,
                "motivator_hint": _motivator_hint(missed_top),
                "addressed": join_words([MOTIVATORS[m].label.lower() for m in addressed]),
                "missed": join_words([MOTIVATORS[m].label.lower() for m in missed_top], "or"),
            }
            values["_message"] = fill(rule.params.get("partial_message", rule.message), {**doc.template_values, **values})
            yield Hit(0, 0, values, points=int(rule.params.get("points_partial", 5)), level="suggestion")
        return
    yield Hit(0, 0, {"motivators": labels, "motivator_hint": _motivator_hint(top)})


def _dealbreaker_patterns(dealbreaker: str, synonyms: dict) -> list[str]:
    low = dealbreaker.lower()
    return [p for key, ps in synonyms.items() if key in low for p in ps]


# A sentence that reports what the reader wants or said ("you wrote that you want a place to learn
# research properly") speaks to the dealbreaker; it does not push it.
THEIR_WISH_RE = re.compile(
    r"\byou(?:'ve| have|'d| would)? ?(?:want|wanted|said|wrote|mentioned|told|asked for|like|are looking for|"
    r"'re looking for|care about|value|hope|hoped)\b|\bmatters? (?:most )?to you\b|\byou're after\b|\bin your words\b")


YOU_CLAUSE_RE = re.compile(r"\b(?:you|your|you'd|you'll|you're|you've)\b")
# Someone else does it: "the night desk is outsourced", "we have a nurse on every night".
OTHER_PARTY_RE = re.compile(
    r"\b(?:outsourced|covered by|we have (?:a|an|two|three|four) [\w-]+(?: [\w-]+)? on|(?:the|our) [\w-]+ (?:team|desk|staff|crew|rota)|"
    r"agency staff|contractors?|someone else|another team|(?:shared|split) (?:by|between|among))\b")


def _someone_elses(doc: Doc, hit: Hit) -> bool:
    """Is the mention about someone else doing it (and not about them), once it is ruled out for them?"""
    clause = _clause(doc, hit.start, hit.end)
    return not YOU_CLAUSE_RE.search(clause) and OTHER_PARTY_RE.search(clause) is not None
# The dealbreaker named in what they wrote or said: "your post about coming off nights".
THEIR_WORDS_RE = re.compile(
    r"\byour (?:\w+ )?(?:post|posts|article|blog|thread|talk|comment|tweet|note|message|words|answer|podcast|interview)\b|"
    r"\byou (?:wrote|said|posted|mentioned|told|shared|tweeted)\b")


@lru_cache(maxsize=256)
def _verbatim(dealbreaker: str) -> re.Pattern:
    """The dealbreaker as written, each word also in its plural ("split shift(s)")."""
    words = WORD_RE.findall(dealbreaker.lower())
    return compile_folded(r"(?<!\w)" + r"\W+".join(re.escape(w) + "s?" for w in words) + r"(?!\w)")


def _dealbreaker_by_words(dealbreaker: str, doc: Doc):
    """A dealbreaker of no known kind: flag a sentence that shares two or more of its
    distinctive words (one shared word, like “shift” for “split shifts”, is too weak)."""
    words = {w for w in content_words(dealbreaker) if len(w) >= 4}
    if len(words) < 2:
        return
    for s in doc.sentences:
        if len(words & doc.sentence_stems(s)) >= 2:
            yield s


def _keeps_hands_on(dealbreaker: str, doc: Doc, prm: dict | None) -> bool:
    """A dealbreaker about giving up the hands-on part of their work ("leaving the classroom",
    "no longer coding") is answered by a sentence that says they keep it ("you'd keep 8 hours a
    week of maths teaching"), unless that sentence is negated."""
    if not prm:
        return False
    low = dealbreaker.lower()
    if not any(w in low for w in prm.get("leave_words", ())):
        return False
    work = [p for key, ps in prm.get("work", {}).items() if key in low for p in ps]
    if not work:
        return False
    work_re, keep_re = compile_word_list(tuple(work)), compile_word_list(tuple(prm.get("keep_words", ())))
    neg_re = compile_word_list(tuple(prm.get("negations", ())))
    for s in doc.sentences:
        if doc.search(work_re, s.start, s.end) and doc.search(keep_re, s.start, s.end) and (
                not doc.search(neg_re, s.start, s.end) or NOT_LOSE_RE.search(doc.lower, s.start, s.end)):
            return True
    return False


# "so you do not lose the hands-on side": a negated loss is a keep.
NOT_LOSE_RE = re.compile(r"\b(?:not|n't|never|no need to)\s+(?:\w+\s+)?(?:lose|losing|leave|leaving|give up|giving up|drop|stop)\b")


@check("personalisation.dealbreaker")
def dealbreaker(rule, doc: Doc):
    if doc.profile is None or not doc.profile.dealbreakers:
        return
    prm = rule.params
    neg_re = rule.compiled["negations"]
    window = int(prm.get("negation_window", 4))
    synonyms = prm.get("synonyms", {})
    ctx = prm.get("context")
    seen: set[tuple[int, int]] = set()
    found = False
    for db in doc.profile.dealbreakers:
        if _keeps_hands_on(db, doc, prm.get("hands_on")):
            found = True
            doc.credits["personalisation"].append(f"Says they keep what they would not give up ({db}).")
            continue
        # "days only", "ten minutes from Sparks, so no move": ruled out in other words. The checks
        # below still run ("hybrid" does not excuse "five days in the office" elsewhere).
        answers = _dealbreaker_patterns(db, prm.get("answers", {}))
        if (answers and doc.search(compile_word_list(tuple(answers)))) or (
                any(k in db.lower() for k in prm.get("answered_by_their_city", ())) and _names_their_city(doc)):
            found = True
            pushed = False
            for hit in _pushes(db, doc, synonyms, neg_re, window, ctx, seen):
                if not _someone_elses(doc, hit):  # (about them, not the night desk)
                    pushed = True
                    yield hit
            if not pushed:
                doc.credits["personalisation"].append(f"Addresses their dealbreaker ({db}) head on.")
            continue
        pats = _dealbreaker_patterns(db, synonyms)
        if not pats and len({w for w in content_words(db) if len(w) >= 4}) == 1:
            pats = [_verbatim(db).pattern]  # one word ("touring"): the word itself, ruled out or not
        if not pats:
            for s in _dealbreaker_by_words(db, doc):
                found = True
                if THEIR_WISH_RE.search(doc.lower, s.start, s.end):
                    doc.credits["personalisation"].append(f"Speaks to what they said about their dealbreaker ({db}).")
                elif not doc.search(neg_re, s.start, s.end) and not doc.in_context(s.start, s.end, ctx):
                    if doc.search(_verbatim(db), s.start, s.end):  # it names the thing itself: "split shifts"
                        yield Hit(s.start, s.end, {"match": s.text[:60], "dealbreaker": db})
                        continue
                    # Shared words alone can't tell a sentence that pushes the dealbreaker from one
                    # that answers it ("you'd learn from the senior researcher"): ask, don't accuse.
                    yield Hit(s.start, s.end, {
                        "match": s.text[:60], "dealbreaker": db,
                        "_message": f"“{s.text[:60]}” shares words with one of {doc.first_name or 'their'}'s dealbreakers "
                                    f"({db}): check that it says plainly the role doesn't have it."},
                        points=int(prm.get("points_by_words", 6)), level="warning")
            continue
        pushed, credits_before = [], len(doc.credits["personalisation"])
        for m in doc.finditer(compile_word_list(tuple(pats))):
            if m.span() in seen:
                continue
            found = True
            hit = _pushed_at(m, db, doc, neg_re, window, ctx, seen)
            if hit is not None:
                pushed.append(hit)
        # Once ruled out ("no night shifts for you"), a mention about someone else ("a nurse on
        # every night", "the night desk is outsourced") does not push it: only one about them.
        if len(doc.credits["personalisation"]) > credits_before:
            pushed = [h for h in pushed if not _someone_elses(doc, h)]
        yield from pushed
    if not found and doc.channel.name not in ("linkedin_connection", "job_ad"):
        dbs = join_words([f"“{d}”" for d in doc.profile.dealbreakers[:2]], "or")
        yield Hit(0, 0, {"match": "", "dealbreaker": dbs,
                         "_message": f"It never says how the role stands on {dbs}, which would rule it out for {doc.first_name or 'them'}."},
                  points=int(prm.get("points_unaddressed", 5)), level="suggestion")


def _pushed_at(m: re.Match, db: str, doc: Doc, neg_re: re.Pattern, window: int, ctx, seen: set) -> Hit | None:
    """The finding for a mention of dealbreaker ``db`` at ``m``, or None (with a credit where it
    answers it: ruled out, or said honestly how much of it there is)."""
    seen.add(m.span())
    before = doc.lower[max(0, m.start() - 80): m.start()]
    before = before[max(before.rfind(c) for c in ",;:.!?()\n—–") + 1:]  # within its clause
    before_words = " ".join(WORD_RE.findall(before)[-window:])
    if doc.in_context(m.start(), m.end(), ctx) or neg_re.search(before_words):
        doc.credits["personalisation"].append(f"Addresses their dealbreaker ({db}) head on.")
        return None
    if _limited(doc, m.start(), m.end()):
        doc.credits["personalisation"].append(f"Says honestly how much of their dealbreaker ({db}) there is.")
        return None
    if _their_own_place(doc, m.end()):
        return None
    if THEIR_WORDS_RE.search(_clause(doc, m.start(), m.end())):
        doc.credits["personalisation"].append(f"Speaks to what they said about their dealbreaker ({db}).")
        return None  # "your post about coming off nights": their own words, not the job's
    if _MOVE_RE.fullmatch(doc.lower, m.start(), m.end()) and not _PLACE_NEXT_RE.match(doc.body, m.end()):
        return None  # "the fleet is moving to shore power": a change, not a place to move to
    return Hit(m.start(), m.end(), {"match": doc.text_of(m), "dealbreaker": db})


def _pushes(db: str, doc: Doc, synonyms: dict, neg_re: re.Pattern, window: int, ctx, seen: set):
    """The findings where the pitch pushes dealbreaker ``db`` (named in one of its known forms)."""
    pats = _dealbreaker_patterns(db, synonyms)
    if not pats:
        return
    for m in doc.finditer(compile_word_list(tuple(pats))):
        if m.span() not in seen:
            hit = _pushed_at(m, db, doc, neg_re, window, ctx, seen)
            if hit is not None:
                yield hit


# "under five days of travel a quarter", "one weekend in six", "occasional", "at most": the pitch
# says how much of the thing there is, which is what someone with that dealbreaker needs to know.
LIMITED_RE = re.compile(
    r"\b(under|less than|fewer than|at most|no more than|up to|only|just|rarely|occasional(ly)?|once|twice|"
    r"one|two|a few|few|\d+)\b[^,.;:!?]{0,40}\b(a|per|in|every|each)\s+(year|quarter|month|weekend|week|fortnight|night|shift|trip|"
    r"two|three|four|five|six|seven|eight|ten|\d+)\b|\b(rarely|rare|occasional(ly)?|at most|no more than|"
    r"less than|under|very few|hardly any|the odd)\b")


def _clause(doc: Doc, start: int, end: int) -> str:
    lo = max(0, start - 80)
    before = doc.lower[lo:start]
    cut = max((before.rfind(c) for c in ",;:.!?()\n"), default=-1)
    after = doc.lower[end:end + 80]
    stop = min([i for i in (after.find(c) for c in ",;:.!?()\n") if i >= 0] or [len(after)])
    return (before[cut + 1:] if cut >= 0 else before) + doc.lower[start:end] + after[:stop]


def _limited(doc: Doc, start: int, end: int) -> bool:
    return bool(LIMITED_RE.search(_clause(doc, start, end)))


def _their_city(doc: Doc) -> str:
    """The town they live in: the first part of their location ("Lyon" of "Lyon, France")."""
    where = doc.profile.location if doc.profile else ""
    return where.split(",")[0].strip() if where else ""


def _names_their_city(doc: Doc) -> bool:
    """The pitch names the city they live in ("here in Lyon"): the job is where they are."""
    city = _their_city(doc)
    return len(city) >= 3 and doc.search(_city_re(city)) is not None


@lru_cache(maxsize=256)
def _city_re(city: str) -> re.Pattern:
    forms = sorted({city.lower(), fold_accents(city)})  # "Zürich" or "Zurich"
    return compile_folded(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")


def _their_own_place(doc: Doc, end: int) -> bool:
    """"based in Singapore" when they live in Singapore is no move at all."""
    city = fold_accents(_their_city(doc))
    return bool(city) and fold_accents(doc.lower[end:end + 40]).lstrip().startswith(city)


# A sentence that states a profile field back to them: "Your skills are ...", "You value ...",
# "You are an Agronomist at ...", "You have 10 years of experience", "You are Wanjiru Kamau".
ECHO_RE = re.compile(
    r"\W*(?:(?:hi|hello|hey|dear)\b[^,\n]{0,40},\s*)?(?:your (?:key |main |top )?(?:skills?|interests?|values?|motivators?|dealbreakers?|strengths?|hobbies|passions|"
    r"achievements?|title|job title|current (?:role|title|job|employer|company)|location) (?:are|is|include|includes)\b|"
    r"you value\b|you (?:have|'ve got|bring) \d+\+? years\b|you (?:are|'re) (?:a|an) [^.!?\n]{1,40}? (?:at|with|for) [A-Z]|"
    r"you (?:are|'re) based in\b|you (?:live|work) (?:in|at|for) [A-Z])", re.I)
_FULL_NAME_RE = re.compile(r"\W*you are ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+)\W*$", re.I)


@check("personalisation.profile_echo")
def profile_echo(rule, doc: Doc):
    """Three or more sentences that read their profile back to them: a form, not a message."""
    echoes = [s for s in doc.sentences if ECHO_RE.match(s.text) or _FULL_NAME_RE.match(s.text)]
    if len(echoes) >= int(rule.params.get("min_sentences", 3)):
        first = echoes[0]
        yield Hit(first.start, echoes[-1].end, {"match": first.text[:60], "count": len(echoes)})
