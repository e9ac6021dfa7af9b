# Command `baselines`: the offline half of contrastive rewards (arXiv 2403.07708). For every train prompt, k
# responses sampled from the (SFT) policy, each scored once by the reward model; a PPO run then subtracts an
# aggregate of them from its own rewards. Phases: 1) prompts  2) models  3) sample k per prompt, score, write.
# Output line: {"id", "scores": [k], "responses": [k]}; metrics: the spread of the baselines.
from __future__ import annotations

import json
from pathlib import Path

import torch

from . import protocol
from .config import Config
from .generate import sample
from .models import seed_everything, select_device
from .policy import frozen, load_policy
from .rollout import TextScorer, encode_prompts, read_prompts, response_texts
from .tokenizer import load_tokenizer


def run(cfg: Config) -> None:
    b, g = cfg.baselines, cfg.generate
    if b.prompts is None or b.reward_model is None or cfg.model.path is None:
        raise ValueError("baselines.prompts, baselines.reward_model and model.path (the policy) are required")
    seed_everything(cfg.seed)
    device = select_device(cfg.device)
    # ---- 1) prompts: the train split (PPO draws its rollouts from it)
    prompts = [p for p in read_prompts(b.prompts) if p.split == "train"]
    if not prompts:
        raise ValueError(f"no train prompts in {b.prompts}")
    # ---- 2) models
    tok = load_tokenizer(cfg.model.path)
    policy = frozen(load_policy(cfg.model.path)).to(device)
    scorer = TextScorer(b.reward_model, device, cfg.model.dtype)
    generator = torch.Generator(device=device).manual_seed(cfg.seed)
    protocol.log(f"sampling {b.k} baseline responses for each of {len(prompts)} prompts")
    # ---- 3) sample k per prompt (each prompt repeated k times in a batch), score once, write
    out = Path(b.out or Path(cfg.out_dir) / "baselines.jsonl")
    out.parent.mkdir(parents=True, exist_ok=True)
    all_scores = []
    per_batch = max(1, g.batch_size // b.k)
    with open(out, "w", encoding="utf-8") as f:
        for start in range(0, len(prompts), per_batch):
            chunk = prompts[start: start + per_batch]
            ids = [x for x in encode_prompts(tok, [p.text for p in chunk], g.max_prompt_tokens) for _ in range(b.k)]
            gen = sample(policy, ids, max_new_tokens=g.max_new_tokens, eos_id=tok.eos_token_id, pad_id=tok.pad_token_id,
                         temperature=g.temperature, top_p=g.top_p, generator=generator)
            texts = response_texts(tok, gen.tokens, gen.mask, tok.eos_token_id)
            scores = scorer([chunk[i // b.k].text + t for i, t in enumerate(texts)]).view(len(chunk), b.k)  # [P, k]
            for i, p in enumerate(chunk):
                f.write(json.dumps({"id": p.id, "scores": scores[i].tolist(), "responses": texts[i * b.k: (i + 1) * b.k]}) + "\n")
            all_scores.append(scores)
            protocol.progress(min(1.0, (start + len(chunk)) / len(prompts)) * 0.98, "baselines")
    s = torch.cat(all_scores)  # [N, k]
    protocol.metric(0, "baselines/mean", s.mean().item())
    protocol.metric(0, "baselines/std_within_prompt", s.std(-1, unbiased=b.k > 1).mean().item() if b.k > 1 else 0.0)
    protocol.metric(0, "baselines/std_across_prompts", s.mean(-1).std().item() if len(s) > 1 else 0.0)
    protocol.artefact("baselines", str(out))
    protocol.progress(1.0, "done")
