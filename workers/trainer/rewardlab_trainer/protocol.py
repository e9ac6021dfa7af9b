# The JSON-lines protocol between the trainer and the TypeScript worker that starts it. stdout carries ONLY
# events, one JSON object per line; everything else (library logs, warnings, progress bars, even stray C-level
# prints) is redirected to stderr, so the worker can parse every stdout line. Events:
#   {"type":"progress","fraction":0.3,"phase":"train"}
#   {"type":"metric","step":10,"name":"train/loss","value":0.69}
#   {"type":"artefact","kind":"checkpoint","path":"/abs/path"}
#   {"type":"log","message":"..."}
#   {"type":"error","message":"..."}
#   {"type":"request","id":7,"kind":"ratings","items":[...]}   a question for the worker (d-RLAIF ratings),
#       answered on stdin with {"type":"response","id":7,...} or {"type":"response","id":7,"error":"..."}
# SIGTERM/SIGINT raise Cancelled in the main thread at the next Python bytecode (steps are short), so a
# cancelled job stops within about one training step. When stdin is a pipe from the worker, its closing (the
# worker died, even by SIGKILL) cancels the run the same way, so no orphan trainer keeps the CPU busy. The same
# reader takes the worker's answers to requests (one JSON object per line); a request waits for its answer in
# short slices, so SIGTERM still interrupts it at once.
# Metric values are always finite numbers: non-finite ones are not emitted (a NaN loss fails the run instead).
from __future__ import annotations

import json
import math
import os
import signal
import stat
import sys
import threading
from contextlib import contextmanager

_out = None  # the real stdout (a dup of fd 1), owned by this module once install() ran
_span = (0.0, 1.0)  # progress of a sub-task is mapped into this part of the whole command


class Cancelled(BaseException):
    """Raised by the SIGTERM handler; BaseException so library `except Exception` blocks do not swallow it."""


def install() -> None:
    """Takes over stdout for events and points fd 1 (and sys.stdout) at stderr for everybody else."""
    global _out
    if _out is not None:
        return
    sys.stdout.flush()
    _out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    mode = os.fstat(0).st_mode if _stdin_open() else 0
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):  # not a terminal or /dev/null, which are never "closed"
        listen(0, _on_stdin_closed)


_reason: str | None = None
_answers: dict[int, dict] = {}  # request id -> the worker's response, until request() takes it
_channel = threading.Condition()
_listening = False  # a reader of the worker's answers is running
_closed = False  # the worker's side of stdin is gone
_next_id = 0


class RequestFailed(RuntimeError):
    """The worker answered a request with an error (e.g. the judge's endpoint kept failing): the run fails with it."""


def _stdin_open() -> bool:
    try:
        os.fstat(0)
        return True
    except OSError:
        return False


def listen(fd: int, on_close) -> None:
    """Reads the worker's JSON lines from `fd` in a daemon thread; `on_close()` runs when the worker closes it."""
    global _listening
    _listening = True
    threading.Thread(target=_read_answers, args=(fd, on_close), name="stdin-watch", daemon=True).start()


def _read_answers(fd: int, on_close) -> None:
    global _closed
    pending = b""
    try:
        while chunk := os.read(fd, 65536):
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                _take_answer(line)
    except OSError:
        pass
    with _channel:
        _closed = True
        _channel.notify_all()
    on_close()


def _take_answer(line: bytes) -> None:
    try:
        msg = json.loads(line)
    except ValueError:
        return  # not an answer: nothing else is ever sent on stdin
    if isinstance(msg, dict) and msg.get("type") == "response" and isinstance(msg.get("id"), int):
        with _channel:
            _answers[msg["id"]] = msg
            _channel.notify_all()


def _on_stdin_closed() -> None:
    global _reason
    _reason = "cancelled: stdin closed (the worker that started this trainer is gone)"
    os.kill(os.getpid(), signal.SIGTERM)


def request(kind: str, **payload) -> dict:
    """Asks the worker and waits for its answer: the response object (without type and id). Raises RequestFailed
    with the worker's message when it answers an error, or when nobody listens or the channel closed."""
    global _next_id
    if _muted or not _listening:
        raise RequestFailed(f"no worker answers '{kind}' requests here (stdin is not the worker's pipe, or not rank 0)")
    with _channel:
        _next_id += 1
        rid = _next_id
    _emit({"type": "request", "id": rid, "kind": kind, **payload})
    with _channel:
        while rid not in _answers:
            if _closed:
                raise RequestFailed(f"the worker closed the channel before answering request {rid} ({kind})")
            _channel.wait(0.25)  # short waits: the SIGTERM handler runs between them
        answer = _answers.pop(rid)
    if "error" in answer:
        raise RequestFailed(str(answer["error"]))
    return {k: v for k, v in answer.items() if k not in ("type", "id")}


def _on_signal(signum, _frame):
    raise Cancelled(_reason or f"cancelled by {signal.Signals(signum).name}")


_muted = False


def mute() -> None:
    """No more events from this process: the other ranks of a torchrun group, whose rank 0 speaks for all."""
    global _muted
    _muted = True


def _emit(event: dict) -> None:
    if _muted:
        return
    line = json.dumps(event, allow_nan=False, ensure_ascii=False)
    stream = _out if _out is not None else sys.stdout  # in-process use (tests) prints to sys.stdout
    stream.write(line + "\n")
    stream.flush()




def progress(fraction: float, phase: str) -> None:
    lo, hi = _span
    f = lo + (hi - lo) * min(max(float(fraction), 0.0), 1.0)
    _emit({"type": "progress", "fraction": round(f, 4), "phase": phase})


@contextmanager
def span(lo: float, hi: float):
    """Maps progress(0..1) of a nested task (e.g. pretraining inside train-rm) onto [lo, hi] of the command."""
    global _span
    outer = _span
    a, b = outer
    _span = (a + (b - a) * lo, a + (b - a) * hi)
    try:
        yield
    finally:
        _span = outer


def metric(step: int, name: str, value: float) -> None:
    """Skips non-finite values (JSON has none; e.g. accuracy on a held-out set of ties only)."""
    value = float(value)
    if math.isfinite(value):
        _emit({"type": "metric", "step": int(step), "name": name, "value": value})


def artefact(kind: str, path: str) -> None:
    _emit({"type": "artefact", "kind": kind, "path": os.path.abspath(path)})


def log(message: str) -> None:
    _emit({"type": "log", "message": str(message)})


def error(message: str) -> None:
    _emit({"type": "error", "message": str(message)})
