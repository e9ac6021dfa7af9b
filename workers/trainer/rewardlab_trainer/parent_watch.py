# Exits the trainer when the worker that started it dies. The worker keeps our stdin open as a pipe
# and never writes to it; if the worker is SIGKILLed the pipe closes, read() returns EOF, and we
# leave at once instead of training on as an orphan nobody listens to. Opt-in through
# REWARDLAB_EXIT_WITH_PARENT=1 (the worker sets it) so runs from a terminal or tests are unaffected.
from __future__ import annotations

import os
import threading


def _watch() -> None:
    # os.read on the raw descriptor, not sys.stdin: a daemon thread blocked inside the buffered
    # reader holds its lock, and interpreter shutdown then aborts with "could not acquire lock".
    try:
        while os.read(0, 1024):
            pass
    except OSError:
        pass
    os._exit(143)  # like SIGTERM's exit code: nobody is left to receive events


def install() -> None:
    if os.environ.get("REWARDLAB_EXIT_WITH_PARENT") == "1":
        threading.Thread(target=_watch, name="parent-watch", daemon=True).start()
