# `pretrain`: the built-in GPT trained from scratch on shipped text, saved as a plain HF folder, cached by
# config hash and reused; `train-rm` then loads it like a user's folder.
import gzip
import json
import math

import pytest

from conftest import make_config, metrics, synthetic_pairs

from rewardlab_trainer import pretrain, train_rm
from rewardlab_trainer.config import SHIPPED_CORPUS
from rewardlab_trainer.data import corpus_texts
from rewardlab_trainer.tokenizer import build_gpt2_tokenizer


def small_corpus(tmp_path):
    # 60 real HH-RLHF transcripts keep the test fast; the shipped file is the default corpus
    lines = gzip.open(SHIPPED_CORPUS, "rt", encoding="utf-8").readlines()[:60]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(lines))
    return str(path)


def test_pretrain_saves_hf_folder_and_reuses_cache(tmp_path, events):
    cfg = make_config(tmp_path, pretrain={"corpus": [small_corpus(tmp_path)], "max_steps": 6, "block_size": 32,
                                          "batch_size": 4, "eval_every": 3, "warmup_steps": 2})
    folder = pretrain.ensure_pretrained(cfg)
    ev = events()
    losses = metrics(ev, "train/loss")
    assert len(losses) == 6 and len(metrics(ev, "eval/loss")) == 2
    # at init the softmax is ~uniform over the ids the corpus uses: loss ~ log(#ids)
    n_ids = len(set(sum(build_gpt2_tokenizer()(corpus_texts(cfg.pretrain.corpus))["input_ids"], []) + [50256]))
    assert abs(losses[0] - math.log(n_ids)) < 0.5, (losses[0], math.log(n_ids))
    for name in ("config.json", "model.safetensors", "tokenizer.json", pretrain.MANIFEST):
        assert (folder / name).exists(), name
    assert json.loads((folder / "config.json").read_text())["architectures"] == ["GPT2LMHeadModel"]
    assert [e for e in ev if e["type"] == "artefact"][-1] == {"type": "artefact", "kind": "pretrained_model",
                                                              "path": str(folder)}
    assert [e for e in ev if e["type"] == "progress"][-1]["fraction"] == 1.0

    # same config -> cache hit, no training; another seed -> another folder
    assert pretrain.ensure_pretrained(cfg) == folder
    again = events()
    assert not metrics(again, "train/loss") and "reusing" in again[0]["message"]
    cfg.seed = 7
    assert pretrain.pretrained_dir(cfg) != folder

    # train-rm on the pretrained built-in model (found by the same cache key), loaded through the HF-folder path
    cfg.seed = 1337
    rm_cfg = make_config(tmp_path, synthetic_pairs(48), model={"init": "pretrained"},
                         pretrain=cfg.pretrain.__dict__)
    train_rm.run(rm_cfg)
    ev = events()
    logs = [e["message"] for e in ev if e["type"] == "log"]
    assert "base builtin:tiny;" in logs[0] and not any("pretrain" in m for m in logs)
    assert len(metrics(ev, "train/loss")) == 4


def test_train_rm_never_pretrains(tmp_path):
    # one owner per step: a built-in model that is not pretrained yet is an error, not a silent pretraining run
    cfg = make_config(tmp_path, synthetic_pairs(16), model={"init": "pretrained"})
    with pytest.raises(ValueError, match="not pretrained with these settings yet.*train-rm never pretrains"):
        train_rm.run(cfg)
