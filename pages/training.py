"""Training: where a new recruiter starts. Who is learning, what to do next, and everything on offer."""

import streamlit as st

from pitch_lib.engine.channels import get_channel
from pitch_lib.training import EXERCISE_KINDS, learner_summary, next_practice
from ui.state import ensure_routed
from ui.training_parts import content_or_stop, learner_bar

ensure_routed(__file__)

st.title(":material/school: Training", anchor=False)
st.caption("Learn to pitch passive candidates on your own, with the scoring engine as your coach.")

content = content_or_stop()
learner = learner_bar(required=False)

with st.expander("How training works", icon=":material/help:", expanded=learner is None):
    st.markdown(
        f"""
1. **Lessons** ({len(content.lessons)}, about three minutes each). Each one explains a principle of
   pitching people who are not looking for a job, shows a worse and a better example scored live
   by the engine, and ends with a short check.
2. **Exercises** ({len(content.scenarios)} scenarios). Each scenario is a candidate, a role, what
   you know, a channel and a goal for each of the six scores. Every scenario hides **one trap**:
   a dealbreaker the role touches, a motivator the obvious pitch ignores, the wrong channel, a
   candidate who is actually looking, wording that shuts people out, a question in a reply
   that must not be dodged, a request the law rules out, the wrong form of address, or what a
   warm introduction asks of you in return.
   Scenarios come in three levels: 1, an obvious caricature; 2, a decent draft with real flaws;
   3, a good draft with one thing wrong. Ways to practise:
   - **Fix this pitch**: start from a flawed draft and reach the goal. Ask for hints one at a time:
     first a pointer to the trap, then what falls into it, then the engine's findings, most points
     at stake first. A model answer shows once you reach the goal, or if you give up (recorded).
   - **Pick the better variant**: choose between two pitches, then see why, dimension by dimension.
     Only your first pick counts.
   - **Write from scratch**: reach the goal from a blank page.
   - **Plan the follow-ups** (where a scenario has one): fix a pushy plan in the outreach
     planner until it has 3 to 5 touches, spaced and each adding something new, with no call
     they did not agree to and a last message that says you will stop.
3. **Progress**: which principles you have shown, in which exercises and at which levels, and
   what to practise next; your best scores and a chart of them over time, kept with this
   workspace. A facilitator can see who has done what.

The engine's scores are a coach, not a judge: they are correlations from published studies,
not laws. When a score and your judgement disagree, read the finding and decide.
"""
    )

if learner is None:
    st.stop()

summary = learner_summary(learner, content)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Lessons done", summary["lessons"])
m2.metric("Pitches fixed", summary["fix"])
m3.metric("Variants picked right", summary["pick"])
m4.metric("Written from scratch", summary["write"])


def _open_lesson(lesson_id: str) -> None:
    st.session_state["training_lesson_id"] = lesson_id


def _open_scenario(scenario_id: str, mode: str) -> None:
    st.session_state["training_scenario_id"] = scenario_id
    st.session_state["training_mode"] = mode


suggestion = next_practice(learner, content)
with st.container(border=True):
    st.markdown("**Next step**")
    if suggestion is None:
        st.markdown("You have done every lesson and every exercise. Run a workshop with your team, "
                    "or take a scenario again from a blank page.")
    elif suggestion.kind == "lesson":
        lesson = content.lesson(suggestion.item)
        st.markdown(f"Lesson: *{lesson.title}*. {lesson.principle}")
        if st.button("Start this lesson", key="training_next_lesson", type="primary", icon=":material/school:"):
            _open_lesson(lesson.id)
            st.switch_page("pages/training_lessons.py")
    else:
        st.markdown(suggestion.reason)
        if st.button("Start this exercise", key="training_next_fix", type="primary", icon=":material/build:"):
            _open_scenario(suggestion.item, suggestion.kind)
            st.switch_page("pages/training_exercises.py")

left, right = st.columns(2, gap="large")
with left:
    st.subheader("Lessons", anchor=False)
    for lesson in content.lessons:
        done = learner.is_completed("lesson", lesson.id)
        with st.container(border=True):
            st.markdown(f"{'✅' if done else '⬜'} **{lesson.title}** · {lesson.minutes} min")
            st.caption(lesson.principle)
            if st.button("Open", key=f"training_open_lesson_{lesson.id}"):
                _open_lesson(lesson.id)
                st.switch_page("pages/training_lessons.py")
with right:
    st.subheader("Exercises", anchor=False)
    st.caption("From level 1 (an obvious caricature to clean up) to level 3 (a good draft with one thing wrong). "
               + " · ".join(f"**{label.split()[0]}**: {label.lower()}" for label in EXERCISE_KINDS.values())
               + "; ✓ marks one you have done.")
    for s in content.by_level():
        spec = get_channel(s.channel)
        with st.container(border=True):
            st.markdown(f"**L{s.level} · {s.title}**")
            st.caption(f"{s.industry} · {s.country} · {s.seniority} · {spec.icon} {spec.label}")
            cols = st.columns(len(EXERCISE_KINDS))
            for col, (kind, label) in zip(cols, s.exercise_kinds.items(), strict=False):
                short = label.split()[0]  # Fix / Pick / Write / Plan
                done = learner.is_completed(kind, s.id)
                if col.button(f"✓ {short}" if done else short, key=f"training_open_{kind}_{s.id}", width="stretch"):
                    _open_scenario(s.id, kind)
                    st.switch_page("pages/training_exercises.py")
