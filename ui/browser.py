"""What only the browser can do, as small inline components (``st.components.v2``): close the
sidebar after a menu click on a phone, remember the last workspace in this browser
(``localStorage``) and copy a link to the clipboard with a visible button.

The JavaScript runs in the app's page and touches nothing but what each docstring names.
"""

from __future__ import annotations

import streamlit as st

# --- the sidebar menu closes itself on a phone ---------------------------------------------------

_CLOSE_ON_NAVIGATION_JS = """
export default function () {
  // Once per page load: a click on a link of the app's menu closes the sidebar when the sidebar
  // covers most of the screen (a phone), as a phone's own menus do.
  if (window.pitchMenuClosesSidebar) return;
  window.pitchMenuClosesSidebar = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest(".st-key-app_menu a");
    if (!link) return;
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    if (!sidebar || sidebar.getBoundingClientRect().width < window.innerWidth * 0.5) return;
    const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (close) close.click();
  });
}
"""

_close_on_navigation = st.components.v2.component("pitch_close_menu", js=_CLOSE_ON_NAVIGATION_JS)


def close_sidebar_on_navigation() -> None:
    _close_on_navigation(key="browser_close_menu")


# --- the last workspace opened in this browser ---------------------------------------------------

LAST_WORKSPACE_STORAGE_KEY = "pitch-workshop.last-workspace"

_REMEMBER_JS = """
export default function ({ data, setStateValue }) {
  const key = data.storageKey;
  let stored = null;
  try {
    if (data.remember) window.localStorage.setItem(key, data.remember);
    if (data.forget && window.localStorage.getItem(key) === data.forget) {
      window.localStorage.removeItem(key);
    }
    stored = window.localStorage.getItem(key);
  } catch (e) {
    stored = null;  // storage switched off (private mode, a locked-down browser): nothing to offer
  }
  // Answer only when Python asks (an empty workspace that could be reopened) and there is
  // something new to say: each answer is a rerun.
  if (data.wanted && stored && stored !== data.known) setStateValue("last", stored);
}
"""

_remember = st.components.v2.component("pitch_last_workspace", js=_REMEMBER_JS)


_LAST_KEY = "browser_last_workspace"


def last_workspace_in_browser(
    *, remember: str | None = None, forget: str | None = None, wanted: bool = True
) -> str | None:
    """The workspace id this browser last worked in; None when none is stored, or until the
    browser has answered, or when not ``wanted`` (then the browser does not answer: no rerun).

    ``remember`` stores an id as the last one; ``forget`` removes it if it is the stored one.
    Drawn in the sidebar, where it takes no room."""
    known = (st.session_state.get(_LAST_KEY) or {}).get("last")
    with st.sidebar:
        result = _remember(
            key=_LAST_KEY,
            data={
                "storageKey": LAST_WORKSPACE_STORAGE_KEY,
                "remember": remember or "",
                "forget": forget or "",
                "known": known,
                "wanted": wanted,
            },
            default={"last": None},
            on_last_change=lambda: None,
            height=0,
        )
    return getattr(result, "last", None)


# --- a link with a copy button that works by touch -----------------------------------------------

_COPY_HTML = """
<div class="pw-copy">
  <input class="pw-copy-text" readonly aria-label="Link">
  <button class="pw-copy-button" type="button">Copy link</button>
</div>
"""

_COPY_CSS = """
.pw-copy { display: flex; gap: 0.5rem; align-items: stretch; flex-wrap: wrap; }
.pw-copy-text {
  flex: 1 1 16rem; min-width: 0; padding: 0.45rem 0.6rem; font: inherit; font-size: 0.9rem;
  color: var(--st-text-color); background: var(--st-secondary-background-color);
  border: 1px solid var(--st-border-color, rgba(128,128,128,0.4)); border-radius: 0.5rem;
}
.pw-copy-button {
  flex: 0 0 auto; min-height: 2.5rem; padding: 0.45rem 1rem; font: inherit; cursor: pointer;
  color: #fff; background: var(--st-primary-color); border: none; border-radius: 0.5rem;
}
"""

_COPY_JS = """
export default function ({ parentElement, data, setTriggerValue }) {
  const input = parentElement.querySelector(".pw-copy-text");
  const button = parentElement.querySelector(".pw-copy-button");
  input.value = data.text;
  button.textContent = data.label;
  input.onfocus = () => input.select();
  button.onclick = async () => {
    let copied = false;
    try {
      await navigator.clipboard.writeText(data.text);
      copied = true;
    } catch (e) {
      input.focus();
      input.select();
      try { copied = document.execCommand("copy"); } catch (e2) { copied = false; }
    }
    button.textContent = copied ? "Copied" : "Select the link and copy it";
    setTriggerValue("copied", copied);
  };
}
"""

_copy = st.components.v2.component("pitch_copy_link", html=_COPY_HTML, css=_COPY_CSS, js=_COPY_JS)


def copy_link(text: str, *, key: str, label: str = "Copy link") -> bool:
    """The link in a read-only box and a Copy button (no hover needed); True on the run after a copy."""
    result = _copy(key=key, data={"text": text, "label": label}, on_copied_change=lambda: None)
    return bool(getattr(result, "copied", False))
