"""Exercises: a scenario with one trap, and ways to practise (fix, pick, write, plan the follow-ups)."""

import pandas as pd
import streamlit as st

from pitch_lib.rendering.charts import dimension_chart
from pitch_lib.training import grade_pick
from ui.state import ensure_routed, set_pref
from ui.training_parts import (
    content_or_stop,
    exercise_status,
    highlighted,
    kept_choice,
    learner_bar,
    open_practice_plan,
    pick,
    plain_pitch,
    record_pick,
    scenario_brief,
    sequence_bench,
    workbench,
)

ensure_routed(__file__)

st.title(":material/fitness_center: Exercises", anchor=False)
st.caption("A real-looking candidate, a role, and one trap to notice. Reach the goal on every score.")

content = content_or_stop()
learner = learner_bar()

scenario_id = pick(
    "Scenario",
    [s.id for s in content.by_level()],
    "training_scenario_id",
    lambda i: f"L{content.scenario(i).level} · {content.scenario(i).title} · {content.scenario(i).industry}",
)
scenario = content.scenario(scenario_id)
st.caption(f"**{scenario.level_label}.** Scenarios go from level 1 (an obvious caricature) to level 3 "
           "(a good draft with one thing wrong). " + exercise_status(learner, scenario))

with st.container(border=True):
    scenario_brief(scenario)

with st.expander("Spot the trap (before you write)", icon=":material/search:"):
    trap = scenario.trap
    choice = st.radio("What is the trap in this scenario?", range(len(trap.options)),
                      format_func=lambda j: trap.options[j], index=None, key=f"training_trap_{scenario.id}")
    if choice is not None:
        if choice == trap.answer:
            st.success(f"Yes. {trap.explanation}", icon=":material/check_circle:")
        else:
            st.error("Not quite. Read what you know about the candidate again, then try another answer.",
                     icon=":material/replay:")

kinds = scenario.exercise_kinds
kept_choice("training_mode", kinds, "fix")
mode = st.segmented_control(
    "Exercise", list(kinds), format_func=kinds.get, key="training_mode",
    required=True,
)
set_pref("training_mode", mode)

if mode in ("fix", "write"):
    workbench(mode, scenario, learner)
elif mode == "sequence":
    if sequence_bench(scenario, learner):
        open_practice_plan(scenario)
        st.switch_page("pages/sequence.py")
else:
    st.markdown("Two pitches for this candidate. Which would you send? Choose first; the scores come after.")
    cols = st.columns(2, gap="large")
    for col, key in zip(cols, ("a", "b"), strict=True):
        with col:
            st.markdown(f"#### Variant {key.upper()}")
            plain_pitch(scenario.variants[key])
    first = learner.picks.get(scenario.id)
    if first is None:
        st.caption("Only your first pick counts, so read both before you choose.")
        with st.form(f"training_pick_form_{scenario.id}"):
            st.radio("The better variant is", ["a", "b"], format_func=lambda k: f"Variant {k.upper()}",
                     index=None, horizontal=True, key=f"training_pick_choice_{scenario.id}")
            chosen = st.form_submit_button("Check my choice", type="primary")
        if chosen:
            choice = st.session_state.get(f"training_pick_choice_{scenario.id}")
            if choice is None:
                st.warning("Choose A or B first.", icon=":material/help:")
            else:
                record_pick(scenario, choice)
                st.rerun()
    if first is not None:
        result = grade_pick(scenario, first)
        better = result.better.upper()
        if result.correct:
            st.success(f"Your pick, {first.upper()}, is right: {better} is the better pitch. {result.why}",
                       icon=":material/check_circle:")
        else:
            st.error(f"Your pick was {first.upper()}: {better} is the better pitch. {result.why} "
                     "Only the first pick counts, so this one stays as not done.", icon=":material/cancel:")
        st.markdown("**Why, dimension by dimension** (from the two scorecards):")
        rows = [
            {"Dimension": r.label, "A": r.score_a, "B": r.score_b,
             "Higher": "tie" if r.winner == "tie" else r.winner.upper(), "Why": r.reason}
            for r in result.rows
        ]
        rows.append({"Dimension": "Overall", "A": result.scorecards["a"].overall,
                     "B": result.scorecards["b"].overall,
                     "Higher": "tie" if result.engine_winner == "tie" else result.engine_winner.upper(), "Why": ""})
        st.table(pd.DataFrame(rows).set_index("Dimension"))
        for key in ("a", "b"):
            trap_check = result.traps[key]
            if trap_check.handled:
                st.markdown(f"- Variant {key.upper()} handles the trap.")
            else:
                st.markdown(f"- Variant {key.upper()} falls into the trap: {scenario.trap.summary}")
        if result.engine_winner not in (result.better, "tie"):
            st.info("Here the scores alone favour the other variant: the engine cannot see everything. "
                    "The trap is what decides it; read the findings and judge for yourself.",
                    icon=":material/balance:")
        st.altair_chart(
            dimension_chart({"Variant A": result.scorecards["a"].scores(), "Variant B": result.scorecards["b"].scores()}),
            width="stretch",
        )
        cols = st.columns(2, gap="large")
        for col, key in zip(cols, ("a", "b"), strict=True):
            with col:
                st.markdown(f"#### Variant {key.upper()}: {result.scorecards[key].overall}")
                highlighted(scenario.variants[key], result.scorecards[key])
