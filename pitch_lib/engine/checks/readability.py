"""Readability checks: reading grade, long sentences, passive voice, walls of text, long lists."""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from pitch_lib.engine import text as T
from pitch_lib.engine.scoring import Doc, Hit, check


@check("readability.grade")
def grade(rule, doc: Doc):
    prm = rule.params
    if doc.n_words < int(prm.get("min_words", 20)):
        return
    target = float(prm.get("target_grade_job_ad" if doc.channel.name == "job_ad" else "target_grade", 8))
    g = doc.grade
    if g <= target:
        doc.credits["readability"].append(f"Reads at grade {g:g}: easy to take in.")
        return
    # Point at the hardest sentence: the one a reader would stumble on first.
    def sentence_grade(s):
        ws = T.words(s.text)
        return T.flesch_kincaid_grade(len(ws), 1, T.syllable_count(ws))

    hardest = max(doc.sentences, key=sentence_grade)
    pts = rule.points * math.ceil(g - target)
    yield Hit(hardest.start, hardest.end, {"grade": f"{g:g}", "target": f"{target:g}"}, points=pts)


@check("readability.long_sentence")
def long_sentence(rule, doc: Doc):
    long_, very = int(rule.params.get("long", 25)), int(rule.params.get("very_long", 35))
    for s in doc.sentences:
        if s.words > very:
            yield Hit(s.start, s.end, {"words": s.words, "limit": very}, points=int(rule.params.get("points_very_long", 7)), level="warning")
        elif s.words > long_:
            yield Hit(s.start, s.end, {"words": s.words, "limit": long_})


@lru_cache(maxsize=8)
def _compile(pattern: str) -> re.Pattern:
    return T.compile_folded(pattern)


@lru_cache(maxsize=128)
def _words(items: tuple[str, ...]) -> frozenset[str]:
    return frozenset(items)


@lru_cache(maxsize=32)
def _single_words(items: tuple[str, ...]) -> frozenset[str]:
    """The entries of a word list that are one word."""
    return frozenset(v for v in items if " " not in v)


@check("readability.passive_voice")
def passive_voice(rule, doc: Doc):
    exceptions = _words(tuple(rule.params.get("exceptions", ())))
    irregular = _words(tuple(rule.params.get("irregular", ())))
    for m in doc.finditer(_compile(rule.params["pattern"])):
        participle = m.group(1)
        if participle in exceptions or not (len(participle) > 4 and participle.endswith("ed") or participle in irregular):
            continue
        yield Hit(m.start(), m.end(), {"match": doc.text_of(m)})


@check("readability.wall_of_text")
def wall_of_text(rule, doc: Doc):
    limit = int(rule.params.get("max_words", 100))
    for p in doc.paragraphs:
        # A line break ends a sentence, so a paragraph's words are its sentences' words.
        n = sum(s.words for s in doc.sentences if p.start <= s.start < p.end)
        if n > limit:
            # the cost grows with the wall: a 120-word paragraph is not a 300-word one
            pts = min(rule.points, max(2, round(rule.points * (n - limit) / limit * 2)))
            yield Hit(p.start, p.end, {"words": n}, points=pts)


LIST_SEP = re.compile(r",(?!\d{3})|;|\band\b|\bor\b|/")
CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december".split())


@check("readability.long_list")
def long_list(rule, doc: Doc):
    need = int(rule.params.get("min_items", 6))
    for s in doc.sentences:
        if s.text.count(",") + s.text.count(";") < need - 2:
            continue
        items = [i for i in LIST_SEP.split(s.text) if i.strip()]
        short = [i for i in items if T.count_words(i) <= 4]
        named = [i for i in short if not any(c.isdigit() for c in i) and any(
            (w[:1].isupper() and w.lower() not in CALENDAR) or not T.is_dictionary_word(w) for w in T.WORD_RE.findall(i.strip())[1:] or T.WORD_RE.findall(i.strip())[:1])]
        plain_need = int(rule.params.get("min_items_plain", 9))
        if len(items) >= need and (len(named) >= need or len(short) >= plain_need):
            # A wall of 20 or more (every technology the team has touched) is a warning.
            if len(items) >= int(rule.params.get("dump_items", 20)):
                yield Hit(s.start, s.end, {"items": len(items)}, points=int(rule.params.get("points_dump", 12)), level="warning")
            else:
                yield Hit(s.start, s.end, {"items": len(items)})


# --- Coherence -----------------------------------------------------------------------------

BULLET_LINE_RE = re.compile(r"^\s*(?:[-*•·–—▪►✓✔]|\d{1,2}[.)])\s+")
GREETING_LINE_RE = re.compile(
    r"^\W*(?:hi|hello|hey|dear|hiya|good (?:morning|afternoon|evening)|greetings)\b[^\n]{0,40}$", re.IGNORECASE)
GREETINGS = (r"hi|hello|hey|dear|hiya|howdy|good (?:morning|afternoon|evening|day)|g'day|greetings|kia ora|hola|"
             r"hallo|bonjour|ciao|salut|ol[aá]|hej|moin|servus|namaste|shalom|assalamu alaikum|salaam|sawubona|"
             r"habari|jambo|merhaba|czesc|cze[sś][cć]|dzie[nń] dobry|guten tag|buongiorno|buenos d[ií]as|bom dia")
GREETING_WORDS_RE = T.compile_word_list((
    "hi", "hello", "hey", "dear", "hiya", "howdy", "good morning", "good afternoon", "good evening", "good day",
    "g'day", "greetings", "kia ora", "hola", "hallo", "bonjour", "ciao", "salut", "ola", "olá", "hej", "moin",
    "servus", "namaste", "shalom", "assalamu alaikum", "salaam", "sawubona", "habari", "jambo", "merhaba",
    "czesc", "cześć", "dzień dobry", "guten tag", "buongiorno", "buenos dias", "buenos días", "bom dia"))
# A greeting and a capitalised name, then a comma or a line break: "Hi Will," "Kia ora Manaia,".
GREETING_ANY_RE = re.compile(
    rf"((?i:{GREETINGS}))[ \t]+(?:(?i:mr|mrs|ms|mx|dr|prof)\.?[ \t]+)?[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]*)?[ \t]*(?:,|!|\n|—|–)")
PERSON_WORDS = frozenset("i me my mine we us our ours you your yours i'm i've i'd i'll we're we've we'd we'll you're you've you'd you'll".split())
SIGN_OFF_RE = re.compile(
    r"^\W*(?:best|thanks|thank you|many thanks|cheers|regards|kind regards|best regards|warm regards|"
    r"warmly|all the best|speak soon|sincerely|yours sincerely|yours|talk soon|take care)\b[\s,.!]*$",
    re.IGNORECASE)


def _lines(doc: Doc) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in doc.body.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _symbol_count(text: str) -> int:
    """Emoji and other pictographs (Unicode's "other symbol" category)."""
    return sum(1 for c in NON_ASCII_RE.findall(text) if unicodedata.category(c) == "So")


NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


@check("readability.not_sentences")
def not_sentences(rule, doc: Doc):
    prm = rule.params
    fw = _words(tuple(prm.get("function_words", ())))
    # A wall of emoji with a few words between them: symbols outnumber words.
    symbols = _symbol_count(doc.body) if not doc.body.isascii() else 0
    if symbols >= int(prm.get("min_symbols", 8)) and symbols >= doc.n_words:
        yield Hit(0, len(doc.body), {"why": f"it has {symbols} emoji or symbols and only {doc.n_words} words"})
        return
    lines = _lines(doc)
    # One or two words a line on most lines.
    if len(lines) >= int(prm.get("min_lines", 8)):
        short = [ln for ln in lines if T.count_words(ln[2]) <= 2]
        if len(short) / len(lines) >= float(prm.get("short_line_share", 0.7)):
            yield Hit(lines[0][0], lines[-1][1], {"why": f"{len(short)} of its {len(lines)} lines hold one or two words"})
            return
    # A list of lines that addresses nobody (no I, we or you): pasted fields, not a message.
    if doc.channel.name != "job_ad" and doc.n_words >= 12 and len(lines) >= 4 and not doc.count_words_in(PERSON_WORDS):
        bare = [ln for ln in lines if not ln[2].rstrip().endswith((".", "!", "?", ":", ";", '"', "'", ")"))]
        if len(bare) / len(lines) >= 0.6:
            yield Hit(lines[0][0], lines[-1][1], {"why": f"{len(bare)} of its {len(lines)} lines are bare items, and it never says I, we or you"})
            return
    # Fragments: stretches of 4+ words with almost no function words (bullets, greetings and a
    # signature aside: a job ad's list of benefits is fine, a whole message of them is not).
    bullets = {s for s, _, text in lines if BULLET_LINE_RE.match(text)}
    line_starts = [s for s, _, _ in lines]
    total, fragment_words, first = 0, 0, None
    min_share = float(prm.get("min_function_share", 0.12))
    max_run = int(prm.get("max_bare_run", 8))
    min_share_long = float(prm.get("min_function_share_long", 0.25))
    long_words = int(prm.get("long_fragment_words", 12))
    # A sentence of 30 plain words or more with under a third little words is a jumble: English
    # at that length joins its words with "the", "to", "and" far more often.
    very_long_words = int(prm.get("very_long_fragment_words", 30))
    min_share_very_long = float(prm.get("min_function_share_very_long", 0.3))
    for s, words in zip(doc.sentences, doc.sentence_words, strict=True):
        if len(words) < 4:
            continue
        line_start = line_starts[bisect_right(line_starts, s.start) - 1] if line_starts else 0
        if line_start in bullets:
            continue
        total += len(words)
        if len(words) <= 40 and sum(map(fw.__contains__, words)) >= 0.3 * len(words):
            continue  # plenty of little words: a sentence, however it is laid out
        # Names, titles and figures are not what joins a sentence: count the lower-case words.
        plain = [t.lower() for t in RUN_TOKEN_RE.findall(s.text) if t[:1].isalpha() and t[:1].islower()]
        share = sum(map(fw.__contains__, plain)) / len(plain) if len(plain) >= 4 else 1.0
        need_share = min_share_very_long if len(plain) >= very_long_words else min_share_long if len(plain) >= long_words else min_share
        if share < need_share or _longest_bare_run(s.text, fw) >= max_run:
            fragment_words += len(words)
            first = first or s
    if total >= int(prm.get("min_words", 8)) and first is not None and fragment_words / total > float(prm.get("max_fragment_share", 0.5)):
        yield Hit(first.start, first.end, {"why": f"{fragment_words} of its {total} words are strings of nouns with no little words (to, you, is, the) to join them"})


RUN_TOKEN_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[^\w\s]")


def _longest_bare_run(text: str, function_words) -> int:
    """The longest stretch of lower-case content words with no function word and no punctuation
    between them. English joins its nouns with little words within a few words; a jumble of
    keywords doesn't ("sea salary call cardiac nurses falls telemetry care"). Capitalised words
    (names, titles) neither count nor break a stretch; figures and punctuation break it."""
    best = run = 0
    for tok in RUN_TOKEN_RE.findall(text):
        if tok[:1].isupper():
            continue
        if tok[:1].isalpha() and tok.lower() not in function_words:
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best


@check("readability.not_words")
def not_words(rule, doc: Doc):
    prm = rule.params
    if doc.search(rule.compiled["tokens"]) if "tokens" in rule.compiled else False:
        yield Hit(0, len(doc.body), {"share": 0})
        return
    # Lower-case words of 3+ letters (capitalised ones may be names, which no dictionary holds).
    cands = [w for w in filter(str.islower, filter(str.isalpha, T.WORD_RE.findall(doc.body, 0, 6000))) if len(w) >= 3]
    if len(cands) < int(prm.get("min_words", 6)):
        return
    known = sum(map(T.is_dictionary_word, cands))
    share = known / len(cands)
    if share < float(prm.get("min_dictionary_share", 0.6)):
        yield Hit(0, len(doc.body), {"share": round(100 * share)})


@check("readability.repeated")
def repeated(rule, doc: Doc):
    seen: dict[tuple[str, ...], int] = {}
    long_ = [tuple(ws) for ws in doc.sentence_words if len(ws) >= 4]
    for ws in long_:
        seen[ws] = seen.get(ws, 0) + 1
    if not long_:
        return
    repeats = sum(n - 1 for n in seen.values())
    if repeats >= 2 and repeats / len(long_) > float(rule.params.get("max_repeat_share", 0.25)):
        worst = max(seen, key=seen.get)
        s = next(s for s, ws in zip(doc.sentences, doc.sentence_words, strict=True) if tuple(ws) == worst)
        yield Hit(s.start, s.end, {"times": seen[worst]})


@check("readability.advice_text")
def advice_text(rule, doc: Doc):
    prm = rule.params
    verbs = _single_words(tuple(prm.get("verbs", ())))
    hits = [s for s, ws in zip(doc.sentences, doc.sentence_words, strict=True) if ws and ws[0] in verbs and len(ws) >= 2]
    n = len(doc.sentences)
    if len(hits) >= int(prm.get("min_sentences", 3)) and len(hits) / max(1, n) >= float(prm.get("min_share", 0.34)):
        yield Hit(hits[0].start, hits[0].end, {"match": hits[0].text[:60]})


@check("readability.order")
def order(rule, doc: Doc):
    """A greeting after the first sentence, or a sign-off with more than a signature after it:
    the sentences are out of order (a shuffled pitch)."""
    sents = doc.sentences
    if len(sents) < 2:
        return
    first_end = sents[0].end
    for g in doc.finditer(GREETING_WORDS_RE):
        # After the first sentence, or after other words on its own line ("David Hi Seun,": a
        # signature shuffled to the front).
        before = doc.body[doc.body.rfind("\n", 0, g.start()) + 1:g.start()]
        if g.start() < first_end and not WORD_CHAR_RE.search(before):
            continue
        m = GREETING_ANY_RE.match(doc.body, g.start())
        if m and (g.start() >= first_end or m.group(1)[:1].isupper()):
            yield Hit(m.start(1), m.end(), {"what": "The greeting comes"})
            return
    lines = _lines(doc)
    for i, (s, e, text) in enumerate(lines[:-4] if len(lines) > 4 else []):
        if SIGN_OFF_RE.match(text) and any(T.count_words(t) > 8 for _, _, t in lines[i + 1:]):
            yield Hit(s, e, {"what": "The sign-off comes"})
            return
    # A list whose items (or headings) run on in one line: "What we offer: What you'll do: -
    # Own ordering ... - A four-day week": its lines were shuffled or lost.
    for s, e, text in lines:
        if "- " in text or "• " in text or "* " in text or "– " in text:
            inline = INLINE_ITEM_RE.findall(text)
            if len(inline) >= 2:
                yield Hit(s, e, {"what": "List items and headings run together"})
                return


WORD_CHAR_RE = re.compile(r"\w")
# A list marker after the end of a sentence or a heading, on the same line.
INLINE_ITEM_RE = re.compile(r"[.:!?][\"')]?\s+[-•*–]\s+\S")


@check("readability.stuffed")
def stuffed(rule, doc: Doc):
    need = int(rule.params.get("min_motivators", 5))
    hit = _stuffed_with_motivators(doc, need) or _stuffed_with_their_keywords(doc, need)
    if hit is not None:
        yield hit


def _stuffed_with_motivators(doc: Doc, need: int) -> Hit | None:
    from pitch_lib.engine.vocab import MOTIVATORS

    if doc.n_words < need * 2 or not any(s.text.count(",") + s.text.count(" and ") >= need - 2 for s in doc.sentences):
        return None  # five selling points in one sentence need four joins at least
    spans = {name: [m.start() for m in doc.finditer(mot.pattern)] for name, mot in MOTIVATORS.items()}
    for s in doc.sentences:
        hit = [name for name, starts in spans.items() if any(s.start <= a < s.end for a in starts)]
        if len(hit) >= need and s.words <= 12 * len(hit) and not _backed_by_facts(doc, s.start, s.end):
            return Hit(s.start, s.end, {"n": len(hit)})
    return None


def _backed_by_facts(doc: Doc, start: int, end: int, need: int = 3) -> bool:
    """Three concrete facts in the sentence ("£64-72k, ten minutes from you, a four-day week"):
    a dense offer, not a string of selling words."""
    return sum(1 for a, _ in doc.concrete if start <= a < end) >= need


def _stuffed_with_their_keywords(doc: Doc, need: int) -> Hit | None:
    """Their own keywords crammed in: five or more of their skills, interests and employer in one
    sentence, or the same few said over and over (eight mentions, one of them three times)."""
    p = doc.profile
    if p is None:
        return None
    from pitch_lib.engine.checks._shared import phrase_pattern

    items = [t for t in dict.fromkeys([*p.skills, *p.interests, p.current_company]) if t and len(t) > 1]
    found = {t: [m.start() for m in doc.finditer(phrase_pattern(t))] for t in items}
    found = {t: starts for t, starts in found.items() if starts}
    if not found:
        return None
    name = doc.first_name or "the candidate"
    for s in doc.sentences:
        hit = [t for t, starts in found.items() if any(s.start <= a < s.end for a in starts)]
        if len(hit) >= need and s.words <= 8 * len(hit):
            return Hit(s.start, s.end, {"n": len(hit), "_message": (
                f"One sentence crams in {len(hit)} of {name}'s skills and interests "
                f"(“{hit[0]}”, “{hit[1]}”…): it reads as keywords, not as a message.")})
    mentions = sum(len(v) for v in found.values())
    top = max(found, key=lambda t: len(found[t]))
    if mentions >= 8 and len(found[top]) >= 3:
        lo, hi = doc.sentence_at(min(a for v in found.values() for a in v))
        return Hit(lo, hi, {"n": mentions, "_message": (
            f"{name}'s skills and interests come up {mentions} times (“{top}” {len(found[top])} times): "
            "it reads as keywords, not as a message.")})
    return None
