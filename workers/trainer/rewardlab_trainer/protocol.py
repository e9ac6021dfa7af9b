# The JSON-lines protocol between the trainer and the TypeScript worker that starts it. stdout carries ONLY
# events, one JSON object per line; everything else (library logs, warnings, progress bars, even stray C-level
# prints) is redirected to stderr, so the worker can parse every stdout line. Events:
#   {"type":"progress","fraction":0.3,"phase":"train"}
#   {"type":"metric","step":10,"name":"train/loss","value":0.69}
#   {"type":"artefact","kind":"checkpoint","path":"/abs/path"}
#   {"type":"log","message":"..."}
#   {"type":"error","message":"..."}
# SIGTERM/SIGINT raise Cancelled in the main thread at the next Python bytecode (steps are short), so a
# cancelled job stops within about one training step. When stdin is a pipe from the worker, its closing (the
# worker died, even by SIGKILL) cancels the run the same way, so no orphan trainer keeps the CPU busy.
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
        threading.Thread(target=_watch_stdin, name="stdin-watch", daemon=True).start()


_reason: str | None = None


def _stdin_open() -> bool:
    try:
        os.fstat(0)
        return True
    except OSError:
        return False


def _watch_stdin() -> None:
    global _reason
    try:
        while os.read(0, 4096):
            pass  # the worker never writes; anything it sends is ignored
    except OSError:
        pass
    _reason = "cancelled: stdin closed (the worker that started this trainer is gone)"
    os.kill(os.getpid(), signal.SIGTERM)


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
