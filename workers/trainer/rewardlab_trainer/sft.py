# Command `sft`: supervised fine-tuning of a causal LM on preferred responses, in one visible loop:
#   1) load examples / tokenize   2) load the policy   3) train loop (loss on response tokens only)
#   4) held-out loss and perplexity, and a few greedy completions, every N steps   5) save a plain HF folder
# Example line: {"prompt", "response", "split": "train"|"eval"}. The response ends with EOS, so the policy learns
# to stop (PPO penalises responses that never do). Metric names as TRL's SFTTrainer logs them to W&B.
# Several GPUs: under torchrun each step's batch is split over the ranks (DDP averages the gradients); rank 0
# reports, evaluates, samples and saves, as in train-rm.
from __future__ import annotations

import json
import math
import random
import time
from pathlib import Path

import torch

from . import distributed, protocol
from .config import Config
from .generate import sample
from torch.nn.parallel import DistributedDataParallel as DDP

from .models import autocast
from .optim import lr_at, make_adamw, optimizer_step, set_lr
from .policy import load_policy, merge_lora_policy, with_lora
from .resume import Resumer, rng_state, set_rng_state
from .rl_math import sft_loss
from .rollout import response_texts
from .tokenizer import load_tokenizer, save_tokenizer


def read_examples(path: str | Path) -> list[dict]:
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    for n, r in enumerate(rows, 1):
        if not isinstance(r.get("prompt"), str) or not isinstance(r.get("response"), str) or r.get("split", "train") not in ("train", "eval"):
            raise ValueError(f"{path} line {n}: expected {{'prompt', 'response', 'split': 'train'|'eval'}}")
    return rows


def encode(tok, rows: list[dict], max_length: int) -> list[tuple[list[int], int]]:
    """(ids, prompt length) per example: the response (with EOS) is kept whole when it fits, the prompt cut on the left."""
    out = []
    for r in rows:
        p = tok(r["prompt"], add_special_tokens=False)["input_ids"]
        resp = (tok(r["response"], add_special_tokens=False)["input_ids"] + [tok.eos_token_id])[: max_length - 1]
        p = p[-(max_length - len(resp)):] or [tok.eos_token_id]
        out.append((p + resp, len(p)))
    return out


def collate(examples: list[tuple[list[int], int]], pad_id: int, device: torch.device) -> dict[str, torch.Tensor]:
    width = max(len(ids) for ids, _ in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    attn = torch.zeros_like(ids)
    loss_mask = torch.zeros_like(ids)
    for i, (x, plen) in enumerate(examples):
        ids[i, : len(x)] = torch.tensor(x)
        attn[i, : len(x)] = 1
        loss_mask[i, plen: len(x)] = 1  # response tokens (and its EOS) only
    return {"input_ids": ids.to(device), "attention_mask": attn.to(device), "loss_mask": loss_mask.to(device)}


@torch.no_grad()
def evaluate(model, data, cfg: Config, pad_id: int, device) -> float:
    model.eval()
    total, tokens = 0.0, 0
    for start in range(0, len(data), cfg.sft.batch_size):
        b = collate(data[start: start + cfg.sft.batch_size], pad_id, device)
        with autocast(device, cfg.model.dtype):
            logits = model(input_ids=b["input_ids"], attention_mask=b["attention_mask"], use_cache=False).logits
        n = int(b["loss_mask"][:, 1:].sum())
        total += sft_loss(logits, b["input_ids"], b["loss_mask"]).item() * n
        tokens += n
    return total / max(tokens, 1)


def write_samples(model, tok, rows: list[dict], cfg: Config, step: int, out_dir: Path) -> None:
    """Greedy completions of the first held-out prompts, as a file the run page shows."""
    if not rows:
        return
    prompts = [r["prompt"] for r in rows]
    ids = [x[-cfg.generate.max_prompt_tokens:] for x in tok(prompts, add_special_tokens=False)["input_ids"]]
    gen = sample(model, ids, max_new_tokens=cfg.generate.max_new_tokens, eos_id=tok.eos_token_id, pad_id=tok.pad_token_id,
                 temperature=cfg.generate.eval_temperature)
    texts = response_texts(tok, gen.tokens, gen.mask, tok.eos_token_id)
    path = out_dir / "samples" / f"step-{step:06d}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"step": step, "samples": [{"prompt": p, "completion": c, "reference": r["response"]}
                                                          for p, c, r in zip(prompts, texts, rows, strict=True)]}, indent=1))
    protocol.artefact("samples", str(path))


def run(cfg: Config) -> None:
    s = cfg.sft
    world, device = distributed.start_processes(cfg.device, cfg.seed)
    out_dir = Path(cfg.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if s.data is None or cfg.model.path is None:
        raise ValueError("sft.data and model.path (the policy to fine-tune) are required")
    if s.batch_size < world.size:
        raise ValueError(f"sft.batch_size {s.batch_size} is smaller than the {world.size} processes: each needs a share")
    # ---- 1) load examples / tokenize
    protocol.progress(0.0, "data")
    rows = read_examples(s.data)
    tok = load_tokenizer(cfg.model.path)
    train_rows, eval_rows = [r for r in rows if r.get("split", "train") == "train"], [r for r in rows if r.get("split") == "eval"]
    if not train_rows:
        raise ValueError(f"no training examples in {s.data}")
    train, held_out = encode(tok, train_rows, s.max_length), encode(tok, eval_rows, s.max_length)
    # ---- 2) load the policy (every rank the same; DDP also broadcasts rank 0's weights)
    model = load_policy(cfg.model.path)
    model = (with_lora(model, cfg.model.lora) if cfg.model.lora.enabled else model).to(device)
    forward = DDP(model, device_ids=[device.index] if device.type == "cuda" else None) if world.active else model
    optimizer = make_adamw(model, s.lr, s.weight_decay, device)
    per_epoch = math.ceil(len(train) / s.batch_size)
    total = s.max_steps if s.max_steps > 0 else max(1, math.ceil(s.epochs * per_epoch))
    procs = f" x {world.size} processes" if world.active else ""
    protocol.log(f"SFT on {len(train)} examples ({len(held_out)} held out), {total} steps, "
                 f"{sum(p.numel() for p in model.parameters()):,} params on {device}{procs}")
    rng, order, first = random.Random(cfg.seed), [], 1
    resumer = Resumer(cfg, out_dir / "resume", world, device)
    if (state := resumer.load()) is not None:
        model.load_state_dict(state["model"]), optimizer.load_state_dict(state["optimizer"])
        rng.setstate(state["rng_py"]), set_rng_state(state["rng"])
        order, first = state["order"], state["step"] + 1
    # ---- 3) train loop: every rank draws the same order and takes its share of each step's batch
    started = time.perf_counter()
    for step in range(first, total + 1):
        if not order:
            order = list(range(len(train)))
            rng.shuffle(order)
        idx, order = order[: s.batch_size], order[s.batch_size:]
        batch = collate([train[i] for i in idx[world.rank::world.size] or idx[:1]], tok.pad_token_id, device)
        lr = lr_at(step - 1, s.lr, s.warmup_steps, total, s.min_lr_ratio)
        set_lr(optimizer, lr)
        model.train()
        with autocast(device, cfg.model.dtype):
            logits = forward(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], use_cache=False).logits  # [B/ranks, T, V]
        loss = sft_loss(logits, batch["input_ids"], batch["loss_mask"])
        optimizer_step(model, optimizer, loss, s.grad_clip, device, f"sft.lr (step {step})")
        protocol.metric(step, "train/loss", distributed.total(loss.item(), world, device) / world.size)
        protocol.metric(step, "train/learning_rate", lr)
        protocol.metric(step, "train/epoch", step / per_epoch)
        # ---- 4) held-out loss, perplexity and samples every N steps (and at the end), on rank 0
        if (step % s.eval_every == 0 or step == total) and world.main:
            if held_out:
                eval_loss = evaluate(model, held_out, cfg, tok.pad_token_id, device)
                protocol.metric(step, "eval/loss", eval_loss)
                protocol.metric(step, "eval/perplexity", math.exp(min(eval_loss, 50)))
            write_samples(model, tok, eval_rows[: s.samples], cfg, step, out_dir)
        distributed.barrier(world)
        protocol.progress(0.05 + 0.9 * step / total, "train")
        if step < total:
            resumer.checkpoint(step, lambda step=step, order=order: {"step": step, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
                                                        "order": order, "rng_py": rng.getstate(), "rng": rng_state()})
    distributed.close(world)  # no collectives after the loop: rank 0 saves alone
    if not world.main:
        return
    protocol.metric(total, "train_runtime", time.perf_counter() - started)
    # ---- 5) save a plain HF folder: the reference policy of later runs
    folder = out_dir / "policy"
    model = merge_lora_policy(model)
    model.save_pretrained(str(folder))
    save_tokenizer(tok, folder)
    protocol.artefact("policy", str(folder))
    resumer.clear()
    protocol.progress(1.0, "done")
