# Command `pretrain`: trains the built-in GPT (model.builtin) from scratch as a causal LM on the shipped text
# (the HH-RLHF transcripts; no preference labels are used) and saves it as a plain HF folder (config.json +
# model.safetensors + tokenizer files), so `train-rm` loads it exactly like a user's folder. The result is
# cached under pretrain.cache_dir in a folder named by a hash of everything that shapes it (sizes, settings,
# seed, corpus bytes); a later job with the same hash reuses it instead of training again.
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from . import distributed, protocol
from .config import Config
from .data import corpus_texts
from .models import autocast, builtin_lm, seed_everything, select_device
from .optim import lr_at, make_adamw, optimizer_step, set_lr
from .resume import Resumer, rng_state, set_rng_state
from .tokenizer import build_gpt2_tokenizer, save_tokenizer

MANIFEST = "rewardlab-pretrain.json"
FORMAT = 1  # bump when the training code changes what a cached folder contains


def cache_key(cfg: Config) -> str:
    p = cfg.pretrain
    h = hashlib.sha256()
    settings = {k: v for k, v in p.__dict__.items() if k not in ("cache_dir", "corpus")}
    size = cfg.model.builtin_sizes[cfg.model.builtin].__dict__
    h.update(json.dumps({"format": FORMAT, "size": size, "settings": settings, "seed": cfg.seed}, sort_keys=True).encode())
    for path in p.corpus:
        h.update(Path(path).read_bytes())
    return h.hexdigest()[:16]


def pretrained_dir(cfg: Config) -> Path:
    return Path(cfg.pretrain.cache_dir) / f"{cfg.model.builtin}-{cache_key(cfg)}"


def ensure_pretrained(cfg: Config) -> Path:
    """The cached pretrained folder for this config, training it first when missing."""
    if cfg.model.builtin not in cfg.model.builtin_sizes:
        raise ValueError(f"model.builtin '{cfg.model.builtin}' is not one of {sorted(cfg.model.builtin_sizes)}")
    folder = pretrained_dir(cfg)
    if (folder / MANIFEST).exists():
        protocol.log(f"reusing the cached pretrained '{cfg.model.builtin}' model {folder}")
    else:
        _pretrain(cfg, folder)
    protocol.progress(1.0, "pretrain")
    protocol.artefact("pretrained_model", str(folder))
    return folder


def _token_stream(cfg: Config, tok) -> torch.Tensor:
    """All documents as one 1-D stream of ids [N], each followed by EOS (GPT-2's document separator)."""
    ids: list[int] = []
    for doc in tok(corpus_texts(cfg.pretrain.corpus), add_special_tokens=False)["input_ids"]:
        ids += doc + [tok.eos_token_id]
    return torch.tensor(ids, dtype=torch.long)


def _batch(stream: torch.Tensor, block: int, batch: int, gen: torch.Generator):
    """Random windows, nanoGPT's get_batch: x [B, T] and the next-token targets y [B, T]."""
    starts = torch.randint(0, len(stream) - block - 1, (batch,), generator=gen)
    x = torch.stack([stream[s: s + block] for s in starts])
    y = torch.stack([stream[s + 1: s + 1 + block] for s in starts])
    return x, y


def _lm_loss(model, x, y, vocab_ids, remap) -> torch.Tensor:
    """Cross-entropy of next tokens. With vocab_ids [V'] the softmax runs over the corpus's own ids only:
    ids the corpus never uses would only be pushed down, and 50257 logits per token dominate a CPU step."""
    if vocab_ids is None:
        logits = model(input_ids=x).logits  # [B, T, V]
        return F.cross_entropy(logits.flatten(0, 1), y.flatten())
    hidden = model.transformer(input_ids=x).last_hidden_state  # [B, T, H]
    weight = model.lm_head.weight[vocab_ids]  # [V', H] (tied to the input embedding)
    logits = hidden @ weight.T  # [B, T, V']
    return F.cross_entropy(logits.flatten(0, 1), remap[y].flatten())


def _pretrain(cfg: Config, folder: Path) -> None:
    p = cfg.pretrain
    seed_everything(cfg.seed)
    device = select_device(cfg.device)
    # ---- 1) corpus -> token stream, with a held-out tail for eval/loss
    protocol.progress(0.0, "pretrain")
    tok = build_gpt2_tokenizer()
    stream = _token_stream(cfg, tok)  # [N]
    n_eval = max(p.block_size + 2, int(len(stream) * p.eval_fraction))
    train_ids, eval_ids = stream[:-n_eval], stream[-n_eval:]
    if len(train_ids) <= p.block_size + 1:
        raise ValueError(f"the pretraining corpus has only {len(stream)} tokens: too few for block_size {p.block_size}")
    protocol.log(f"pretrain corpus: {len(train_ids):,} train + {len(eval_ids):,} eval tokens")
    # ---- 2) model and optimiser
    size = cfg.model.builtin_sizes[cfg.model.builtin]
    model = builtin_lm(size, len(tok), tok.eos_token_id).to(device)
    vocab_ids = remap = None
    if p.corpus_vocab_softmax:
        vocab_ids = torch.unique(stream).to(device)  # [V'] sorted ids the corpus uses
        remap = torch.zeros(len(tok), dtype=torch.long, device=device)
        remap[vocab_ids] = torch.arange(len(vocab_ids), device=device)
    optimizer = make_adamw(model, p.lr, p.weight_decay, device)
    protocol.log(f"pretraining '{cfg.model.builtin}' ({sum(t.numel() for t in model.parameters()):,} params) "
                 f"for {p.max_steps} steps on {device}")
    gen = torch.Generator().manual_seed(cfg.seed)
    # An earlier attempt may have saved its state beside the cache folder: continue from there (resume.py).
    resumer = Resumer(cfg, folder.with_name(f"{folder.name}.resume"), distributed.World(), device)
    start = 0
    if (state := resumer.load()) is not None:
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        gen.set_state(state["gen"])
        set_rng_state(state["rng"])
        start = state["step"]
    # ---- 3) training loop
    for step in range(start, p.max_steps):
        t0 = time.perf_counter()
        lr = lr_at(step, p.lr, p.warmup_steps, p.max_steps, p.min_lr_ratio)
        set_lr(optimizer, lr)
        x, y = (t.to(device) for t in _batch(train_ids, p.block_size, p.batch_size, gen))  # [B, T] each
        model.train()
        with autocast(device, cfg.model.dtype):
            loss = _lm_loss(model, x, y, vocab_ids, remap)
        optimizer_step(model, optimizer, loss, p.grad_clip, device, f"pretrain.lr (step {step + 1})")
        dt = time.perf_counter() - t0
        protocol.metric(step + 1, "train/loss", loss.item())
        protocol.metric(step + 1, "train/learning_rate", lr)
        protocol.metric(step + 1, "train/tokens_per_second", x.numel() / dt)
        if (step + 1) % p.eval_every == 0 or step + 1 == p.max_steps:
            protocol.metric(step + 1, "eval/loss", _eval_loss(cfg, model, eval_ids, vocab_ids, remap, device))
        protocol.progress((step + 1) / p.max_steps * 0.98, "pretrain")
        if step + 1 < p.max_steps:
            resumer.checkpoint(step + 1, lambda step=step: {"step": step + 1, "model": model.state_dict(), "gen": gen.get_state(),
                                                  "optimizer": optimizer.state_dict(), "rng": rng_state()})
    # ---- 4) save
    _save_atomically(model, tok, folder, {"builtin": cfg.model.builtin, "steps": p.max_steps, "key": folder.name})
    resumer.clear()


def _save_atomically(model, tok, folder: Path, manifest: dict) -> None:
    """Written beside the target, then renamed: a half-written folder must never look like a cache hit."""
    tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
    try:
        model.save_pretrained(str(tmp))
        save_tokenizer(tok, tmp)
        (tmp / MANIFEST).write_text(json.dumps(manifest))
        folder.parent.mkdir(parents=True, exist_ok=True)
        if not folder.exists():  # else a concurrent job finished the same key first: keep theirs
            tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@torch.no_grad()
def _eval_loss(cfg: Config, model, eval_ids, vocab_ids, remap, device) -> float:
    p = cfg.pretrain
    model.eval()
    gen = torch.Generator().manual_seed(0)  # the same windows at every evaluation
    block = min(p.block_size, len(eval_ids) - 2)
    losses = []
    for _ in range(p.eval_batches):
        x, y = (t.to(device) for t in _batch(eval_ids, block, p.batch_size, gen))
        with autocast(device, cfg.model.dtype):
            losses.append(_lm_loss(model, x, y, vocab_ids, remap).item())
    return sum(losses) / len(losses)


def run(cfg: Config) -> None:
    ensure_pretrained(cfg)
