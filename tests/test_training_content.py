"""Training content as a trainer would review it: honest, natural, varied examples, fair questions."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from pitch_lib.models import Pitch
from pitch_lib.training import check_trap, default_content, evaluate, grade_pick, score_examples

CONTENT = default_content()
SCENARIOS = {s.id: s for s in CONTENT.scenarios}
LESSONS = {lesson.id: lesson for lesson in CONTENT.lessons}

# Every "better" message the course shows: each lesson's better example and each scenario's better variant.
BETTER = {f"lesson:{lesson.id}": lesson.better.pitch for lesson in CONTENT.lessons} | {
    f"scenario:{s.id}": s.variants[s.better] for s in CONTENT.scenarios
}
GREETING = re.compile(r"^\s*(hi|hello|hey|hola|dear|good morning)\b[^,\n]{0,30},?\s*", re.I)


def _opening(body: str) -> str:
    """The first sentence after the greeting."""
    text = GREETING.sub("", body.strip(), count=1)
    return re.split(r"(?<=[.!?:])\s", text, maxsplit=1)[0]


def _opening_pattern(body: str) -> str:
    """The first two words of the opening, lower-cased: 'your sepsis', 'liffey valley', 'i recruit'."""
    return " ".join(re.findall(r"[\w'’₹$€£]+", _opening(body).lower())[:2])


# Frames that make a message read as written for the scorer rather than for the reader.
TEMPLATE_FRAMES = {
    "is why I'm writing": r"\bis (why|the reason) I(['’]m| am) (writing|reaching out)",
    "is why I ...": r"\bis why I\b",
    "is the kind of result/work X wants": r"\bis (exactly |just )?the (kind|sort) of (result|work)\b",
    "is exactly what X wants": r"\bis (exactly|just) what\b",
}


def test_better_examples_do_not_share_an_opening():
    """No more than two better examples open the same way (first two words after the greeting)."""
    counts = Counter(_opening_pattern(p.body) for p in BETTER.values())
    shared = {k: n for k, n in counts.items() if n > 2}
    assert not shared, shared


@pytest.mark.parametrize("frame", sorted(TEMPLATE_FRAMES))
def test_better_examples_do_not_lean_on_one_frame(frame):
    users = [k for k, p in BETTER.items() if re.search(TEMPLATE_FRAMES[frame], p.body, re.I)]
    assert len(users) <= 1, users


@pytest.mark.parametrize("key", sorted(BETTER))
def test_better_example_is_honest_and_natural(key):
    body = BETTER[key].body
    # figures repeated in parentheses read as written for a scorer
    assert not re.search(r"\([^)]*\d[^)]*\)", body), body
    # superlatives a recruiter cannot stand behind
    assert not re.search(r"\b(the best|the clearest|best I|excellent|amazing|incredible|outstanding)\b", body, re.I)
    # details of family, health or weekends read as surveillance
    assert not re.search(r"\b(under-12s?|kids|children|daughter|son|family|health condition|good luck with)\b",
                         body, re.I), body


@pytest.mark.parametrize("key", sorted(BETTER))
def test_better_example_reads_as_grammatical(key):
    """A mechanical check (not a grammar checker): capitals, no doubled words, closed brackets, no
    double spaces, and every paragraph ends as a sentence, a list item or a sign-off."""
    pitch = BETTER[key]
    body = pitch.body
    assert not re.search(r"\b(\w+) \1\b", body, re.I), "a doubled word"
    assert "  " not in body and " ," not in body and " ." not in body
    assert body.count("(") == body.count(")")
    for sentence in re.split(r"(?<=[.!?])\s+", body):
        first = sentence.lstrip("-•* \n")[:1]
        assert not first.islower(), sentence
    for para in [p.strip() for p in body.split("\n\n") if p.strip()]:
        last = para.splitlines()[-1].strip()
        ends_ok = last[-1] in ".?!:" or len(last.split()) <= 3 or last.startswith("-")
        assert ends_ok, last


@pytest.mark.parametrize("lid", sorted(LESSONS))
def test_lesson_does_not_give_away_its_scenarios_model_answer(lid):
    """A lesson's better example is its own message, not the exercise's answer reworded."""
    lesson = LESSONS[lid]
    s = SCENARIOS[lesson.scenario_id]

    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i:i + 4]) for i in range(len(words) - 3)}

    a, b = shingles(lesson.better.pitch.body), shingles(s.variants[s.better].body)
    overlap = len(a & b) / max(1, len(a | b))
    assert overlap < 0.15, f"{lid}: {overlap:.2f} of 4-word runs shared with the model answer"


@pytest.mark.parametrize("lid", sorted(LESSONS))
def test_lesson_better_example_passes_its_scenarios_trap_and_beats_the_worse(lid):
    lesson = LESSONS[lid]
    s = SCENARIOS[lesson.scenario_id]
    pitch = lesson.better.pitch
    assert check_trap(s, pitch).handled or pitch.channel != s.channel, check_trap(s, pitch).problems
    cards = score_examples(lesson, CONTENT)
    assert cards["better"].overall > cards["worse"].overall


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_better_variant_beats_the_worse_and_handles_the_trap(sid):
    s = SCENARIOS[sid]
    result = grade_pick(s, s.better)
    worse = "b" if s.better == "a" else "a"
    assert result.traps[s.better].handled
    if s.trap.kind != "wrong_channel":  # both variants are on the right channel there
        assert not result.traps[worse].handled
    assert result.scorecards[s.better].overall > result.scorecards[worse].overall


# --- questions that cannot be guessed from their shape -----------------------------------------

QUESTIONS = [(f"{lesson.id} q{i + 1}", q.options, q.answer) for lesson in CONTENT.lessons
             for i, q in enumerate(lesson.check)] + [(f"{s.id} trap", s.trap.options, s.trap.answer)
                                                      for s in CONTENT.scenarios]


@pytest.mark.parametrize("name, options, answer", QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_options_are_of_similar_length(name, options, answer):
    lengths = [len(o) for o in options]
    assert max(lengths) <= 1.35 * min(lengths), lengths


def test_the_right_answer_is_not_usually_the_longest_or_in_one_place():
    longest = [name for name, options, answer in QUESTIONS
               if len(options[answer]) > max(len(o) for i, o in enumerate(options) if i != answer)]
    assert len(longest) <= len(QUESTIONS) // 2, longest
    positions = Counter(answer for _, _, answer in QUESTIONS)
    assert max(positions.values()) <= 0.5 * len(QUESTIONS), positions


# --- trap checks on words and meaning --------------------------------------------------------------


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_every_trap_has_texts_that_must_not_pass_and_none_does(sid):
    s = SCENARIOS[sid]
    assert len(s.trap.must_not_pass) >= 2
    for text in s.trap.must_not_pass:
        pitch = Pitch(s.channel, "", text)
        assert not check_trap(s, pitch).handled, text


@pytest.mark.parametrize(
    "sid, text",
    [
        ("cfo-singapore", "Dear Mei Ling, we will onboard you into a senior finance role."),  # not "board"
        ("warehouse-manager-rotterdam", "Hi Sanne, there is a generous training budget."),  # not "train"
        ("sous-chef-barcelona", "Hola Lucía, service starts at 14:00."),  # a time is not a continuous shift
        ("qa-specialist-basel", "German mother-tongue preferred. Our working language is English."),
        ("wind-technician-aberdeen", "Hi Callum, the role is not onshore, I'm afraid."),  # negated
    ],
)
def test_trap_checks_match_words_not_substrings(sid, text):
    s = SCENARIOS[sid]
    assert not check_trap(s, Pitch(s.channel, "", text)).handled


@pytest.mark.parametrize(
    "sid, text",
    [
        ("icu-nurse-dublin", "Hi Aoife, the post is Monday to Friday, with no 24/7 rota and no nights."),
        ("warehouse-manager-rotterdam", "Hi Sanne, no relocation package needed: the train is paid."),
        ("wind-technician-aberdeen", "Hi Callum, onshore only, so no offshore rotations."),
    ],
)
def test_a_negated_trap_phrase_is_not_a_fall(sid, text):
    s = SCENARIOS[sid]
    assert check_trap(s, Pitch(s.channel, "", text)).handled, check_trap(s, Pitch(s.channel, "", text)).problems


# --- a wider world ---------------------------------------------------------------------------------

REGIONS = {
    "Americas": {"United States", "Canada", "Mexico", "Colombia", "Brazil", "Chile", "Argentina", "Peru"},
    "Africa": {"Ghana", "Kenya", "Nigeria", "South Africa", "Egypt", "Morocco", "Rwanda"},
    "Asia": {"India", "Singapore", "Japan", "China", "Korea", "Vietnam", "Philippines", "Indonesia", "Malaysia"},
    "Europe": {"Ireland", "Germany", "Netherlands", "United Kingdom", "Spain", "Poland", "Switzerland",
               "France", "Italy", "Sweden", "Austria", "Portugal"},
    "Middle East": {"Saudi Arabia", "United Arab Emirates", "Qatar", "Jordan", "Oman", "Israel", "Turkey"},
}


def test_scenarios_span_five_regions_and_every_seniority():
    regions = {r for s in CONTENT.scenarios for r, countries in REGIONS.items() if s.country in countries}
    assert regions == set(REGIONS), sorted(regions)
    assert {s.seniority for s in CONTENT.scenarios} >= {"junior", "mid", "senior", "manager", "executive"}
    # no region is a token: the Americas, Africa and Asia have at least three countries each
    for region in ("Americas", "Africa", "Asia"):
        assert len({s.country for s in CONTENT.scenarios if s.country in REGIONS[region]}) >= 3, region


def test_every_country_of_a_scenario_has_a_region():
    known = set().union(*REGIONS.values()) | {"Australia"}
    assert {s.country for s in CONTENT.scenarios} <= known


@pytest.mark.parametrize(
    "sid, text",
    [
        ("accountant-tokyo", "Dear Ms. Sato, thank you for your card."),
        ("accountant-tokyo", "Sato-san, thank you for your card."),
        ("civil-engineer-riyadh", "Dear Eng. Faisal, I recruit for Darb Infrastructure."),
        ("civil-engineer-riyadh", "Good morning Engineer Al-Qahtani, I recruit for Darb Infrastructure."),
    ],
)
def test_the_local_form_of_address_handles_a_register_trap(sid, text):
    s = SCENARIOS[sid]
    check = check_trap(s, Pitch(s.channel, "", text))
    assert check.handled, check.problems


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_the_model_answer_scores_well_with_no_error_finding(sid):
    """A model answer is a message worth copying: 80 or more overall, and no finding the engine
    calls an error (a false one belongs in an engine issue, not in the course)."""
    s = SCENARIOS[sid]
    card = evaluate(s, s.variants[s.better]).scorecard
    assert card.overall >= 80, card.overall
    assert not [f.message for f in card.findings() if f.severity == "error"]
