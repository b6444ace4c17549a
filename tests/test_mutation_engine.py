"""Engine behaviour pinned where the mutation run (scripts/mutation.py engine.money engine.text
engine.ruleset engine.scorecard engine.channels) showed that the other tests let a change through."""

from __future__ import annotations

import re

import pytest

from pitch_lib.engine.money import Pay, annual, pay_mentions

# ---------------------------------------------------------------- pay as people write it

# (text, the figure as written, low, high, currency, period, said as the job's salary). None: not
# pinned, because it is wrong today: "Pay:" and "We pay" introduce the salary, but the engine does
# not read them so (a colon ends the clause it looks in, and "we pay" is not one of its words).
PAY_EXAMPLES = [
    ("The base salary is £85k.", "£85k", 85_000, 85_000, "£", "", True),
    ("Salary EUR 62k.", "EUR 62k", 62_000, 62_000, "EUR", "", True),
    ("Base of €62.000 per year.", "€62.000 per year.", 62_000, 62_000, "€", "year", True),
    ("Pay: 85-95k GBP a year.", "85-95k GBP a year.", 85_000, 95_000, "GBP", "year", None),
    ("We pay 85,000-95,000 GBP per annum.", "85,000-95,000 GBP per annum.", 85_000, 95_000, "GBP", "year", None),
    ("Pays 95k–85k.", "95k–85k", 85_000, 95_000, "", "", True),
    ("The salary is 90 thousand.", "90 thousand", 90_000, 90_000, "", "", True),
    ("Salary £4,000 a month.", "£4,000 a month.", 4_000, 4_000, "£", "month", True),
    ("The rate is 450 a day.", "450 a day.", 450, 450, "", "day", True),
    ("The day rate is $40/hr for this one.", "$40/hr", 40, 40, "$", "hour", False),
    ("I earn 2,5k a week.", "2,5k a week.", 2_500, 2_500, "", "week", False),
    ("Paid $3.5k per month.", "$3.5k per month.", 3_500, 3_500, "$", "month", True),  # a monthly sum in a currency, and no other pay
    ("OTE £120k uncapped.", "£120k", 120_000, 120_000, "£", "", False),  # on-target, not a base
    ("Package up to 1.2m SEK.", "1.2m SEK", 1_200_000, 1_200_000, "SEK", "", False),  # too big for a salary
    ("Paying £1.5bn.", "£1.5bn", 1_500_000_000, 1_500_000_000, "£", "", False),
]


def _ascii_id(text: str) -> str:
    """A test id mutmut can pass back to pytest (it cannot find ids with escaped characters)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.mark.parametrize("text, written, low, high, currency, period, salary", PAY_EXAMPLES,
                         ids=[_ascii_id(e[0]) for e in PAY_EXAMPLES])
def test_pay_is_read_as_written(text, written, low, high, currency, period, salary):
    [pay] = pay_mentions(text)
    assert text[pay.start:pay.end] == written
    assert (pay.low, pay.high, pay.currency, pay.period) == (low, high, currency, period)
    if salary is not None:
        assert pay.salary is salary


@pytest.mark.parametrize("text", [
    "We helped deliver 40,000 smart meters.",  # a count, no currency
    "They raised $40m in funding last year.",  # funding, not pay
    "40k users love the app.",  # a k alone is not pay
    "A £2,000 learning budget each year.",  # a budget
    "No figures here at all.",
    "Version 3 ships in 2 weeks.",
], ids=_ascii_id)
def test_figures_that_are_not_pay(text):
    assert pay_mentions(text) == []


@pytest.mark.parametrize("period, factor", [("hour", 1800), ("day", 225), ("week", 46), ("month", 12),
                                            ("year", 1), ("unsaid", 1)])
def test_a_range_as_a_yearly_figure(period, factor):
    said = "" if period == "unsaid" else period
    assert annual(Pay(0, 1, 10.0, 20.0, "£", said)) == (10.0 * factor, 20.0 * factor)


# ---------------------------------------------------------------- channels as data

def test_a_channel_file_is_read_field_by_field(tmp_path):
    """Every key lands in its own field (the specs are loaded once at import, so only a fresh load
    shows a mistake in the loader)."""
    from pitch_lib.engine.channels import ChannelSpec, load_channels

    path = tmp_path / "channels.toml"
    path.write_text(
        '[full]\nlabel = "Full"\nicon = "F"\nhas_subject = true\nsubject_hard_limit = 11\nsubject_words = [2, 3]\n'
        'body_hard_limit = 12\ntarget_words = [4, 5]\ntarget_chars = [6, 7]\nceiling = 13\npreview_chars = [8, 9]\n'
        'pitch_allowed = false\nfirst_touch = true\nadvice = "Say less."\nsource = "Our notes"\n\n'
        '[bare]\nlabel = "Bare"\nhas_subject = false\n',
        encoding="utf-8",
    )
    channels = load_channels(path)
    assert list(channels) == ["full", "bare"]
    assert channels["full"] == ChannelSpec(
        name="full", label="Full", icon="F", has_subject=True, subject_hard_limit=11, subject_words=(2, 3),
        body_hard_limit=12, target_words=(4, 5), target_chars=(6, 7), ceiling=13, preview_chars=(8, 9),
        pitch_allowed=False, first_touch=True, advice="Say less.", source="Our notes",
    )
    # Left out: no limit (0), no range ((0, 0)), a pitch allowed, not a first touch, no advice.
    assert channels["bare"] == ChannelSpec(
        name="bare", label="Bare", icon="", has_subject=False, subject_hard_limit=0, subject_words=(0, 0),
        body_hard_limit=0, target_words=(0, 0), target_chars=(0, 0), ceiling=0, preview_chars=(0, 0),
        pitch_allowed=True, first_touch=False, advice="", source="",
    )


def test_the_shipped_channels_load_the_same_again():
    from pitch_lib.engine.channels import CHANNELS, get_channel, load_channels

    assert load_channels() == CHANNELS
    assert get_channel("email").label == "Email"
    with pytest.raises(KeyError) as err:
        get_channel("fax")
    assert err.value.args[0] == (
        "unknown channel 'fax' (choose from: email, linkedin_inmail, linkedin_connection, social_dm, job_ad)"
    )


# ---------------------------------------------------------------- the scorecard in words

def _card(**formula):
    from pitch_lib.engine.scorecard import Scorecard

    return Scorecard(overall=45, dimensions={}, metrics={}, channel="email", formula=formula)


def test_the_overall_is_explained_step_by_step():
    card = _card(substance=87.0, delivery={"readability": 0.95, "tone": 0.98}, gates={"merge_token": 0.55})
    assert card.explain_overall() == (
        "substance 87 (personalisation and benefit clarity) × delivery 0.93 (readability, tone, "
        "inclusivity, channel fit) × 0.55 for merge_token = 45"
    )
    assert _card(substance=60.5).explain_overall() == (
        "substance 60.5 (personalisation and benefit clarity) × delivery 1.00 (readability, tone, "
        "inclusivity, channel fit) = 45"
    )
    assert _card().explain_overall() == "Nothing to score yet."


def test_a_scored_pitch_explains_its_own_overall():
    from pitch_lib import CandidateProfile, Pitch, Role, score_pitch
    from tests.rule_examples import PRIYA, ROLE

    card = score_pitch(Pitch("email", "Your fraud work", "Hi {first_name}, we have a role. Apply now!"),
                       CandidateProfile.from_dict(PRIYA), Role.from_dict(ROLE))
    words = card.explain_overall()
    assert words.startswith(f"substance {card.formula['substance']:g} (personalisation and benefit clarity)")
    assert words.endswith(f" = {card.overall}")
    for rule, factor in card.formula["gates"].items():
        assert f"× {factor:g} for {rule}" in words


# ---------------------------------------------------------------- a team's rules file

def test_a_team_rules_file_is_read_from_disk(tmp_path):
    from pitch_lib.engine.ruleset import RulesError, default_ruleset, load_ruleset

    assert load_ruleset() is default_ruleset()
    team = tmp_path / "our-rules.toml"
    team.write_text('[weights]\ntone = 3\n\n[rules."tone.urgency"]\npoints = 9\n', encoding="utf-8")
    rules = load_ruleset(team)
    assert rules.weights["tone"] == 3 and rules.rules["tone.urgency"].points == 9
    assert rules.sources == ["built-in", str(team)]
    with pytest.raises(RulesError) as err:
        load_ruleset(tmp_path / "missing.toml")
    assert str(err.value) == f"rules file not found: {tmp_path / 'missing.toml'}"
    team.write_text("[weights\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"^our-rules\.toml: not valid TOML \("):
        load_ruleset(team)
    bad = tmp_path / "bad.toml"
    bad.write_text('[rules."no.such.rule"]\npoints = 1\n', encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_ruleset(bad)
    assert str(err.value) == 'bad.toml: [rules."no.such.rule"]: no such rule'


# ---------------------------------------------------------------- text as the checks read it

@pytest.mark.parametrize("typed, read, offsets", [
    ("plain ascii", "plain ascii", None),
    ("It\u2019s \u201cgreat\u201d", "It's \"great\"", None),  # curly quotes: same length, same places
    ("a\r\nb", "a \nb", None),  # CRLF as " \n" keeps the offsets
    ("non\u00a0break", "non break", None),
    ("cafe\u0301 ok", "caf\u00e9 ok", [0, 1, 2, 3, 5, 6, 7, 8]),  # e + accent is one letter, typed at 3
    ("zero\u200bwidth", "zerowidth", [0, 1, 2, 3, 5, 6, 7, 8, 9, 10]),  # the invisible space goes
], ids=["ascii", "curly-quotes", "crlf", "nbsp", "combining-accent", "zero-width"])
def test_normalise_and_its_map_back_to_what_was_typed(typed, read, offsets):
    from pitch_lib.engine.text import normalise

    assert normalise(typed) == (read, offsets)


def test_names_compared_without_their_accents():
    from pitch_lib.engine.text import fold_accents, fold_umlauts

    assert fold_accents("Zoë Łukasz Straße Æsir Øyvind Ðorđe Œuvre Þór Işık") == (
        "zoe lukasz strasse aesir oyvind dorde oeuvre thor isik"
    )
    assert fold_umlauts("Müller Jürgen Größe Zoë") == "mueller juergen groesse zoe"


def test_reading_time_and_word_lists():
    from pitch_lib.engine.text import count_words, is_common_word, is_dictionary_word, reading_time_seconds

    assert [reading_time_seconds(n) for n in (0, 100, 119, 238, 476)] == [0, 25, 30, 60, 120]
    assert count_words("It's a 15-minute call, isn't it?") == 6
    assert is_common_word("House") and is_common_word("don\u2019t") and not is_common_word("synergy")
    assert is_dictionary_word("Forecasting") and is_dictionary_word("don\u2019t")
    assert not is_dictionary_word("Kubernetes")


DIMS = "personalisation, readability, benefit_clarity, tone, inclusivity, channel_fit"


@pytest.mark.parametrize("team, message", [
    ("[weights]\nvibes = 1", f"team.toml: [weights] vibes: not a dimension ({DIMS})"),
    ("[weights]\ntone = -1", "team.toml: [weights] tone: must be a number of 0 or more"),
    ('[weights]\ntone = "x"', "team.toml: [weights] tone: must be a number of 0 or more"),
    ('[rules."tone.nope"]\npoints = 1', 'team.toml: [rules."tone.nope"]: no such rule'),
    ('[rules."tone.urgency"]\npattern = "x"\nzz = 1', 'team.toml: [rules."tone.urgency"]: cannot change pattern, zz'),
    ('[[rule]]\nid = "tone.urgency"',
     'team.toml: rule tone.urgency exists already; change it under [rules."tone.urgency"]'),
    ('[[rule]]\nid = "tone.mine"\ntype = "check"',
     "team.toml: rule tone.mine: a team file can add existence or substitution rules, not checks"),
], ids=["unknown-dimension", "negative-weight", "text-weight", "unknown-rule", "fixed-fields", "duplicate-rule",
        "new-check"])
def test_a_team_file_mistake_is_named_exactly(team, message):
    from pitch_lib.engine.ruleset import RulesError, rules_from_toml_text

    with pytest.raises(RulesError) as err:
        rules_from_toml_text(team, "team.toml")
    assert str(err.value) == message


def test_a_team_file_adds_to_limits_context_and_channel_weights():
    from pitch_lib.engine.ruleset import default_ruleset, rules_from_toml_text

    shipped = default_ruleset()
    team = rules_from_toml_text(
        '[weights]\ntone = 0\n[limits]\ndelivery_strength = 2\n[channel_weights.job_ad]\ntone = 0.5\n'
        '[context.allow]\nplaces = ["Zorblatt"]\n[rules."personalisation.facts".params]\npoints_none = 50\n',
        "team.toml",
    )
    assert team.weights["tone"] == 0.0  # 0 switches a dimension off; it is allowed
    assert team.limits["delivery_strength"] == 2
    assert team.limits["unjudged_substance"] == shipped.limits["unjudged_substance"]  # the rest kept
    assert team.channel_weights["job_ad"] == {**shipped.channel_weights["job_ad"], "tone": 0.5}
    assert team.allow.search("based in zorblatt") and not shipped.allow.search("based in zorblatt")
    params = team.rules["personalisation.facts"].params
    assert params == {**shipped.rules["personalisation.facts"].params, "points_none": 50}
    assert team.sources == ["built-in", "team.toml"] and shipped.weights["tone"] > 0


@pytest.mark.parametrize("text, low, high", [
    ("Pay: 85-95k.", 85_000, 95_000),  # a label's colon introduces the figure
    ("We pay 85,000–95,000 GBP.", 85_000, 95_000),
    ("Salary range: $120k to $140k.", 120_000, 140_000),
])
def test_pay_introduced_by_a_label_or_we_pay_is_the_salary(text, low, high):
    (pay,) = pay_mentions(text)
    assert (pay.low, pay.high, pay.salary) == (low, high, True)
