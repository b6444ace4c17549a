"""The Outcomes page as a user meets it: too few messages said plainly, the demo log and its
charts, logging one reply, calibrating and using (and dropping) the weights, export and delete.
AppTest from app.py; each test has its own data folder (tests/conftest.py). Importing a file
is tested here too, and in a real browser in tests/browser/test_journey_outcomes.py."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from streamlit.testing.v1 import AppTest

from pitch_lib.models import Pitch
from pitch_lib.storage.store import open_store
from pitch_lib.workspace import Variant
from tests.test_app_pages import downloads  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PAGE = "pages/outcomes.py"


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success)]
    return "\n".join(str(p) for p in parts)


def outcomes_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    ok(at.run())
    at.switch_page(PAGE)
    return ok(at.run())


def charts(at: AppTest) -> list:
    return list(at.get("vega_lite_chart"))


def with_demo() -> AppTest:
    at = outcomes_page()
    at.button(key="outcomes_demo").click()
    return ok(at.run())


def test_an_empty_log_says_plainly_there_is_nothing_to_conclude():
    at = outcomes_page()
    assert "Too few messages to conclude anything yet" in texts(at)
    assert "0 messages logged: at least 30 are needed" in texts(at)
    assert not charts(at)
    assert "Nothing to log yet" in texts(at)  # no variant or plan to log against


def test_demo_log_draws_the_charts_and_the_rule_table():
    at = with_demo()
    ws = at.session_state["workspace"]
    assert open_store().count_outcomes(ws.id) == 600
    assert "Too few messages" not in texts(at)
    assert len(charts(at)) >= 6  # score bands, rules, dimensions, channel, length, weekday
    rules = next(df.value for df in at.dataframe if "rule" in df.value.columns)
    assert {"tone.no_opt_out", "readability.jargon"} <= set(rules["rule"])
    planted = rules[rules["rule"].isin(["tone.no_opt_out", "readability.jargon"])]
    assert (planted["verdict"] == "fewer replies").all()
    assert at.query_params["ws"] == ws.id  # the workspace is saved, so its outcomes have a link


def test_calibrate_use_the_weights_then_go_back():
    at = with_demo()
    at.button(key="outcomes_fit").click()
    ok(at.run())
    metrics = {m.label: m.value for m in at.metric}
    assert float(metrics["AUC, fitted weights"]) > float(metrics["AUC, current weights"])
    assert "Mean overall score of these messages" in texts(at) and "with the fitted weights" in texts(at)
    assert "lowering `tone.urgency` would reward pressure" in texts(at)
    assert at.session_state["workspace"].team_rules == ""  # nothing applied before the click
    at.button(key="outcomes_use_weights").click()
    ok(at.run())
    ws = at.session_state["workspace"]
    assert ws.team_rules.startswith("# Team weights fitted") and "[weights]" in ws.team_rules
    assert open_store().load_workspace(ws.id).team_rules == ws.team_rules
    assert "Your team's weights are in use" in texts(at)
    # The result fitted from the shipped weights is gone; fitting again starts from the team's.
    assert not [m for m in at.metric if m.label == "AUC, fitted weights"]
    at.button(key="outcomes_fit").click()
    ok(at.run())
    assert any("# Started from your team's current weights" in c.value for c in at.code)
    at.switch_page("pages/home.py").run()
    at.button(key="home_sample_icu-nurse-dublin").click().run()
    at.switch_page("pages/draft.py")
    ok(at.run())
    assert "Scored with your team's weights" in texts(at)
    at.switch_page(PAGE)
    ok(at.run())
    at.button(key="outcomes_drop_weights").click()
    ok(at.run())
    assert at.session_state["workspace"].team_rules == ""


def test_log_a_reply_to_a_variant_without_keeping_its_text():
    at = AppTest.from_file(APP, default_timeout=120)
    ok(at.run())
    at.switch_page("pages/home.py").run()
    at.button(key="home_sample_icu-nurse-dublin").click().run()
    case = at.session_state["workspace"].active
    case.variants.append(Variant(name="short one", pitch=Pitch("email", "Your sepsis tool", "Hi Aoife, a short note.")))
    at.switch_page(PAGE)
    ok(at.run())
    at.selectbox(key="outcomes_log_reply").set_value("positive")
    at.button(key="FormSubmitter:outcomes_log_form-Log it").click()
    ok(at.run())
    stored = open_store().list_outcomes(at.session_state["workspace"].id)
    assert len(stored) == 1 and stored[0].reply == "positive" and stored[0].ref == "short one"
    assert stored[0].body == "" and stored[0].scores
    at.button(key="outcomes_fit").click()
    ok(at.run())
    assert "Cannot calibrate yet" in texts(at) and "too few messages to calibrate: 1" in texts(at)


def test_a_reply_date_without_a_reply_is_refused():
    at = AppTest.from_file(APP, default_timeout=120)
    ok(at.run())
    at.switch_page("pages/home.py").run()
    at.button(key="home_sample_icu-nurse-dublin").click().run()
    at.session_state["workspace"].active.variants.append(Variant(name="v", pitch=Pitch("email", "", "Hi Aoife.")))
    at.switch_page(PAGE)
    ok(at.run())
    at.date_input(key="outcomes_log_replied").set_value("2025-03-04")
    at.button(key="FormSubmitter:outcomes_log_form-Log it").click()
    ok(at.run())
    assert any("Not logged" in e.value for e in at.error)
    assert open_store().count_outcomes(at.session_state["workspace"].id) == 0


def test_a_plan_touch_is_logged_as_sent_on_its_planned_day():
    from datetime import date

    from pitch_lib.sequence import plan_from_template

    at = AppTest.from_file(APP, default_timeout=120)
    ok(at.run())
    at.switch_page("pages/home.py").run()
    at.button(key="home_sample_icu-nurse-dublin").click().run()
    ws = at.session_state["workspace"]
    case = ws.active
    plan = plan_from_template("warm_passive", case.profile, case.role, start="2025-03-17", fields={"your_name": "Sam"})
    ws.sequences[case.id] = plan.to_dict()
    at.switch_page(PAGE)
    ok(at.run())
    labels = at.selectbox(key="outcomes_log_pick").options
    second = next(i for i, label in enumerate(labels) if "plan touch 2" in label)
    planned = plan.dates()[1]
    assert planned > date(2025, 3, 17)  # not the start, not today
    at.selectbox(key="outcomes_log_pick").set_value(second)
    ok(at.run())
    sent = [d for d in at.date_input if d.label == "Sent on"]
    assert len(sent) == 1 and sent[0].value == planned
    at.selectbox(key="outcomes_log_reply").set_value("positive")
    at.button(key="FormSubmitter:outcomes_log_form-Log it").click()
    ok(at.run())
    stored = open_store().list_outcomes(ws.id)
    assert len(stored) == 1 and stored[0].source == "touch" and stored[0].sent_on == planned
    assert stored[0].ref.startswith("touch 2")


def test_export_then_delete_all(downloads):  # noqa: F811
    at = with_demo()
    export = downloads["outcomes_export"]
    rows = list(csv.DictReader(io.StringIO(export["data"])))
    assert len(rows) == 600 and export["file_name"].endswith("-outcomes.csv")
    at.checkbox(key="outcomes_delete_sure").check()
    ok(at.run())
    at.button(key="outcomes_delete_all").click()
    ok(at.run())
    assert open_store().count_outcomes(at.session_state["workspace"].id) == 0
    assert "Too few messages to conclude anything yet" in texts(at)


def test_import_a_file_maps_columns_lists_bad_rows_and_keeps_no_names():
    from pitch_lib.demo_outcomes import demo_csv

    text = demo_csv(60, seed=4).replace("candidate,channel,subject,body,sent_on,replied,replied_on",
                                        "Recipient,Medium,Subject line,Message,Date sent,Reply status,Reply date")
    text += 'Zed Q.,email,Hi,"Hello Zed, a short note.",2025-01-07,maybe,\n'
    text += 'Zed Q.,fax,Hi,"Hello Zed, a short note.",2025-01-07,no,\n'
    at = outcomes_page()
    at.get("file_uploader")[0].set_value(("ats-export.csv", text.encode("utf-8"), "text/csv"))
    ok(at.run())
    assert at.selectbox(key="outcomes_map_body").value == "Message"
    assert at.selectbox(key="outcomes_map_replied").value == "Reply status"
    assert at.selectbox(key="outcomes_map_candidate").value == "Recipient"
    at.button(key="FormSubmitter:outcomes_import_form-Import 62 rows").click()
    ok(at.run())
    assert "Imported 60 of 62 rows of ats-export.csv; 2 rows skipped (the reasons are below)." in texts(at)
    bad = next(d.value for d in at.dataframe if list(d.value.columns) == ["row", "reason"])
    assert list(bad["row"]) == [62, 63]
    assert "replied “maybe”" in bad["reason"][0] and "channel “fax”" in bad["reason"][1]
    stored = open_store().list_outcomes(at.session_state["workspace"].id)
    assert len(stored) == 60 and all(o.body == "" and o.subject == "" for o in stored)
    assert not any("Zed" in repr(o.to_dict()) for o in stored)


def test_an_import_from_the_page_is_scored_in_worker_processes_as_in_one(monkeypatch, worker_pools):
    """Streamlit runs the page in a thread of a busy server: its import still shares the
    messages among worker processes, and stores what one process would."""
    import pitch_lib.parallel as parallel
    from pitch_lib.demo_outcomes import demo_csv
    from pitch_lib.outcomes import guess_mapping, import_outcomes, read_table

    monkeypatch.setattr(parallel, "cpu_workers", lambda: 2)
    data = demo_csv(60, seed=9).encode("utf-8")
    at = outcomes_page()
    at.get("file_uploader")[0].set_value(("ats-export.csv", data, "text/csv"))
    ok(at.run())
    at.button(key="FormSubmitter:outcomes_import_form-Import 60 rows").click()
    ok(at.run())
    assert "Imported all 60 rows of ats-export.csv." in texts(at)
    assert worker_pools == [2] and not at.get("progress")  # the bar is gone once the import is done
    table = read_table(data)
    alone = import_outcomes(table, guess_mapping(list(table.columns)), jobs=1).outcomes
    stored = open_store().list_outcomes(at.session_state["workspace"].id)
    assert sorted(repr((o.sent_on, o.reply, o.overall, o.scores, o.rules, o.words)) for o in stored) == sorted(
        repr((o.sent_on, o.reply, o.overall, o.scores, o.rules, o.words)) for o in alone)


def test_an_import_scores_with_the_teams_weights_when_they_are_in_use():
    """A team that uses its own weights sees its imported messages scored as Draft scores them."""
    from pitch_lib.demo_outcomes import demo_csv
    from pitch_lib.engine.ruleset import rules_from_toml_text
    from pitch_lib.outcomes import guess_mapping, import_outcomes, read_table

    team = '[weights]\npersonalisation = 0.45\n\n[rules."tone.urgency"]\npoints = 20\n'
    data = demo_csv(40, seed=3).encode("utf-8")
    at = outcomes_page()
    at.session_state["workspace"].team_rules = team
    at.get("file_uploader")[0].set_value(("ats-export.csv", data, "text/csv"))
    ok(at.run())
    at.button(key="FormSubmitter:outcomes_import_form-Import 40 rows").click()
    ok(at.run())
    assert "Imported all 40 rows of ats-export.csv." in texts(at)
    table = read_table(data)
    mapping = guess_mapping(list(table.columns))

    def seen(items):
        return sorted(repr((o.sent_on, o.reply, o.overall, o.scores, o.rules)) for o in items)

    stored = seen(open_store().list_outcomes(at.session_state["workspace"].id))
    assert stored == seen(import_outcomes(table, mapping, rules=rules_from_toml_text(team), jobs=1).outcomes)
    assert stored != seen(import_outcomes(table, mapping, jobs=1).outcomes)  # the team's weights made a difference


def test_a_file_with_no_usable_row_says_nothing_was_imported():
    at = outcomes_page()
    at.get("file_uploader")[0].set_value(("empty-replies.csv", b"body,replied\nHello there,\nHi again,\n", "text/csv"))
    ok(at.run())
    at.button(key="FormSubmitter:outcomes_import_form-Import 2 rows").click()
    ok(at.run())
    assert [w.value for w in at.warning] == [
        "Nothing imported from empty-replies.csv: all 2 rows were skipped (the reasons are below)."]
    assert not at.success


def test_every_rate_chart_has_its_numbers_in_a_table_to_tap_open():
    """A chart's tooltips need a mouse; the same figures are in a table under each chart."""
    from pitch_lib import outcome_stats as stats
    from pitch_lib.outcomes import outcomes_frame

    at = with_demo()
    ws = at.session_state["workspace"]
    frame = outcomes_frame(open_store().list_outcomes(ws.id))
    numbers = [df.value for df in at.dataframe if {"messages", "replies", "rate"} <= set(df.value.columns)]
    assert len(numbers) == 5  # score bands, dimensions, channel, length, weekday
    expected = stats.by_channel(frame)
    (got,) = [t for t in numbers if set(t["group"]) == set(expected["group"])]
    assert list(got["messages"]) == list(expected["messages"]) and list(got["replies"]) == list(expected["replies"])
    assert sum(numbers[0]["messages"]) == 600  # the score bands hold every message
