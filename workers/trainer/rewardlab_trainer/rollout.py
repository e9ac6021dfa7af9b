# What policy training shares: prompt files, prompt tokenisation (cut on the left), turning sampled tokens
# back into text, and scoring prompt + response texts with a frozen reward model through its own tokenizer
# (the reward model reads text exactly as in its training: prompt + response, one string, right-padded).
# Prompt line: {"id", "prompt", "split": "train"|"eval"}.
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import torch

from .models import CHECKPOINT_MANIFEST, autocast, reward_model_from_folder
from .policy import frozen
from .tokenizer import load_tokenizer


@dataclass
class Prompt:
    id: str
    text: str
    split: str


def read_prompts(path: str | Path) -> list[Prompt]:
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row.get("prompt"), str) or row.get("split", "train") not in ("train", "eval"):
                raise ValueError(f"{path} line {n}: expected {{'id', 'prompt', 'split': 'train'|'eval'}}")
            out.append(Prompt(str(row.get("id", n)), row["prompt"], row.get("split", "train")))
    if not out:
        raise ValueError(f"{path} holds no prompts")
    return out


def encode_prompts(tok, texts: list[str], max_tokens: int) -> list[list[int]]:
    """Token ids per prompt, cut on the left to max_tokens (the end, with the question, is kept); never empty."""
    ids = tok(texts, add_special_tokens=False)["input_ids"]
    return [(x[-max_tokens:] if len(x) > max_tokens else x) or [tok.eos_token_id] for x in ids]


def response_texts(tok, tokens: torch.Tensor, mask: torch.Tensor, eos_id: int) -> list[str]:
    """Sampled tokens [B, T] -> text, without the EOS and the padding after it."""
    out = []
    for row, m in zip(tokens.tolist(), mask.tolist(), strict=True):
        ids = [t for t, keep in zip(row, m, strict=True) if keep and t != eos_id]
        out.append(tok.decode(ids))
    return out


class TextScorer:
    """A frozen reward model that scores prompt + response strings: [N] rewards."""

    def __init__(self, folder: str | Path, device: torch.device, dtype: str, batch_size: int = 32):
        folder = Path(folder)
        manifest = json.loads((folder / CHECKPOINT_MANIFEST).read_text()) if (folder / CHECKPOINT_MANIFEST).exists() else {}
        self.tok = load_tokenizer(str(folder), manifest.get("truncation_side", "left"))
        self.max_length = manifest.get("max_length", 256)
        self.rm = frozen(reward_model_from_folder(folder, self.tok.pad_token_id)).to(device)
        self.device, self.dtype, self.batch_size = device, dtype, batch_size

    def score(self, prompts: list[str], responses: list[str]) -> torch.Tensor:
        """[N] rewards of prompt + response, read as one string (as the reward model was trained)."""
        return self([p + r for p, r in zip(prompts, responses, strict=True)])

    @torch.no_grad()
    def __call__(self, texts: list[str]) -> torch.Tensor:
        scores = []
        for start in range(0, len(texts), self.batch_size):
            enc = self.tok(texts[start: start + self.batch_size], truncation=True, max_length=self.max_length,
                           padding=True, add_special_tokens=False, return_tensors="pt")
            with autocast(self.device, self.dtype):
                scores.append(self.rm(enc["input_ids"].to(self.device), enc["attention_mask"].to(self.device)).float().cpu())
        return torch.cat(scores) if scores else torch.zeros(0)
