# Reward-model training in-process on small data: a separable synthetic set must be learnt clearly above
# chance; soft labels, tie modes, hard-label mode and LoRA must run; checkpoints must reload to the same scores.
import json
import math

from conftest import make_config, metrics, synthetic_pairs

from rewardlab_trainer import score, train_rm
from rewardlab_trainer.data import Pair, read_pairs, split_pairs


def test_tiny_model_learns_separable_pairs(tmp_path, events):
    # 300 train / 100 held-out pairs; chosen answers contain a marker word. Chance is 0.5.
    cfg = make_config(tmp_path, synthetic_pairs(400), train={"max_steps": 40, "lr": 3e-3, "eval_every": 20})
    train_rm.run(cfg)
    ev = events()
    accs = metrics(ev, "eval/accuracy")
    assert len(accs) == 2 and accs[-1] >= 0.9, accs
    assert metrics(ev, "eval/loss")[-1] < 0.4  # well below log 2 = 0.693 (chance)
    assert 0.0 <= metrics(ev, "eval/ece")[-1] <= 1.0
    for name in ("loss", "accuracy", "rewards/chosen", "rewards/rejected", "rewards/margins", "learning_rate",
                 "tokens_per_second"):
        assert len(metrics(ev, f"train/{name}")) == 40, name
    assert all(v > 0 for v in metrics(ev, "train/tokens_per_second"))
    hist = [e for e in ev if e["type"] == "artefact" and e["kind"] == "reward_histogram"]
    data = json.loads(open(hist[-1]["path"]).read())
    assert sum(data["chosen"]["counts"]) == sum(data["rejected"]["counts"]) == 100
    assert [e["kind"] for e in ev if e["type"] == "artefact"][-1] == "checkpoint"


def soft_and_tie_pairs() -> list[Pair]:
    pairs = synthetic_pairs(96)
    for i, p in enumerate(pairs):
        if p.split == "train":
            p.source, p.label = "AI", [0.9, 0.7, 0.5, 0.3][i % 4]  # AI probabilities, every 4th a tie
    return pairs


def test_soft_labels_and_ties_half(tmp_path, events):
    cfg = make_config(tmp_path, soft_and_tie_pairs(), data={"ties": "half"})
    train, held_out = split_pairs(read_pairs(cfg.data.pairs), cfg.data)
    assert len(train) == 72 and {p.label for p in train} == {0.9, 0.7, 0.5, 0.3}
    train_rm.run(cfg)
    losses = metrics(events(), "train/loss")
    assert len(losses) == 4 and all(math.isfinite(x) for x in losses)


def test_ties_dropped_and_hard_mode(tmp_path, events):
    cfg = make_config(tmp_path, soft_and_tie_pairs(), data={"ties": "drop", "label_mode": "hard"})
    train, _ = split_pairs(read_pairs(cfg.data.pairs), cfg.data)
    assert len(train) == 54 and {p.label for p in train} == {1.0, 0.0}  # 72 - 18 ties, binarised
    train_rm.run(cfg)
    assert len(metrics(events(), "train/loss")) == 4


def test_lora_checkpoint_reloads_to_the_same_scores(tmp_path, events):
    cfg = make_config(tmp_path, synthetic_pairs(64), model={"lora": {"enabled": True, "r": 4, "alpha": 8}},
                      train={"save_every": 2})
    train_rm.run(cfg)
    ev = events()
    saved = [e["path"].split("/")[-1] for e in ev if e["type"] == "artefact" and e["kind"] == "checkpoint"]
    assert saved == ["checkpoint-2", "checkpoint"]
    last_eval = metrics(ev, "eval/accuracy")[-1]
    cfg.score.model_dir, cfg.score.pairs = str(tmp_path / "run" / "checkpoint"), cfg.data.pairs
    cfg.score.out = str(tmp_path / "scores.jsonl")
    score.run(cfg)
    rows = [json.loads(line) for line in open(cfg.score.out)]
    assert len(rows) == 64 and set(rows[0]) == {"index", "reward_chosen", "reward_rejected", "p_chosen"}
    held_out = [r for r, p in zip(rows, read_pairs(cfg.data.pairs), strict=True) if p.split == "eval"]
    acc = sum(r["reward_chosen"] > r["reward_rejected"] for r in held_out) / len(held_out)
    assert acc == last_eval  # the reloaded (LoRA-merged) checkpoint scores exactly as the trained model


def test_same_seed_same_run(tmp_path, events):
    def losses(seed):
        cfg = make_config(tmp_path, synthetic_pairs(64), seed=seed)
        train_rm.run(cfg)
        return metrics(events(), "train/loss")

    first = losses(5)
    assert losses(5) == first and losses(6) != first


def test_token_budget_epoch_has_as_many_steps_as_budgeted_batches(tmp_path, events):
    import random

    from rewardlab_trainer.data import bucketed_batches, encode_pairs
    from rewardlab_trainer.tokenizer import load_tokenizer

    cfg = make_config(tmp_path, synthetic_pairs(96), train={"max_steps": 0, "epochs": 1.0, "batch_size": 64,
                                                            "token_budget": 1024, "eval_every": 1000})
    train, _ = split_pairs(read_pairs(cfg.data.pairs), cfg.data)
    encoded = encode_pairs(train, load_tokenizer(None, "left"), cfg.model.max_length)
    expected = bucketed_batches(encoded, 64, cfg.data.bucket_chunk, random.Random(cfg.seed), 1024)
    assert 1 < len(expected) < len(train)  # the budget, not batch_size, cuts these batches
    train_rm.run(cfg)
    ev = events()
    assert len(metrics(ev, "train/loss")) == len(expected)
    assert metrics(ev, "train/epoch")[-1] == 1.0
