# The policy commands end to end on tiny random models (CPU, seconds): `sft` fine-tunes on response tokens and
# saves a plain HF folder; `baselines` writes k scored samples per train prompt; `ppo` runs plain and contrastive
# iterations, streams TRL's metric names, writes evaluation samples and the trained policy; a stopped PPO run
# continues from its saved state to the same result.
import json
from pathlib import Path

import pytest
import torch

from conftest import make_config, metrics

from rewardlab_trainer import baselines, ppo, protocol, sft
from rewardlab_trainer.config import _builtin_sizes
from rewardlab_trainer.policy import load_policy
from rewardlab_trainer.models import builtin_lm, random_builtin_reward_model, save_reward_model
from rewardlab_trainer.resume import Preempted
from rewardlab_trainer.tokenizer import build_gpt2_tokenizer, save_tokenizer

QUESTIONS = ["Can you help me bake bread?", "What is a river?", "How do I fix a bike?", "Tell me about stars.",
             "Why is the sky blue?", "What should I cook tonight?"]


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """A tiny random policy folder and a tiny random reward-model checkpoint, both with the GPT-2 tokenizer."""
    root = tmp_path_factory.mktemp("models")
    tok = build_gpt2_tokenizer()
    size = _builtin_sizes()["tiny"]
    lm = builtin_lm(size, len(tok), tok.eos_token_id)
    lm.save_pretrained(str(root / "policy")), save_tokenizer(tok, root / "policy")
    rm = random_builtin_reward_model(size, len(tok), tok.eos_token_id)
    save_reward_model(rm, root / "rm", {"max_length": 64, "truncation_side": "left"}), save_tokenizer(tok, root / "rm")
    return root


def prompts_file(tmp_path: Path) -> Path:
    path = tmp_path / "prompts.jsonl"
    path.write_text("".join(json.dumps({"id": f"p{i}", "prompt": f"\n\nHuman: {q}\n\nAssistant:", "split": "eval" if i >= 4 else "train"}) + "\n"
                            for i, q in enumerate(QUESTIONS)))
    return path


def ppo_config(tmp_path: Path, models: Path, run: str, **ppo_settings):
    return make_config(tmp_path, out_dir=str(tmp_path / run), model={"path": str(models / "policy")},
                       generate={"max_new_tokens": 6, "max_prompt_tokens": 32, "batch_size": 8},
                       ppo={"prompts": str(prompts_file(tmp_path)), "reward_model": str(models / "rm"), "total_steps": 2,
                            "rollout_batch_size": 4, "mini_batches": 2, "ppo_epochs": 2, "eval_every": 2, "eval_prompts": 2, **ppo_settings})


def test_sft_trains_on_responses_and_saves_a_policy_folder(tmp_path, models, events):
    data = tmp_path / "sft.jsonl"
    rows = [{"prompt": f"\n\nHuman: {q}\n\nAssistant:", "response": " Gladly, here is how.", "split": "eval" if i >= 4 else "train"}
            for i, q in enumerate(QUESTIONS)]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    cfg = make_config(tmp_path, out_dir=str(tmp_path / "sft"), model={"path": str(models / "policy")},
                      sft={"data": str(data), "batch_size": 2, "max_steps": 6, "eval_every": 3, "samples": 2, "lr": 3e-3, "max_length": 64},
                      generate={"max_new_tokens": 5})
    sft.run(cfg)
    ev = events()
    losses = metrics(ev, "train/loss")
    assert len(losses) == 6 and losses[-1] < losses[0]  # it learns the one response
    assert len(metrics(ev, "eval/loss")) == 2 and all(x > 1 for x in metrics(ev, "eval/perplexity"))
    kinds = [e["kind"] for e in ev if e["type"] == "artefact"]
    assert kinds == ["samples", "samples", "policy"]
    assert (tmp_path / "sft" / "policy" / "config.json").exists() and (tmp_path / "sft" / "policy" / "tokenizer.json").exists()
    samples = json.loads((tmp_path / "sft" / "samples" / "step-000006.json").read_text())["samples"]
    assert [s["reference"] for s in samples] == [" Gladly, here is how."] * 2


def test_sft_with_lora_trains_adapters_and_saves_a_merged_plain_folder(tmp_path, models, events):
    data = tmp_path / "sft.jsonl"
    data.write_text("".join(json.dumps({"prompt": f"\n\nHuman: {q}\n\nAssistant:", "response": " Sure."}) + "\n" for q in QUESTIONS))
    cfg = make_config(tmp_path, out_dir=str(tmp_path / "lora"), model={"path": str(models / "policy"), "lora": {"enabled": True, "r": 4}},
                      sft={"data": str(data), "batch_size": 3, "max_steps": 8, "eval_every": 100, "samples": 0, "lr": 5e-2, "max_length": 64,
                           "warmup_steps": 0})
    sft.run(cfg)
    assert len(metrics(events(), "train/loss")) == 8
    folder = tmp_path / "lora" / "policy"
    assert not (folder / "adapter_config.json").exists()  # merged: a plain folder later runs load as-is
    base, tuned = load_policy(models / "policy"), load_policy(folder)
    examples = sft.encode(build_gpt2_tokenizer(), sft.read_examples(data), 64)
    loss = lambda m: sft.evaluate(m, examples, cfg, 0, torch.device("cpu"))  # noqa: E731
    assert loss(tuned) < loss(base) - 0.1  # the merged adapters learned the response
    assert set(base.state_dict()) == set(tuned.state_dict())
    changed = [k for k, v in tuned.state_dict().items() if not torch.equal(v, base.state_dict()[k])]
    assert changed and all("attn" in k for k in changed)  # only the adapted layers (c_attn by default) moved


def test_baselines_then_contrastive_ppo(tmp_path, models, events):
    cfg = make_config(tmp_path, out_dir=str(tmp_path / "base"), model={"path": str(models / "policy")},
                      generate={"max_new_tokens": 6, "max_prompt_tokens": 32, "batch_size": 8},
                      baselines={"prompts": str(prompts_file(tmp_path)), "reward_model": str(models / "rm"), "k": 3})
    baselines.run(cfg)
    rows = [json.loads(x) for x in (tmp_path / "base" / "baselines.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["p0", "p1", "p2", "p3"]  # the train split only
    assert all(len(r["scores"]) == len(r["responses"]) == 3 for r in rows)
    events()

    ppo.run(ppo_config(tmp_path, models, "ppo-c", reward_mode="contrastive", baselines=str(tmp_path / "base" / "baselines.jsonl")))
    ev = events()
    names = {e["name"] for e in ev if e["type"] == "metric"}
    assert {"objective/kl", "objective/entropy", "objective/scores", "objective/rlhf_reward", "objective/non_score_reward",
            "policy/approxkl_avg", "policy/clipfrac_avg", "loss/policy_avg", "loss/value_avg", "val/clipfrac_avg", "val/ratio",
            "val/num_eos_tokens", "objective/baseline", "objective/response_length", "time/generate", "time/score",
            "time/reference", "time/update", "eval/scores"} <= names
    baseline = metrics(ev, "objective/baseline")
    assert len(baseline) == 2 and all(b != 0 for b in baseline)
    assert metrics(ev, "objective/kl")[0] == pytest.approx(0, abs=1e-6)  # the first rollout comes from pi_ref itself
    assert [e["step"] for e in ev if e["type"] == "metric" and e["name"] == "eval/scores"] == [0, 2]  # 0: the SFT policy itself
    samples = json.loads((tmp_path / "ppo-c" / "samples" / "step-000002.json").read_text())["samples"]
    assert len(samples) == 2 and all(isinstance(s["score"], float) for s in samples)
    assert (tmp_path / "ppo-c" / "policy" / "config.json").exists()


def test_contrastive_ppo_refuses_prompts_without_baselines(tmp_path, models):
    missing = tmp_path / "partial.jsonl"
    missing.write_text(json.dumps({"id": "p0", "scores": [0.1]}) + "\n")
    with pytest.raises(ValueError, match="3 train prompts have no baselines"):
        ppo.run(ppo_config(tmp_path, models, "ppo-x", reward_mode="contrastive", baselines=str(missing)))


def test_a_stopped_ppo_run_continues_to_the_same_result(tmp_path, models, events, monkeypatch):
    ppo.run(ppo_config(tmp_path, models, "whole", total_steps=3, eval_every=10))
    whole = metrics(events(), "objective/scores")
    cfg = ppo_config(tmp_path, models, "parts", total_steps=3, eval_every=10)
    cfg.stop_file = str(tmp_path / "stop")
    real = protocol.metric

    def metric(step, name, value):
        real(step, name, value)
        if name == "objective/kl_coef" and step == 1:
            Path(cfg.stop_file).write_text("stop")
    monkeypatch.setattr(protocol, "metric", metric)
    with pytest.raises(Preempted):
        ppo.run(cfg)
    first = metrics(events(), "objective/scores")
    monkeypatch.undo()
    Path(cfg.stop_file).unlink()
    ppo.run(cfg)
    second = metrics(events(), "objective/scores")
    assert first + second == pytest.approx(whole, abs=1e-5)
