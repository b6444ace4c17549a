"""Draft: write for a channel, with live scores, findings in place, fixes and a channel preview."""

import streamlit as st

from pitch_lib.compare import md_escape, unique_names
from pitch_lib.engine.channels import CHANNEL_NAMES, CHANNELS, ChannelSpec, get_channel
from pitch_lib.engine.scorecard import Scorecard
from pitch_lib.evidence import CAVEAT, help_text
from pitch_lib.models import MAX_PITCH_CHARS, Pitch, cap_pitch_text
from pitch_lib.rendering.marks import editor_marks
from pitch_lib.rendering.render import (
    channel_preview_html,
    highlight_html,
    legend_html,
    length_check,
    number_findings,
    suggestions_html,
)
from pitch_lib.sending import mailto_link, plain_text
from pitch_lib.templates import merge_fields, starter_pitch, unfilled_fields
from pitch_lib.workspace import CandidateCase, Variant
from ui.components import (
    LONG_TEXT_CHARS,
    case_picker,
    no_case_state,
    page_header,
    pitch_key,
    score,
    scores_panel,
    sender_fields,
    show_flashes,
    stats_row,
)
from ui.editor import (
    copy_button,
    doc_id,
    editor_enabled,
    fragment_run,
    ignored_key,
    pitch_editor,
    refresh_on_settle,
    replace_doc,
    sent_text,
)
from ui.state import (
    active_case,
    commit_workspace,
    ensure_routed,
    flash,
    forget_replaced_draft,
    get_workspace,
    remember_replaced_draft,
    replaced_draft,
    score_deltas,
    seed_widget,
    widget_value,
)

ensure_routed(__file__)

EDITOR = "draft_editor"
LIVE, DETAILS = "draft_live", "draft_details"  # the two fragments, by key
DETAILS_STALE = "draft_details_stale"  # the text changed since the details were drawn
TOP_SUGGESTIONS = 5

# --- callbacks: widgets write into the case's draft, the single source of truth ---------------


def _set_channel() -> None:
    case = active_case()
    case.draft.channel = widget_value("draft_channel")
    commit_workspace()


def _capped(raw: str) -> tuple[str, bool]:
    """At most one pitch's worth of text; says what was cut."""
    text, cut = cap_pitch_text(raw or "")
    if cut:
        flash(
            f"That was {len(text) + cut:,} characters, more than any pitch: the first {MAX_PITCH_CHARS:,} are "
            f"kept and the last {cut:,} were cut (the kept text ends “…{md_escape(text[-40:])}”).",
            ":material/content_cut:",
            kind="error",
        )
    return text, bool(cut)


def _set_text(field: str) -> None:
    case = active_case()
    text, cut = _capped(widget_value(f"draft_{field}"))
    if cut:
        seed_widget(f"draft_{field}", text)
    setattr(case.draft, field, text)
    commit_workspace()
    st.rerun()  # the plain text box commits seldom (Ctrl+Enter): redraw the whole page


def _rerun_text_parts() -> None:
    """After a change that is not typing (a finding ignored or restored): rerun both
    fragments (the scores, then the suggestions and preview), and nothing else on the page."""
    st.rerun(scope=[LIVE, DETAILS])


def _editor_text() -> None:
    case = active_case()
    sent = sent_text(EDITOR, doc_id(EDITOR, case.id))
    if sent is not None and (sent["subject"], sent["body"]) != (case.draft.subject, case.draft.body):
        (subject, cut_s), (body, cut_b) = _capped(sent["subject"]), _capped(sent["body"])
        case.draft.subject, case.draft.body = subject, body
        if cut_s or cut_b:
            replace_doc(EDITOR, case.id)  # the editor shows what was kept
        commit_workspace()
        # Typing reruns only the editor's fragment; the editor asks for the rest once typing settles.
        st.session_state[DETAILS_STALE] = True


def _details_refreshed() -> None:
    """The writer stopped typing for a moment: the details fragment reruns (its own widget)."""


def _editor_ignore() -> None:
    case = active_case()
    key = ignored_key(EDITOR)
    if key and key not in case.draft_ignored:
        case.draft_ignored.append(key)
        commit_workspace()
        _rerun_text_parts()


def _restore_finding(key: str) -> None:
    case = active_case()
    case.draft_ignored = [k for k in case.draft_ignored if k != key]
    commit_workspace()
    _rerun_text_parts()


def _replace_draft(new: Pitch, what: str, ignored: list[str] | None = None) -> None:
    case = active_case()
    if case.draft.body.strip() or case.draft.subject.strip():
        remember_replaced_draft(case.id, case.draft, case.draft_ignored)
    case.draft = new
    case.draft_ignored = list(ignored or [])
    replace_doc(EDITOR, case.id)
    commit_workspace()
    flash(f"Started from {what}.", ":material/restart_alt:")
    st.rerun()  # the whole page: the Undo offer sits outside the fragments


def _start_blank() -> None:
    _replace_draft(Pitch(channel=active_case().draft.channel), "a blank page")


def _start_template() -> None:
    case = active_case()
    channel = case.draft.channel
    ws = get_workspace()
    _replace_draft(starter_pitch(channel, case.profile, case.role, your_name=ws.your_name, signature=ws.signature),
                   f"the {get_channel(channel).label} template")


def _start_variant() -> None:
    case = active_case()
    v = case.variant(widget_value("draft_from_variant") or "")
    if v is not None:
        _replace_draft(Pitch(v.pitch.channel, v.pitch.subject, v.pitch.body), f"the variant “{md_escape(v.name)}”", v.ignored)


def _undo() -> None:
    case = active_case()
    old = replaced_draft(case.id)
    if old is not None:
        case.draft, case.draft_ignored = old
        forget_replaced_draft(case.id)
        replace_doc(EDITOR, case.id)
        commit_workspace()
        flash("Your previous draft is back.", ":material/undo:")


def _save_variant() -> None:
    case = active_case()
    if not case.draft.body.strip():
        flash("Write something before saving it as a variant.", ":material/info:", kind="error")
        return
    wanted = (widget_value("draft_variant_name") or "").strip() or f"Variant {len(case.variants) + 1}"
    name = unique_names([v.name for v in case.variants] + [wanted])[-1]
    d = case.draft
    case.variants.append(Variant(name=name, pitch=Pitch(d.channel, d.subject, d.body),
                                 ignored=list(case.draft_ignored)))
    commit_workspace()
    seed_widget("draft_variant_name", "")
    flash(f"Saved “{md_escape(name)}”. Save another, then compare them.", ":material/bookmark_added:")
    st.rerun()  # the whole page: the sidebar counts variants and is drawn outside the fragments


# --- the page ----------------------------------------------------------------------------------

page_header(
    "Draft",
    ":material/edit:",
    "Write the pitch: scores and marks follow as you type." if editor_enabled()
    else "Write the pitch. Scores update each time you commit the text.",
)
case = case_picker("draft")
if case is None:
    no_case_state("draft")
    st.stop()


# --- what does not change as the text is typed: drawn once per page run ------------------------

draft = case.draft
spec = get_channel(draft.channel)
st.markdown(
    f"Pitching **{md_escape(case.role.title or 'a role')}** "
    f"to **{md_escape(case.profile.name or 'an unnamed candidate')}**."
)
if replaced_draft(case.id) is not None:
    with st.container(border=True):
        c1, c2 = st.columns([4, 1], vertical_alignment="center")
        c1.caption("You replaced your draft. Want it back?")
        c2.button("Undo", key="draft_undo", on_click=_undo, icon=":material/undo:", width="stretch")

top, _ = st.columns([3, 2], gap="large")
with top:
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    seed_widget("draft_channel", draft.channel)
    c1.selectbox(
        "Channel",
        options=list(CHANNEL_NAMES),
        format_func=lambda n: f"{CHANNELS[n].icon} {CHANNELS[n].label}",
        key="draft_channel",
        on_change=_set_channel,
        help="Each channel has its own limits and targets. " + spec.advice + f" *Source: {spec.source}.* " + CAVEAT,
    )
    with c2.popover("Start from…", icon=":material/restart_alt:", width="stretch"):
        if not get_workspace().your_name:
            st.caption("Templates end with your name: give it once, for every candidate.")
            sender_fields("draft")
        st.button(
            f"The {spec.label} template",
            key="draft_from_template",
            on_click=_start_template,
            icon=":material/description:",
        )
        st.caption("A starter filled from the profile and role; fields with no data stay in {braces}.")
        st.button("A blank page", key="draft_from_blank", on_click=_start_blank, icon=":material/note_add:")
        if case.variants:
            st.selectbox(
                "A saved variant",
                options=[v.id for v in case.variants],
                format_func=lambda vid: case.variant(vid).name if case.variant(vid) else vid,
                key="draft_from_variant",
            )
            st.button("Load this variant", key="draft_from_variant_load", on_click=_start_variant,
                      icon=":material/file_open:")
        else:
            st.caption("Saved variants will be listed here.")
        st.caption("Your current draft can be restored with Undo.")


def _scored() -> tuple[CandidateCase, Pitch, ChannelSpec, Scorecard | None]:
    """The active case, its draft, channel and scorecard (None for an empty draft). Both
    fragments ask: the second time is a cache hit."""
    case = active_case()
    draft = case.draft
    card = None
    if draft.body.strip() or draft.subject.strip():
        card = score(draft, case.profile, case.role, case.draft_ignored)
    return case, draft, get_channel(draft.channel), card


# --- what follows every pause in typing: the editor, its statistics, the scores, copy and save --


@st.fragment(key=LIVE)
def live() -> None:
    """Editor, statistics, scores, copy and mail: what the editor's sends rerun. Kept to what
    must follow each pause, so the round trip stays short (bench/bench_typing.py)."""
    show_flashes()
    case, draft, spec, card = _scored()
    editor, panel = st.columns([3, 2], gap="large")
    with editor:
        _draw_editor(case, draft, spec, card)
        if card is not None and draft.body.strip():
            stats_row(card)
        left_fields = unfilled_fields(draft.subject + "\n" + draft.body)
        if left_fields:
            st.caption("Still to fill in: " + ", ".join(f"`{{{f}}}`" for f in left_fields))
        if draft.body.strip():
            with st.container(horizontal=True, gap="small", vertical_alignment="center"):
                copy_button("draft_copy", plain_text(draft), "Copy subject and body" if spec.has_subject else "Copy")
                if spec.name == "email":
                    link, whole = mailto_link(draft)
                    st.link_button("Open in mail app", link, icon=":material/mail:")
            if spec.name == "email" and not whole:
                st.caption("Too long for a mail link: it opens with the subject; copy the body and paste it.")

    if not draft.body.strip():
        with panel:
            with st.container(border=True):
                st.markdown("#### :material/lightbulb: Nothing to score yet")
                st.markdown(
                    f"Write or paste your {spec.label.lower()} on the left: "
                    + ("scores and marks follow as you type. " if editor_enabled() else "then press **Ctrl+Enter**. ")
                    + f"Or start from the {spec.label} template: it fills in what you know about "
                    f"{md_escape(case.profile.first_name or 'the candidate')} and leaves the rest in {{braces}}."
                )
                st.button(f"Use the {spec.label} template", key="draft_empty_template",
                          on_click=_start_template, icon=":material/description:", type="primary")
            st.caption(f"{spec.icon} **{spec.label}:** {spec.advice} *Source: {spec.source}.* {CAVEAT}")
    else:
        deltas = score_deltas(case.id, pitch_key(draft), card.scores())
        with panel:
            scores_panel(card, deltas)
            check = length_check(draft, spec, int(card.metrics.get("words", 0)))
            if check.hard_limit:
                st.progress(check.fraction_of_limit, text=check.summary())
            else:
                st.caption(check.summary())
        for note in card.notes:
            st.info(note, icon=":material/info:")
        if len(draft.body) > LONG_TEXT_CHARS:
            st.warning(
                f"This draft is {len(draft.body):,} characters long, far longer than any pitch. "
                + ("Marks are drawn in the first part only. " if editor_enabled()
                   else "The marked-up view shows the start only. ")
                + "Was something pasted by mistake?",
                icon=":material/warning:",
            )


def _draw_editor(case: CandidateCase, draft: Pitch, spec: ChannelSpec, card: Scorecard | None) -> None:
    """The editor (or the plain text boxes), first in :func:`live` (drawn last, its message
    reached the browser hundreds of milliseconds later on a busy machine)."""
    subject_label = "Job ad title" if spec.name == "job_ad" else "Subject"
    subject_hint = "3-7 words that are about them" if spec.name != "job_ad" else "The role, and where"
    body_label = "Message" if spec.name != "job_ad" else "Advert"
    body_hint = f"Hi {case.profile.first_name or 'there'}, ..."
    if editor_enabled():
        numbered = number_findings(card.findings()) if card else []
        marks, note = editor_marks(numbered, draft, merge_fields(case.profile, case.role))
        pitch_editor(
            EDITOR,
            doc=doc_id(EDITOR, case.id),
            subject=draft.subject,
            body=draft.body,
            has_subject=spec.has_subject,
            marks=marks,
            note=note,
            words=int(card.metrics.get("words", 0)) if card else 0,
            ignored=case.draft_ignored,
            on_text=_editor_text,
            on_ignore=_editor_ignore,
            # Only when this fragment ran alone: a whole-page run draws the details next.
            details_stale=bool(st.session_state.get(DETAILS_STALE)) and fragment_run(),
            subject_label=subject_label,
            body_label=body_label,
            subject_placeholder=subject_hint,
            body_placeholder=body_hint,
            mirror_limit=LONG_TEXT_CHARS,
        )
        return
    if spec.has_subject:
        seed_widget("draft_subject", draft.subject)
        st.text_input(subject_label, key="draft_subject", on_change=_set_text, args=("subject",),
                      placeholder=subject_hint, help=None if spec.name == "job_ad" else help_text("subject_line"))
    seed_widget("draft_body", draft.body)
    st.text_area(
        body_label,
        key="draft_body",
        on_change=_set_text,
        args=("body",),
        height=320,
        placeholder=body_hint,
        help="Scores update when you press Ctrl+Enter (Cmd+Enter on a Mac) or click outside the box.",
    )


# --- what the writer reads once typing settles: suggestions, ignored, credits, preview ---------


@st.fragment(key=DETAILS)
def details() -> None:
    """Suggestions, the ignored list, credits and the channel preview: the heavy part, kept out
    of the typing round trip. Redrawn when the editor says typing settled (``refresh_on_settle``);
    ignoring and restoring redraw it at once."""
    st.session_state.pop(DETAILS_STALE, None)
    refresh_on_settle("draft_details_refresh", _details_refreshed)
    case, draft, spec, card = _scored()
    if card is None or not draft.body.strip():
        return
    numbered = number_findings(card.findings())

    if not editor_enabled():  # the plain text area cannot mark its text: show a marked-up copy
        st.subheader(":material/format_color_text: Your draft, marked up", anchor=False)
        if spec.has_subject:
            st.html(highlight_html(draft.subject, numbered, "subject", empty_text="(no subject)"))
        st.html(highlight_html(draft.body, numbered, "body"))
        st.html(legend_html(f for _, f in numbered))

    tips, preview = st.columns([3, 2], gap="large")
    with tips:
        st.subheader(f":material/checklist: Suggestions ({len(numbered)})", anchor=False)
        if numbered:
            st.caption("Most points at stake first. Numbers match the marks in your draft.")
            st.html(suggestions_html(numbered[:TOP_SUGGESTIONS]))
            if len(numbered) > TOP_SUGGESTIONS:
                with st.expander(f"Show all {len(numbered)} suggestions", icon=":material/list:"):
                    st.html(suggestions_html(numbered[TOP_SUGGESTIONS:]))
        else:
            st.success("No findings: nothing costs points. Save it as a variant and try a bolder one.",
                       icon=":material/verified:")
        if card.ignored:
            with st.expander(f"Ignored here ({len(card.ignored)})", icon=":material/visibility_off:"):
                st.caption("Findings you chose to keep in this draft. They cost nothing; restore one to count it again.")
                for i, f in enumerate(card.ignored):
                    c1, c2 = st.columns([4, 1], vertical_alignment="center")
                    quoted = f" “{md_escape(f.matched)}”" if f.matched else ""
                    c1.markdown(f"{md_escape(f.message)}{quoted}")
                    c2.button("Restore", key=f"draft_restore_{i}", on_click=_restore_finding, args=(f.key,))
        credits = [(d.label, c) for d in card.dimensions.values() for c in d.credits]
        if credits:
            with st.expander(f"What this draft does well ({len(credits)})", icon=":material/thumb_up:"):
                st.markdown("\n".join(f"- **{label}:** {text}" for label, text in credits))
    with preview:
        st.subheader(":material/smartphone: How it arrives", anchor=False)
        st.html(channel_preview_html(draft, spec, case.profile, case.role))
        st.caption(f"{spec.icon} **{spec.label}:** {spec.advice} *Source: {spec.source}.* {CAVEAT}")

live()

# Saving is not redrawn while typing (it changes only when a variant is saved, which redraws the
# whole page); an empty draft is refused with a message when the button is pressed.
save, _ = st.columns([3, 2], gap="large")
with save:
    s1, s2 = st.columns([3, 2], vertical_alignment="bottom")
    s1.text_input("Variant name", key="draft_variant_name", placeholder=f"Variant {len(case.variants) + 1}",
                  help="Save versions of this draft, then put them side by side on the Compare page.")
    s2.button("Save as variant", key="draft_save_variant", on_click=_save_variant,
              icon=":material/bookmark_add:", width="stretch")
    if case.variants:
        st.page_link("pages/compare.py", label=f"Compare {len(case.variants)} saved variant(s)",
                     icon=":material/compare_arrows:")

details()
