"""Home: what the tool does, the three steps, and one-click sample candidates."""

import streamlit as st

from pitch_lib.engine.channels import get_channel
from pitch_lib.samples import load_samples
from ui.components import new_blank_case, open_sample, page_header
from ui.state import (
    ensure_routed,
    get_workspace,
)

ensure_routed(__file__)

page_header(
    "Pitch Workshop",
    ":material/campaign:",
    "Write pitches that move passive candidates: people who are happy where they are.",
)

st.markdown(
    "Describe the candidate and the role, draft a message for the channel you will use, and get "
    "scores you can act on: every point lost comes with the words that cost it and a fix. "
    "Save variants and compare them side by side before you send anything. Runs offline; "
    "nothing leaves this app."
)

steps = st.columns(3)
STEPS = [
    (":material/person:", "1 · Profile", "Who they are and what moves them, and the role you offer.", "pages/profile.py"),
    (":material/edit:", "2 · Draft", "Write for one channel: scores and marks follow as you type, fixes in one click.", "pages/draft.py"),
    (":material/compare_arrows:", "3 · Compare", "Put two to four variants side by side and keep the best.", "pages/compare.py"),
]
for col, (icon, title, text, page) in zip(steps, STEPS, strict=True):
    with col.container(border=True, height="stretch"):
        st.markdown(f"#### {icon} {title}")
        st.write(text)
        st.page_link(page, label=f"Open {title.split(' · ')[1]}", icon=":material/arrow_forward:")

st.subheader(":material/group: Start with a sample candidate", anchor=False)
st.caption("One click loads the candidate, the role and a first draft, and opens the Draft page. Edit anything.")

ws = get_workspace()
loaded = {c.sample for c in ws.cases if c.sample}
samples = load_samples()
for row_start in range(0, len(samples), 4):
    cols = st.columns(4)
    for col, s in zip(cols, samples[row_start : row_start + 4], strict=False):
        ch = get_channel(s.channel)
        with col.container(border=True, height="stretch"):
            st.markdown(f"**{s.profile.name}**")
            st.caption(f"{s.profile.current_title}  \n{s.industry} · {s.seniority} · {s.country}")
            st.markdown(f"{ch.icon} {ch.label}: *{s.role.title}*")
            st.caption(s.summary)
            label = f"Open {s.profile.first_name} again" if s.id in loaded else f"Start with {s.profile.first_name}"
            if st.button(label, key=f"home_sample_{s.id}", icon=":material/play_arrow:", width="stretch"):
                open_sample(s.id)
                st.switch_page("pages/draft.py")

with st.container(border=True):
    c1, c2 = st.columns([3, 1], vertical_alignment="center")
    c1.markdown(
        "**Your own candidate?** Start blank and fill in the profile: name, current role, "
        "achievements, what moves them, and the role you want to pitch."
    )
    if c2.button("Start a blank candidate", key="home_new_blank", icon=":material/person_add:", width="stretch"):
        new_blank_case()
        st.switch_page("pages/profile.py")
