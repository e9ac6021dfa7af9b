# Command `score`: rewards for a file of pairs from a checkpoint (PyTorch) or its ONNX export (onnxruntime),
# for comparisons between models and between runtimes. Writes one JSON line per pair, in input order:
# {"index", "pairId" (when the input has one), "reward_chosen", "reward_rejected", "p_chosen"}; reports score/pairs_per_second and, when the
# pairs carry labels, score/accuracy and score/ece.
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import torch

from . import protocol
from .config import Config
from .data import collate, encode_pairs, read_pairs
from .metrics import pair_metrics, sigmoid
from .models import CHECKPOINT_MANIFEST, autocast, reward_model_from_folder, select_device
from .tokenizer import load_tokenizer


def _scorer(cfg: Config, folder: Path):
    """(tokenizer, max_length, fn(input_ids, attention_mask) -> rewards ndarray [N]) for the backend."""
    s = cfg.score
    if s.backend == "onnx":
        from .export_onnx import MANIFEST, onnx_session

        manifest = json.loads((folder / MANIFEST).read_text())
        tok, session = load_tokenizer(str(folder), manifest["truncation_side"]), onnx_session(folder)
        return tok, manifest["max_length"], lambda ids, mask: session.run(
            ["rewards"], {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0]
    manifest = json.loads((folder / CHECKPOINT_MANIFEST).read_text()) if (folder / CHECKPOINT_MANIFEST).exists() else {}
    tok = load_tokenizer(str(folder), manifest.get("truncation_side", cfg.model.truncation_side))
    device = select_device(cfg.device)
    rm = reward_model_from_folder(folder, tok.pad_token_id).to(device).eval()
    if cfg.model.dtype == "float64":
        rm = rm.double()  # a reference for runtime comparisons, not a speed setting

    @torch.no_grad()
    def score(ids, mask):
        with autocast(device, cfg.model.dtype):
            return rm(ids.to(device), mask.to(device)).double().cpu().numpy()

    return tok, manifest.get("max_length", cfg.model.max_length), score


def run(cfg: Config) -> None:
    s = cfg.score
    if s.model_dir is None or s.pairs is None:
        raise ValueError("score.model_dir and score.pairs are required")
    pairs = read_pairs(s.pairs)
    pairs = pairs[: s.limit] if s.limit > 0 else pairs
    tok, max_length, score = _scorer(cfg, Path(s.model_dir))
    data = encode_pairs(pairs, tok, max_length)
    order = sorted(range(len(data)), key=lambda i: len(data.chosen[i]) + len(data.rejected[i]))  # little padding
    chosen, rejected = np.zeros(len(data)), np.zeros(len(data))
    protocol.progress(0.0, "score")
    started = time.perf_counter()
    for start in range(0, len(order), s.batch_size):
        idx = order[start: start + s.batch_size]
        batch = collate(data, idx, tok.pad_token_id)  # [2B, T]
        rewards = score(batch["input_ids"], batch["attention_mask"])  # [2B]
        chosen[idx], rejected[idx] = rewards[: len(idx)], rewards[len(idx):]
        protocol.progress((start + len(idx)) / len(order), "score")
    seconds = time.perf_counter() - started
    protocol.metric(0, "score/pairs_per_second", len(data) / seconds)
    protocol.metric(0, "score/seconds", seconds)
    metrics = pair_metrics(chosen, rejected, np.asarray(data.labels), cfg.train.ece_bins)
    for name in ("accuracy", "ece", "rewards/margins"):
        protocol.metric(0, f"score/{name}", metrics[name])
    out = Path(s.out or Path(cfg.out_dir) / "scores.jsonl")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w") as f:
        for i in range(len(data)):
            row = {"index": i, "reward_chosen": float(chosen[i]), "reward_rejected": float(rejected[i]),
                   "p_chosen": float(sigmoid(chosen[i] - rejected[i]))}
            if pairs[i].pair_id is not None:
                row["pairId"] = pairs[i].pair_id
            f.write(json.dumps(row) + "\n")
    protocol.artefact("scores", str(out))
