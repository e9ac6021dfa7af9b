# train-rm and sft under torchrun: two CPU processes (gloo) train one model data-parallel. The worker must see
# one trainer: one stream of JSON lines (rank 0's), one checkpoint, one ONNX export (with its parity check), and
# the step count of one rank's share of the batches. SFT splits each step's batch over the ranks, so with equal
# response lengths its losses equal one process's on the whole batch. PPO splits each rollout batch over the
# ranks and reports every metric once per iteration, averaged over them.
import json
import os
import subprocess
import sys

from conftest import TRAINER_DIR, parse_events, synthetic_pairs
from test_protocol import check_schema

import pytest

from rewardlab_trainer.config import _builtin_sizes
from rewardlab_trainer.data import write_pairs
from rewardlab_trainer.models import builtin_lm, random_builtin_reward_model, save_reward_model
from rewardlab_trainer.tokenizer import build_gpt2_tokenizer, save_tokenizer


def torchrun(config: dict, tmp_path, nproc: int = 2, command: str = "train-rm") -> subprocess.CompletedProcess:
    (tmp_path / "cfg.json").write_text(json.dumps(config))
    args = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={nproc}",
            "-m", "rewardlab_trainer", command, "--config", str(tmp_path / "cfg.json")]
    env = {**os.environ, "PYTHONPATH": str(TRAINER_DIR)}
    return subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)


def test_two_processes_train_one_model_and_speak_once(tmp_path):
    write_pairs(synthetic_pairs(96), tmp_path / "pairs.jsonl")  # 72 train pairs: 9 batches of 8, 4 per rank
    config = {"out_dir": str(tmp_path / "run"), "model": {"builtin": "tiny", "init": "random", "max_length": 64},
              "data": {"pairs": str(tmp_path / "pairs.jsonl")},
              "train": {"batch_size": 8, "epochs": 1.0, "eval_every": 1000, "lr": 3e-3},
              # the legacy exporter: rank 0 alone exports the saved checkpoint, whichever exporter (the default
              # one, ~8 s slower, is test_protocol.py's and test_onnx.py's)
              "export": {"parity_pairs": 8, "exporter": "torchscript"}}
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


def sft_setup(tmp_path) -> dict:
    tok = build_gpt2_tokenizer()
    lm = builtin_lm(_builtin_sizes()["tiny"], len(tok), tok.eos_token_id)
    lm.config.resid_pdrop = lm.config.embd_pdrop = lm.config.attn_pdrop = 0.0  # no dropout: the two runs draw no noise
    lm.save_pretrained(str(tmp_path / "policy")), save_tokenizer(tok, tmp_path / "policy")
    questions = ["Can you help me bake bread?", "What is a river?", "How do I fix a bike?", "Tell me about stars.", "Why is the sky blue?"]
    rows = [{"prompt": f"\n\nHuman: {q}\n\nAssistant:", "response": " Gladly, here is how.", "split": "eval" if i == 4 else "train"}
            for i, q in enumerate(questions)]
    (tmp_path / "sft.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return {"model": {"path": str(tmp_path / "policy")}, "threads": 1, "generate": {"max_new_tokens": 4},
            "sft": {"data": str(tmp_path / "sft.jsonl"), "batch_size": 4, "max_steps": 3, "eval_every": 3, "samples": 1, "lr": 3e-3}}


def test_sft_under_two_processes_equals_one_process(tmp_path):
    config = sft_setup(tmp_path)
    two = torchrun({**config, "out_dir": str(tmp_path / "two")}, tmp_path, command="sft")
    assert two.returncode == 0, two.stderr[-4000:]
    events = parse_events(two.stdout)
    check_schema(events)
    assert [e["kind"] for e in events if e["type"] == "artefact"] == ["samples", "policy"]
    assert any("x 2 processes" in e["message"] for e in events if e["type"] == "log")
    (tmp_path / "cfg1.json").write_text(json.dumps({**config, "out_dir": str(tmp_path / "one")}))
    one = subprocess.run([sys.executable, "-m", "rewardlab_trainer", "sft", "--config", str(tmp_path / "cfg1.json")], cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(TRAINER_DIR)}, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert one.returncode == 0, one.stderr[-4000:]
    loss = lambda evs: [e["value"] for e in evs if e["type"] == "metric" and e["name"] == "train/loss"]  # noqa: E731
    assert len(loss(events)) == 3
    assert loss(events) == pytest.approx(loss(parse_events(one.stdout)), rel=1e-4)


def test_ppo_under_two_processes_reports_once_per_iteration(tmp_path):
    config = sft_setup(tmp_path)
    tok = build_gpt2_tokenizer()
    rm = random_builtin_reward_model(_builtin_sizes()["tiny"], len(tok), tok.eos_token_id)
    save_reward_model(rm, tmp_path / "rm", {"max_length": 64, "truncation_side": "left"}), save_tokenizer(tok, tmp_path / "rm")
    prompts = [json.loads(x) for x in (tmp_path / "sft.jsonl").read_text().splitlines()]
    (tmp_path / "prompts.jsonl").write_text("".join(json.dumps({"id": f"p{i}", "prompt": r["prompt"], "split": r["split"]}) + "\n"
                                                    for i, r in enumerate(prompts)))
    proc = torchrun({"out_dir": str(tmp_path / "ppo"), "model": config["model"], "threads": 1,
                     "generate": {"max_new_tokens": 4, "max_prompt_tokens": 32},
                     "ppo": {"prompts": str(tmp_path / "prompts.jsonl"), "reward_model": str(tmp_path / "rm"), "total_steps": 2,
                             "rollout_batch_size": 4, "mini_batches": 2, "ppo_epochs": 1, "eval_every": 2, "eval_prompts": 1}},
                    tmp_path, command="ppo")
    assert proc.returncode == 0, proc.stderr[-4000:]
    events = parse_events(proc.stdout)
    check_schema(events)
    assert [e["kind"] for e in events if e["type"] == "artefact"] == ["samples", "samples", "policy"]  # steps 0 and 2
    assert any("x 2 processes" in e["message"] for e in events if e["type"] == "log")
    steps = [e["step"] for e in events if e["type"] == "metric" and e["name"] == "objective/kl"]
    assert steps == [1, 2]
    eos = [e["value"] for e in events if e["type"] == "metric" and e["name"] == "val/num_eos_tokens"]
    assert all(0 <= v <= 4 and v == int(v) for v in eos)  # a count over all 4 rollouts of both ranks
