# Optimiser and learning-rate schedule shared by `pretrain` and `train-rm` (nanoGPT's recipe):
# AdamW with weight decay on matrices only, linear warmup then cosine decay to min_lr_ratio * lr.
from __future__ import annotations

import math

import torch
from torch import nn


def make_adamw(model: nn.Module, lr: float, weight_decay: float, device: torch.device) -> torch.optim.AdamW:
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": weight_decay},  # matmuls, embeddings
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},  # biases and LayerNorm gains
    ]
    return torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.95), fused=device.type == "cuda")


def lr_at(step: int, lr: float, warmup: int, total: int, min_ratio: float) -> float:
    """Step 0-based; warmup ramps up to lr, then a cosine goes down to min_ratio * lr at step `total`."""
    if step < warmup:
        return lr * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return lr * (min_ratio + (1.0 - min_ratio) * 0.5 * (1.0 + math.cos(math.pi * progress)))


def set_lr(optimizer: torch.optim.Optimizer, lr: float) -> None:
    for group in optimizer.param_groups:
        group["lr"] = lr


def optimizer_step(model: nn.Module, optimizer: torch.optim.Optimizer, loss: torch.Tensor, grad_clip: float,
                   device: torch.device, hint: str) -> None:
    """One update of both loops: refuse a non-finite loss (with the setting to lower), backward, clip, step."""
    if not torch.isfinite(loss):
        raise FloatingPointError(f"the loss became {loss.item()}: lower {hint}")
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    optimizer.step()
    if device.type == "cuda":
        torch.cuda.synchronize()  # kernels run asynchronously: time the work, not the launch
