"""Progress: a learner's completed work, best scores and scores over time; the team view for a facilitator."""

import pandas as pd
import streamlit as st

from pitch_lib.compare import md_escape
from pitch_lib.models import ValidationError
from pitch_lib.progress_share import SHARE_PARAM, share_token_from_link
from pitch_lib.storage.store import NotFound, StoreError, parse_workspace_json
from pitch_lib.training import (
    ACTIVITY_KINDS,
    EXERCISE_KINDS,
    learner_summary,
    next_practice,
    principle_progress,
    scores_chart,
    team_matrix,
    team_rows,
)
from ui.persistence import get_store
from ui.progress_share import share_panel
from ui.state import (
    ensure_routed,
    get_workspace,
)
from ui.training_parts import content_or_stop, learner_bar, principles_table, progress, save

ensure_routed(__file__)

st.title(":material/insights: Progress", anchor=False)
st.caption("What you have done, your best scores, and how they moved. Facilitators: see the team below.")

content = content_or_stop()
learner = learner_bar(required=False)
if st.query_params.get(SHARE_PARAM) and "training_team_link" not in st.session_state:
    # Opened from a learner's share link: ready to follow in the Team view.
    st.session_state["training_team_link"] = f"?{SHARE_PARAM}={st.query_params[SHARE_PARAM]}"
    st.info("You opened a learner's progress share link: press **Follow** in the Team view to add "
            "their progress to it.", icon=":material/group_add:")


def _follow() -> None:
    """Follow the learner's share link that was pasted (their learners join the team view)."""
    token = share_token_from_link(st.session_state.get("training_team_link", ""))
    if token is None:
        st.session_state["training_team_error"] = (
            "That is not a progress share link. It looks like …/training_progress?share=AbC123… (the "
            "learner makes one under Progress → My progress → Share your progress). A workspace link "
            "(…?ws=…) is not accepted: it would let you change their work.")
        return
    prog = progress()
    prog.follow(token)
    save(prog)
    st.session_state["training_team_link"] = ""
    st.session_state.pop("training_team_error", None)


def _unfollow_all() -> None:
    prog = progress()
    prog.team = []
    save(prog)


tab_me, tab_team = st.tabs(["My progress", "Team view"])

with tab_me:
    if learner is None:
        st.info("Type your name above to start keeping progress.", icon=":material/person:")
    else:
        summary = learner_summary(learner, content)
        m1, m2, m3, m4 = st.columns(4)
        m1.metric("Lessons done", summary["lessons"])
        m2.metric("Exercises done", summary["fix"] + summary["pick"] + summary["write"])
        m3.metric("Best pitch score", summary["best_pitch_score"] if summary["best_pitch_score"] is not None else "–")
        m4.metric("Attempts", summary["attempts"])
        st.subheader("Principles", anchor=False)
        st.caption("Each principle is shown by passing its lesson and by reaching the goal (or picking right) "
                   "in exercises that practise it, at levels 1 (obvious) to 3 (subtle).")
        principles_table(principle_progress(learner, content))
        suggestion = next_practice(learner, content)
        if suggestion is None:
            st.success("Every principle shown: every lesson passed and every exercise done.", icon=":material/emoji_events:")
        else:
            st.info(f"**Practise next.** {suggestion.reason}", icon=":material/trending_up:")
        if not learner.history:
            st.info("No scores yet. Take a lesson's check or submit an exercise, and your scores appear here.",
                    icon=":material/insights:")
            st.page_link("pages/training_lessons.py", label="Start with a lesson", icon=":material/school:")
        else:
            st.altair_chart(scores_chart(learner, content), width="stretch")
            st.subheader("Completed", anchor=False)
            done_rows = [
                {
                    "Activity": ACTIVITY_KINDS[key.split(":", 1)[0]],
                    "Item": content.item_title(*key.split(":", 1)),
                    "Best score": learner.best.get(key),
                    "First completed": pd.Timestamp(at),
                }
                for key, at in learner.completed.items()
            ]
            if done_rows:
                st.dataframe(pd.DataFrame(done_rows), hide_index=True, width="stretch", column_config={
                    "First completed": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")})
            else:
                st.caption("Nothing completed yet: pass a lesson's check or reach an exercise's goal.")
            tried = [
                {"Activity": ACTIVITY_KINDS[key.split(":", 1)[0]], "Item": content.item_title(*key.split(":", 1)),
                 "Best score": best}
                for key, best in learner.best.items() if key not in learner.completed
            ]
            if tried:
                st.markdown("**Tried, not finished yet**")
                st.dataframe(pd.DataFrame(tried), hide_index=True, width="stretch")
            with st.expander(f"Every attempt ({len(learner.history)})"):
                st.dataframe(
                    pd.DataFrame([
                        {"When": pd.Timestamp(a.at), "Activity": ACTIVITY_KINDS[a.kind],
                         "Item": content.item_title(a.kind, a.item), "Score": a.score,
                         "Result": "passed" if a.passed else "not yet", "Hints": a.hints}
                        for a in reversed(learner.history)
                    ]),
                    hide_index=True, width="stretch",
                    column_config={"When": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")},
                )
    share_panel()

with tab_team:
    st.markdown(
        "Who has done what. Everyone who learns **in this workspace** is listed. To follow learners "
        "who work in their own workspaces, ask them for a **progress share link** (they make one under "
        "Progress → My progress → Share your progress) or an exported workspace file, and add it "
        "below: you read their progress only, and they can revoke the link."
    )
    ws = get_workspace()
    p = progress()
    entries: list[tuple[str, dict]] = [(f"{ws.name} (this workspace)", ws.training)]
    problems: list[str] = []

    if p.team:
        gone = 0
        try:
            store = get_store()
            for token in p.team:
                try:
                    shared = store.shared_progress(token)
                except NotFound:
                    gone += 1
                else:
                    entries.append((shared.workspace_name, shared.training))
        except StoreError as err:
            problems.append(f"The learners you follow cannot be read right now: {err}")
        if gone:
            problems.append(
                f"{gone} share link{'s' if gone != 1 else ''} you follow no longer show anything: the "
                "learner revoked it or deleted their workspace. Ask them for a new one.")

    uploaded = st.session_state.get("training_team_files", {})
    entries.extend((name, training) for name, training in uploaded.items())

    rows = team_rows(entries, content)
    if not rows:
        st.info("No learners yet. When someone types their name on a training page, they appear here.",
                icon=":material/group:")
    else:
        st.dataframe(
            pd.DataFrame(rows).assign(last_active=lambda d: pd.to_datetime(d["last_active"])).rename(columns={
                "workspace": "Workspace", "learner": "Learner", "lessons": "Lessons",
                "fix": "Fixed", "pick": "Picked right", "write": "Written",
                "attempts": "Attempts", "best_pitch_score": "Best pitch", "last_active": "Last active",
            }).drop(columns=["lessons_done"]),
            hide_index=True, width="stretch",
            column_config={
                "Fixed": st.column_config.NumberColumn(help=EXERCISE_KINDS["fix"] + ": scenarios done"),
                "Picked right": st.column_config.NumberColumn(help=EXERCISE_KINDS["pick"] + ": scenarios done"),
                "Written": st.column_config.NumberColumn(help=EXERCISE_KINDS["write"] + ": scenarios done"),
                "Last active": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
            },
        )
        st.caption(f"**Fixed**: {EXERCISE_KINDS['fix']} scenarios done. **Picked right**: {EXERCISE_KINDS['pick']} "
                   f"scenarios done. **Written**: {EXERCISE_KINDS['write']} scenarios done.")
        with st.expander("Item by item (✓ done, a score if tried)"):
            st.dataframe(pd.DataFrame(team_matrix(entries, content)), hide_index=True, width="stretch")
    for msg in problems:
        st.warning(msg, icon=":material/warning:")

    st.markdown("**Follow more learners**")
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    c1.text_input("A learner's progress share link", key="training_team_link",
                  placeholder="https://…/training_progress?share=…")
    c2.button("Follow", key="training_team_follow", on_click=_follow, width="stretch")
    if st.session_state.get("training_team_error"):
        st.error(st.session_state["training_team_error"])
    if p.team:
        st.button(f"Stop following {len(p.team)} share link{'s' if len(p.team) != 1 else ''}",
                  key="training_team_clear", on_click=_unfollow_all)

    files = st.file_uploader("Or add exported workspace files (JSON)", type=["json"], accept_multiple_files=True,
                             key="training_team_upload")
    if files:
        loaded = {}
        for f in files:
            try:
                other = parse_workspace_json(f.getvalue())
            except ValidationError as e:
                st.error(f"{md_escape(f.name)}: {md_escape(str(e))}", icon=":material/error:")
                continue
            loaded[f"{other.name} ({f.name})"] = other.training
        if loaded != uploaded:
            st.session_state["training_team_files"] = loaded
            st.rerun()
    elif uploaded:
        st.session_state["training_team_files"] = {}
        st.rerun()
