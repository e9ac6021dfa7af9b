# Tokenizers: the built-in GPT-2 BPE (shipped in assets/gpt2-bpe) and whatever a user's HF folder brings.
# transformers 5 pitfall: GPT2TokenizerFast(vocab_file=..., merges_file=...) silently builds an EMPTY
# tokenizer (every text encodes to no ids), so the vocabulary and merges are passed as objects instead.
# Saved with save_pretrained, so every model folder has a tokenizer.json that Node's tokenizers can load.
from __future__ import annotations

import json
from pathlib import Path

from transformers import AutoTokenizer, GPT2TokenizerFast, PreTrainedTokenizerBase

from . import protocol
from .config import TRAINER_DIR

GPT2_BPE_DIR = TRAINER_DIR / "assets" / "gpt2-bpe"


def build_gpt2_tokenizer(bpe_dir: Path = GPT2_BPE_DIR) -> GPT2TokenizerFast:
    """GPT-2's byte-level BPE from encoder.json + vocab.bpe; "Hello world, the cat" -> 15496, 995, 11, 262, 3797."""
    vocab = json.loads((bpe_dir / "encoder.json").read_text(encoding="utf-8"))
    lines = (bpe_dir / "vocab.bpe").read_text(encoding="utf-8").split("\n")
    merges = [tuple(line.split()) for line in lines[1:] if line.strip()]  # line 0 is a "#version" header
    tok = GPT2TokenizerFast(vocab=vocab, merges=merges, model_max_length=1_000_000)
    if len(tok("Hello world")["input_ids"]) == 0:  # guards against the empty-tokenizer pitfall above
        raise RuntimeError(f"GPT-2 BPE from {bpe_dir} encodes nothing: check encoder.json / vocab.bpe")
    return prepare(tok)


def prepare(tok: PreTrainedTokenizerBase, truncation_side: str = "left") -> PreTrainedTokenizerBase:
    """Pads on the right (the reward is read at the last non-pad token) and makes sure a pad token exists."""
    if tok.pad_token is None:
        # GPT-2 has no pad token; reusing EOS is safe because positions are found through attention_mask
        # and texts are never given an EOS of their own.
        tok.pad_token = tok.eos_token if tok.eos_token is not None else tok.unk_token
        if tok.pad_token is None:
            raise ValueError("the tokenizer has no pad, eos or unk token to pad with")
    tok.padding_side = "right"
    tok.truncation_side = truncation_side
    return tok


def load_tokenizer(model_dir: str | None, truncation_side: str = "left") -> PreTrainedTokenizerBase:
    """The folder's own tokenizer when it has one, else the built-in GPT-2 BPE (logged)."""
    if model_dir is not None:
        folder = Path(model_dir)
        if any((folder / f).exists() for f in ("tokenizer.json", "tokenizer_config.json", "vocab.json")):
            return prepare(AutoTokenizer.from_pretrained(str(folder)), truncation_side)
        protocol.log(f"{folder} has no tokenizer files: using the built-in GPT-2 BPE")
    return prepare(build_gpt2_tokenizer(), truncation_side)


def save_tokenizer(tok: PreTrainedTokenizerBase, folder: str | Path) -> None:
    tok.save_pretrained(str(folder))
    if not (Path(folder) / "tokenizer.json").exists():
        raise RuntimeError(f"tokenizer.json was not written to {folder} (a slow tokenizer cannot be exported)")
