"""Training: where a new recruiter starts. Who is learning, what to do next, and everything on offer."""

import streamlit as st

from pitch_lib.engine.channels import get_channel
from pitch_lib.training import EXERCISE_KINDS, learner_summary
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
   candidate who is actually looking, or wording that shuts people out. Three ways to practise:
   - **Fix this pitch**: start from a flawed draft and reach the goal. Ask for hints one at a time;
     they come from the engine's findings, most points at stake first.
   - **Pick the better variant**: choose between two pitches, then see why, dimension by dimension.
   - **Write from scratch**: reach the goal from a blank page.
3. **Progress**: your completed lessons and exercises, your best scores and a chart of your scores
   over time, kept with this workspace. A facilitator can see who has done what.

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


next_lesson = next((x for x in content.lessons if not learner.is_completed("lesson", x.id)), None)
next_fix = next((s for s in content.scenarios if not learner.is_completed("fix", s.id)), None)
with st.container(border=True):
    st.markdown("**Next step**")
    if next_lesson is not None:
        st.markdown(f"Lesson: *{next_lesson.title}*. {next_lesson.principle}")
        if st.button("Start this lesson", key="training_next_lesson", type="primary", icon=":material/school:"):
            _open_lesson(next_lesson.id)
            st.switch_page("pages/training_lessons.py")
    elif next_fix is not None:
        st.markdown(f"Exercise: fix the pitch in *{next_fix.title}*.")
        if st.button("Start this exercise", key="training_next_fix", type="primary", icon=":material/build:"):
            _open_scenario(next_fix.id, "fix")
            st.switch_page("pages/training_exercises.py")
    else:
        st.markdown("You have done every lesson and fixed every pitch. Try writing from scratch, "
                    "or run a workshop with your team.")

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
    for s in content.scenarios:
        spec = get_channel(s.channel)
        with st.container(border=True):
            st.markdown(f"**{s.title}**")
            st.caption(f"{s.industry} · {s.country} · {s.seniority} · {spec.icon} {spec.label}")
            cols = st.columns(len(EXERCISE_KINDS))
            for col, (kind, label) in zip(cols, EXERCISE_KINDS.items(), strict=True):
                short = label.split()[0]  # Fix / Pick / Write
                done = learner.is_completed(kind, s.id)
                if col.button(f"✓ {short}" if done else short, key=f"training_open_{kind}_{s.id}", width="stretch",
                              help=f"{label}{' (done)' if done else ''}"):
                    _open_scenario(s.id, kind)
                    st.switch_page("pages/training_exercises.py")
