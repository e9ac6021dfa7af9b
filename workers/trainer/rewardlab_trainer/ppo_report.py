# Evaluation samples of a PPO run: greedy completions of a fixed set of eval prompts with their score (the reward
# model's, or the judge's rating under d-RLAIF), written as one JSON file per evaluation step for the run page's sample table.
from __future__ import annotations

import json
from pathlib import Path

from . import protocol
from .config import Config
from .generate import sample
from .judge_rater import JudgeRater
from .rollout import Prompt, TextScorer, encode_prompts, response_texts


def write_eval_samples(cfg: Config, tok, policy, scorer: TextScorer | JudgeRater, prompts: list[Prompt], step: int, out_dir: Path) -> None:
    g = cfg.generate
    gen = sample(policy, encode_prompts(tok, [p.text for p in prompts], g.max_prompt_tokens), max_new_tokens=g.max_new_tokens,
                 eos_id=tok.eos_token_id, pad_id=tok.pad_token_id, temperature=g.eval_temperature)
    texts = response_texts(tok, gen.tokens, gen.mask, tok.eos_token_id)
    scores = scorer.score([p.text for p in prompts], texts).tolist()
    rows = [{"id": p.id, "prompt": p.text, "completion": t, "score": s, "eos": bool(e)}
            for p, t, s, e in zip(prompts, texts, scores, gen.has_eos.tolist(), strict=True)]
    path = out_dir / "samples" / f"step-{step:06d}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"step": step, "samples": rows}, indent=1))
    protocol.metric(step, "eval/scores", sum(scores) / len(scores))
    protocol.artefact("samples", str(path))
