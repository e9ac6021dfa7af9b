# The trainer as the worker sees it: a child process whose stdout is JSON lines only, exit 0 on success,
# an error event and a non-zero exit on failure, and a prompt stop on SIGTERM.
import json
import signal
import subprocess

import pytest

from conftest import parse_events, run_cli, synthetic_pairs

from rewardlab_trainer.data import write_pairs

EVENT_KEYS = {
    "progress": {"type", "fraction", "phase"},
    "metric": {"type", "step", "name", "value"},
    "artefact": {"type", "kind", "path"},
    "log": {"type", "message"},
    "error": {"type", "message"},
}


def job_config(tmp_path, **train):
    write_pairs(synthetic_pairs(64), tmp_path / "pairs.jsonl")
    return {"out_dir": str(tmp_path / "run"), "model": {"builtin": "tiny", "init": "random", "max_length": 64},
            "data": {"pairs": str(tmp_path / "pairs.jsonl")},
            "train": {"batch_size": 8, "max_steps": 4, "eval_every": 2, **train},
            "export": {"parity_pairs": 8}}


def check_schema(events):
    for e in events:
        assert set(e) == EVENT_KEYS[e["type"]], e
        if e["type"] == "progress":
            assert 0.0 <= e["fraction"] <= 1.0 and isinstance(e["phase"], str)
        if e["type"] == "metric":
            assert isinstance(e["step"], int) and isinstance(e["name"], str)
            assert e["value"] is None or isinstance(e["value"], (int, float))


def test_full_train_rm_run_speaks_json_lines(tmp_path):
    proc = run_cli("train-rm", job_config(tmp_path), tmp_path)
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err[-3000:]
    events = parse_events(out)  # every stdout line must be JSON
    check_schema(events)
    types = {e["type"] for e in events}
    assert {"progress", "metric", "artefact", "log"} <= types and "error" not in types
    kinds = [e["kind"] for e in events if e["type"] == "artefact"]
    assert kinds == ["reward_histogram", "reward_histogram", "checkpoint", "onnx_model"]
    fractions = [e["fraction"] for e in events if e["type"] == "progress"]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    names = {e["name"] for e in events if e["type"] == "metric"}
    assert {"train/loss", "train/tokens_per_second", "eval/accuracy", "eval/ece", "export/parity_max_abs_diff"} <= names
    assert json.loads((tmp_path / "run" / "onnx" / "rewardlab-rm.json").read_text())["max_length"] == 64
    assert "Optimize the ONNX graph" in err  # library chatter went to stderr, not stdout


def test_bad_config_gives_error_event_and_exit_2(tmp_path):
    proc = run_cli("train-rm", {"train": {"learning_rat": 1e-3}}, tmp_path)
    out, _ = proc.communicate(timeout=120)
    events = parse_events(out)
    assert proc.returncode == 2 and events[-1]["type"] == "error" and "learning_rat" in events[-1]["message"]


def test_failure_gives_error_event_and_exit_1(tmp_path):
    cfg = job_config(tmp_path)
    cfg["data"]["pairs"] = str(tmp_path / "missing.jsonl")
    proc = run_cli("train-rm", cfg, tmp_path)
    out, err = proc.communicate(timeout=120)
    events = parse_events(out)
    check_schema(events)
    assert proc.returncode == 1 and events[-1]["type"] == "error" and "missing.jsonl" in events[-1]["message"]
    assert "Traceback" in err  # the details for the operator, on stderr


@pytest.mark.parametrize("how", ["sigterm", "stdin-closed"])
def test_cancellation_is_prompt(tmp_path, how):
    # the worker cancels with SIGTERM; if the worker itself dies, the stdin pipe it held closes
    proc = run_cli("train-rm", job_config(tmp_path, max_steps=100000, eval_every=100000), tmp_path,
                   stdin=subprocess.PIPE)
    for line in proc.stdout:  # wait until training is under way
        if json.loads(line)["type"] == "metric":
            break
    if how == "sigterm":
        proc.send_signal(signal.SIGTERM)
    else:
        proc.stdin.close()
    out = proc.stdout.read()
    proc.wait(timeout=120)  # a liveness bound only: the assertions are on how it stopped, never how fast
    last = parse_events(out)[-1]
    assert proc.returncode == 143 and last["type"] == "error"
    assert last["message"] == ("cancelled by SIGTERM" if how == "sigterm" else
                               "cancelled: stdin closed (the worker that started this trainer is gone)")


def test_flat_dotted_config_keys(tmp_path):
    cfg = job_config(tmp_path)
    flat = {"out_dir": cfg["out_dir"], "data.pairs": cfg["data"]["pairs"], "model.builtin": "tiny",
            "model.init": "random", "model.max_length": 32, "train.max_steps": 1, "export.onnx": False}
    proc = run_cli("train-rm", flat, tmp_path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-2000:]
    assert any(e["type"] == "artefact" and e["kind"] == "checkpoint" for e in parse_events(out))
