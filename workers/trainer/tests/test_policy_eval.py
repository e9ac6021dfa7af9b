# The `policy-eval` command on tiny random models: every policy completes the same eval prompts (train prompts are
# skipped) from the same seed, so one policy listed twice writes the same completions; the held-out RM scores them.
import json

import pytest
import torch

from conftest import make_config

from rewardlab_trainer import policy_eval
from rewardlab_trainer.config import _builtin_sizes
from rewardlab_trainer.models import builtin_lm, random_builtin_reward_model, save_reward_model
from rewardlab_trainer.tokenizer import build_gpt2_tokenizer, save_tokenizer


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    tok = build_gpt2_tokenizer()
    size = _builtin_sizes()["tiny"]
    for name, seed in (("a", 1), ("b", 2)):
        torch.manual_seed(seed)
        builtin_lm(size, len(tok), tok.eos_token_id).save_pretrained(str(root / name))
        save_tokenizer(tok, root / name)
    save_reward_model(random_builtin_reward_model(size, len(tok), tok.eos_token_id), root / "rm", {"max_length": 64})
    save_tokenizer(tok, root / "rm")
    return root


def run_eval(tmp_path, models, policies, **settings):
    prompts = tmp_path / "prompts.jsonl"
    rows = [{"id": f"p{i}", "prompt": f"\n\nHuman: question {i}?\n\nAssistant:", "split": "eval" if i % 2 else "train"} for i in range(6)]
    prompts.write_text("".join(json.dumps(r) + "\n" for r in rows))
    listed = tmp_path / "policies.json"
    listed.write_text(json.dumps([{"id": pid, "path": str(models / folder)} for pid, folder in policies]))
    cfg = make_config(tmp_path, out_dir=str(tmp_path / "eval"), generate={"max_new_tokens": 6, "max_prompt_tokens": 32, "batch_size": 2},
                      policy_eval={"policies": str(listed), "prompts": str(prompts), **settings})
    policy_eval.run(cfg)
    return [json.loads(x) for x in (tmp_path / "eval" / "generations.jsonl").read_text().splitlines()]


def test_every_policy_completes_the_eval_prompts_from_the_same_seed(tmp_path, models, events):
    rows = run_eval(tmp_path, models, [("x", "a"), ("x-again", "a"), ("y", "b")], reward_model=str(models / "rm"))
    assert [(r["policy"], r["id"]) for r in rows] == [(p, f"p{i}") for p in ("x", "x-again", "y") for i in (1, 3, 5)]
    by = {(r["policy"], r["id"]): r for r in rows}
    for i in (1, 3, 5):  # the same weights and seed: the same text, tokens and score
        assert {k: v for k, v in by[("x", f"p{i}")].items() if k != "policy"} == {k: v for k, v in by[("x-again", f"p{i}")].items() if k != "policy"}
    assert any(by[("x", f"p{i}")]["completion"] != by[("y", f"p{i}")]["completion"] for i in (1, 3, 5))
    assert all(isinstance(r["score"], float) and 1 <= r["tokens"] <= 6 for r in rows)
    ev = events()
    assert [e["kind"] for e in ev if e["type"] == "artefact"] == ["generations"]


def test_without_a_reward_model_scores_are_null_and_no_eval_prompts_is_an_error(tmp_path, models, events):
    rows = run_eval(tmp_path, models, [("x", "a")])
    assert len(rows) == 3 and all(r["score"] is None for r in rows)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "prompts.jsonl").write_text(json.dumps({"id": "t", "prompt": "hi", "split": "train"}) + "\n")
    (bad / "policies.json").write_text(json.dumps([{"id": "x", "path": str(models / "a")}]))
    cfg = make_config(bad, out_dir=str(bad / "o"), policy_eval={"policies": str(bad / "policies.json"), "prompts": str(bad / "prompts.jsonl")})
    with pytest.raises(ValueError, match="no eval prompts"):
        policy_eval.run(cfg)
