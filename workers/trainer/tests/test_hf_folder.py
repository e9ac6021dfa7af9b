# Loading a user's Hugging Face model folder: randomly initialised models saved with save_pretrained (no
# weights can be downloaded here), trained 2 steps each. A *ForSequenceClassification folder gets its own
# 1-output head; a causal LM folder becomes a backbone with a value head.
import pytest
from conftest import make_config, metrics, synthetic_pairs
from transformers import GPT2Config, GPT2ForSequenceClassification, GPT2LMHeadModel

from rewardlab_trainer import train_rm
from rewardlab_trainer.models import SeqClsRM, ValueHeadRM, reward_model_from_folder, select_device
from rewardlab_trainer.tokenizer import build_gpt2_tokenizer, save_tokenizer

SMALL = dict(vocab_size=50257, n_positions=128, n_embd=32, n_layer=2, n_head=2)


def save_folder(model, path):
    model.save_pretrained(str(path))
    save_tokenizer(build_gpt2_tokenizer(), path)
    return path


@pytest.mark.parametrize("kind, lora", [("seqcls", False), ("causal", False), ("seqcls", True), ("causal", True)])
def test_train_two_steps_from_hf_folder(tmp_path, events, kind, lora):
    if kind == "seqcls":
        model = GPT2ForSequenceClassification(GPT2Config(num_labels=1, pad_token_id=50256, **SMALL))
    else:
        model = GPT2LMHeadModel(GPT2Config(**SMALL))
    folder = save_folder(model, tmp_path / kind)
    cfg = make_config(tmp_path, synthetic_pairs(48), model={"path": str(folder), "lora": {"enabled": lora}},
                      train={"max_steps": 2, "eval_every": 2})
    rm, _, base = train_rm.build_model(cfg, select_device("cpu"))
    assert isinstance(rm, SeqClsRM if kind == "seqcls" else ValueHeadRM) and base == f"hf:{folder}"
    train_rm.run(cfg)
    ev = events()
    assert len(metrics(ev, "train/loss")) == 2 and len(metrics(ev, "eval/accuracy")) == 1
    reloaded = reward_model_from_folder(tmp_path / "run" / "checkpoint", 50256)
    assert type(reloaded) is type(rm)  # the checkpoint keeps its kind of head


def test_classifier_with_two_labels_gets_a_one_output_head(tmp_path):
    folder = save_folder(GPT2ForSequenceClassification(GPT2Config(num_labels=2, **SMALL)), tmp_path / "two")
    rm = reward_model_from_folder(folder, 50256)
    assert rm.model.score.out_features == 1 and rm.model.config.pad_token_id == 50256


def test_not_a_model_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="no config.json"):
        reward_model_from_folder(tmp_path, 50256)
