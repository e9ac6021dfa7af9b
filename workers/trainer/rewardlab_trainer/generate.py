# Batched sampling from a causal LM, our own loop (nanoGPT's sample, batched): prompts left-padded so every
# row's next token is at the same position, one prefill forward, then one token per step through the KV cache,
# temperature / top-p / greedy, stopping rows at EOS and the whole batch when every row stopped or at
# max_new_tokens. Why not `model.generate`: we need the exact tokens, masks and EOS flags PPO scores and trains
# on, a shared torch.Generator for reproducible rollouts, and one loop we can time and compile. On CUDA a
# compiled decode step (`compile=True`) removes the per-step Python/launch overhead that dominates small models.
from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass
class Generated:
    prompt_ids: torch.Tensor  # [B, P] left-padded prompts
    prompt_mask: torch.Tensor  # [B, P]
    tokens: torch.Tensor  # [B, T] sampled response tokens, pad after EOS
    mask: torch.Tensor  # [B, T] 1 up to and including EOS
    has_eos: torch.Tensor  # [B] bool: the response ended with EOS (not cut off at max_new_tokens)

    def full(self) -> tuple[torch.Tensor, torch.Tensor]:
        """Prompt + response as one batch for scoring: ids [B, P+T], attention mask [B, P+T]."""
        return torch.cat([self.prompt_ids, self.tokens], 1), torch.cat([self.prompt_mask, self.mask], 1)


def left_pad(prompts: list[list[int]], pad_id: int, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(p) for p in prompts)
    ids = torch.full((len(prompts), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(prompts), width), dtype=torch.long)
    for i, p in enumerate(prompts):
        if p:
            ids[i, width - len(p):] = torch.tensor(p)
            mask[i, width - len(p):] = 1
    return ids.to(device), mask.to(device)


def positions(mask: torch.Tensor) -> torch.Tensor:
    """Position ids that skip left padding: [B, T] mask -> [B, T] (0 on pads)."""
    return (mask.cumsum(-1) - 1).clamp(min=0)


def pick(logits: torch.Tensor, temperature: float, top_p: float, generator: torch.Generator | None) -> torch.Tensor:
    """[B, V] next-token logits -> [B] tokens: greedy at temperature 0, else nucleus sampling."""
    if temperature <= 0:
        return logits.argmax(-1)
    probs = torch.softmax(logits.float() / temperature, dim=-1)
    if top_p < 1.0:
        sorted_p, order = probs.sort(-1, descending=True)
        keep = sorted_p.cumsum(-1) - sorted_p < top_p  # the smallest prefix whose mass reaches top_p (>= 1 token)
        sorted_p = sorted_p * keep
        probs = torch.zeros_like(probs).scatter(-1, order, sorted_p)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)


@torch.no_grad()
def sample(model, prompts: list[list[int]], *, max_new_tokens: int, eos_id: int, pad_id: int, temperature: float = 1.0,
           top_p: float = 1.0, generator: torch.Generator | None = None, step=None) -> Generated:
    """`step(ids, mask, pos, cache)` -> (logits [B, V], cache) runs one forward (a compiled one on CUDA); default: the model."""
    device = next(model.parameters()).device
    ids, mask = left_pad(prompts, pad_id, device)
    forward = step or default_step(model)
    logits, cache = forward(ids, mask, positions(mask), None)  # prefill: [B, P] -> last position's logits
    batch = ids.size(0)
    done = torch.zeros(batch, dtype=torch.bool, device=device)
    out = torch.full((batch, max_new_tokens), pad_id, dtype=torch.long, device=device)
    out_mask = torch.zeros((batch, max_new_tokens), dtype=torch.long, device=device)
    full_mask = mask
    for t in range(max_new_tokens):
        token = torch.where(done, torch.full_like(done, pad_id, dtype=torch.long), pick(logits, temperature, top_p, generator))
        out[:, t] = token
        out_mask[:, t] = (~done).long()
        done = done | (token == eos_id)
        if bool(done.all()) or t == max_new_tokens - 1:
            break
        full_mask = torch.cat([full_mask, torch.ones((batch, 1), dtype=torch.long, device=device)], 1)
        pos = positions(full_mask)[:, -1:]
        logits, cache = forward(token.unsqueeze(1), full_mask, pos, cache)
    used = int(out_mask.sum(0).nonzero().max().item()) + 1 if out_mask.any() else 0
    out, out_mask = out[:, :used], out_mask[:, :used]
    has_eos = ((out == eos_id) & out_mask.bool()).any(-1)
    return Generated(ids, mask, out, out_mask, has_eos)


def default_step(model):
    def step(ids, mask, pos, cache):
        # logits_to_keep=1: only the last position's logits; the prefill's [B, P, V] would cost more than the decode.
        res = model(input_ids=ids, attention_mask=mask, position_ids=pos, past_key_values=cache, use_cache=True, logits_to_keep=1)
        return res.logits[:, -1, :], res.past_key_values
    return step
