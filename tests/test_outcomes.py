"""Outcomes: import with column mapping and bad rows, the statistics, calibration, the CLI."""

from __future__ import annotations

import csv
import io
from datetime import date

import numpy as np
import pandas as pd
import pytest

from pitch_lib.calibration import PROTECTED, CalibrationError, calibrate, replica_overall
from pitch_lib.cli import main
from pitch_lib.demo_outcomes import PLANTED, demo_csv, demo_outcomes
from pitch_lib.engine.ruleset import load_ruleset, rules_from_toml_text
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import Pitch
from pitch_lib.outcome_stats import (
    by_channel,
    by_dimension,
    by_length,
    by_rule,
    by_score_band,
    by_weekday,
    enough_data,
    newcombe,
    wilson,
)
from pitch_lib.outcomes import (
    Outcome,
    OutcomeError,
    export_csv,
    guess_mapping,
    import_outcomes,
    import_summary,
    outcome_from_message,
    outcomes_frame,
    parse_reply,
    read_table,
)

BODY = "Hi Sam,\n\nYour PyData talk on fraud latency was great. Would you be open to a call? No worries if not."


@pytest.fixture(scope="module")
def demo():
    return demo_outcomes(1500, seed=3)


@pytest.fixture(scope="module")
def cal(demo):
    return calibrate(demo)


def _csv(rows: list[list[str]], header=("Candidate", "Message", "Subject", "Medium", "Sent", "Reply status", "Reply date")) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


# ---------------------------------------------------------------- import


def test_guess_mapping_reads_common_export_headers():
    df = read_table(_csv([]))
    m = guess_mapping(list(df.columns))
    assert m == {"body": "Message", "subject": "Subject", "channel": "Medium", "sent_on": "Sent",
                 "replied": "Reply status", "replied_on": "Reply date", "candidate": "Candidate"}


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["Ann", "", "s", "email", "2025-03-03", "yes", ""], "no message text"),
        (["Ann", "x" * 50_001, "s", "email", "2025-03-03", "yes", ""], "longer than 50,000 characters"),
        (["Ann", BODY, "s", "fax", "2025-03-03", "yes", ""], "channel “fax” is not one of"),
        (["Ann", BODY, "s", "email", "2025-03-03", "", ""], "replied is empty"),
        (["Ann", BODY, "s", "email", "2025-03-03", "maybe", ""], "replied “maybe” is not yes/no"),
        (["Ann", BODY, "s", "email", "last Tuesday", "no", ""], "sent date “last Tuesday” is not a date"),
        (["Ann", BODY, "s", "email", "2025-03-03", "yes", "soon"], "reply date “soon” is not a date"),
        (["Ann", BODY, "s", "email", "2025-03-03", "no", "2025-03-05"], "a reply date, but replied says no"),
        (["Ann", BODY, "s", "email", "2025-03-03", "yes", "2025-03-01"], "reply date is before the sent date"),
    ],
)
def test_every_bad_row_kind_is_listed_with_its_reason_and_skipped(row, reason):
    good = ["Bob", BODY, "Your talk", "InMail", "2025-03-03", "1", "2025-03-04"]
    df = read_table(_csv([good, row]))
    result = import_outcomes(df, guess_mapping(list(df.columns)))
    assert len(result.outcomes) == 1 and result.outcomes[0].channel == "linkedin_inmail"
    assert result.outcomes[0].replied and result.outcomes[0].replied_on == date(2025, 3, 4)
    assert len(result.bad_rows) == 1
    row_no, why = result.bad_rows[0]
    assert row_no == 3 and reason in why
    assert list(result.bad_table().columns) == ["row", "reason"]


def test_nothing_beyond_the_mapped_columns_is_stored_and_text_only_when_asked():
    df = read_table(_csv([["Ann Example", BODY, "Your talk", "email", "03/04/2025", "positive", ""]]))
    mapping = guess_mapping(list(df.columns))
    kept = import_outcomes(df, mapping, keep_text=False).outcomes[0]
    assert kept.body == "" and kept.subject == ""
    assert "Ann Example" not in repr(kept.to_dict())
    assert kept.sent_on == date(2025, 4, 3)  # day first unless ISO
    assert kept.reply == "positive" and kept.scores and kept.overall > 0
    with_text = import_outcomes(df, mapping, keep_text=True).outcomes[0]
    assert with_text.body == BODY and with_text.rules == kept.rules
    no_subject = import_outcomes(df, {**mapping, "subject": None}, keep_text=True).outcomes[0]
    assert no_subject.subject == ""


def test_an_export_scores_each_distinct_message_once(monkeypatch):
    import pitch_lib.outcomes as outcomes_module

    scored = []

    def counting(pitch, *args, **kwargs):
        scored.append((pitch.channel, pitch.subject, pitch.body))
        return score_pitch(pitch, *args, **kwargs)

    monkeypatch.setattr(outcomes_module, "score_pitch", counting)
    other = BODY.replace("Sam", "Ana")
    rows = [["A", BODY, "Your talk", "email", f"2025-03-{d:02d}", "yes" if d % 2 else "no", ""] for d in range(1, 21)]
    rows += [["B", other, "Your talk", "email", "2025-03-03", "no", ""], ["C", BODY, "Your talk ", "InMail", "", "1", ""]]
    result = import_outcomes(read_table(_csv(rows)), guess_mapping(["Candidate", "Message", "Subject", "Medium", "Sent",
                                                                    "Reply status", "Reply date"]))
    assert len(result.outcomes) == 22 and not result.bad_rows
    assert sorted(scored) == sorted({("email", "Your talk", BODY), ("email", "Your talk", other),
                                     ("linkedin_inmail", "Your talk", BODY)})
    assert len({o.id for o in result.outcomes}) == 22  # each row is its own outcome...
    assert [o.sent_on.day for o in result.outcomes[:20]] == list(range(1, 21))  # ...with its own dates and reply
    assert [o.replied for o in result.outcomes[:4]] == [True, False, True, False]


def test_ids_made_in_bulk_look_like_new_id_and_do_not_repeat():
    from pitch_lib.workspace import new_id, new_ids

    ids = new_ids(50_000, 12)
    assert len(set(ids)) == 50_000 and {len(i) for i in ids} == {len(new_id(12))} == {16}
    assert all(c.isalnum() or c in "-_" for c in "".join(ids[:1000]))
    assert len(new_ids(3, 10)) == 3 and new_ids(0) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"just one column\nhello\n", "one column only"),
        (b'body,replied\n"unclosed,1\n', "not a readable CSV"),
    ],
)
def test_unreadable_files_get_one_clear_message(data, message):
    with pytest.raises(OutcomeError, match=message):
        read_table(data, "export.csv")


def test_semicolon_and_windows_encoded_exports_are_read():
    data = "body;replied\nCafé résumé, a message;oui\n".encode("cp1252")
    df = read_table(data)
    assert list(df.columns) == ["body", "replied"] and df.iloc[0, 0].startswith("Café")
    result = import_outcomes(df, {"body": "body", "replied": "replied"})
    assert result.bad_rows == [(2, "replied “oui” is not yes/no, 1/0, true/false or positive/neutral/negative/none")]


def test_a_table_made_in_code_with_missing_cells_is_read_like_an_export():
    """A DataFrame built by a caller may hold None, NaN and numbers where an export has text."""
    df = pd.DataFrame({"body": ["Hello Ana, a short note.", None, "Hello Ben, a short note.", float("nan")],
                       "replied": [1, "yes", None, 0]})
    result = import_outcomes(df, {"body": "body", "replied": "replied"}, jobs=1)
    assert result.rows == 4 and result.used == 1 and [o.reply for o in result.outcomes] == ["neutral"]
    assert result.bad_rows == [
        (3, "no message text"),
        (4, "replied is empty (write yes/no, 1/0, true/false, or positive/neutral/negative/none)"),
        (5, "no message text"),
    ]
    header_only = import_outcomes(read_table(b"body,replied,sent_on\n"), {"body": "body", "replied": "replied",
                                                                          "sent_on": "sent_on"})
    assert (header_only.rows, header_only.used, header_only.bad_rows, header_only.outcomes) == (0, 0, [], [])


@pytest.mark.parametrize(("rows", "used", "said"), [
    (60, 60, "Imported all 60 rows of x.csv."),
    (1, 1, "Imported the one row of x.csv."),
    (60, 58, "Imported 58 of 60 rows of x.csv; 2 rows skipped (the reasons are below)."),
    (60, 59, "Imported 59 of 60 rows of x.csv; 1 row skipped (the reasons are below)."),
    (3, 0, "Nothing imported from x.csv: all 3 rows were skipped (the reasons are below)."),
    (1, 0, "Nothing imported from x.csv: its one row was skipped (the reasons are below)."),
    (0, 0, "Nothing imported from x.csv: it has no rows under its header."),
])
def test_an_import_is_summed_up_in_words(rows, used, said):
    assert import_summary("x.csv", rows, used, rows - used) == said


def test_the_mapping_must_name_a_message_and_a_reply_column():
    df = read_table(_csv([]))
    with pytest.raises(OutcomeError, match="map a column to: Replied"):
        import_outcomes(df, {"body": "Message"})
    with pytest.raises(OutcomeError, match="no column “Nope”"):
        import_outcomes(df, {"body": "Message", "replied": "Nope"})


@pytest.mark.parametrize(("value", "reply"), [("1", "neutral"), ("0", "none"), ("Yes", "neutral"), ("FALSE", "none"),
                                              ("true", "neutral"), ("1.0", "neutral"), ("Negative", "negative")])
def test_replied_values(value, reply):
    assert parse_reply(value) == reply


def test_logging_a_variant_scores_it_and_refuses_a_reply_before_it_was_sent():
    o = outcome_from_message(Pitch("email", "Your talk", BODY), "negative", sent_on=date(2025, 1, 6),
                             replied_on=date(2025, 1, 7), keep_text=False, ref="Variant A")
    assert o.replied and o.body == "" and o.ref == "Variant A" and o.source == "variant"
    assert Outcome.from_dict(o.to_dict()) == o
    with pytest.raises(OutcomeError, match="before the sent date"):
        outcome_from_message(Pitch("email", "", BODY), "positive", sent_on=date(2025, 1, 6), replied_on=date(2025, 1, 1))
    with pytest.raises(OutcomeError, match="reply must be one of"):
        outcome_from_message(Pitch("email", "", BODY), "maybe")


def test_export_is_formula_safe_csv_with_every_outcome(demo):
    rows = list(csv.DictReader(io.StringIO(export_csv(demo[:5] + [
        outcome_from_message(Pitch("email", "=HYPERLINK(1)", BODY), "none")]))))
    assert len(rows) == 6 and rows[-1]["subject"] == "'=HYPERLINK(1)"
    assert rows[0]["reply"] in ("positive", "neutral", "negative", "none") and "overall" in rows[0]


# ---------------------------------------------------------------- statistics


def test_wilson_and_newcombe_match_published_values():
    low, high = wilson(81, 263)  # Newcombe (1998), table I example: 0.2553 to 0.3662
    assert round(low, 4) == 0.2553 and round(high, 4) == 0.3662
    d, lo, hi = newcombe(56, 70, 48, 80)  # Newcombe (1998), method 10: 0.0524 to 0.3339
    assert round(d, 2) == 0.2 and round(lo, 4) == 0.0524 and round(hi, 4) == 0.3339


def test_the_planted_rules_show_fewer_replies_with_an_interval(demo):
    table = by_rule(outcomes_frame(demo))
    for rule in PLANTED:
        row = table[table["rule"] == rule].iloc[0]
        assert row["verdict"] == "fewer replies" and row["high"] < 0 < row["rate_without"] - row["rate_with"]
    # A rule that fired on (almost) every message, or on almost none, leaves nothing to compare with.
    from pitch_lib.outcome_stats import MIN_GROUP

    few = table[(table["with"] < MIN_GROUP) | (table["without"] < MIN_GROUP)]
    assert len(few) and set(few["verdict"]) == {"too few to say"}
    assert "too few to say" not in set(table[(table["with"] >= MIN_GROUP) & (table["without"] >= MIN_GROUP)]["verdict"])


def test_tables_cover_every_message_once(demo):
    frame = outcomes_frame(demo)
    for table in (by_score_band(frame), by_channel(frame), by_length(frame), by_weekday(frame)):
        assert table["messages"].sum() == len(demo)
        assert ((table["low"] <= table["rate"]) & (table["rate"] <= table["high"])).all()
    dims = by_dimension(frame)
    assert (dims.groupby("dimension")["messages"].sum() == len(demo)).all()


def test_too_few_messages_are_said_plainly(demo):
    assert enough_data(outcomes_frame(demo)) == ""
    assert "at least 30 are needed" in enough_data(outcomes_frame(demo[:12]))
    none = [o for o in demo if not o.replied][:40]
    assert "only 0 replies" in enough_data(outcomes_frame(none))
    assert "at least 30" in enough_data(outcomes_frame([]))


# ---------------------------------------------------------------- calibration


def test_calibration_finds_the_planted_effect(cal):
    fitted = sorted((r for r in cal.rules if r.fitted), key=lambda r: -r.factor)
    assert {r.rule for r in fitted[:2]} == set(PLANTED)
    assert all(r.factor > 2 for r in fitted[:2]) and all(r.factor < 1.5 for r in fitted[2:])
    assert cal.auc_fitted > cal.auc_current + 0.05
    assert len(cal.auc_fitted_folds) == 5 and all(0 <= a <= 1 for a in cal.auc_current_folds)
    by_id = {r.rule: r for r in cal.rules}
    for rule in PLANTED:  # its weighted points go up
        assert cal.overall_cost(by_id[rule], True) > cal.overall_cost(by_id[rule], False)
    # The weights are the formula's: jargon (readability) and a missing opt-out (tone) are
    # delivery dimensions, so their exponents (weight x strength) go up.
    assert cal.new_weights["readability"] > cal.weights["readability"] + 0.05
    assert cal.new_weights["tone"] > cal.weights["tone"]
    assert cal.new_channel_weights == {}  # both channels carry the same effect: no channel of its own


def test_the_fit_is_the_formula_not_a_weighted_mean(demo):
    # Replies driven by the overall score itself, under known weights: the fit finds them again.
    from pitch_lib.calibration import _dimension_scores, _fit_formula

    rules = load_ruleset()
    truth = {**rules.weights, "readability": 0.4, "channel_fit": 0.02}
    rule_ids = sorted({r for o in demo for r in o.rules if r in rules.rules and r != "channel_fit.empty"})
    x = np.array([[o.rules.get(r, 0) for r in rule_ids] for o in demo], dtype=float)
    ones = np.ones(len(rule_ids))
    channels = ["email"] * len(demo)
    overall = replica_overall(x, rule_ids, ones, truth, channels, rules)
    rng = np.random.default_rng(1)
    many = np.repeat(np.arange(len(demo)), 4)
    y = (rng.random(len(many)) < 1 / (1 + np.exp(-(-3 + 3 * np.log(np.maximum(overall[many], 1) / 100 * 2))))).astype(int)
    fitted = _fit_formula(_dimension_scores(x[many], rule_ids, ones), np.zeros(len(many)), y,
                          ["email"] * len(many), rules)
    assert abs(fitted.weights["readability"] - 0.4) < 0.12
    assert fitted.weights["channel_fit"] < 0.08
    assert fitted.weights["tone"] >= rules.weights["tone"]  # never below the shipped weight


def test_a_channel_with_its_own_evidence_gets_its_own_weights(demo):
    # InMail replies here follow tone only; email replies follow readability only.
    rng = np.random.default_rng(7)
    log = []
    for i in range(4):
        for o in demo:
            channel = "linkedin_inmail" if i % 2 else "email"
            driver = o.scores["tone"] if channel == "linkedin_inmail" else o.scores["readability"]
            p = 1 / (1 + np.exp(-(-1.2 + 0.12 * (driver - 85))))
            log.append(Outcome.from_dict({**o.to_dict(), "id": f"{i}-{o.id}", "channel": channel,
                                          "reply": "neutral" if rng.random() < p else "none"}))
    cal = calibrate(log)
    assert set(cal.new_channel_weights) == {"email", "linkedin_inmail"}
    inmail, email = cal.new_channel_weights["linkedin_inmail"], cal.new_channel_weights["email"]
    assert inmail.get("tone", cal.new_weights["tone"]) > email.get("tone", cal.new_weights["tone"])
    assert email.get("readability", cal.new_weights["readability"]) > inmail.get("readability", cal.new_weights["readability"])
    team = rules_from_toml_text(cal.to_toml(), "team.toml")
    assert team.channel_weights["linkedin_inmail"]["tone"] == inmail["tone"]
    assert team.channel_weights["job_ad"] == load_ruleset().channel_weights["job_ad"]  # the shipped ones stay
    assert "[channel_weights.linkedin_inmail]" in cal.to_toml() and "linkedin_inmail (its own" in cal.report()


def test_pressure_is_never_rewarded(cal):
    urgency = next(r for r in cal.rules if r.rule == "tone.urgency")
    assert urgency.factor < 1  # the deadline has no effect in the demo data...
    assert urgency.held == PROTECTED["tone.urgency"] and urgency.new_points >= urgency.points  # ...yet stays
    assert cal.overall_cost(urgency, True) >= cal.overall_cost(urgency, False)
    assert "held: tone.urgency" in cal.report() and "reward pressure" in cal.report()


def test_a_team_whose_tone_rules_look_harmless_keeps_its_tone_weight(demo):
    # Replies here come regardless of tone: still, tone and inclusivity keep their weight.
    flat = [Outcome.from_dict({**o.to_dict(), "reply": "neutral" if i % 3 == 0 else "none"}) for i, o in enumerate(demo)]
    cal = calibrate(flat)
    raw_share = {d: cal.new_weights[d] / sum(cal.new_weights.values()) for d in cal.new_weights}
    for r in cal.rules:
        if r.rule in PROTECTED:
            assert r.new_points >= r.points and raw_share[r.dimension] > 0
            assert cal.overall_cost(r, True) >= cal.overall_cost(r, False) - 1e-9


def test_the_file_is_a_team_rules_file_and_scores_as_the_fit_expects(cal, demo):
    text = cal.to_toml()
    assert "[weights]" in text and "# was" in text
    team = rules_from_toml_text(text, "team.toml")
    for r in cal.rules:
        assert team.rules[r.rule].points == r.new_points
    rule_ids = [r.rule for r in cal.rules]
    ratios = np.array([r.new_points / r.points for r in cal.rules])
    x = np.array([[o.rules.get(r, 0) for r in rule_ids] for o in demo[:200]], dtype=float)
    expected = replica_overall(x, rule_ids, ratios, cal.new_weights, [o.channel for o in demo[:200]],
                               channel_weights=cal.new_channel_weights)
    rescored = np.array([score_pitch(Pitch(o.channel, o.subject, o.body), rules=team).overall for o in demo[:200]])
    assert np.mean(np.abs(expected - rescored)) < 1.5  # rounding and caps only
    # The loader reads the file's weights as the calibration reports them, and they change the
    # scores as reported: the messages' mean overall with the file.
    assert team.weights == cal.new_weights
    some = demo[:200]
    mean_now = np.mean([o.overall for o in some])
    assert abs(mean_now - np.mean([score_pitch(Pitch(o.channel, o.subject, o.body)).overall for o in some])) < 0.5
    assert abs(rescored.mean() - expected.mean()) < 1.0
    assert abs(cal.mean_overall_fitted - cal.mean_overall) > 1  # the file changes the scores...
    assert np.sign(rescored.mean() - mean_now) == np.sign(cal.mean_overall_fitted - cal.mean_overall)  # ...as reported


def test_calibration_refuses_data_that_cannot_say_anything(demo):
    with pytest.raises(CalibrationError, match="too few messages to calibrate: 20"):
        calibrate(demo[:20])
    with pytest.raises(CalibrationError, match="went unanswered: nothing to learn from"):
        calibrate([o for o in demo if not o.replied][:100])
    few = [o for o in demo if not o.replied][:95] + [o for o in demo if o.replied][:5]
    with pytest.raises(CalibrationError, match="too few replies to calibrate: 5"):
        calibrate(few)


# ---------------------------------------------------------------- command line


@pytest.fixture(scope="module")
def outcomes_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("cal") / "outcomes.csv"
    text = demo_csv(600, seed=5) + 'Zed Q.,email,Hi,"",2025-01-07,yes,\n'  # a row without a message
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_calibrate_writes_a_file_score_and_batch_accept(outcomes_csv, tmp_path, capsys):
    out = tmp_path / "team.toml"
    assert main(["calibrate", str(outcomes_csv), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "601 rows read: 600 used, 1 skipped" in printed and "skipped row 602: no message text" in printed
    assert "current weights" in printed and "fitted weights" in printed and "AUC" in printed
    assert load_ruleset(out).weights != load_ruleset().weights
    body = tmp_path / "b.txt"
    body.write_text(BODY, encoding="utf-8")
    assert main(["score", str(body), "--rules", str(out)]) == 0
    pd.DataFrame({"body": [BODY]}).to_csv(tmp_path / "in.csv", index=False)
    assert main(["batch", str(tmp_path / "in.csv"), "--out", str(tmp_path / "o.csv"), "--rules", str(out)]) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("body,replied\nHello there,1\nHi,0\n", "too few messages to calibrate: 2"),
        ("body,replied\n" + "Hello there,no\n" * 50, "went unanswered: nothing to learn from"),
        ("body,answer\nHello there,1\n", "no “replied” column"),
        ("", "the file is empty"),
    ],
)
def test_cli_calibrate_bad_input_exits_2_with_one_line(tmp_path, capsys, content, message):
    src = tmp_path / "o.csv"
    src.write_text(content, encoding="utf-8")
    assert main(["calibrate", str(src), "--out", str(tmp_path / "t.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and err.startswith("error: ")
    assert not (tmp_path / "t.toml").exists()


TEAM = """\
[weights]
tone = 0.2
personalisation = 0.35

[limits]
delivery_strength = 5

[channel_weights.social_dm]
tone = 0.25

[rules."tone.no_opt_out"]
message = "Say they can say no. \\\\ \\"Quoted\\" café"

[rules."readability.grade".params]
target_grade = 6

[[rule]]
id = "tone.house_banned"
type = "existence"
level = "warning"
points = 5
message = "“{match}” is on our banned list."
suggestion = "Cut it."
tokens = ["synergy", "paradigm shift"]

[channels.email]
target_words = [40, 110]
"""


def test_cli_calibrate_starts_from_a_team_file_and_keeps_what_it_sets(outcomes_csv, tmp_path, capsys):
    import tomllib

    team = tmp_path / "team.toml"
    team.write_text(TEAM, encoding="utf-8")
    out = tmp_path / "fitted.toml"
    assert main(["calibrate", str(outcomes_csv), "--rules", str(team), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "tone             0.200 ->" in printed and "personalisation  0.350 ->" in printed  # from the team's weights
    text = out.read_text(encoding="utf-8")
    assert "Started from team.toml" in text and "tone = " in text and "# was 0.200" in text
    before, after = load_ruleset(team), load_ruleset(out)  # the loader takes it
    fitted = tomllib.loads(text)
    assert after.weights == {d: fitted["weights"][d] for d in after.weights} != before.weights
    # Everything the team set is still set, except what the fit changed.
    assert after.rules["tone.no_opt_out"].message == before.rules["tone.no_opt_out"].message
    assert after.rules["readability.grade"].params["target_grade"] == 6
    assert after.channels["email"].target_words == (40, 110)
    assert after.channel_weights["social_dm"]["tone"] == 0.25
    assert "tone.house_banned" in after.rules
    assert after.limits["delivery_strength"] == 5
    # The team's own rule fired on the demo's "paradigm shift": its points can be fitted, in its [[rule]].
    house = next(r for r in fitted["rule"] if r["id"] == "tone.house_banned")
    assert house["points"] == after.rules["tone.house_banned"].points
    # Scored with the team file, and calibrated from it: the same messages, other numbers.
    capsys.readouterr()
    shipped = tmp_path / "shipped.toml"
    assert main(["calibrate", str(outcomes_csv), "--out", str(shipped)]) == 0
    assert "tone             0.150 ->" in capsys.readouterr().out


def test_cli_calibrate_with_a_bad_team_file_exits_2(outcomes_csv, tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[weights]\ntone = -1\n", encoding="utf-8")
    assert main(["calibrate", str(outcomes_csv), "--rules", str(bad), "--out", str(tmp_path / "t.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "tone: must be a number of 0 or more" in err
    assert not (tmp_path / "t.toml").exists()
    assert main(["calibrate", str(outcomes_csv), "--rules", str(tmp_path / "nope.toml"), "--out", str(tmp_path / "t.toml")]) == 2
    assert "rules file not found" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["plain", "quote \" and \\ back", "tab\there", "line\nbreak", "del\x7f", "ünï “curly” 😀",
                                   1, 2.5, -0.0, True, [1, "two"], {"inline": [3]}])
def test_the_toml_writer_round_trips(value):
    import tomllib

    from pitch_lib.calibration import _toml_tables

    data = {"weights": {"tone": 0.2}, "rules": {"tone.x": {"v": value, "params": {"w y": value}}},
            "rule": [{"id": "a.b", "v": value}]}
    assert tomllib.loads("\n".join(_toml_tables(data))) == data


def test_cli_calibrate_missing_file(tmp_path, capsys):
    assert main(["calibrate", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "t.toml")]) == 2
    assert "file not found" in capsys.readouterr().err


# ---------------------------------------------------------------- charts and the workspace


def test_charts_carry_the_intervals_and_grey_out_small_groups(demo):
    from pitch_lib.rendering.charts_outcomes import (
        dimension_rate_chart,
        rate_chart,
        rule_effect_chart,
        weights_chart,
    )

    frame = outcomes_frame(demo[:300])
    spec = rate_chart(by_channel(frame)).to_dict()
    encodings = [layer["encoding"] for layer in spec["layer"]]
    assert any(e.get("y", {}).get("field") == "low" and e.get("y2", {}).get("field") == "high" for e in encodings)
    assert "too few to say" in str(spec)
    table = by_rule(frame)
    rules = rule_effect_chart(table).to_dict()
    shown = str(rules["datasets"])
    assert "difference in reply rate" in str(rules)
    # rules with too few messages on one side are left out of the chart; the others are in it
    assert not [r for r in table[table["verdict"] == "too few to say"]["rule"] if f"'{r}'" in shown]
    assert all(f"'{r}'" in shown for r in table[table["verdict"] != "too few to say"]["rule"])
    assert dimension_rate_chart(by_dimension(frame)).to_dict()["facet"]["field"] == "dimension"
    cal = calibrate(demo)
    w = weights_chart(cal.weights, cal.new_weights).to_dict()
    assert len(next(iter(w["datasets"].values()))) == 12


def test_the_workspace_keeps_its_team_rules():
    from pitch_lib.workspace import Workspace

    ws = Workspace(team_rules="[weights]\ntone = 0.3\n")
    assert Workspace.from_dict(ws.to_dict()).team_rules == ws.team_rules
    assert Workspace.from_dict({"cases": []}).team_rules == ""


def test_sendable_messages_are_variants_and_plan_touches():
    from pitch_lib.outcomes import sendable_messages
    from pitch_lib.samples import load_samples
    from pitch_lib.sequence import plan_from_template
    from pitch_lib.workspace import Variant, Workspace

    sample = load_samples()[0]
    ws = Workspace()
    case = ws.add_case(sample.to_case())
    case.variants.append(Variant(name="first", pitch=sample.draft))
    plan = plan_from_template("warm_passive", case.profile, case.role, start="2025-03-17", fields={"your_name": "Sam"})
    ws.sequences[case.id] = plan.to_dict()
    found = sendable_messages(ws)
    assert found[0].source == "variant" and found[0].ref == "first"
    touches = [s for s in found if s.source == "touch"]
    assert touches and all(s.planned_on and s.pitch.body for s in touches)


def test_a_touch_is_taken_as_sent_on_its_planned_day_unless_that_is_still_to_come():
    from pitch_lib.outcomes import Sendable

    touch = Sendable("x", Pitch("email", "", "Hi."), None, None, "touch", "touch 3", date(2025, 5, 1))
    assert touch.sent_on_default(date(2025, 6, 1)) == date(2025, 5, 1)
    assert touch.sent_on_default(date(2025, 4, 2)) == date(2025, 4, 2)  # sent early: today
    variant = Sendable("v", Pitch("email", "", "Hi."), None, None, "variant", "v")
    assert variant.sent_on_default(date(2025, 6, 1)) == date(2025, 6, 1)
