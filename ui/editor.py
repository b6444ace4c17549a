"""The pitch editor: a Streamlit components v2 element (CSS/JS in ``static/pitch_editor/``,
no build step, nothing fetched from outside) that sends the text to Python after a pause in
typing and draws the engine's marks under the text being typed.

The app serves ``static/`` itself (``enableStaticServing`` in ``.streamlit/config.toml``), so
each component is registered with a few lines that load its script and style sheet from there
once: a rerun sends only the component's data, not its 16 KB of script and 4 KB of CSS again.
Without static serving (another config), the files are sent inline as before.

Pages call :func:`pitch_editor` with the draft, its marks and two callbacks. When the editor is
switched off (``PITCH_PLAIN_EDITOR=1``) or this Streamlit has no components v2, pages fall back
to Streamlit's text area, which works as before (scores on Ctrl+Enter or leaving the box).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from ui.state import bump_counter, counter

ASSETS = Path(__file__).resolve().parents[1] / "static" / "pitch_editor"  # beside app.py
STATIC_URL = "app/static/pitch_editor/"  # where Streamlit serves it, relative to the page
PLAIN_ENV = "PITCH_PLAIN_EDITOR"
DEBOUNCE_ENV = "PITCH_EDITOR_DEBOUNCE_MS"
DEFAULT_DEBOUNCE_MS = 250
# After the scores caught up, how long the writer must stay idle before the editor says so to
# :func:`refresh_on_settle`: long enough not to land between two bursts of typing.
SETTLE_MS = 700


# Registered instead of a component's script when the app serves static files: loads the
# script (and the style sheet into the component's shadow root) once per page, and hands each
# render to it. The URLs carry a hash of the file, so a changed file is fetched anew.
_LOADER = """\
const script = new URL(%(js)s, document.baseURI).href;
const style = %(css)s ? new URL(%(css)s, document.baseURI).href : null;
export default async function (component) {
  if (style) {
    const root = component.parentElement.getRootNode();
    const where = root instanceof ShadowRoot ? root : document.head;
    let link = where.querySelector("link[data-pitch-style]");
    if (!link) {
      link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = style;
      link.setAttribute("data-pitch-style", "");
      link.ready = new Promise((done) => { link.onload = done; link.onerror = done; });
      where.appendChild(link);
    }
    await link.ready;
  }
  const module = await import(script);
  return module.default(component);
}
"""


def static_serving() -> bool:
    """True when Streamlit serves ``static/`` beside app.py (``server.enableStaticServing``)."""
    import streamlit as st

    try:
        return bool(st.get_option("server.enableStaticServing"))
    except Exception:  # an option this Streamlit does not know
        return False


def _versioned(file: str) -> str:
    digest = hashlib.sha256((ASSETS / file).read_bytes()).hexdigest()[:12]
    return json.dumps(f"{STATIC_URL}{file}?v={digest}")


def loader_js(js_file: str, css_file: str | None) -> str:
    """The few lines registered for a component whose files are served from ``static/``."""
    return _LOADER % {"js": _versioned(js_file), "css": _versioned(css_file) if css_file else "null"}


def _register(name: str, js_file: str, css_file: str | None = "editor.css") -> Callable[..., Any] | None:
    try:
        from streamlit.components.v2 import component
    except ImportError:  # an older Streamlit: pages fall back to Streamlit's own widgets
        return None
    if static_serving():
        return component(f"pitch_workshop.{name}", js=loader_js(js_file, css_file))
    return component(
        f"pitch_workshop.{name}",
        css=(ASSETS / css_file).read_text(encoding="utf-8") if css_file else None,
        js=(ASSETS / js_file).read_text(encoding="utf-8"),
    )


_MOUNT = _register("pitch_editor", "editor.js")
_COPY = _register("copy_button", "copy.js")
_REFRESH = _register("refresh_on_settle", "refresh.js", None)


def copy_button(key: str, text: str, label: str = "Copy") -> None:
    """A button that puts ``text`` on the clipboard as plain text (or, without components v2,
    the text in a code box, whose own button copies it)."""
    if _COPY is None:
        st.code(text, language=None)
        return
    _COPY(key=key, data={"text": text, "label": label}, width="content")


def refresh_on_settle(key: str, on_refresh: Callable[[], None]) -> None:
    """Draws nothing; reruns the fragment it is in (after ``on_refresh``) when the pitch editor
    says typing has settled. Being a widget of that fragment, its rerun waits for a running one
    instead of cutting it short (a keyed ``st.rerun`` would)."""
    if _REFRESH is not None:
        _REFRESH(key=key, data={}, on_refresh_change=on_refresh, width="content", height="content")


def editor_enabled() -> bool:
    """True unless the editor is switched off or cannot be registered."""
    return _MOUNT is not None and os.environ.get(PLAIN_ENV, "").strip().lower() in ("", "0", "false", "no")


def debounce_ms() -> int:
    """The pause in typing after which the text is scored (``PITCH_EDITOR_DEBOUNCE_MS``)."""
    try:
        value = int(os.environ.get(DEBOUNCE_ENV, DEFAULT_DEBOUNCE_MS))
    except ValueError:
        return DEFAULT_DEBOUNCE_MS
    return min(max(value, 50), 5000)


def doc_id(scope: str, owner: str) -> str:
    """Names the text the editor holds. It changes when Python replaces the text (another
    candidate, "start from…", undo), and only then does the editor take Python's text."""
    return f"{owner}:{counter(f'{scope}_doc_{owner}')}"


def replace_doc(scope: str, owner: str) -> None:
    """Call when Python replaced the text behind the editor."""
    bump_counter(f"{scope}_doc_{owner}")


def fragment_run() -> bool:
    """True while Streamlit runs fragments on their own (not the whole page)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def _state(key: str) -> Any:
    try:
        value = st.session_state[key]
    except KeyError:
        return None
    return value


def sent_text(key: str, doc: str) -> dict[str, str] | None:
    """In an ``on_text`` callback: the subject and body the editor sent for ``doc``, or None
    (nothing sent, or sent for a text that has since been replaced)."""
    state = _state(key)
    value = state.get("text") if hasattr(state, "get") else None
    if not isinstance(value, dict) or value.get("doc") != doc:
        return None
    subject, body = value.get("subject"), value.get("body")
    if not isinstance(subject, str) or not isinstance(body, str):
        return None
    return {"subject": subject, "body": body}


def ignored_key(key: str) -> str:
    """In an ``on_ignore`` callback: the finding key the writer chose to ignore ("" if none)."""
    state = _state(key)
    value = state.get("ignore") if hasattr(state, "get") else None
    return value if isinstance(value, str) else ""


def pitch_editor(
    key: str,
    *,
    doc: str,
    subject: str,
    body: str,
    has_subject: bool,
    marks: list[dict],
    words: int,
    on_text: Callable[..., None],
    on_ignore: Callable[..., None] | None,
    details_stale: bool = False,
    args: tuple = (),
    note: str = "",
    ignored: list[str] | None = None,
    subject_label: str = "Subject",
    body_label: str = "Message",
    subject_placeholder: str = "",
    body_placeholder: str = "",
    mirror_limit: int = 0,
    max_chars: int = 0,
) -> None:
    """Mount the editor. ``subject``/``body`` are the text the ``marks`` and ``words`` belong to.

    The callbacks get ``args``. Without ``on_ignore`` the cards offer no "Ignore here" (where a
    score must be the same for everyone, as on a workshop board). With ``details_stale``, the
    editor tells :func:`refresh_on_settle` once the scores have caught up and the writer has not
    typed for ``SETTLE_MS``: a page redraws its slower parts then instead of on every pause."""
    callbacks = {"on_text_change": functools.partial(on_text, *args)}
    if on_ignore is not None:
        callbacks["on_ignore_change"] = functools.partial(on_ignore, *args)
    assert _MOUNT is not None, "check editor_enabled() first"
    _MOUNT(
        key=key,
        data={
            "doc": doc,
            "subject": subject,
            "body": body,
            "has_subject": has_subject,
            "marks": marks,
            "words": words,
            "note": note,
            "ignored": list(ignored or []),
            "subject_label": subject_label,
            "body_label": body_label,
            "subject_placeholder": subject_placeholder,
            "body_placeholder": body_placeholder,
            "debounce_ms": debounce_ms(),
            "mirror_limit": mirror_limit,
            "max_chars": max_chars,
            "allow_ignore": on_ignore is not None,
            "settle_ms": SETTLE_MS if details_stale else 0,
        },
        **callbacks,
    )
