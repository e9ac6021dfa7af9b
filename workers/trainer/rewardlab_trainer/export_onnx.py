# Command `export-onnx`: a trained reward-model checkpoint -> ONNX, so the Node side (onnxruntime-node) scores
# without Python. Graph: input_ids, attention_mask int64 [batch, seq] (right-padded) -> rewards float32 [batch],
# both axes dynamic. Saved beside tokenizer.json and rewardlab-rm.json {format, max_length, pad_token_id, ...}.
# Then a parity check on real pairs: ONNX Runtime and PyTorch rewards must agree within export.parity_tolerance
# (max abs difference, reported as metric export/parity_max_abs_diff); the command fails when they do not.
from __future__ import annotations

import contextlib
import copy
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import torch

from . import protocol
from .config import SHIPPED_CORPUS, Config
from .data import Pair, collate, encode_pairs, read_hh, read_pairs
from .models import CHECKPOINT_MANIFEST, max_positions, reward_model_from_folder
from .tokenizer import load_tokenizer, save_tokenizer

MANIFEST = "rewardlab-rm.json"
MODEL_FILE = "model.onnx"
FORMAT = "rewardlab-rm-onnx/1"


class ParityError(RuntimeError):
    pass


def export_model(rm: torch.nn.Module, path: Path, opset: int, exporter: str, max_positions: int) -> None:
    rm = rm.eval().cpu()
    example = (torch.randint(0, 100, (2, 8)), torch.ones(2, 8, dtype=torch.long))  # [batch 2, seq 8]
    names = dict(input_names=["input_ids", "attention_mask"], output_names=["rewards"], opset_version=opset)
    # the exporter prints its progress with print(): keep it off the event stream even when used in-process
    with warnings.catch_warnings(), contextlib.redirect_stdout(sys.stderr):
        warnings.simplefilter("ignore")  # tracer warnings about python-side shape checks, all benign here
        if exporter == "torchscript":
            axes = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "rewards": {0: "batch"}}
            torch.onnx.export(rm, example, str(path), dynamic_axes=axes, dynamo=False, **names)
        else:
            batch, seq = torch.export.Dim("batch"), torch.export.Dim("seq", max=max_positions)
            shapes = {"input_ids": {0: batch, 1: seq}, "attention_mask": {0: batch, 1: seq}}
            big = sum(p.numel() for p in rm.parameters()) * 4 > 1.5e9  # protobuf's 2 GB limit
            torch.onnx.export(rm, example, str(path), dynamic_shapes=shapes, dynamo=True, external_data=big, **names)


def onnx_session(folder: Path):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3  # warnings about unused initialisers would go to stdout otherwise
    return ort.InferenceSession(str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"])


def parity_pairs(cfg: Config) -> list[Pair]:
    """Real pairs: export.parity_data, else the held-out split of data.pairs, else the shipped HH-RLHF pairs."""
    n = cfg.export.parity_pairs
    if cfg.export.parity_data:
        return read_pairs(cfg.export.parity_data)[:n]
    if cfg.data.pairs and Path(cfg.data.pairs).exists():
        pairs = read_pairs(cfg.data.pairs)
        held_out = [p for p in pairs if p.split == "eval"] or pairs
        return held_out[:n]
    return read_hh(SHIPPED_CORPUS, limit=n)


def max_abs_diff(rm, session, tok, pairs: list[Pair], max_length: int, tolerance: float, batch_size: int = 8) -> float:
    """Scores every pair with both runtimes in padded batches (so padding is checked too). A batch over the
    tolerance is scored again in float64: some inputs are ill-conditioned enough that fp32 PyTorch itself is off
    by ~1e-4 (seen on a tiny test model), and the export is right when ONNX Runtime agrees with the exact value."""
    data = encode_pairs(pairs, tok, max_length)
    worst, exact = 0.0, None
    for start in range(0, len(data), batch_size):
        batch = collate(data, list(range(start, min(start + batch_size, len(data)))), tok.pad_token_id)
        got = session.run(["rewards"], {"input_ids": batch["input_ids"].numpy(),
                                        "attention_mask": batch["attention_mask"].numpy()})[0]  # [2B]
        with torch.no_grad():
            expected = rm(batch["input_ids"], batch["attention_mask"]).double().numpy()  # [2B]
            diff = float(np.abs(got - expected).max())
            if diff >= tolerance:
                if exact is None:  # made once, only when some batch needs it
                    exact = copy.deepcopy(rm).double()
                diff = float(np.abs(got - exact(batch["input_ids"], batch["attention_mask"]).numpy()).max())
        worst = max(worst, diff)
    return worst


def export_and_check(cfg: Config, checkpoint: Path, out: Path, step: int = 0) -> Path:
    """Exports the checkpoint as saved on disk (fp32, CPU) and checks parity; returns the ONNX folder."""
    manifest = json.loads((checkpoint / CHECKPOINT_MANIFEST).read_text()) if (checkpoint / CHECKPOINT_MANIFEST).exists() else {}
    max_length = manifest.get("max_length", cfg.model.max_length)
    truncation_side = manifest.get("truncation_side", cfg.model.truncation_side)
    tok = load_tokenizer(str(checkpoint), truncation_side)
    rm = reward_model_from_folder(checkpoint, tok.pad_token_id).eval()
    out.mkdir(parents=True, exist_ok=True)
    protocol.progress(0.0, "export")
    positions = max_positions(rm) or max_length
    export_model(rm, out / MODEL_FILE, cfg.export.opset, cfg.export.exporter, positions)
    save_tokenizer(tok, out)
    (out / MANIFEST).write_text(json.dumps({
        "format": FORMAT, "model": MODEL_FILE, "max_length": max_length, "pad_token_id": tok.pad_token_id,
        "truncation_side": truncation_side, "padding_side": "right", "inputs": ["input_ids", "attention_mask"],
        "output": "rewards", "opset": cfg.export.opset, "head": manifest.get("head"), "base": manifest.get("base"),
    }, indent=2))
    protocol.progress(0.6, "parity")
    pairs = parity_pairs(cfg)
    diff = max_abs_diff(rm, onnx_session(out), tok, pairs, max_length, cfg.export.parity_tolerance)
    protocol.metric(step, "export/parity_max_abs_diff", diff)
    protocol.log(f"ONNX parity on {len(pairs)} real pairs: max |onnx - torch| = {diff:.2e} "
                 f"(tolerance {cfg.export.parity_tolerance:g})")
    if not diff < cfg.export.parity_tolerance:
        raise ParityError(f"ONNX and PyTorch rewards differ by {diff:.3e} > {cfg.export.parity_tolerance:g}")
    protocol.artefact("onnx_model", str(out))
    protocol.progress(1.0, "export")
    return out


def run(cfg: Config) -> None:
    if cfg.export.model_dir is None:
        raise ValueError("export.model_dir is required: the checkpoint folder to export")
    export_and_check(cfg, Path(cfg.export.model_dir), Path(cfg.export.out_dir or Path(cfg.out_dir) / "onnx"))
