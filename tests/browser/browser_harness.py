"""Real-browser harness: run the app with ``streamlit run`` and drive it with Playwright + Chromium.

Shared by the browser journeys (``tests/browser``), ``bench/bench_startup.py`` and
``scripts/screenshots.py``. Nothing here imports the app; it only talks to it over HTTP and
through the browser, like a user.

Waiting, never sleeping: :meth:`StreamlitPage.rerun` waits for the server's "script finished"
message on Streamlit's websocket (decoded with Streamlit's own protobuf classes), and
:meth:`StreamlitPage.wait_idle` waits for the ``data-test-script-state`` attribute that the
Streamlit frontend puts on ``[data-testid="stApp"]``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Debian's Chromium, driven by Playwright's Python package (`playwright install` needs the
# network, so we never use Playwright's own browser builds). The background-networking flags
# stop Chromium from calling Google hosts, which a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
INSTALL_HINT = (
    "Chromium was not found, so the real-browser journeys cannot run. Install it with "
    "`apt-get install -y chromium` (Debian/Ubuntu; gives /usr/bin/chromium), or point "
    "PITCH_CHROMIUM at a Chromium binary."
)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Generous: CI machines have two cores and run the scoring engine on every rerun. A machine
# that is busy with other work can wait longer: PITCH_BROWSER_TIMEOUT_MS=60000.
DEFAULT_TIMEOUT_MS = int(os.environ.get("PITCH_BROWSER_TIMEOUT_MS", "20000"))

# A specific pitch for the Aoife Brennan sample (icu-nurse-dublin): the journeys type it, and
# scripts/screenshots.py shows it in the README's pictures.
AOIFE_SPECIFIC = (
    "Hi Aoife,\n\nYour nurse-led sepsis screening tool, which cut time-to-antibiotics from 90 to 45 "
    "minutes, is the work Northside Community Hospital wants to spread. We are hiring a Clinical Nurse "
    "Manager 2 to lead the six-nurse critical care outreach team and roll out early-warning scoring "
    "across eight wards.\n\nThe role is rostered 8:00-20:00 Monday to Friday, with no night shifts, "
    "pays EUR 62,000-71,000 and funds an MSc in Advanced Practice.\n\nWould you be open to a "
    "15-minute call next week? If the timing is wrong, no problem at all.\n\nBest,\nMark"
)


def find_chromium() -> str | None:
    """Path of a Chromium binary: ``$PITCH_CHROMIUM``, else Debian's ``/usr/bin/chromium``."""
    explicit = os.environ.get("PITCH_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def launch_chromium(playwright, executable: str | None = None):
    """A headless Chromium browser from Playwright's ``sync_playwright()`` object."""
    return playwright.chromium.launch(
        executable_path=executable or find_chromium(), headless=True, args=CHROMIUM_ARGS
    )


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerStartError(RuntimeError):
    """``streamlit run`` exited or did not become healthy; the message carries its log."""


class StreamlitServer:
    """``streamlit run app.py`` on a free loopback port, with its own data folder.

    The app keeps its saved work under ``PITCH_DATA_DIR``; pointing it at a throw-away folder
    keeps tests and screenshots away from a developer's real data. ``PITCH_DB_URL`` is removed
    from the environment so a configured team database is never touched.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike | None = None,
        *,
        app: str = "app.py",
        port: int | None = None,
        cwd: Path = REPO_ROOT,
        extra_env: dict[str, str] | None = None,
        python: str | None = None,
    ) -> None:
        self._own_data_dir = data_dir is None
        self.data_dir = Path(data_dir or tempfile.mkdtemp(prefix="pitch-data-"))
        self.app = app
        self.port = port or free_port()
        self.cwd = cwd
        self.extra_env = extra_env or {}
        # Another interpreter (PITCH_APP_PYTHON) runs the app from a venv with requirements.txt only.
        self.python = python or os.environ.get("PITCH_APP_PYTHON") or sys.executable
        self.log_path = self.data_dir / "streamlit-server.log"
        self.process: subprocess.Popen | None = None
        self._log_file = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        return [
            self.python, "-m", "streamlit", "run", self.app,
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            # Other people may be editing the tree while tests run: never rerun on file changes.
            "--server.fileWatcherType", "none",
            "--global.developmentMode", "false",
        ]  # fmt: skip

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("PITCH_DB_URL", None)
        env["PITCH_DATA_DIR"] = str(self.data_dir)
        env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
        env.update(self.extra_env)
        return env

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log_file = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            self.command(),
            cwd=self.cwd,
            env=self.environment(),
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_healthy(self, timeout: float = 60.0) -> None:
        """Poll ``/_stcore/health`` until it answers 200; raise with the server log otherwise."""
        deadline = time.monotonic() + timeout
        health = f"{self.url}/_stcore/health"
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise ServerStartError(
                    f"`streamlit run {self.app}` exited with code {self.process.returncode}.\n"
                    f"--- server log ---\n{self.log_text()}"
                )
            try:
                with urllib.request.urlopen(health, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise ServerStartError(
                    f"`streamlit run {self.app}` was not healthy at {health} after {timeout:.0f} s.\n"
                    f"--- server log ---\n{self.log_text()}"
                )
            time.sleep(0.02)  # polling interval, not a wait for something to happen

    def log_text(self, last_lines: int | None = None) -> str:
        if self._log_file is not None:
            self._log_file.flush()
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no server log)"
        if last_lines is not None:
            text = "\n".join(text.splitlines()[-last_lines:])
        return text or "(server log is empty)"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._own_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> StreamlitServer:
        self.start()
        try:
            self.wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _run_finished(payload) -> bool:
    """True when a websocket frame is Streamlit's "script run finished" message (not an early stop)."""
    if not isinstance(payload, bytes | bytearray):
        return False
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(bytes(payload))
    except Exception:  # noqa: BLE001 - not every frame is ours to understand
        return False
    return msg.WhichOneof("type") == "script_finished" and (
        msg.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
    )


class StreamlitPage:
    """One browser tab on the app, with Streamlit-aware waits and locators.

    Locate widgets by label (``page.get_by_label``), by test id, or by key: Streamlit adds a
    ``st-key-<key>`` class to the container of every keyed element (:meth:`key`).
    """

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self._socket = None
        self.finished_runs = 0  # script runs finished on the current socket (see open())
        page.on("websocket", self._on_websocket)

    def _on_websocket(self, ws) -> None:
        if ws.url.endswith("/_stcore/stream"):
            self._socket = ws
            self.finished_runs = 0
            ws.on("framereceived", self._count_finished_run)

    def _count_finished_run(self, payload) -> None:
        if _run_finished(payload):
            self.finished_runs += 1

    # --- locators -------------------------------------------------------------------------
    @property
    def app(self):
        return self.page.locator('[data-testid="stApp"]')

    @property
    def main(self):
        return self.page.locator('[data-testid="stMain"]')

    @property
    def sidebar(self):
        return self.page.locator('[data-testid="stSidebar"]')

    @property
    def exceptions(self):
        return self.page.locator('[data-testid="stException"]')

    def key(self, key: str):
        """The container of the element created with ``key=key``."""
        return self.page.locator(f".st-key-{key}")

    def metric(self, label: str):
        """The ``st.metric`` whose label is exactly ``label``."""
        label_locator = self.page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
        return self.main.locator('[data-testid="stMetric"]').filter(has=label_locator).first

    def metric_value(self, label: str) -> str:
        return self.metric(label).locator('[data-testid="stMetricValue"]').inner_text().strip()

    @property
    def editor(self):
        """The pitch editor's message box (Draft page)."""
        return self.page.get_by_test_id("pitch-editor")

    @property
    def editor_subject(self):
        return self.page.get_by_test_id("pitch-editor-subject")

    def scored_words(self) -> int:
        """The word count of the text the editor's marks and the scores belong to."""
        return int(self.page.get_by_test_id("scored-words").inner_text().replace(",", ""))

    def wait_scored(self, timeout: float = DEFAULT_TIMEOUT_MS) -> None:
        """Wait until the editor's last text has been scored and the page has redrawn."""
        from playwright.sync_api import expect

        status = self.page.get_by_test_id("pitch-editor-status")
        expect(status).to_have_attribute("data-pending", "false", timeout=timeout)
        self.wait_idle()

    def enter_text(self, field, text: str) -> None:
        """Replace a text input's or text area's content and commit it as a user does (Enter in an
        input, Ctrl+Enter in a text area), then wait for the rerun. The text must differ from
        what the field holds, or Streamlit has nothing to rerun for. In the pitch editor there
        is nothing to commit: it waits until the text is scored."""
        if (field.get_attribute("data-testid") or "").startswith("pitch-editor"):
            field.fill(text)
            self.wait_scored()
            return
        commit = "Control+Enter" if field.evaluate("el => el.tagName") == "TEXTAREA" else "Enter"
        field.fill(text)
        with self.rerun():
            field.press(commit)

    # --- waits ----------------------------------------------------------------------------
    def wait_idle(self, timeout: float | None = None) -> None:
        """Wait until the app is connected and no script run is in progress."""
        from playwright.sync_api import expect

        kwargs = {"timeout": timeout} if timeout is not None else {}
        expect(self.app).to_have_attribute("data-test-connection-state", "CONNECTED", **kwargs)
        expect(self.app).to_have_attribute("data-test-script-state", "notRunning", **kwargs)

    @contextlib.contextmanager
    def rerun(self, timeout: float = DEFAULT_TIMEOUT_MS) -> Iterator[None]:
        """Wrap an action that makes Streamlit rerun; return once that run finished and rendered.

        >>> with app.rerun():
        ...     app.page.get_by_role("button", name="Save").click()
        """
        if self._socket is None:
            raise RuntimeError("No Streamlit websocket yet: call open() first.")
        with self._socket.expect_event("framereceived", predicate=_run_finished, timeout=timeout):
            yield
        self.wait_idle()

    # --- navigation -----------------------------------------------------------------------
    def open(self, path: str = "") -> None:
        """Load the app (a new session) at ``path`` and wait for its first run to finish."""
        self.finished_runs = 0
        self.page.goto(f"{self.base_url}/{path.lstrip('/')}")
        # Between connecting and starting its first run the app already reads "notRunning", so
        # the state attribute alone can let a test read a half-drawn page (a menu caught
        # mid-render read "Draft" where "Home" was). Wait for the run's "finished" message too.
        deadline = time.monotonic() + DEFAULT_TIMEOUT_MS / 1000
        while self.finished_runs < 1:
            if time.monotonic() > deadline:
                raise TimeoutError(f"The app's first run at /{path.lstrip('/')} did not finish.")
            self.page.wait_for_timeout(50)
        self.wait_idle()

    def _show_navigation(self) -> None:
        expand = self.page.locator('[data-testid="stExpandSidebarButton"]')
        if expand.is_visible():
            expand.click()
        self.nav_link_locator().first.wait_for(state="visible")

    def nav_link_locator(self):
        """The links of the app's menu (ui/menu.py), in the sidebar."""
        return self.page.locator('.st-key-app_menu [data-testid="stPageLink-NavLink"]')

    def _nav_label(self, link) -> str:
        # The icon is a ligature ("home") in its own span; the label is the markdown text.
        return link.locator('[data-testid="stMarkdownContainer"]').inner_text().strip()

    def nav_links(self) -> list[tuple[str, str]]:
        """(label, href) of every page in the navigation, in order."""
        self._show_navigation()
        return [
            (self._nav_label(link), link.get_attribute("href") or "")
            for link in self.nav_link_locator().all()
        ]

    def nav(self, label: str) -> None:
        """Switch page the way a user does (a navigation link), keeping the session's state."""
        self._show_navigation()
        label_text = self.page.locator('[data-testid="stMarkdownContainer"]').get_by_text(label, exact=True)
        with self.rerun():
            self.nav_link_locator().filter(has=label_text).first.click()
