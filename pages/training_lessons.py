"""Lessons: one principle, a worse and a better example scored live by the engine, and a short check."""

import streamlit as st

from pitch_lib.engine.scorecard import DIMENSION_LABELS
from pitch_lib.rendering.charts import dimension_chart
from pitch_lib.training import grade_check
from ui.state import ensure_routed
from ui.training_parts import content_or_stop, highlighted, learner_bar, lesson_scorecards, pick, record

ensure_routed(__file__)

st.title(":material/menu_book: Lessons", anchor=False)
st.caption("One principle at a time: read it, see it scored, check you've got it.")

content = content_or_stop()
learner = learner_bar(required=False)  # a lesson can be read without a name; the check keeps the result


def _done(lesson_id: str) -> bool:
    return learner is not None and learner.is_completed("lesson", lesson_id)


ids = [x.id for x in content.lessons]
lesson_id = pick(
    "Lesson",
    ids,
    "training_lesson_id",
    lambda i: f"{'✅' if _done(i) else '⬜'} {content.lesson(i).title}",
)
lesson = content.lesson(lesson_id)
scenario = content.scenario(lesson.scenario_id)

st.header(lesson.title, anchor=False)
st.info(f"**The principle.** {lesson.principle}", icon=":material/lightbulb:")
st.markdown(lesson.body)

# --- the examples, scored live ------------------------------------------------------------------
st.subheader("See it scored", anchor=False)
p, r = scenario.profile, scenario.role
st.markdown(
    f"**For:** {p.name}, {p.current_title} at {p.current_company} ({p.location}). "
    f"**Role:** {r.title} at {r.company}.  \n**The message:** {lesson.context}"
)
cards = lesson_scorecards(lesson.id)
focus = ", ".join(DIMENSION_LABELS[d] for d in lesson.dimensions)
st.caption(f"This lesson is about: **{focus}**. Hover a marked phrase, or tap or tab to its number, to see why it lost points.")
cols = st.columns(2, gap="large")
for col, key, label, example in (
    (cols[0], "worse", "Worse", lesson.worse),
    (cols[1], "better", "Better", lesson.better),
):
    card = cards[key]
    with col:
        st.markdown(f"#### {label}")
        metrics = st.columns(1 + len(lesson.dimensions))
        metrics[0].metric("Overall", card.overall)
        for m, d in zip(metrics[1:], lesson.dimensions, strict=True):
            m.metric(DIMENSION_LABELS[d], card.dimensions[d].score)
        highlighted(example.pitch, card)
        st.caption(example.note)
st.altair_chart(
    dimension_chart({"Worse": cards["worse"].scores(), "Better": cards["better"].scores()},
                    title="Worse and better, on every dimension"),
    width="stretch",
)

# --- the check ------------------------------------------------------------------------------------
st.subheader("Check", anchor=False)
result_key = f"training_check_result_{lesson.id}"
if learner is None:
    st.info("Type your name at the top of the page to take the check and keep your result.",
            icon=":material/person:")
    st.stop()
if _done(lesson.id):
    st.success("You have passed this check. You can take it again any time.", icon=":material/check_circle:")
with st.form(f"training_check_{lesson.id}"):
    for i, q in enumerate(lesson.check):
        st.radio(f"{i + 1}. {q.question}", range(len(q.options)), format_func=lambda j, q=q: q.options[j],
                 index=None, key=f"training_q_{lesson.id}_{i}")
    submitted = st.form_submit_button("Check my answers", type="primary")
if submitted:
    answers = [st.session_state.get(f"training_q_{lesson.id}_{i}") for i in range(len(lesson.check))]
    if any(a is None for a in answers):
        st.warning("Answer every question first.", icon=":material/help:")
    else:
        result = grade_check(lesson, answers)
        record("lesson", lesson.id, result.score, result.passed)
        st.session_state[result_key] = answers
        st.rerun()  # so the lesson list above shows the new tick at once
result_answers = st.session_state.get(result_key)
if result_answers is not None:
    result = grade_check(lesson, result_answers)
    if result.passed:
        st.success(f"{result.right} of {result.total} right: lesson complete.", icon=":material/emoji_events:")
    else:
        st.error(f"{result.right} of {result.total} right: you need {result.pass_mark}. Read the explanations "
                 "and try again.", icon=":material/replay:")
    for i, qr in enumerate(result.results):
        mark = "✅" if qr.correct else "❌"
        right = qr.question.options[qr.question.answer]
        extra = "" if qr.correct else f" The answer: *{right}*"
        st.markdown(f"{mark} **{i + 1}.** {qr.question.explanation}{extra}")
    position = ids.index(lesson.id)
    if result.passed and position + 1 < len(ids):
        nxt = content.lesson(ids[position + 1])

        def _go_next(next_id: str = nxt.id) -> None:
            st.session_state["training_lesson_id"] = next_id

        st.button(f"Next lesson: {nxt.title}", key="training_next", on_click=_go_next, icon=":material/arrow_forward:")
    elif result.passed:
        st.page_link("pages/training_exercises.py", label="All lessons done: on to the exercises",
                     icon=":material/build:")
