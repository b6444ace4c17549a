"""Server-side timing for ``bench/bench_pause_parts.py`` (loaded only when that bench puts this
folder on ``PYTHONPATH`` and sets ``PITCH_TIMING_LOG``; never part of the app).

Logs, in epoch milliseconds, when Streamlit's server receives a rerun request, starts and ends
a script (or fragment) run, queues each ForwardMsg and hands it to the websocket.
"""

import os
import threading
import time

LOG = os.environ.get("PITCH_TIMING_LOG")

if LOG:
    _out = open(LOG, "a", buffering=1)  # noqa: SIM115 - open for the life of the server
    _lock = threading.Lock()

    def _log(event: str, detail: str = "") -> None:
        with _lock:
            _out.write(f"{time.time() * 1000:.2f} {event} {detail}\n")

    from streamlit.runtime import app_session
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web.server.starlette import starlette_websocket

    _handle_backmsg = app_session.AppSession.handle_backmsg
    _run_script = script_runner.ScriptRunner._run_script
    _enqueue = app_session.AppSession._enqueue_forward_msg
    _write = starlette_websocket.StarletteSessionClient.write_forward_msg

    def handle_backmsg(self, msg):
        if msg.WhichOneof("type") == "rerun_script":
            _log("backmsg")
        return _handle_backmsg(self, msg)

    def run_script(self, rerun_data):
        _log("run_start", "fragment" if rerun_data.fragment_id_queue else "page")
        try:
            return _run_script(self, rerun_data)
        finally:
            _log("run_end")

    def enqueue(self, msg):
        kind = msg.WhichOneof("type")
        detail = kind
        if kind == "delta":
            detail = msg.delta.WhichOneof("type")
            if detail == "new_element":
                detail = msg.delta.new_element.WhichOneof("type")
        _log("enqueue", detail)
        return _enqueue(self, msg)

    def write(self, msg):
        result = _write(self, msg)
        _log("write", f"{msg.WhichOneof('type')} {msg.ByteSize()}")
        return result

    _runner_enqueue = script_runner.ScriptRunner._enqueue_forward_msg

    def runner_enqueue(self, msg):
        _log("queued", msg.WhichOneof("type"))
        return _runner_enqueue(self, msg)

    import gc

    _gc_started = {}

    def _gc(phase, info):
        if phase == "start":
            _gc_started["t"] = time.perf_counter()
        else:
            ms = (time.perf_counter() - _gc_started.get("t", time.perf_counter())) * 1000
            if ms > 5:
                _log("gc", f"gen{info['generation']} {ms:.0f}ms collected={info['collected']}")

    gc.callbacks.append(_gc)
    script_runner.ScriptRunner._enqueue_forward_msg = runner_enqueue
    app_session.AppSession.handle_backmsg = handle_backmsg
    script_runner.ScriptRunner._run_script = run_script
    app_session.AppSession._enqueue_forward_msg = enqueue
    starlette_websocket.StarletteSessionClient.write_forward_msg = write
