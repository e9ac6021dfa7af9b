# The models of policy training. A policy is a causal LM from a Hugging Face folder (the built-in GPT as
# `pretrain` or `sft` left it, or a user's folder; LoRA optional); the reference policy is a frozen copy of it;
# the reward model is `models.reward_model_from_folder`, frozen; the value model reads a value at every token
# (a backbone plus a linear head), initialised from the reward model's backbone and head by default (TRL, and
# the "N+ implementation details of RLHF with PPO" recipe) or from the policy's transformer.
from __future__ import annotations

from pathlib import Path

import torch
from torch import nn
from transformers import AutoModel, AutoModelForCausalLM

from .models import VALUE_HEAD_FILE, SeqClsRM, ValueHeadRM, reward_model_from_folder
from .rl_math import entropy_from_logits, token_logprobs


def load_policy(folder: str | Path) -> nn.Module:
    if not (Path(folder) / "config.json").exists():
        raise FileNotFoundError(f"{folder} is not a Hugging Face model folder (no config.json)")
    model = AutoModelForCausalLM.from_pretrained(str(folder))
    model.config.use_cache = True  # sampling uses the KV cache; training forwards pass use_cache=False
    return model


def with_lora(model: nn.Module, settings) -> nn.Module:
    """peft LoRA adapters on a causal LM (for large Hugging Face folders); `merge_lora_policy` folds them back in."""
    from peft import LoraConfig, get_peft_model

    from transformers.pytorch_utils import Conv1D

    conv1d = any(isinstance(m, Conv1D) for m in model.modules())  # GPT-2 stores these transposed: tell peft
    return get_peft_model(model, LoraConfig(task_type="CAUSAL_LM", r=settings.r, lora_alpha=settings.alpha, lora_dropout=settings.dropout,
                                            target_modules=settings.target_modules, fan_in_fan_out=conv1d))


def merge_lora_policy(model: nn.Module) -> nn.Module:
    """The plain model with the adapters merged into its weights (a plain HF folder once saved)."""
    return model.merge_and_unload() if hasattr(model, "merge_and_unload") else model


def frozen(module: nn.Module) -> nn.Module:
    module.eval()
    for p in module.parameters():
        p.requires_grad_(False)
    return module


class TokenValueModel(nn.Module):
    """Backbone hidden states -> Linear(hidden, 1) at every position: [B, T] values."""

    def __init__(self, backbone: nn.Module, head: nn.Linear):
        super().__init__()
        self.backbone, self.head = backbone, head

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, position_ids: torch.Tensor | None = None) -> torch.Tensor:
        hidden = self.backbone(input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids,
                               use_cache=False).last_hidden_state  # [B, T, H]
        return self.head(hidden.to(self.head.weight.dtype)).squeeze(-1)  # [B, T]


def value_model_from_reward_model(folder: str | Path, pad_token_id: int) -> TokenValueModel:
    rm = reward_model_from_folder(folder, pad_token_id)
    if isinstance(rm, ValueHeadRM):
        return TokenValueModel(rm.backbone, rm.value_head)
    assert isinstance(rm, SeqClsRM)
    inner = rm.model
    return TokenValueModel(inner.base_model, inner.score)  # a *ForSequenceClassification's transformer and score layer


def value_model_from_policy(folder: str | Path) -> TokenValueModel:
    backbone = AutoModel.from_pretrained(str(folder))
    head = nn.Linear(backbone.config.hidden_size, 1)
    nn.init.zeros_(head.weight), nn.init.zeros_(head.bias)  # values start at 0: no confident wrong baseline
    return TokenValueModel(backbone, head)


def value_head_file(folder: str | Path) -> Path:
    return Path(folder) / VALUE_HEAD_FILE


def response_logits(model: nn.Module, ids: torch.Tensor, mask: torch.Tensor, prompt_len: int, positions: torch.Tensor) -> torch.Tensor:
    """Logits that predict each response token: ids [B, P+T] (prompt left-padded to P) -> [B, T, V]."""
    logits = model(input_ids=ids, attention_mask=mask, position_ids=positions, use_cache=False).logits  # [B, P+T, V]
    return logits[:, prompt_len - 1: -1]


def policy_forward(model: nn.Module, ids: torch.Tensor, mask: torch.Tensor, prompt_len: int, positions: torch.Tensor,
                   responses: torch.Tensor, temperature: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(log pi(response token) [B, T], entropy of each response position [B, T])."""
    logits = response_logits(model, ids, mask, prompt_len, positions)
    return token_logprobs(logits, responses, temperature), entropy_from_logits(logits)


def response_values(value_model: TokenValueModel, ids: torch.Tensor, mask: torch.Tensor, prompt_len: int,
                    positions: torch.Tensor) -> torch.Tensor:
    """The value before each response token, read (as TRL does) at the position of the token before it: [B, T]."""
    return value_model(ids, mask, positions)[:, prompt_len - 1: -1]  # [B, T]
