"""Saved work as a user meets it: saved as they work, the ?ws= link, rename, export/import, delete,
and what happens when the database is away. AppTest from app.py; each test has its own data folder
(tests/conftest.py)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pitch_lib.storage.store import open_store
from tests.editor_driver import type_text
from tests.test_app_pages import downloads  # noqa: F401  (fixture: what each download button hands over)
from ui import persistence

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60
SAMPLE = "icu-nurse-dublin"
UNREACHABLE = "postgresql+psycopg://pitch:pw@127.0.0.1:1/pitch"


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(query)
    return ok(at.run())


def copy_links(at: AppTest) -> list[str]:
    """The links shown with a Copy button (ui.browser.copy_link), in page order."""
    return [
        json.loads(e.proto.json)["text"]
        for e in at.get("bidi_component")
        if e.proto.component_name == "pitch_copy_link"
    ]


def with_sample(at: AppTest) -> AppTest:
    at.switch_page("pages/home.py").run()
    at.button(key=f"home_sample_{SAMPLE}").click().run()
    return ok(at)


def texts(at: AppTest) -> str:
    parts = [m.value for m in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success)]
    return "\n".join(str(p) for p in parts)


def test_nothing_saved_until_there_is_something_to_save():
    at = new_app()
    at.switch_page("pages/workspace.py").run()
    ok(at)
    assert "Nothing to save yet" in texts(at)
    assert "ws" not in at.query_params
    assert open_store().load_workspace(at.session_state["workspace"].id) is None


def test_work_is_saved_as_it_happens_and_the_link_brings_it_back():
    at = with_sample(new_app())
    ws = at.session_state["workspace"]
    assert at.query_params["ws"] == ws.id  # the link is in the address bar
    saved = open_store().load_workspace(ws.id)
    assert [c.profile.name for c in saved.cases] == ["Aoife Brennan"]

    # Change the draft on the Draft page: saved at once.
    at.switch_page("pages/draft.py").run()
    type_text(at, "Hi Aoife, a short note about the outreach role.")
    ok(at)
    assert (
        open_store().load_workspace(ws.id).active.draft.body
        == "Hi Aoife, a short note about the outreach role."
    )

    # A refresh or a new tab: a new session with the same link.
    again = new_app(ws=ws.id)
    restored = again.session_state["workspace"]
    assert restored.id == ws.id and restored.to_dict() == open_store().load_workspace(ws.id).to_dict()
    again.switch_page("pages/workspace.py").run()
    ok(again)
    assert any(f"ws={ws.id}" in link for link in copy_links(again))
    assert "Saved" in texts(again)


def test_a_page_switch_keeps_the_link():
    at = with_sample(new_app())
    ws_id = at.query_params["ws"]
    at.query_params.clear()  # what the browser does on a page switch
    at.switch_page("pages/compare.py").run()
    ok(at)
    assert at.query_params["ws"] == ws_id


def test_an_unknown_link_says_so_and_starts_fresh():
    at = new_app(ws="NoSuchWorkspaceIdHere123")
    ok(at)
    assert "no saved workspace at this link" in texts(at)
    assert "ws" not in at.query_params
    assert at.session_state["workspace"].cases == []


def test_rename():
    at = with_sample(new_app())
    at.switch_page("pages/workspace.py").run()
    at.text_input(key="workspace_name").input("Q3 nursing searches")
    form_button = next(b for b in at.button if b.label == "Rename")
    form_button.click().run()
    ok(at)
    ws_id = at.session_state["workspace"].id
    assert open_store().load_workspace(ws_id).name == "Q3 nursing searches"
    assert "Q3 nursing searches" in texts(at)


def test_export_and_import_everything(downloads):  # noqa: F811
    at = with_sample(new_app())
    at.switch_page("pages/workspace.py").run()
    ok(at)
    old = at.session_state["workspace"]
    got = downloads["workspace_export"]
    assert got["mime"] == "application/json" and got["file_name"].endswith(".json")
    doc = json.loads(got["data"])
    assert (
        doc["format"] == "pitch-workshop/workspace" and doc["cases"][0]["profile"]["name"] == "Aoife Brennan"
    )

    at.file_uploader(key="workspace_import_file").upload(
        "backup.json", got["data"].encode(), "application/json"
    ).run()
    at.button(key="workspace_import").click().run()
    ok(at)
    new = at.session_state["workspace"]
    assert new.id != old.id and [c.to_dict() for c in new.cases] == [c.to_dict() for c in old.cases]
    assert at.query_params["ws"] == new.id
    store = open_store()
    assert store.load_workspace(new.id) is not None and store.load_workspace(old.id) is not None


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{broken", "is not valid JSON"),
        (json.dumps({"name": "Aoife"}).encode(), "not a Pitch Workshop workspace export"),
        # Issue 13, items 5 and 6: a lone surrogate, deep nesting, a 5,000-digit number.
        (b'{"format": "pitch-workshop/workspace", "name": "x\\ud800"}', "not valid Unicode at"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"format": "pitch-workshop/workspace", "n": ' + b"9" * 5000 + b"}", "number too long"),
    ],
)
def test_a_bad_import_is_explained_and_changes_nothing(content, message):
    at = with_sample(new_app())
    at.switch_page("pages/workspace.py").run()
    before = at.session_state["workspace"].to_dict()
    at.file_uploader(key="workspace_import_file").upload("bad.json", content, "application/json").run()
    at.button(key="workspace_import").click().run()
    ok(at)
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert at.session_state["workspace"].to_dict() == before
    for page in ("pages/workspace.py", "pages/draft.py", "pages/profile.py"):  # the session still works
        ok(at.switch_page(page).run())


def test_delete_needs_confirmation():
    at = with_sample(new_app())
    at.switch_page("pages/workspace.py").run()
    ws_id = at.session_state["workspace"].id
    assert at.button(key="workspace_delete").disabled
    at.checkbox(key="workspace_delete_confirm").check().run()
    at.button(key="workspace_delete").click().run()
    ok(at)
    assert open_store().load_workspace(ws_id) is None
    assert at.session_state["workspace"].cases == [] and at.session_state["workspace"].id != ws_id
    assert "ws" not in at.query_params


def test_database_away_keeps_the_work_and_saves_when_it_is_back(monkeypatch):
    monkeypatch.setattr(persistence, "RETRY_SECONDS", 0)
    monkeypatch.setenv("PITCH_DB_URL", UNREACHABLE)
    at = with_sample(new_app())
    problem, detail = at.session_state["persist_problem"]
    assert "cannot be reached" in problem and "127.0.0.1" in detail and "pw@" not in detail
    ws = at.session_state["workspace"]
    assert [c.profile.name for c in ws.cases] == ["Aoife Brennan"]  # nothing lost
    assert at.session_state["workspace_dirty"] is True
    at.switch_page("pages/workspace.py").run()
    ok(at)
    assert "Not saved yet" in texts(at)

    monkeypatch.delenv("PITCH_DB_URL")  # the database is back (the default SQLite file)
    at.run()
    ok(at)
    assert at.session_state["persist_problem"] is None
    assert open_store().load_workspace(ws.id).to_dict() == ws.to_dict()
    assert at.query_params["ws"] == ws.id
    assert "Saved" in texts(at.run())


def test_every_page_says_when_the_database_is_away(monkeypatch):
    """The warning comes from app.py, above whatever page is open (here: a link that cannot load)."""
    monkeypatch.setenv("PITCH_DB_URL", UNREACHABLE)
    at = new_app(ws="SomeSavedWorkspaceId1234")
    warnings = [w.value for w in at.warning]
    assert any("cannot be reached" in w for w in warnings), warnings
    assert any("server log" in c.value for c in at.caption)


def everything_shown(at: AppTest) -> str:
    """Every text a visitor can read on the page, code blocks and labels included."""
    return texts(at) + "\n".join(str(c.value) for c in at.code) + "\n".join(e.label for e in at.expander)


# An unencoded "@" in the password: the URL parser reads part of the password as the host.
LEAKY = "postgresql+psycopg://pitch_admin:p@ss-w0rd@127.0.0.1:1/pitch_prod"


@pytest.mark.parametrize("page", ["pages/workspace.py", "pages/workshop_join.py"])
def test_visitors_never_see_where_the_database_is(page, monkeypatch, caplog):
    """Issue 13, item 4: no host, port, user, database name or password on a page; they go to the log."""
    monkeypatch.setenv("PITCH_DB_URL", LEAKY)
    with caplog.at_level("WARNING", logger="pitch_workshop.store"):
        at = with_sample(new_app())  # something to save, so the page tries the database
        at.switch_page(page).run()
    ok(at)
    shown = everything_shown(at)
    assert "cannot be reached" in shown or "Not saved yet" in shown
    for secret in ("127.0.0.1", "ss-w0rd", "pitch_admin", "pitch_prod", ":1/"):
        assert secret not in shown, secret
    assert "127.0.0.1" in caplog.text  # the admin still gets the details, in the server log


def test_saved_work_says_saved_on_this_server_not_the_file_path(tmp_path, monkeypatch):
    monkeypatch.setenv("PITCH_DATA_DIR", str(tmp_path / "secret-folder"))
    at = with_sample(new_app())
    at.switch_page("pages/workspace.py").run()
    ok(at)
    shown = everything_shown(at)
    assert "saved on this server" in shown
    assert "secret-folder" not in shown and "pitch_workshop.db" not in shown


def test_a_locked_database_file_is_a_message_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setattr(persistence, "RETRY_SECONDS", 0)
    path = tmp_path / "locked.db"
    monkeypatch.setenv("PITCH_DB_URL", f"sqlite:///{path}")
    monkeypatch.setattr("pitch_lib.storage.store.SQLITE_BUSY_TIMEOUT_MS", 200)
    at = new_app()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file
    try:
        at = with_sample(at)
        assert "locked by another program" in at.session_state["persist_problem"][0]
        at.switch_page("pages/workspace.py").run()
        ok(at)
        assert "Not saved yet" in texts(at)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    at.run()
    ok(at)
    ws = at.session_state["workspace"]
    assert open_store(f"sqlite:///{path}").load_workspace(ws.id).to_dict() == ws.to_dict()


def test_the_database_url_can_come_from_secrets_toml(tmp_path):
    """[connections.pitch_db] url = ... in .streamlit/secrets.toml (Streamlit's st.connection convention)."""
    url = f"sqlite:///{tmp_path / 'from-secrets.db'}"
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["connections"] = {"pitch_db": {"url": url}}
    at = with_sample(ok(at.run()))
    ws = at.session_state["workspace"]
    assert open_store(url).load_workspace(ws.id).cases[0].profile.name == "Aoife Brennan"
    assert open_store().load_workspace(ws.id) is None  # not in the default SQLite file


def _component_data(at: AppTest, name: str) -> list[dict]:
    return [json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == name]


def through_router(at: AppTest) -> AppTest:
    """Run app.py (the router, which draws the top of every page): after ``switch_page`` AppTest
    runs a file of pages/ on its own."""
    return ok(at.switch_page("app.py").run())


def test_the_first_save_says_once_to_bookmark_the_link_and_the_browser_remembers_it(plain_editor):
    at = new_app()
    assert not copy_links(at)  # nothing saved: no link to bookmark
    assert [d["remember"] for d in _component_data(at, "pitch_last_workspace")] == [""]
    at = through_router(with_sample(at))
    ws = at.session_state["workspace"]
    assert copy_links(at) == [persistence.workspace_link(ws)]
    assert "Bookmark this link" in texts(at)
    assert [d["remember"] for d in _component_data(at, "pitch_last_workspace")] == [ws.id]
    at.button(key="persist_bookmark_done").click().run()
    assert "Bookmark this link" not in texts(ok(at))
    at.switch_page("pages/draft.py").run()
    at.text_area(key="draft_body").input("Hi Aoife, a second change.").run()
    assert "Bookmark this link" not in texts(through_router(at))


def test_a_link_that_is_opened_is_not_a_first_save(plain_editor):
    ws_id = with_sample(new_app()).session_state["workspace"].id
    again = new_app(ws=ws_id)
    again.switch_page("pages/draft.py").run()
    again.text_area(key="draft_body").input("Hi Aoife, changed in a second tab.").run()
    assert "Bookmark this link" not in texts(through_router(again))


def test_an_old_export_that_followed_learners_by_workspace_id_imports_without_the_ids():
    """Issue 13, item 13: a workspace id is write access; an import leaves such follows out and says so."""
    at = new_app()
    at.switch_page("pages/workspace.py").run()
    old = {"format": "pitch-workshop/workspace", "version": 1, "name": "Fran's", "cases": [],
           "training": {"version": 1, "learners": {}, "team": ["LearnerWorkspaceId0123456"]}}
    at.file_uploader(key="workspace_import_file").upload(
        "old.json", json.dumps(old).encode(), "application/json"
    ).run()
    at.button(key="workspace_import").click().run()
    ok(at)
    assert "followed 1 learner by their workspace links" in texts(at)
    new = at.session_state["workspace"]
    assert "LearnerWorkspaceId0123456" not in json.dumps(open_store().load_workspace(new.id).to_dict())
