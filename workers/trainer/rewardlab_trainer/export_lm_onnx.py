# Command `export-lm`: a causal language model (pretrain's folder, or any Hugging Face *ForCausalLM folder) ->
# an ONNX folder that the AI judge runs locally with onnxruntime-node (server/judge/onnx-provider.ts).
# Graph: input_ids int64 [batch, seq] -> logits float32 [batch, seq, vocab], both axes dynamic. No KV cache:
# the judge generates a few short rationales greedily and reads one next-token distribution, so each step simply
# re-runs the (short) window. No attention_mask: the judge runs one unpadded sequence, and a mask without
# position ids would silently misplace left-padded rows. Saved beside tokenizer.json (+ tokenizer_config) and
# rewardlab-lm.json {kind: "causal-lm", context_length, vocab_size, eos_token_id(s), source, ...}.
# Then a parity check on real text: ONNX Runtime and PyTorch logits must agree within lm_export.parity_tolerance
# (max abs difference, metric export/parity_max_abs_diff); the command fails when they do not.
from __future__ import annotations

import contextlib
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

from . import protocol
from .config import SHIPPED_CORPUS, Config
from .data import read_hh
from .export_onnx import MODEL_FILE, ParityError, onnx_session
from .tokenizer import load_tokenizer, save_tokenizer

MANIFEST = "rewardlab-lm.json"
FORMAT = "rewardlab-lm-onnx/1"


class LogitsOnly(nn.Module):
    """input_ids [B, T] -> logits [B, T, V] in fp32, without the cache and extras HF returns."""

    def __init__(self, lm: nn.Module):
        super().__init__()
        self.lm = lm

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.lm(input_ids=input_ids, use_cache=False).logits.float()


def load_causal_lm(folder: str | Path) -> nn.Module:
    """Any HF folder AutoModelForCausalLM understands, in fp32 on the CPU (what the export traces)."""
    from transformers import AutoConfig, AutoModelForCausalLM

    folder = Path(folder)
    if not (folder / "config.json").exists():
        raise FileNotFoundError(f"{folder} is not a Hugging Face model folder (no config.json)")
    config = AutoConfig.from_pretrained(str(folder))
    archs = config.architectures or []
    if archs and not any(a.endswith(("ForCausalLM", "LMHeadModel")) for a in archs):
        # e.g. a reward checkpoint (a backbone): its LM head is tied to the embedding at best, random at worst
        protocol.log(f"warning: {folder} declares {archs}, not a causal LM; its LM head may be untrained")
    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
    model.config.use_cache = False
    return model.eval()


def context_length(model: nn.Module, tok, override: int) -> int:
    """Longest input the model was built for (learned position tables end there), capped by the override."""
    c = model.config
    known = next((v for v in (getattr(c, k, None) for k in ("max_position_embeddings", "n_positions", "n_ctx",
                                                                 "seq_length")) if isinstance(v, int) and v > 0), None)
    if known is None and 0 < getattr(tok, "model_max_length", 0) < 1_000_000:  # the tokenizer's "very large" sentinel
        known = tok.model_max_length
    if known is None and override <= 0:
        raise ValueError("the model's context length is unknown: set lm_export.context_length")
    return min(v for v in (known, override if override > 0 else None) if v is not None)


def eos_token_ids(model: nn.Module, tok) -> list[int]:
    """Generation's stop ids: generation_config first (Llama 3 lists several), then config, then tokenizer."""
    gen = getattr(model, "generation_config", None)
    for value in (getattr(gen, "eos_token_id", None), model.config.eos_token_id, tok.eos_token_id):
        if value is not None:
            return [int(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
    return []


def export_lm(lm: LogitsOnly, path: Path, opset: int, positions: int) -> None:
    example = (torch.randint(0, 100, (2, 8)),)  # [batch 2, seq 8]
    batch, seq = torch.export.Dim("batch"), torch.export.Dim("seq", max=positions)
    big = sum(p.numel() for p in lm.parameters()) * 4 > 1.5e9  # protobuf's 2 GB limit
    # the exporter prints its progress with print(): keep it off the event stream even when used in-process
    with warnings.catch_warnings(), contextlib.redirect_stdout(sys.stderr):
        warnings.simplefilter("ignore")  # tracer warnings about python-side shape checks, all benign here
        torch.onnx.export(lm, example, str(path), input_names=["input_ids"], output_names=["logits"],
                          opset_version=opset, dynamic_shapes={"input_ids": {0: batch, 1: seq}}, dynamo=True,
                          external_data=big)


def parity_batch(tok, n: int, length: int) -> torch.Tensor:
    """[n, length] ids: the ends of real HH-RLHF transcripts (the end is what a judge prompt keeps)."""
    rows = []
    for pair in read_hh(SHIPPED_CORPUS, limit=4 * n):
        ids = tok(pair.prompt + pair.chosen, add_special_tokens=False)["input_ids"]
        if len(ids) >= length:
            rows.append(ids[-length:])
        if len(rows) == n:
            break
    if not rows:
        raise ValueError(f"no shipped transcript has {length} tokens: lower lm_export.parity_length")
    return torch.tensor(rows, dtype=torch.long)


def max_abs_diff(lm: LogitsOnly, session, ids: torch.Tensor) -> float:
    """Full logits of both runtimes, on the batch and on a short single row (so both axes vary)."""
    worst = 0.0
    for x in (ids, ids[:1, -5:]):  # [n, length], [1, 5]
        with torch.no_grad():
            expected = lm(x).numpy()  # [B, T, V]
        got = session.run(["logits"], {"input_ids": x.numpy()})[0]  # [B, T, V]
        if got.shape != expected.shape:
            raise ParityError(f"ONNX logits have shape {got.shape}, PyTorch {expected.shape}")
        worst = max(worst, float(np.abs(got - expected).max()))
    return worst


def export_lm_and_check(cfg: Config, folder: Path, out: Path, step: int = 0) -> Path:
    """Exports the folder's LM and checks parity; returns the ONNX folder."""
    s = cfg.lm_export
    protocol.progress(0.0, "export")
    tok = load_tokenizer(str(folder))
    lm = LogitsOnly(load_causal_lm(folder))
    positions = context_length(lm.lm, tok, s.context_length)
    out.mkdir(parents=True, exist_ok=True)
    export_lm(lm, out / MODEL_FILE, s.opset, positions)
    save_tokenizer(tok, out)
    protocol.progress(0.6, "parity")
    ids = parity_batch(tok, s.parity_texts, min(s.parity_length, positions))
    diff = max_abs_diff(lm, onnx_session(out), ids)
    protocol.metric(step, "export/parity_max_abs_diff", diff)
    protocol.log(f"ONNX LM parity on {len(ids)} real transcripts x {ids.shape[1]} tokens: max |onnx - torch| "
                 f"logit = {diff:.2e} (tolerance {s.parity_tolerance:g})")
    if not diff < s.parity_tolerance:
        raise ParityError(f"ONNX and PyTorch logits differ by {diff:.3e} > {s.parity_tolerance:g}")
    eos = eos_token_ids(lm.lm, tok)
    (out / MANIFEST).write_text(json.dumps({
        "format": FORMAT, "kind": "causal-lm", "model": MODEL_FILE, "inputs": ["input_ids"], "output": "logits",
        "context_length": positions, "vocab_size": int(lm.lm.get_output_embeddings().weight.shape[0]),
        "eos_token_id": eos[0] if eos else None, "eos_token_ids": eos, "opset": s.opset,
        "architecture": (lm.lm.config.architectures or [type(lm.lm).__name__])[0],
        "source": str(folder.resolve()), "parity_max_abs_diff": diff,
    }, indent=2))
    protocol.artefact("onnx_lm", str(out))
    protocol.progress(1.0, "export")
    return out


def run(cfg: Config) -> None:
    folder = cfg.lm_export.model_dir
    if folder is None:
        from .pretrain import ensure_pretrained

        with protocol.span(0.0, 0.5):  # trains the built-in LM first when it is not cached yet
            folder = ensure_pretrained(cfg)
    with protocol.span(0.5 if cfg.lm_export.model_dir is None else 0.0, 1.0):
        export_lm_and_check(cfg, Path(folder), Path(cfg.lm_export.out_dir or Path(cfg.out_dir) / "judge-lm-onnx"))
