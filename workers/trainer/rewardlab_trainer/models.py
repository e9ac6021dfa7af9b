# Reward models: a scalar reward per sequence, read at its last non-pad token.
#   - built-in GPT: a GPT-2-architecture model (transformers' GPT2 classes, so its folder is a plain HF folder)
#     in the sizes of config.model.builtin_sizes, pretrained by `pretrain` or randomly initialised (tests);
#   - a user's HF folder: AutoModelForSequenceClassification(num_labels=1) when its config declares a
#     *ForSequenceClassification architecture, else an AutoModel backbone with a value head.
# LoRA (peft) is optional; it is merged into the weights before saving so checkpoints are plain models.
from __future__ import annotations

import contextlib
import json
import random
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import (AutoConfig, AutoModel, AutoModelForSequenceClassification, GPT2Config, GPT2LMHeadModel,
                          GPT2Model)

from .config import GPTSize, LoraSettings

CHECKPOINT_MANIFEST = "rewardlab-checkpoint.json"
VALUE_HEAD_FILE = "value_head.safetensors"


def seed_everything(seed: int) -> None:
    """Same seed, same init and batches (on CPU bit-exact; CUDA kernels may still differ slightly)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def select_device(name: str) -> torch.device:
    if name == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("device 'cuda' was asked for but CUDA is not available")
    return torch.device("cuda" if name in ("auto", "cuda") and torch.cuda.is_available() else "cpu")


def autocast(device: torch.device, dtype_setting: str):
    """bf16 autocast on GPUs that support it (weights stay fp32); plain fp32 elsewhere."""
    if device.type == "cuda" and dtype_setting == "auto" and torch.cuda.is_bf16_supported():
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def builtin_config(size: GPTSize, vocab_size: int, eos_id: int) -> GPT2Config:
    return GPT2Config(vocab_size=vocab_size, n_positions=size.n_positions, n_embd=size.n_embd, n_layer=size.n_layer,
                      n_head=size.n_head, bos_token_id=eos_id, eos_token_id=eos_id, pad_token_id=eos_id)


def builtin_lm(size: GPTSize, vocab_size: int, eos_id: int) -> GPT2LMHeadModel:
    return GPT2LMHeadModel(builtin_config(size, vocab_size, eos_id))


def last_token_index(attention_mask: torch.Tensor) -> torch.Tensor:
    """[B, T] right-padded mask -> [B] index of each row's last real token."""
    return attention_mask.long().sum(dim=-1) - 1


class ValueHeadRM(nn.Module):
    """Backbone hidden state at the last non-pad token -> Linear(hidden, 1) -> reward."""

    head_kind = "value"

    def __init__(self, backbone: nn.Module):
        super().__init__()
        self.backbone = backbone
        hidden = backbone.config.hidden_size
        self.value_head = nn.Linear(hidden, 1)
        nn.init.normal_(self.value_head.weight, std=1.0 / (hidden + 1) ** 0.5)  # rewards start near 0
        nn.init.zeros_(self.value_head.bias)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        # input_ids, attention_mask: [B, T] -> rewards [B]
        hidden = self.backbone(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state  # [B, T, H]
        idx = last_token_index(attention_mask).view(-1, 1, 1).expand(-1, 1, hidden.size(-1))  # [B, 1, H]
        last = hidden.gather(1, idx).squeeze(1)  # [B, H]
        return self.value_head(last.to(self.value_head.weight.dtype)).squeeze(-1)  # [B]

    def input_embeddings(self) -> nn.Module:
        return self.backbone.get_input_embeddings()


class SeqClsRM(nn.Module):
    """A *ForSequenceClassification model with one label; it finds the last non-pad token via pad_token_id."""

    head_kind = "seqcls"

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        # input_ids, attention_mask: [B, T] -> logits [B, 1] -> rewards [B]
        return self.model(input_ids=input_ids, attention_mask=attention_mask).logits[:, 0]

    def input_embeddings(self) -> nn.Module:
        return self.model.get_input_embeddings()


RewardModel = ValueHeadRM | SeqClsRM


def inner_model(rm: RewardModel) -> nn.Module:
    """The transformers model inside (for its config)."""
    return rm.backbone if isinstance(rm, ValueHeadRM) else rm.model


def max_positions(rm: RewardModel) -> int | None:
    return getattr(inner_model(rm).config, "max_position_embeddings", None)


def _is_seqcls(config) -> bool:
    return any(a.endswith("ForSequenceClassification") for a in (config.architectures or []))


def reward_model_from_folder(folder: str | Path, pad_token_id: int) -> RewardModel:
    """A user's HF folder, a pretrained built-in folder, or one of our own checkpoints."""
    folder = Path(folder)
    if not (folder / "config.json").exists():
        raise FileNotFoundError(f"{folder} is not a Hugging Face model folder (no config.json)")
    manifest = folder / CHECKPOINT_MANIFEST
    config = AutoConfig.from_pretrained(str(folder))
    if _is_seqcls(config) and not (manifest.exists() and json.loads(manifest.read_text())["head"] == "value"):
        # ignore_mismatched_sizes: a classifier saved with 2+ labels gets a fresh 1-output score layer
        model = AutoModelForSequenceClassification.from_pretrained(str(folder), num_labels=1,
                                                                   ignore_mismatched_sizes=True)
        model.config.use_cache = False  # no generation here: a KV cache is wasted memory
        if model.config.pad_token_id is None:
            model.config.pad_token_id = pad_token_id  # HF finds the last token through it (batches > 1)
        return SeqClsRM(model)
    backbone = AutoModel.from_pretrained(str(folder))
    backbone.config.use_cache = False
    rm = ValueHeadRM(backbone)
    if (folder / VALUE_HEAD_FILE).exists():
        rm.value_head.load_state_dict(load_file(str(folder / VALUE_HEAD_FILE)))
    return rm


def random_builtin_reward_model(size: GPTSize, vocab_size: int, eos_id: int) -> ValueHeadRM:
    config = builtin_config(size, vocab_size, eos_id)
    config.use_cache = False
    return ValueHeadRM(GPT2Model(config))


def apply_lora(rm: RewardModel, settings: LoraSettings) -> RewardModel:
    """Wraps the transformer in peft LoRA adapters; the value head / score layer stays fully trainable."""
    from peft import LoraConfig, get_peft_model

    from transformers.pytorch_utils import Conv1D

    # GPT-2 style Conv1D layers store weights transposed: peft must be told (it would warn and guess)
    conv1d = any(isinstance(m, Conv1D) for m in rm.modules())
    common = dict(r=settings.r, lora_alpha=settings.alpha, lora_dropout=settings.dropout,
                  target_modules=settings.target_modules, fan_in_fan_out=conv1d)
    if isinstance(rm, SeqClsRM):
        rm.model = get_peft_model(rm.model, LoraConfig(task_type="SEQ_CLS", **common))
    else:
        rm.backbone = get_peft_model(rm.backbone, LoraConfig(task_type="FEATURE_EXTRACTION", **common))
    return rm


def merge_lora(rm: RewardModel) -> RewardModel:
    attr = "model" if isinstance(rm, SeqClsRM) else "backbone"
    inner = getattr(rm, attr)
    if hasattr(inner, "merge_and_unload"):
        setattr(rm, attr, inner.merge_and_unload())
    return rm


def freeze_input_embeddings(rm: RewardModel) -> None:
    rm.input_embeddings().weight.requires_grad_(False)


def save_reward_model(rm: RewardModel, folder: str | Path, extra: dict | None = None) -> None:
    """An HF folder (config.json + model.safetensors) plus our manifest; the value head in its own file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rm = merge_lora(rm)
    if isinstance(rm, SeqClsRM):
        rm.model.save_pretrained(str(folder))
    else:
        rm.backbone.save_pretrained(str(folder))
        save_file({k: v.detach().cpu().contiguous() for k, v in rm.value_head.state_dict().items()},
                  str(folder / VALUE_HEAD_FILE))
    (folder / CHECKPOINT_MANIFEST).write_text(json.dumps({"head": rm.head_kind, **(extra or {})}, indent=2))


def count_parameters(module: nn.Module, trainable_only: bool = False) -> int:
    return sum(p.numel() for p in module.parameters() if p.requires_grad or not trainable_only)
