"""Outcomes: log who replied, see what works for this team, and calibrate the scores on it."""

from __future__ import annotations

from datetime import date

import streamlit as st

from pitch_lib.calibration import Calibration
from pitch_lib.compare import md_escape
from pitch_lib.demo_outcomes import demo_outcomes
from pitch_lib.engine.channels import CHANNEL_NAMES, get_channel
from pitch_lib.engine.ruleset import RulesError, rules_from_toml_text
from pitch_lib.outcome_stats import MIN_GROUP
from pitch_lib.outcomes import (
    FIELDS,
    REPLIES,
    REQUIRED,
    OutcomeError,
    guess_mapping,
    import_summary,
    outcome_from_message,
    read_table,
    sendable_messages,
)
from pitch_lib.rendering.charts_outcomes import (
    weights_chart,
)
from pitch_lib.workspace import slug
from ui import outcomes_parts as parts
from ui.components import page_header, team_rules
from ui.state import bump_counter, counter, ensure_routed, flash, get_workspace, init_state

ensure_routed(__file__)
init_state()
page_header(
    "Outcomes",
    ":material/query_stats:",
    "Log what came of the messages you sent, see which habits go with replies in your team, and "
    "re-weight the scores on that evidence. Rates are correlations in your own data, shown with their "
    "uncertainty: they are not proof.",
)

ws = get_workspace()
data = parts.load()
if data is None:
    st.stop()

n = len(data.outcomes)
replies = int(data.frame["replied"].sum()) if n else 0
results_tab, log_tab, import_tab, calibrate_tab, data_tab = st.tabs(
    [":material/bar_chart: Results", ":material/edit_note: Log a reply", ":material/upload_file: Import a file",
     ":material/tune: Calibrate", ":material/shield_person: Your data"],
    key="outcomes_tabs",  # the tab you are on stays open across reruns (an import's result shows there)
    on_change="rerun",
)

# --- results ---------------------------------------------------------------------------------

with results_tab:
    cols = st.columns(3)
    cols[0].metric("Messages logged", f"{n:,}", border=True)
    cols[1].metric("Replies", f"{replies:,}", border=True)
    cols[2].metric("Reply rate", f"{replies / n:.0%}" if n else "–", border=True)
    if data.too_few:
        st.info(f"**Too few messages to conclude anything yet**: {data.too_few} Log replies on the next "
                "tabs or import an export from your ATS, CRM or LinkedIn Recruiter.", icon=":material/hourglass_empty:")
        st.caption("The demo log holds synthetic outcomes in which messages without an opt-out, and with jargon, "
                   "get fewer replies. Delete them on the Your data tab.")
        if st.button("Try the page with a demo log (600 made-up messages)", key="outcomes_demo",
                     icon=":material/science:"):
            demo = demo_outcomes(600)
            for o in demo:
                o.source = "demo"
            if parts.save(demo):
                flash("Added 600 demo outcomes. Delete them on the Your data tab when you are done.")
                st.rerun()
    if n and not data.too_few:
        st.caption(f"Each bar is a reply rate; the black line is its 95% interval (Wilson). Grey bars have fewer "
                   f"than {MIN_GROUP} messages: too few to say anything about them.")
        st.markdown("##### By overall score")
        st.vega_lite_chart(data.charts["score"], width="stretch")
        parts.numbers(data, "score")
        st.markdown("##### By rule: reply rate with and without each finding")
        st.caption("Left of the dashed line: messages with this finding got fewer replies. Only rules with at least "
                   f"{MIN_GROUP} messages with and without the finding are drawn; the table lists all.")
        st.vega_lite_chart(data.charts["rule"], width="stretch")
        st.dataframe(
            data.tables["rule"], hide_index=True, width="stretch",
            column_config={
                "with": st.column_config.NumberColumn("messages with it"),
                "rate_with": st.column_config.NumberColumn("reply rate with", format="percent"),
                "without": st.column_config.NumberColumn("messages without"),
                "rate_without": st.column_config.NumberColumn("reply rate without", format="percent"),
                "difference": st.column_config.NumberColumn("difference", format="percent"),
                "low": st.column_config.NumberColumn("95% from", format="percent"),
                "high": st.column_config.NumberColumn("95% to", format="percent"),
            },
        )
        st.markdown("##### By dimension score")
        st.vega_lite_chart(data.charts["dimension"], width="content")
        parts.numbers(data, "dimension")
        c1, c2 = st.columns(2)
        with c1:
            st.markdown("##### By channel")
            st.vega_lite_chart(data.charts["channel"], width="stretch")
            parts.numbers(data, "channel")
        with c2:
            st.markdown("##### By length")
            st.vega_lite_chart(data.charts["length"], width="stretch")
            parts.numbers(data, "length")
        st.markdown("##### By weekday sent")
        if "weekday" in data.charts:
            st.vega_lite_chart(data.charts["weekday"], width="stretch")
            parts.numbers(data, "weekday")
        else:
            st.caption("No message has a sent date.")

# --- log one reply -------------------------------------------------------------------------------

with log_tab:
    sendables = sendable_messages(ws)
    if not sendables:
        st.info("Nothing to log yet: save a variant on the Draft page, or write an outreach plan, then come back "
                "and record what came of it. To log many messages at once, import a file.", icon=":material/info:")
    else:
        # Outside the form, so that picking a plan's touch puts its planned day in "Sent on".
        pick = st.selectbox("Message", range(len(sendables)), format_func=lambda i: sendables[i].label,
                            key="outcomes_log_pick")
        with st.form("outcomes_log_form", border=True):
            c1, c2, c3 = st.columns(3)
            sent_default = sendables[pick].sent_on_default(date.today())
            sent_on = c1.date_input("Sent on", value=sent_default, format="YYYY-MM-DD",
                                    key=f"outcomes_log_sent_{sendables[pick].label}_{sent_default}",
                                    help="For a plan's touch, the day the plan has it (today if that is still to "
                                    "come); change it if you sent it on another day.")
            reply = c2.selectbox("Reply", REPLIES, index=3, key="outcomes_log_reply",
                                 format_func=lambda r: "no reply" if r == "none" else r)
            replied_on = c3.date_input("Reply date", value=None, key="outcomes_log_replied", format="YYYY-MM-DD",
                                       help="Leave empty when there was no reply or you don't know the date.")
            keep = st.checkbox("Keep the message text with it", value=False, key="outcomes_log_keep",
                               help="Scores and findings are always kept; the text only if you tick this.")
            if st.form_submit_button("Log it", icon=":material/add:", type="primary"):
                chosen = sendables[pick]
                try:
                    if replied_on and reply == "none":
                        raise OutcomeError("a reply date is set, but the reply says no reply: pick the reply")
                    item = outcome_from_message(
                        chosen.pitch, reply, sent_on=sent_on, replied_on=replied_on, profile=chosen.profile,
                        role=chosen.role, keep_text=keep, source=chosen.source, ref=chosen.ref,
                        rules=team_rules(),
                    )
                except OutcomeError as err:
                    st.error(f"Not logged: {err}.", icon=":material/error:")
                else:
                    if parts.save([item]):
                        flash(f"Logged: {chosen.label}, {'no reply' if reply == 'none' else reply}.")
                        st.rerun()

# --- import a file -------------------------------------------------------------------------------

with import_tab:
    st.markdown("Export the messages you sent from your ATS, CRM or LinkedIn Recruiter as CSV. Map its columns "
                "below; only the mapped columns are read, and a candidate's name is never stored.")
    summary = parts.last_import()
    if summary:
        said = import_summary(md_escape(summary["name"]), summary["rows"], summary["used"], summary["skipped"])
        if summary["used"]:
            st.success(said, icon=":material/task_alt:")
        else:
            st.warning(said, icon=":material/warning:")
        for note in summary.get("notes", ()):
            st.info(note, icon=":material/info:")
        if summary["bad"] is not None and len(summary["bad"]):
            st.markdown("**Skipped rows** (row numbers as a spreadsheet shows them):")
            st.dataframe(summary["bad"], hide_index=True, width="stretch", key="outcomes_bad_rows")
    upload = st.file_uploader("Export (CSV)", type=["csv", "txt"], key=f"outcomes_upload_{counter('outcomes_upload')}")
    if upload is not None:
        try:
            table = read_table(upload.getvalue(), upload.name)
        except OutcomeError as err:
            st.error(str(err), icon=":material/error:")
            table = None
        if table is not None:
            st.caption(f"{len(table):,} rows, {table.shape[1]} columns. The first rows:")
            st.dataframe(table.head(8), hide_index=True, width="stretch", key="outcomes_preview")
            guess = guess_mapping(list(table.columns))
            options = ["(none)", *table.columns]
            mapping = {}
            with st.form("outcomes_import_form", border=True):
                st.markdown("**Which column is which?**")
                grid = st.columns(4)
                for i, (fld, label) in enumerate(FIELDS.items()):
                    chosen = grid[i % 4].selectbox(
                        label + (" *" if fld in REQUIRED else ""), options,
                        index=options.index(guess[fld]) if guess.get(fld) else 0, key=f"outcomes_map_{fld}",
                        help="Not needed and never stored; mapping it only makes sure it is not read by mistake."
                        if fld == "candidate" else None,
                    )
                    mapping[fld] = None if chosen == "(none)" else chosen
                c1, c2 = st.columns(2)
                default_channel = c1.selectbox("Channel of rows without one", CHANNEL_NAMES, key="outcomes_map_default",
                                               format_func=lambda c: get_channel(c).label)
                keep = c2.checkbox("Keep the message text", value=False, key="outcomes_import_keep",
                                   help="Scores and findings are always kept; the text only if you tick this.")
                go = st.form_submit_button(f"Import {len(table):,} rows", icon=":material/upload:", type="primary")
            if go:
                mapping["candidate"] = None  # never read
                try:
                    result = parts.run_import(table, mapping, keep_text=keep, default_channel=default_channel)
                except OutcomeError as err:
                    st.error(f"Nothing imported: {err}.", icon=":material/error:")
                else:
                    if parts.save(result.batch):
                        parts.remember_import({"name": upload.name, "rows": result.rows, "used": result.used,
                                               "skipped": len(result.bad_rows), "bad": result.bad_table(),
                                               "notes": result.notes})
                        bump_counter("outcomes_upload")
                        st.rerun()

# --- calibrate -------------------------------------------------------------------------------------

with calibrate_tab:
    active = ws.team_rules
    if active:
        try:
            rules_from_toml_text(active, "team rules")
            broken = ""
        except RulesError as err:
            broken = str(err)
        with st.container(border=True):
            if broken:
                st.warning(f"Your team's weights no longer fit this version of the scoring rules, so the shipped "
                           f"weights are used: {broken}", icon=":material/warning:")
            else:
                st.markdown(":material/tune: **Your team's weights are in use** on Draft, Compare and Outreach plan "
                            "(workshops always use the shipped weights, so everyone is compared alike).")
            with st.expander("The team rules file in use"):
                st.code(active, language="toml")
            c1, c2 = st.columns(2)
            c1.download_button("Download team.toml", active, file_name=f"{slug(ws.name, 'team')}-team.toml",
                               mime="application/toml", icon=":material/download:", key="outcomes_download_active")
            if c2.button("Go back to the shipped weights", icon=":material/undo:", key="outcomes_drop_weights"):
                parts.drop_weights()
                flash("Back to the shipped weights.")
                st.rerun()
    st.markdown("Fit this team's weights from its outcomes, in the scoring formula itself (substance x delivery x "
                "gates): first which rules' points go with fewer replies (a regularised logistic regression), then "
                "the dimension weights (the substance's mix and each delivery exponent), each pulled towards the "
                "current weights unless the replies say otherwise, and per channel where a channel's own messages "
                "say so. Tested on held-out messages (5-fold cross-validation). Nothing changes until you click "
                "**Use these weights**.")
    if st.button("Fit weights from these outcomes", icon=":material/model_training:", key="outcomes_fit",
                 disabled=n == 0):
        with st.spinner("Fitting…"):
            parts.run_calibration(data.outcomes)
    result = parts.calibration()
    if isinstance(result, str):
        st.info(f"**Cannot calibrate yet**: {result}.", icon=":material/hourglass_empty:")
    elif isinstance(result, Calibration):
        better = result.auc_fitted > result.auc_current
        c1, c2, c3 = st.columns(3)
        c1.metric("Messages used", f"{result.rows:,}", border=True,
                  help=f"{result.replies:,} of them got a reply ({result.replies / result.rows:.0%}).")
        c2.metric("AUC, current weights", f"{result.auc_current:.3f}", border=True,
                  help="How well the current overall score ranks replies above non-replies on held-out messages: "
                  "0.5 is chance, 1 is perfect. Folds: " + ", ".join(f"{a:.2f}" for a in result.auc_current_folds))
        c3.metric("AUC, fitted weights", f"{result.auc_fitted:.3f}", f"{result.auc_fitted - result.auc_current:+.3f}",
                  border=True, help="The same, with weights fitted without the messages they are tested on. "
                  "Folds: " + ", ".join(f"{a:.2f}" for a in result.auc_fitted_folds))
        st.markdown("##### Dimension weights, side by side")
        st.altair_chart(weights_chart(result.weights, result.new_weights), width="stretch")
        st.caption(f"Mean overall score of these messages: {result.mean_overall:.1f} now, "
                   f"{result.mean_overall_fitted:.1f} with the fitted weights.")
        if result.new_channel_weights:
            st.markdown("##### Channels with weights of their own")
            st.dataframe(parts.channel_weight_rows(result), hide_index=True, width="stretch",
                         key="outcomes_channel_weights")
        st.markdown("##### Rules whose points would change")
        rows = [
            {"rule": r.rule, "fired on": r.support, "replies with it": r.replies_with, "points now": r.points,
             "fitted points": r.new_points, "weighted points now": round(result.overall_cost(r, False), 2),
             "weighted points, fitted": round(result.overall_cost(r, True), 2), "held because": r.held}
            for r in sorted(result.changed, key=lambda r: -abs(result.overall_cost(r, True) - result.overall_cost(r, False)))
        ]
        st.dataframe(rows, hide_index=True, width="stretch", key="outcomes_rule_weights")
        if result.held:
            st.warning("**Not offered:** " + "; ".join(
                f"lowering `{r.rule}` would reward {r.held}" for r in result.held
            ) + ". These rules keep at least their points, whatever the replies say.", icon=":material/gpp_maybe:")
        for note in result.notes:
            st.caption(note)
        toml_text = parts.weights_file(result)
        with st.expander("The team rules file these weights make"):
            st.code(toml_text, language="toml")
        c1, c2 = st.columns(2)
        if not better:
            st.info("The fitted weights do not rank your replies better than the current ones on held-out messages, "
                    "so they are not offered. Keep logging; try again with more messages.", icon=":material/info:")
        if c1.button("Use these weights", icon=":material/check:", type="primary", disabled=not better,
                     key="outcomes_use_weights"):
            parts.use_weights(toml_text)
            flash("Your team's weights are in use. Go back to the shipped ones here at any time.")
            st.rerun()
        c2.download_button("Download as team.toml", toml_text, file_name=f"{slug(ws.name, 'team')}-team.toml",
                           mime="application/toml", icon=":material/download:", key="outcomes_download_fitted")

# --- your data ---------------------------------------------------------------------------------------

with data_tab:
    st.markdown(f"This workspace has **{n:,}** outcome{'s' if n != 1 else ''}. They belong to this workspace only "
                "(its link is the key) and are deleted with it. Scores and findings are always kept; message "
                "text only where you chose to keep it; a candidate's name never.")
    with_text = sum(1 for o in data.outcomes if o.body)
    demo_ids = [o.id for o in data.outcomes if o.source == "demo"]
    st.caption(f"{with_text:,} with their message text · {len(demo_ids):,} demo outcomes")
    c1, c2 = st.columns(2)
    c1.download_button("Export all outcomes (CSV)", data.export(),
                       file_name=f"{slug(ws.name, 'workspace')}-outcomes.csv", mime="text/csv",
                       icon=":material/download:", disabled=n == 0, key="outcomes_export")
    if demo_ids and c2.button(f"Delete the {len(demo_ids):,} demo outcomes", icon=":material/delete:",
                              key="outcomes_delete_demo"):
        if parts.delete(demo_ids) is not None:
            flash("Demo outcomes deleted.")
            st.rerun()
    with st.container(border=True):
        st.markdown("**Delete all outcomes**")
        sure = st.checkbox(f"Yes, delete all {n:,} outcomes of this workspace (this cannot be undone)",
                           key="outcomes_delete_sure", disabled=n == 0)
        if st.button("Delete all outcomes", icon=":material/delete_forever:", disabled=not sure,
                     key="outcomes_delete_all"):
            deleted = parts.delete()
            if deleted is not None:
                flash(f"Deleted {deleted:,} outcomes.")
                st.rerun()
