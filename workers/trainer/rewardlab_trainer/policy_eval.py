# Command `policy-eval`: the generation half of a policy evaluation (RLAIF paper, arXiv 2309.00267, section 4).
# Every policy completes the same evaluation prompts with the same seed and sampling settings, and the held-out
# reward model (when given) scores each completion; the worker then has the pairs judged and the win rates
# counted. Phases: 1) prompts and policies  2) the held-out RM  3) per policy: sample, score, write.
# Output line: {"policy", "id", "completion", "tokens", "eos", "score"}; one file for all policies.
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


def read_policies(path: str | Path) -> list[dict]:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) and {"id", "path"} <= r.keys() for r in rows):
        raise ValueError(f"{path}: expected a non-empty JSON list of {{'id', 'path'}}")
    return rows


def run(cfg: Config) -> None:
    e, g = cfg.policy_eval, cfg.generate
    if e.policies is None or e.prompts is None:
        raise ValueError("policy_eval.policies and policy_eval.prompts are required")
    device = select_device(cfg.device)
    # ---- 1) prompts (the eval split) and the policies to compare
    prompts = [p for p in read_prompts(e.prompts) if p.split == "eval"]
    if not prompts:
        raise ValueError(f"no eval prompts in {e.prompts}")
    policies = read_policies(e.policies)
    # ---- 2) the held-out reward model, loaded once for every policy
    scorer = TextScorer(e.reward_model, device, cfg.model.dtype) if e.reward_model else None
    protocol.log(f"{len(policies)} policies x {len(prompts)} eval prompts, temperature {e.temperature}"
                 + (", scored by the held-out reward model" if scorer else ""))
    out = Path(e.out or Path(cfg.out_dir) / "generations.jsonl")
    out.parent.mkdir(parents=True, exist_ok=True)
    total, done = len(policies) * len(prompts), 0
    with open(out, "w", encoding="utf-8") as f:
        for pol in policies:
            # ---- 3) sample every prompt with this policy, from the same seed as every other policy
            seed_everything(cfg.seed)
            tok = load_tokenizer(pol["path"])
            model = frozen(load_policy(pol["path"])).to(device)
            generator = torch.Generator(device=device).manual_seed(cfg.seed)
            for start in range(0, len(prompts), g.batch_size):
                chunk = prompts[start: start + g.batch_size]
                gen = sample(model, encode_prompts(tok, [p.text for p in chunk], g.max_prompt_tokens), max_new_tokens=g.max_new_tokens,
                             eos_id=tok.eos_token_id, pad_id=tok.pad_token_id, temperature=e.temperature, top_p=e.top_p,
                             generator=generator)
                texts = response_texts(tok, gen.tokens, gen.mask, tok.eos_token_id)  # B strings
                scores = scorer([p.text + t for p, t in zip(chunk, texts, strict=True)]).tolist() if scorer else [None] * len(chunk)
                lengths, eos = gen.mask.sum(1).tolist(), gen.has_eos.tolist()  # [B], [B]
                for p, t, n, s, end in zip(chunk, texts, lengths, scores, eos, strict=True):
                    f.write(json.dumps({"policy": pol["id"], "id": p.id, "completion": t, "tokens": int(n), "eos": bool(end), "score": s}) + "\n")
                done += len(chunk)
                protocol.progress(0.98 * done / total, "generate")
            del model
    protocol.metric(0, "eval/generations", float(total))
    protocol.artefact("generations", str(out))
    protocol.progress(1.0, "done")
