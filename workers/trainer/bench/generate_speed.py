# Rollout speed: RewardLab's sampling loop (generate.sample) against transformers' `generate` on the same model,
# prompts and lengths: generated tokens per second (real tokens: up to and including EOS), median of R rounds.
#   cd workers/trainer && ../../.venv/bin/python bench/generate_speed.py [--size small] [--batch 16] [--new 48] [--rounds 5]
# Prompts are real HH-RLHF transcripts (the shipped test set); the model is randomly initialised (speed only), so
# responses rarely end at EOS and both sides generate the full length.
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from rewardlab_trainer.config import SHIPPED_CORPUS, _builtin_sizes
from rewardlab_trainer.data import read_hh
from rewardlab_trainer.generate import left_pad, sample
from rewardlab_trainer.models import builtin_lm, select_device
from rewardlab_trainer.rollout import encode_prompts
from rewardlab_trainer.tokenizer import build_gpt2_tokenizer


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="small")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--new", type=int, default=48)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--device", default="auto")
    args = ap.parse_args()
    device = select_device(args.device)
    tok = build_gpt2_tokenizer()
    model = builtin_lm(_builtin_sizes()[args.size], len(tok), tok.eos_token_id).to(device).eval()
    prompts = encode_prompts(tok, [p.prompt for p in read_hh(SHIPPED_CORPUS, limit=args.batch)], 192)
    eos = tok.eos_token_id

    def ours():
        g = sample(model, prompts, max_new_tokens=args.new, eos_id=eos, pad_id=eos, temperature=1.0,
                   generator=torch.Generator(device=device).manual_seed(0))
        return int(g.mask.sum())

    ids, mask = left_pad(prompts, eos, device)

    def theirs():
        with torch.no_grad():
            out = model.generate(ids, attention_mask=mask, max_new_tokens=args.new, do_sample=True, temperature=1.0, top_p=1.0,
                                 pad_token_id=eos, eos_token_id=eos)[:, ids.size(1):]
        real = torch.ones_like(out)
        for i, row in enumerate(out.tolist()):
            if eos in row:
                real[i, row.index(eos) + 1:] = 0
        return int(real.sum())

    for name, fn in (("rewardlab", ours), ("transformers.generate", theirs)):
        fn()  # warm-up
        rates = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            n = fn()
            if device.type == "cuda":
                torch.cuda.synchronize()
            rates.append(n / (time.perf_counter() - t0))
        print(f"{name}: {statistics.median(rates):,.0f} generated tokens/s (median of {args.rounds}; "
              f"{args.batch} prompts x {args.new} new tokens, {args.size}, {device})")


if __name__ == "__main__":
    main()
