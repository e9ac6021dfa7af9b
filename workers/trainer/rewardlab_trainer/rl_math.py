# The arithmetic of policy training, as pure tensor functions (no model, no I/O), each checked against
# hand-computed numbers in tests/test_rl_math.py: masked statistics and whitening, the two KL estimators,
# per-token rewards (KL penalty, the score at the last token, the penalty for a response with no EOS), GAE,
# the clipped policy and value losses, contrastive rewards (arXiv 2403.07708), the adaptive KL controller
# (Ziegler et al. 2019), and the prompt-masked SFT loss. Names follow TRL's PPO trainer where it has one.
# Shapes: B responses, T response tokens; `mask` [B, T] is 1 for real response tokens (up to and including
# EOS), 0 after it.
from __future__ import annotations

import torch
import torch.nn.functional as F


def masked_mean(x: torch.Tensor, mask: torch.Tensor, dim: int | None = None) -> torch.Tensor:
    m = mask.to(x.dtype)
    if dim is None:
        return (x * m).sum() / m.sum().clamp(min=1)
    return (x * m).sum(dim) / m.sum(dim).clamp(min=1)


def masked_var(x: torch.Tensor, mask: torch.Tensor, unbiased: bool = True) -> torch.Tensor:
    mean = masked_mean(x, mask)
    var = masked_mean((x - mean) ** 2, mask)
    n = mask.sum()
    return var * n / (n - 1) if unbiased and n > 1 else var


def masked_whiten(x: torch.Tensor, mask: torch.Tensor, shift_mean: bool = True, eps: float = 1e-8) -> torch.Tensor:
    """(x - mean) / std over the masked entries (TRL's masked_whiten); shift_mean=False keeps the mean."""
    mean, var = masked_mean(x, mask), masked_var(x, mask)
    out = (x - mean) * torch.rsqrt(var + eps)
    return (out if shift_mean else out + mean) * mask.to(x.dtype)


def kl_per_token(logprobs: torch.Tensor, ref_logprobs: torch.Tensor, estimator: str) -> torch.Tensor:
    """KL(π‖π_ref) estimated per sampled token, [B, T]. k1 = log π − log π_ref (unbiased, can be negative);
    k3 = (r − 1) − log r with r = π_ref / π (unbiased, always ≥ 0, lower variance; Schulman 2020)."""
    log_ratio = logprobs - ref_logprobs
    if estimator == "k1":
        return log_ratio
    if estimator == "k3":
        return torch.expm1(-log_ratio) + log_ratio
    raise ValueError(f"unknown KL estimator {estimator!r}: 'k1' or 'k3'")


def last_index(mask: torch.Tensor) -> torch.Tensor:
    """[B, T] mask -> [B] index of each row's last real token (0 for an empty row)."""
    return (mask.long().sum(-1) - 1).clamp(min=0)


def token_rewards(scores: torch.Tensor, kl: torch.Tensor, mask: torch.Tensor, beta: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-token rewards [B, T]: −β·KL at every token (the non-score reward) plus the sequence's score at its
    last token. Returns (rewards, non_score_rewards)."""
    non_score = -beta * kl * mask.to(kl.dtype)
    rewards = non_score.clone()
    rows = torch.arange(scores.size(0), device=scores.device)
    rewards[rows, last_index(mask)] += scores
    return rewards, non_score


def penalise_missing_eos(scores: torch.Tensor, has_eos: torch.Tensor, penalty: float) -> torch.Tensor:
    """A response cut off at max_new_tokens (no EOS) gets its score lowered by `penalty` (TRL's missing_eos_penalty)."""
    return torch.where(has_eos, scores, scores - penalty)


def gae(rewards: torch.Tensor, values: torch.Tensor, mask: torch.Tensor, gamma: float, lam: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Generalised advantage estimation over each response, backwards from its last token:
    δ_t = r_t + γ·V_{t+1} − V_t,  A_t = δ_t + γλ·A_{t+1}  (V and A are 0 past the last token).
    Returns (advantages, returns = advantages + values), both [B, T] and 0 where mask is 0."""
    m = mask.to(values.dtype)
    values = values * m
    advantages = torch.zeros_like(values)
    next_value = torch.zeros(values.size(0), dtype=values.dtype, device=values.device)
    next_adv = torch.zeros_like(next_value)
    for t in reversed(range(values.size(1))):
        delta = rewards[:, t] + gamma * next_value - values[:, t]
        next_adv = (delta + gamma * lam * next_adv) * m[:, t]
        next_value = values[:, t]
        advantages[:, t] = next_adv
    return advantages, (advantages + values) * m


def policy_loss(logprobs: torch.Tensor, old_logprobs: torch.Tensor, advantages: torch.Tensor, mask: torch.Tensor,
                clip: float) -> tuple[torch.Tensor, dict]:
    """PPO's clipped surrogate: mean over tokens of max(−A·ρ, −A·clip(ρ, 1−ε, 1+ε)), ρ = π/π_old.
    Stats: approxkl (½·mean (log ρ)², as TRL), clipfrac (share of tokens where the clip was active), ratio."""
    log_ratio = logprobs - old_logprobs
    ratio = torch.exp(log_ratio)
    unclipped = -advantages * ratio
    clipped = -advantages * torch.clamp(ratio, 1.0 - clip, 1.0 + clip)
    loss = masked_mean(torch.max(unclipped, clipped), mask)
    stats = {"approxkl": 0.5 * masked_mean(log_ratio ** 2, mask), "clipfrac": masked_mean((clipped > unclipped).float(), mask),
             "ratio": masked_mean(ratio, mask)}
    return loss, stats


def value_loss(values: torch.Tensor, old_values: torch.Tensor, returns: torch.Tensor, mask: torch.Tensor,
               clip: float) -> tuple[torch.Tensor, dict]:
    """½·mean over tokens of max((V − R)², (V_clipped − R)²), V_clipped = V_old + clip(V − V_old, ±ε).
    Stats: clipfrac (share of tokens where the clipped term was the larger)."""
    clipped_values = old_values + torch.clamp(values - old_values, -clip, clip)
    loss_1, loss_2 = (values - returns) ** 2, (clipped_values - returns) ** 2
    loss = 0.5 * masked_mean(torch.max(loss_1, loss_2), mask)
    return loss, {"clipfrac": masked_mean((loss_2 > loss_1).float(), mask)}


def aggregate_baselines(baseline_scores: torch.Tensor, how: str) -> torch.Tensor:
    """[B, k] scores of each prompt's k offline baseline responses -> [B] one baseline per prompt."""
    if how == "mean":
        return baseline_scores.mean(-1)
    if how == "median":
        return baseline_scores.median(-1).values  # the lower middle value for an even k, as torch defines it
    if how == "max":
        return baseline_scores.max(-1).values
    if how == "min":
        return baseline_scores.min(-1).values
    raise ValueError(f"unknown baseline aggregate {how!r}: mean, median, max or min")


def contrastive_scores(scores: torch.Tensor, baseline_scores: torch.Tensor, how: str = "mean") -> torch.Tensor:
    """r_c(x, y) = r(x, y) − aggregate_i r(x, y_i) (arXiv 2403.07708): [B] scores, [B, k] baselines -> [B]."""
    return scores - aggregate_baselines(baseline_scores, how)


class AdaptiveKL:
    """Ziegler et al.'s controller: β ← β·(1 + clip(KL/target − 1, −0.2, 0.2)·n/horizon) after each batch of n
    responses, so the KL drifts towards its target. A fixed β when target is None."""

    def __init__(self, beta: float, target: float | None, horizon: int):
        self.beta, self.target, self.horizon = beta, target, horizon

    def update(self, kl: float, n: int) -> float:
        if self.target is not None:
            error = max(-0.2, min(0.2, kl / self.target - 1.0))
            self.beta *= 1.0 + error * n / self.horizon
        return self.beta


def sft_loss(logits: torch.Tensor, input_ids: torch.Tensor, loss_mask: torch.Tensor) -> torch.Tensor:
    """Next-token cross-entropy on response tokens only: logits [B, T, V] predict input_ids[:, 1:]; loss_mask
    [B, T] is 1 on response tokens (the prompt and padding are 0). Mean over the response tokens of the batch."""
    targets = input_ids[:, 1:]
    weights = loss_mask[:, 1:].to(logits.dtype)
    nll = F.cross_entropy(logits[:, :-1].flatten(0, 1).float(), targets.flatten(), reduction="none").view_as(targets)
    return (nll * weights).sum() / weights.sum().clamp(min=1)


def entropy_from_logits(logits: torch.Tensor) -> torch.Tensor:
    """Entropy of each position's next-token distribution: [B, T, V] -> [B, T]."""
    logp = torch.log_softmax(logits.float(), dim=-1)
    return -(logp.exp() * logp).sum(-1)


def token_logprobs(logits: torch.Tensor, tokens: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    """log π(token) per position: logits [B, T, V] already aligned with tokens [B, T] -> [B, T]."""
    logp = torch.log_softmax(logits.float() / temperature, dim=-1)
    return logp.gather(-1, tokens.unsqueeze(-1)).squeeze(-1)
