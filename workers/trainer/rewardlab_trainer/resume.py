# Resumable training. A loop saves its whole state (weights, optimizer, step, random-number state, where it
# is in the epoch) under its resume folder every `resume_every_seconds`, and when the worker asks it to stop
# (the job's time limit or the worker's shutdown: the config's stop_file appears); the next attempt of the same
# job finds the state and continues from that step. Why: a job may run for days, one attempt at most 24 h
# (pg-boss), and a worker may be restarted; nothing should make a long run start over. A state written under
# other settings is never reused (a fingerprint of the config guards it), and it is removed once the run ends.
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import torch

from . import distributed, protocol
from .config import Config, config_to_dict

STATE = "state.pt"
# Settings that may change between attempts without changing what is trained.
_VOLATILE = {"stop_file", "resume_every_seconds", "device", "threads"}


class Preempted(BaseException):
    """Raised after the state was saved because the worker asked the run to stop: the next attempt continues."""

    def __init__(self, step: int):
        super().__init__(f"stopped at step {step} to continue in the next attempt (resume state saved)")
        self.step = step


def fingerprint(cfg: Config) -> str:
    settings = {k: v for k, v in config_to_dict(cfg).items() if k not in _VOLATILE}
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()[:16]


class Resumer:
    def __init__(self, cfg: Config, folder: Path, world: distributed.World, device: torch.device):
        self.cfg, self.folder, self.world, self.device = cfg, folder, world, device
        self.every = cfg.resume_every_seconds
        self.last_save = time.monotonic()
        self.key = fingerprint(cfg)  # the worker removes a stale stop file before it starts an attempt

    def load(self) -> dict | None:
        """The saved state of an earlier attempt with the same settings, or None."""
        path = self.folder / STATE
        if not path.exists():
            return None
        state = torch.load(path, map_location="cpu", weights_only=False)
        if state.get("fingerprint") != self.key:
            protocol.log(f"ignoring the resume state in {self.folder}: it was saved with other settings")
            return None
        protocol.log(f"resuming from step {state['step']} (state saved by an earlier attempt)")
        return state

    def stop_requested(self) -> bool:
        """Whether the worker asked to stop; every rank agrees on the same step (one tiny all-reduce)."""
        asked = bool(self.cfg.stop_file) and os.path.exists(self.cfg.stop_file)
        return distributed.total(float(asked), self.world, self.device) > 0

    def due(self) -> bool:
        return self.every > 0 and time.monotonic() - self.last_save >= self.every

    def save(self, state: dict) -> None:
        """Rank 0 writes the state atomically (a half-written file must never be loaded); the others wait."""
        if self.world.main:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f"{STATE}.tmp-{os.getpid()}"
            torch.save({**state, "fingerprint": self.key}, tmp)
            tmp.replace(self.folder / STATE)
            protocol.artefact("resume_state", str(self.folder / STATE))
            protocol.log(f"resume state saved at step {state['step']}")
        distributed.barrier(self.world)
        self.last_save = time.monotonic()

    def checkpoint(self, step: int, make_state) -> None:
        """Per step: save when due; when the worker asked to stop, save and raise Preempted."""
        stop = self.stop_requested()
        if stop or self.due():
            self.save(make_state())
        if stop:
            raise Preempted(step)

    def clear(self) -> None:
        if self.world.main:
            shutil.rmtree(self.folder, ignore_errors=True)


def rng_state() -> dict:
    return {"torch": torch.get_rng_state(), "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None}


def set_rng_state(state: dict) -> None:
    torch.set_rng_state(state["torch"])
    if state.get("cuda") is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])
