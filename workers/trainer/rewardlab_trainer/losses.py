# Pairwise reward-model losses as pure functions of the two rewards and the label P(chosen preferred).
#   hard label (0 or 1): Bradley-Terry, -log sigma(r_w - r_l)
#   soft label p (AI probabilities, RLAIF distillation): cross-entropy between (p, 1-p) and softmax(r_c, r_r),
#     and softmax(r_c, r_r)[0] = sigma(r_c - r_r), so CE = -(p log sigma(d) + (1-p) log sigma(-d)), d = r_c - r_r
#   tie (p = 0.5): dropped from the data, or trained as the soft label 0.5 (setting data.ties)
# With p = 1 the CE is exactly the BT loss, so both can be mixed in one batch without reweighting.
from __future__ import annotations

import torch
import torch.nn.functional as F

TIE = 0.5


def bt_loss(r_chosen: torch.Tensor, r_rejected: torch.Tensor) -> torch.Tensor:
    """Per-pair Bradley-Terry loss [B] for pairs whose winner is `chosen`."""
    return -F.logsigmoid(r_chosen - r_rejected)


def soft_ce_loss(r_chosen: torch.Tensor, r_rejected: torch.Tensor, p_chosen: torch.Tensor) -> torch.Tensor:
    """Per-pair cross-entropy [B] between the soft label and softmax(r_chosen, r_rejected)."""
    margin = r_chosen - r_rejected
    return -(p_chosen * F.logsigmoid(margin) + (1.0 - p_chosen) * F.logsigmoid(-margin))


def is_hard(labels: torch.Tensor) -> torch.Tensor:
    return (labels == 0.0) | (labels == 1.0)


def is_tie(label: float) -> bool:
    return label == TIE


def binarise(label: float) -> float:
    """data.label_mode 'hard': a soft label becomes 1 or 0 at 0.5; a tie stays 0.5 for the tie rule."""
    return 1.0 if label > TIE else 0.0 if label < TIE else TIE


def preference_loss(r_chosen: torch.Tensor, r_rejected: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Mean loss over a batch [B]: BT on hard labels (label 0 means `rejected` won), soft CE on the rest."""
    hard_won = torch.where(labels >= 1.0, bt_loss(r_chosen, r_rejected), bt_loss(r_rejected, r_chosen))
    per_pair = torch.where(is_hard(labels), hard_won, soft_ce_loss(r_chosen, r_rejected, labels))
    return per_pair.mean()
