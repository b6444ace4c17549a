"""Drive the pitch editor (a components v2 element) from AppTest as its JavaScript would.

AppTest has no browser, so it cannot run the editor's JS; it can send what that JS sends:
``setStateValue("text", {doc, subject, body})`` after a pause in typing, and
``setTriggerValue("ignore", key)`` from a card's "Ignore here". The browser journeys in
tests/browser/ check the JS itself.
"""

from __future__ import annotations

import json
from typing import Any

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Widget


class _EditorSend(Widget):
    """Stands in for the editor's element for one run, carrying what the browser would send."""

    def __init__(self, node: Any, state: dict | None, trigger: tuple[str, Any] | None) -> None:
        self.proto = node.proto
        self.root = node.root
        self.id = node.proto.id
        self.key = None
        self.type = "bidi_component"
        self._value = None
        self._state, self._trigger = state, trigger

    @property
    def value(self) -> Any:
        return self._state

    @property
    def _widget_state(self) -> WidgetState:
        ws = WidgetState()
        if self._trigger is not None:
            ws.id = _make_trigger_id(self.id, "events")
            ws.json_trigger_value = json.dumps([{"event": self._trigger[0], "value": self._trigger[1]}])
        else:
            ws.id = self.id
            ws.json_value = json.dumps(self._state or {})
        return ws


def _find(node: Any, name: str) -> tuple[Any, Any] | None:
    for idx, child in getattr(node, "children", {}).items():
        proto = getattr(child, "proto", None)
        if getattr(child, "type", "") == "bidi_component" and getattr(proto, "component_name", "") == name:
            return node, idx
        hit = _find(child, name)
        if hit:
            return hit
    return None


EDITOR = "pitch_workshop.pitch_editor"
REFRESH = "pitch_workshop.refresh_on_settle"


def editor_data(at: AppTest) -> dict:
    """The ``data`` Python passed to the editor in the last run."""
    hit = _find(at._tree, EDITOR)
    assert hit, "the pitch editor is not on the page"
    parent, idx = hit
    proto = parent.children[idx].proto
    raw = proto.json or proto.mixed.json
    return json.loads(raw)


def _send(at: AppTest, state: dict | None = None, trigger: tuple[str, Any] | None = None,
          name: str = EDITOR) -> AppTest:
    parent, idx = _find(at._tree, name)
    node = parent.children[idx]
    parent.children[idx] = _EditorSend(node, state, trigger)
    return at.run()


def type_text(at: AppTest, body: str, subject: str | None = None) -> AppTest:
    """What the editor sends after a pause in typing: the whole subject and body."""
    data = editor_data(at)
    return _send(at, {"text": {"doc": data["doc"], "subject": data["subject"] if subject is None else subject,
                               "body": body}})


def ignore(at: AppTest, key: str) -> AppTest:
    """A card's "Ignore here"."""
    return _send(at, trigger=("ignore", key))


def settle(at: AppTest) -> AppTest:
    """What the page's refresh_on_settle element sends when the editor says typing settled
    (refresh.js): its "refresh" trigger, which reruns the fragment it sits in."""
    return _send(at, trigger=("refresh", 1), name=REFRESH)
