"""Compare: two to four variants side by side, a chart, winners, a word diff and exports."""


import streamlit as st

from pitch_lib.compare import compare_scorecards, md_escape, to_csv, to_markdown
from pitch_lib.diff import diff_html, word_diff
from pitch_lib.engine.channels import get_channel
from pitch_lib.rendering.charts import dimension_chart
from pitch_lib.rendering.render import highlight_html, number_findings, score_table_html
from pitch_lib.sending import plain_text
from pitch_lib.workspace import slug as file_slug
from ui.components import case_picker, no_case_state, page_header, score
from ui.editor import copy_button
from ui.state import (
    active_case,
    commit_workspace,
    ensure_routed,
    flash,
    get_pref,
    seed_widget,
    set_pref,
    widget_value,
)

ensure_routed(__file__)

MAX_COMPARED = 4


def _rename(variant_id: str) -> None:
    v = active_case().variant(variant_id)
    name = (widget_value(f"compare_rename_{variant_id}") or "").strip()
    if v is not None and name:
        v.name = name
        commit_workspace()


def _delete(variant_id: str) -> None:
    case = active_case()
    v = case.variant(variant_id)
    if v is not None:
        case.variants = [x for x in case.variants if x.id != variant_id]
        commit_workspace()
        flash(f"Deleted “{md_escape(v.name)}”.", ":material/delete:")


def _remember_selection(case_id: str) -> None:
    set_pref(f"compare_selection_{case_id}", list(widget_value("compare_selection") or []))


def manage_variants(case) -> None:
    with st.expander(f"Rename or delete variants ({len(case.variants)})", icon=":material/tune:"):
        if not case.variants:
            st.caption("No variants yet.")
        for v in case.variants:
            c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
            seed_widget(f"compare_rename_{v.id}", v.name)
            c1.text_input(f"Name ({get_channel(v.pitch.channel).label}, {len(v.pitch.body.split())} words)",
                          key=f"compare_rename_{v.id}", on_change=_rename, args=(v.id,))
            c2.button("Delete", key=f"compare_delete_{v.id}", on_click=_delete, args=(v.id,),
                      icon=":material/delete:", width="stretch")


page_header("Compare", ":material/compare_arrows:", "Put two to four variants side by side and keep the best.")
case = case_picker("compare")
if case is None:
    no_case_state("compare")
    st.stop()

if len(case.variants) < 2:
    with st.container(border=True):
        st.markdown("#### :material/bookmark_add: Save at least two variants to compare")
        have = len(case.variants)
        st.markdown(
            f"You have {have} saved variant{'s' if have != 1 else ''} for **{md_escape(case.title)}**. "
            "On the Draft page, write a version and click **Save as variant**; then change one thing "
            "(a shorter opener, a different benefit, another channel) and save again."
        )
        st.page_link("pages/draft.py", label="Go to Draft", icon=":material/edit:")
    manage_variants(case)
    st.stop()

ids = [v.id for v in case.variants]
pref_key = f"compare_selection_{case.id}"
selection = [i for i in get_pref(pref_key, ids[-MAX_COMPARED:]) if i in ids][:MAX_COMPARED]
seed_widget("compare_selection", selection)
st.multiselect(
    "Variants to compare",
    options=ids,
    format_func=lambda vid: case.variant(vid).name,
    key="compare_selection",
    max_selections=MAX_COMPARED,
    on_change=_remember_selection,
    args=(case.id,),
    help="Pick two to four. Each is scored against the same profile and role.",
)
selection = list(widget_value("compare_selection") or [])
if len(selection) < 2:
    st.info("Pick at least two variants above to see them side by side.", icon=":material/touch_app:")
    manage_variants(case)
    st.stop()

variants = [case.variant(i) for i in selection]
cards = [score(v.pitch, case.profile, case.role) for v in variants]
comparison = compare_scorecards([(v.name, v.pitch, c) for v, c in zip(variants, cards, strict=True)])
names = [cv.name for cv in comparison.variants]

overall = comparison.winners["overall"]
if len(overall) == 1:
    st.success(f"**Best overall: {md_escape(overall[0])}**. Winners per dimension are marked 🏆 best.",
               icon=":material/trophy:")
else:
    st.info(f"**{md_escape(comparison.verdict('overall'))}** overall. Look at the dimensions to choose.",
            icon=":material/balance:")

cols = st.columns(len(variants), gap="medium")
for i, (col, cv, card) in enumerate(zip(cols, comparison.variants, cards, strict=True)):
    spec = get_channel(cv.pitch.channel)
    with col.container(border=True, height="stretch"):
        crown = " 🏆" if cv.name in overall and len(overall) == 1 else ""
        st.markdown(f"##### {md_escape(cv.name)}{crown}")
        st.caption(f"{spec.icon} {spec.label} · {cv.words} words · {cv.characters:,} characters")
        st.html(score_table_html(cv.scores, comparison.best_at(cv.name)))
        numbered = number_findings(card.findings())
        if spec.has_subject:
            st.html(highlight_html(cv.pitch.subject, numbered, "subject", empty_text="(no subject)"))
        st.html(highlight_html(cv.pitch.body, numbered, "body", compact=True))
        st.caption(f"{len(numbered)} suggestion(s). Hover, tap or tab to a number for its reason.")
        copy_button(f"compare_copy_{i}", plain_text(cv.pitch))  # not the name: user text (it may hold "__")

st.subheader(":material/bar_chart: Scores by dimension", anchor=False)
st.altair_chart(dimension_chart({cv.name: cv.scores for cv in comparison.variants}), width="stretch")

slug = file_slug(case.profile.name or "candidate", "candidate")
st.caption("Export the scores, what each variant wins and its text, to share with your team.")
e1, e2, _ = st.columns([1, 1, 2])
e1.download_button("Export CSV", data=to_csv(comparison), file_name=f"{slug}-comparison.csv", mime="text/csv",
                   key="compare_export_csv", icon=":material/table:", on_click="ignore", width="stretch")
e2.download_button("Export Markdown", data=to_markdown(comparison, f"Pitches for {case.title}"),
                   file_name=f"{slug}-comparison.md", mime="text/markdown", key="compare_export_md",
                   icon=":material/article:", on_click="ignore", width="stretch")

st.subheader(":material/difference: What changed", anchor=False)
for key, default in (("compare_diff_from", selection[0]), ("compare_diff_to", selection[1])):
    if widget_value(key) not in selection:
        seed_widget(key, default)
d1, d2 = st.columns(2)
base = d1.selectbox("From", options=selection, format_func=lambda vid: case.variant(vid).name, key="compare_diff_from")
other = d2.selectbox("To", options=selection, format_func=lambda vid: case.variant(vid).name, key="compare_diff_to")
a, b = case.variant(base), case.variant(other)
if a.id == b.id:
    st.caption("Pick two different variants to see what changed.")
else:
    if a.pitch.subject == b.pitch.subject:
        st.caption("Subject: unchanged." if a.pitch.subject else "")
    else:
        st.markdown("**Subject**")
        st.html(diff_html(word_diff(a.pitch.subject, b.pitch.subject)))
    d = word_diff(a.pitch.body, b.pitch.body)
    st.caption(
        f"{d.words_added} word(s) added (+, underlined), {d.words_removed} removed (−, struck through); "
        f"{d.similarity():.0%} kept."
    )
    st.html(diff_html(d))

manage_variants(case)
