# train-rm under torchrun: two CPU processes (gloo) train one model data-parallel. The worker must see one
# trainer: one stream of JSON lines (rank 0's), one checkpoint, one ONNX export (with its parity check), and
# the step count of one rank's share of the batches.
import json
import os
import subprocess
import sys

from conftest import TRAINER_DIR, parse_events, synthetic_pairs
from test_protocol import check_schema

from rewardlab_trainer.data import write_pairs


def torchrun(config: dict, tmp_path, nproc: int = 2) -> subprocess.CompletedProcess:
    (tmp_path / "cfg.json").write_text(json.dumps(config))
    args = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={nproc}",
            "-m", "rewardlab_trainer", "train-rm", "--config", str(tmp_path / "cfg.json")]
    env = {**os.environ, "PYTHONPATH": str(TRAINER_DIR)}
    return subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)


def test_two_processes_train_one_model_and_speak_once(tmp_path):
    write_pairs(synthetic_pairs(96), tmp_path / "pairs.jsonl")  # 72 train pairs: 9 batches of 8, 4 per rank
    config = {"out_dir": str(tmp_path / "run"), "model": {"builtin": "tiny", "init": "random", "max_length": 64},
              "data": {"pairs": str(tmp_path / "pairs.jsonl")},
              "train": {"batch_size": 8, "epochs": 1.0, "eval_every": 1000, "lr": 3e-3},
              "export": {"parity_pairs": 8}}
    proc = torchrun(config, tmp_path)
    assert proc.returncode == 0, proc.stderr[-4000:]
    events = parse_events(proc.stdout)  # rank 1 printed nothing: every line is one JSON event
    check_schema(events)
    assert "error" not in {e["type"] for e in events}
    assert len([e for e in events if e["type"] == "metric" and e["name"] == "train/loss"]) == 4
    kinds = [e["kind"] for e in events if e["type"] == "artefact"]
    assert kinds == ["reward_histogram", "checkpoint", "onnx_model"]
    assert any("x 2 processes" in e["message"] for e in events if e["type"] == "log")
    tokens = [e["value"] for e in events if e["type"] == "metric" and e["name"] == "train_tokens"]
    assert len(tokens) == 1 and tokens[0] > 0
    fractions = [e["fraction"] for e in events if e["type"] == "progress"]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
