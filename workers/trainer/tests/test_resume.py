# Resumable runs (resume.py): a run asked to stop saves its state and exits 75; the next attempt with the same
# settings continues from that step and ends exactly where an uninterrupted run ends (same weights, same
# losses); a state saved under other settings is ignored; the state is removed when the run finishes.
import json
from pathlib import Path

import pytest
import torch

from conftest import make_config, metrics, parse_events, run_cli, synthetic_pairs

from rewardlab_trainer import protocol, train_rm
from rewardlab_trainer.data import write_pairs
from rewardlab_trainer.models import reward_model_from_folder
from rewardlab_trainer.resume import STATE, Preempted


def config(tmp_path: Path, run: str, steps: int = 10):
    cfg = make_config(tmp_path, synthetic_pairs(96), train={"max_steps": steps, "eval_every": 100, "batch_size": 8},
                      out_dir=str(tmp_path / run))
    cfg.stop_file = str(tmp_path / run / "stop")
    return cfg


def weights(run_dir: Path) -> dict:
    return reward_model_from_folder(run_dir / "checkpoint", 0).state_dict()


def stop_at(monkeypatch, cfg, step: int):
    """Creates the stop file when the loop reports `step`, as the worker does when the time limit is reached."""
    real = protocol.metric

    def metric(s, name, value):
        real(s, name, value)
        if name == "train/loss" and s == step:
            Path(cfg.stop_file).parent.mkdir(parents=True, exist_ok=True)
            Path(cfg.stop_file).write_text("stop")
    monkeypatch.setattr(protocol, "metric", metric)


def test_a_stopped_run_continues_to_the_same_result(tmp_path, monkeypatch, events):
    whole = config(tmp_path, "whole")
    train_rm.run(whole)
    whole_losses = metrics(events(), "train/loss")

    parts = config(tmp_path, "parts")
    stop_at(monkeypatch, parts, 4)
    with pytest.raises(Preempted, match="stopped at step 4"):
        train_rm.run(parts)
    first = events()
    assert metrics(first, "train/loss") == whole_losses[:4]
    assert any(e["type"] == "artefact" and e["kind"] == "resume_state" for e in first)
    assert (Path(parts.out_dir) / "resume" / STATE).exists()

    monkeypatch.undo()
    Path(parts.stop_file).unlink()  # the worker removes the request before it starts the next attempt
    train_rm.run(config(tmp_path, "parts"))  # the next attempt: same settings, a fresh process's config
    second = events()
    assert any(e["type"] == "log" and "resuming from step 4" in e["message"] for e in second)
    assert metrics(second, "train/loss") == pytest.approx(whole_losses[4:], abs=1e-6)
    a, b = weights(Path(whole.out_dir)), weights(Path(parts.out_dir))
    assert all(torch.allclose(a[k], b[k], atol=1e-6) for k in a)
    assert not (Path(parts.out_dir) / "resume").exists()  # removed once the run finished


def test_a_state_saved_under_other_settings_is_ignored(tmp_path, monkeypatch, events):
    cfg = config(tmp_path, "run")
    stop_at(monkeypatch, cfg, 3)
    with pytest.raises(Preempted):
        train_rm.run(cfg)
    events()
    monkeypatch.undo()
    Path(cfg.stop_file).unlink()
    changed = config(tmp_path, "run")
    changed.train.lr = 1e-4
    train_rm.run(changed)
    log = [e["message"] for e in events() if e["type"] == "log"]
    assert any("saved with other settings" in m for m in log) and not any("resuming" in m for m in log)


def test_the_cli_exits_75_with_the_reason(tmp_path):
    write_pairs(synthetic_pairs(64), tmp_path / "pairs.jsonl")
    stop = tmp_path / "stop"
    cfg = {"out_dir": str(tmp_path / "run"), "stop_file": str(stop), "threads": 1,
           "model": {"builtin": "tiny", "init": "random", "max_length": 64}, "data": {"pairs": str(tmp_path / "pairs.jsonl")},
           "train": {"batch_size": 8, "max_steps": 100000, "eval_every": 100000}, "export": {"onnx": False}}
    proc = run_cli("train-rm", cfg, tmp_path)
    for line in proc.stdout:  # once training is under way, ask it to stop as the worker does
        if json.loads(line)["type"] == "metric":
            stop.write_text("stop")
            break
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 75, err[-2000:]
    last = parse_events(out)[-1]
    assert last["type"] == "error" and "resume state saved" in last["message"]
    assert (tmp_path / "run" / "resume" / STATE).exists()
