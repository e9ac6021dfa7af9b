# Shared helpers for the trainer tests: a separable synthetic preference set, config building, running a
# command in-process (events captured from stdout) or as a real subprocess (the worker's view).
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

TRAINER_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TRAINER_DIR))

from rewardlab_trainer.config import Config, _build  # noqa: E402
from rewardlab_trainer.data import Pair, write_pairs  # noqa: E402

WORDS = ("river stone garden window paper music winter market yellow silver answer travel kitchen "
         "morning letter simple quiet bright orange forest mountain little table cloud").split()
MARKER = "gladly"


def synthetic_pairs(n: int, seed: int = 0, eval_fraction: float = 0.25) -> list[Pair]:
    """Chosen answers contain the marker word somewhere, rejected ones never: separable by one token."""
    rng = random.Random(seed)
    pairs = []
    for i in range(n):
        prompt = f"\n\nHuman: tell me about the {rng.choice(WORDS)} {rng.choice(WORDS)}\n\nAssistant:"
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 10))]
        chosen = words[:]
        chosen.insert(rng.randint(0, len(chosen)), MARKER)
        rejected = [rng.choice(WORDS) for _ in range(rng.randint(4, 10))]
        split = "eval" if i < n * eval_fraction else "train"
        pairs.append(Pair(prompt, " " + " ".join(chosen), " " + " ".join(rejected), 1.0, "HUMAN", split))
    return pairs


def make_config(tmp_path: Path, pairs: list[Pair] | None = None, **sections) -> Config:
    """A fast tiny-model config: random init, short sequences, no ONNX unless asked."""
    raw = {
        "out_dir": str(tmp_path / "run"),
        "threads": 2,
        "model": {"builtin": "tiny", "init": "random", "max_length": 64},
        "train": {"batch_size": 16, "max_steps": 4, "eval_every": 2, "warmup_steps": 2},
        "export": {"onnx": False},
        "pretrain": {"cache_dir": str(tmp_path / "cache")},
    }
    if pairs is not None:
        path = tmp_path / "pairs.jsonl"
        write_pairs(pairs, path)
        raw["data"] = {"pairs": str(path)}
    for key, value in sections.items():
        raw[key] = {**raw.get(key, {}), **value} if isinstance(value, dict) else value
    return _build(Config, raw)


def parse_events(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def metrics(events: list[dict], name: str) -> list[float]:
    return [e["value"] for e in events if e["type"] == "metric" and e["name"] == name]


def run_cli(command: str, config: dict | None, tmp_path: Path, **popen) -> subprocess.Popen:
    """The trainer as the worker starts it: `python -m rewardlab_trainer <command> --config file`."""
    args = [sys.executable, "-m", "rewardlab_trainer", command]
    if config is not None:
        path = tmp_path / f"{command}-config.json"
        path.write_text(json.dumps(config))
        args += ["--config", str(path)]
    env = {**os.environ, "PYTHONPATH": str(TRAINER_DIR)}
    popen.setdefault("stdin", subprocess.DEVNULL)  # not a pipe: the trainer then ignores stdin
    return subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **popen)


@pytest.fixture
def events(capsys):
    """Returns a function giving the events printed so far by in-process commands."""
    return lambda: parse_events(capsys.readouterr().out)
