# Command `train-rm`: trains a reward model on preference pairs, in one visible loop with numbered phases:
#   1) load data / tokenize   2) build model   3) train loop   4) eval on the held-out split every N steps
#   5) save checkpoint        6) export ONNX (+ parity check)
# Several GPUs: run it under torchrun (distributed.py): data-parallel, rank 0 reports, evaluates and saves.
# Loss: Bradley-Terry on hard labels, soft cross-entropy on AI probabilities (losses.py). Metric names follow
# TRL's RewardTrainer as logged to W&B (train/loss, train/accuracy, train/rewards/margins, ..., eval/loss).
from __future__ import annotations

import copy
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn.parallel import DistributedDataParallel as DDP

from . import distributed, protocol
from .config import Config, config_to_dict
from .data import EncodedPairs, bucketed_batches, collate, encode_pairs, read_pairs, split_pairs
from .losses import preference_loss
from .metrics import histogram, pair_metrics
from .models import (apply_lora, autocast, count_parameters, freeze_input_embeddings, max_positions,
                     random_builtin_reward_model, reward_model_from_folder, save_reward_model)
from .optim import lr_at, make_adamw, optimizer_step, set_lr
from .pretrain import MANIFEST as PRETRAIN_MANIFEST, pretrained_dir
from .resume import Resumer, rng_state, set_rng_state
from .tokenizer import load_tokenizer, save_tokenizer


def build_model(cfg: Config, device: torch.device):
    """(reward model, tokenizer, description of the base) for model.path or the built-in GPT."""
    m = cfg.model
    if m.path is None and m.builtin not in m.builtin_sizes:
        raise ValueError(f"model.builtin '{m.builtin}' is not one of {sorted(m.builtin_sizes)}")
    if m.path is None and m.init == "random":
        tok = load_tokenizer(None, m.truncation_side)
        rm, base = random_builtin_reward_model(m.builtin_sizes[m.builtin], len(tok), tok.eos_token_id), f"builtin:{m.builtin}:random"
    else:
        folder = m.path
        if folder is None:  # the built-in model, pretrained by the `pretrain` command (the worker's PRETRAIN_LM job)
            cached = pretrained_dir(cfg)
            if not (cached / PRETRAIN_MANIFEST).exists():
                raise ValueError(f"the built-in '{m.builtin}' model is not pretrained with these settings yet: run the "
                                 "`pretrain` command with the same config first (train-rm never pretrains)")
            folder = str(cached)
        tok = load_tokenizer(folder, m.truncation_side)
        rm, base = reward_model_from_folder(folder, tok.pad_token_id), (f"hf:{folder}" if m.path else f"builtin:{m.builtin}")
    limit = max_positions(rm)
    if limit is not None and m.max_length > limit:
        raise ValueError(f"model.max_length {m.max_length} exceeds the model's {limit} positions")
    if m.lora.enabled:
        rm = apply_lora(rm, m.lora)
    elif cfg.train.freeze_embeddings:
        freeze_input_embeddings(rm)
    return rm.to(device), tok, base


def load_pairs(cfg: Config):
    if cfg.data.pairs is None:
        raise ValueError("data.pairs is required: the pairs JSONL to train on")
    train_pairs, eval_pairs = split_pairs(read_pairs(cfg.data.pairs), cfg.data)
    if not train_pairs:
        raise ValueError(f"no training pairs in {cfg.data.pairs} (split 'train', after the tie rule)")
    return train_pairs, eval_pairs


def report_train_step(step: int, loss, r_chosen, r_rejected, batch: dict, extra: dict) -> None:
    """TRL's per-step training metrics, prefixed train/ as TRL's W&B logs show them."""
    m = pair_metrics(r_chosen.detach().cpu().numpy(), r_rejected.detach().cpu().numpy(), batch["labels"].cpu().numpy())
    protocol.metric(step, "train/loss", loss.item())
    for name in ("accuracy", "rewards/chosen", "rewards/rejected", "rewards/margins"):
        protocol.metric(step, f"train/{name}", m[name])
    for name, value in extra.items():
        protocol.metric(step, f"train/{name}", value)


@torch.no_grad()
def evaluate(rm, data: EncodedPairs, cfg: Config, pad_id: int, device: torch.device) -> dict:
    """eval/loss, accuracy, ECE and the raw rewards (for the histogram) on held-out pairs."""
    rm.eval()
    order = sorted(range(len(data)), key=lambda i: len(data.chosen[i]) + len(data.rejected[i]))  # little padding
    chosen, rejected, losses = [], [], []
    for start in range(0, len(order), cfg.train.eval_batch_size):
        idx = order[start: start + cfg.train.eval_batch_size]
        batch = {k: v.to(device) for k, v in collate(data, idx, pad_id).items()}
        with autocast(device, cfg.model.dtype):
            rewards = rm(batch["input_ids"], batch["attention_mask"]).float()  # [2B]
        r_c, r_r = rewards.chunk(2)  # [B], [B]
        losses.append(preference_loss(r_c, r_r, batch["labels"]).item() * len(idx))
        chosen.append(r_c.cpu().numpy()), rejected.append(r_r.cpu().numpy())
    labels = np.asarray([data.labels[i] for i in order])
    chosen, rejected = np.concatenate(chosen), np.concatenate(rejected)
    out = pair_metrics(chosen, rejected, labels, cfg.train.ece_bins)
    out["loss"] = sum(losses) / len(data)
    return {**out, "_chosen": chosen, "_rejected": rejected}


def report_eval(step: int, result: dict, cfg: Config, out_dir: Path) -> None:
    for name in ("loss", "accuracy", "ece", "rewards/chosen", "rewards/rejected", "rewards/margins"):
        protocol.metric(step, f"eval/{name}", result[name])
    both = np.concatenate([result["_chosen"], result["_rejected"]])
    value_range = (float(both.min()), float(both.max()) + 1e-6)  # one set of bins for both histograms
    path = out_dir / "histograms" / f"eval-step-{step:06d}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"step": step,
                                "chosen": histogram(result["_chosen"], cfg.train.hist_bins, value_range),
                                "rejected": histogram(result["_rejected"], cfg.train.hist_bins, value_range)}))
    protocol.artefact("reward_histogram", str(path))


def save_checkpoint(rm, tok, cfg: Config, folder: Path, step: int, base: str, lora_live: bool) -> None:
    # merging LoRA changes the module; a mid-run save merges a copy so training goes on with the adapters
    model = copy.deepcopy(rm).cpu() if lora_live else rm
    save_reward_model(model, folder, {"base": base, "step": step, "max_length": cfg.model.max_length,
                                      "truncation_side": cfg.model.truncation_side})
    save_tokenizer(tok, folder)
    protocol.artefact("checkpoint", str(folder))


def epoch_batches(cfg: Config, data: EncodedPairs, rng: random.Random, world: distributed.World) -> list[list[int]]:
    t = cfg.train
    return distributed.shard(bucketed_batches(data, t.batch_size, cfg.data.bucket_chunk, rng, t.token_budget), world)


def restore(state: dict, rm, optimizer, rng: random.Random, draw_epoch):
    """Weights, optimizer and random state of a saved attempt; the rest of its epoch, redrawn as it was drawn."""
    rm.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    rng.setstate(state["epoch_rng"])
    batches = draw_epoch()
    epoch_len = len(batches)
    del batches[epoch_len - state["consumed"]:]  # batches are taken from the end
    set_rng_state(state["rng"])
    return batches, state["epoch_rng"], epoch_len


def train_loop(cfg: Config, world: distributed.World, device: torch.device, built, train_data: EncodedPairs,
               eval_data: EncodedPairs, out_dir: Path, start_fraction: float) -> int:
    """Steps 3) and 4): the optimisation loop with its held-out evaluations; returns the number of steps."""
    rm, tok, base = built
    t = cfg.train
    optimizer = make_adamw(rm, t.lr, t.weight_decay, device)
    # DDP averages gradients over the ranks; the compiled forward shares rm's parameters; rm is what is saved.
    forward = DDP(rm, device_ids=[device.index] if device.type == "cuda" else None) if world.active else rm
    forward = torch.compile(forward, dynamic=True) if t.compile else forward
    rng = random.Random(cfg.seed)
    per_epoch = len(epoch_batches(cfg, train_data, random.Random(cfg.seed), world))  # steps per epoch (schedule)
    if per_epoch == 0:
        raise ValueError(f"{len(train_data)} training pairs make fewer batches than the {world.size} processes")
    total = t.max_steps if t.max_steps > 0 else max(1, math.ceil(t.epochs * per_epoch))

    # An earlier attempt of this job may have saved its state: continue from there (resume.py).
    resumer = Resumer(cfg, out_dir / "resume", world, device)
    batches: list[list[int]] = []
    epoch_rng, epoch_len = rng.getstate(), 0  # the current epoch's batch order is redrawn from this on resume
    loop_start, tokens_seen, step_seconds, first = time.perf_counter(), 0.0, 0.0, 1
    state = resumer.load()
    if state is not None:
        batches, epoch_rng, epoch_len = restore(state, rm, optimizer, rng, lambda: epoch_batches(cfg, train_data, rng, world))
        first, tokens_seen, step_seconds = state["step"] + 1, state["tokens_seen"], state["step_seconds"]
    protocol.progress(start_fraction, "train")

    def resume_state(step: int) -> dict:
        fresh = not batches  # the next step starts a new epoch, drawn from the rng as it is now
        return {"step": step, "model": rm.state_dict(), "optimizer": optimizer.state_dict(),
                "epoch_rng": rng.getstate() if fresh else epoch_rng, "consumed": 0 if fresh else epoch_len - len(batches),
                "rng": rng_state(), "tokens_seen": tokens_seen, "step_seconds": step_seconds}

    # ---- 3) train loop
    for step in range(first, total + 1):
        if not batches:
            epoch_rng = rng.getstate()
            batches = epoch_batches(cfg, train_data, rng, world)
            epoch_len = len(batches)
        batch = {k: v.to(device) for k, v in collate(train_data, batches.pop(), tok.pad_token_id).items()}
        t0 = time.perf_counter()
        lr = lr_at(step - 1, t.lr, t.warmup_steps, total, t.min_lr_ratio)
        set_lr(optimizer, lr)
        rm.train()
        with autocast(device, cfg.model.dtype):
            rewards = forward(batch["input_ids"], batch["attention_mask"]).float()  # [2B, T] -> [2B]
        r_chosen, r_rejected = rewards.chunk(2)  # [B] each: chosen rows first (data.collate)
        loss = preference_loss(r_chosen, r_rejected, batch["labels"])
        optimizer_step(rm, optimizer, loss, t.grad_clip, device, f"train.lr (step {step})")
        seconds = time.perf_counter() - t0
        # real tokens only (padding is not work done), over every rank; loss and accuracy are rank 0's batch
        tokens = distributed.total(batch["attention_mask"].sum().item(), world, device)
        tokens_seen, step_seconds = tokens_seen + tokens, step_seconds + seconds
        if step % t.log_every == 0 or step == total:
            report_train_step(step, loss, r_chosen, r_rejected, batch, {
                "learning_rate": lr, "tokens_per_second": tokens / seconds, "epoch": step / per_epoch})

        # ---- 4) eval on the held-out split every N steps (and at the end), on rank 0
        if world.main and len(eval_data) and (step % t.eval_every == 0 or step == total):
            report_eval(step, evaluate(rm, eval_data, cfg, tok.pad_token_id, device), cfg, out_dir)
        if world.main and t.save_every and step % t.save_every == 0 and step < total:
            save_checkpoint(rm, tok, cfg, out_dir / f"checkpoint-{step}", step, base, cfg.model.lora.enabled)
        protocol.progress(start_fraction + (0.9 - start_fraction) * step / total, "train")
        if step < total:
            resumer.checkpoint(step, lambda step=step: resume_state(step))
    if not len(eval_data):
        protocol.log("no held-out pairs (split 'eval' from data.eval_sources): eval metrics skipped")
    # The whole loop as TRL's Trainer sums it up (train_runtime includes evals and saves; after a resume, this
    # attempt's only); tokens per second over the steps alone, the figure benchmarks compare.
    protocol.metric(total, "train_runtime", time.perf_counter() - loop_start)
    protocol.metric(total, "train_tokens", tokens_seen)
    protocol.metric(total, "train_tokens_per_second", tokens_seen / max(step_seconds, 1e-9))
    resumer.clear()
    return total


def run(cfg: Config) -> None:
    world, device = distributed.start_processes(cfg.device, cfg.seed)
    out_dir = Path(cfg.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if world.main:
        (out_dir / "config.json").write_text(json.dumps(config_to_dict(cfg), indent=2))

    # ---- 1) load data / tokenize
    protocol.progress(0.0, "data")
    train_pairs, eval_pairs = load_pairs(cfg)

    # ---- 2) build model (a user's folder, or the built-in GPT as `pretrain` left it)
    rm, tok, base = build_model(cfg, device)  # every rank the same (seeded); DDP also broadcasts rank 0's weights
    train_data = encode_pairs(train_pairs, tok, cfg.model.max_length)  # ids per pair, <= max_length each
    eval_data = encode_pairs(eval_pairs, tok, cfg.model.max_length)
    protocol.log(f"{len(train_data)} train / {len(eval_data)} eval pairs; base {base}; "
                 f"{count_parameters(rm):,} params ({count_parameters(rm, True):,} trainable) on {device}"
                 + (f" x {world.size} processes" if world.active else ""))
    steps = train_loop(cfg, world, device, (rm, tok, base), train_data, eval_data, out_dir, start_fraction=0.05)
    distributed.close(world)  # no collectives after the loop: rank 0 saves and exports alone
    if not world.main:
        return

    # ---- 5) save checkpoint (LoRA merged into the weights)
    protocol.progress(0.9, "save")
    checkpoint = out_dir / "checkpoint"
    save_checkpoint(rm, tok, cfg, checkpoint, steps, base, lora_live=False)

    # ---- 6) export ONNX, checked against PyTorch on real pairs
    if cfg.export.onnx:
        from .export_onnx import export_and_check
        with protocol.span(0.92, 1.0):
            export_and_check(cfg, checkpoint, Path(cfg.export.out_dir or out_dir / "onnx"), steps)
    protocol.progress(1.0, "done")
