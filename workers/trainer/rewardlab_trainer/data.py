# Preference pairs: reading the JSONL the worker writes, tokenizing, and length-bucketed batches in which
# chosen and rejected go through the model in ONE forward ([2B, T]: rows 0..B-1 chosen, B..2B-1 rejected).
# Pair line: {"prompt", "chosen", "rejected", "label": P(chosen preferred) (1.0 / 0.0 hard, 0.5 tie, else soft),
#             "source": "HUMAN"|"AI"|"SELF", "split": "train"|"eval", "pairId" (optional)}. The model reads prompt + response as
# one string (the prompt keeps its own trailing separator, e.g. "\n\nAssistant:").
# Also the shipped HH-RLHF transcripts, as pairs (tests, benchmarks) and as text (pretraining corpus).
from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass
from pathlib import Path

import torch

from .config import DataSettings
from .losses import binarise

SOURCES = {"HUMAN", "AI", "SELF"}
SPLITS = {"train", "eval"}
HH_SEPARATOR = "\n\nAssistant:"


@dataclass
class Pair:
    prompt: str
    chosen: str
    rejected: str
    label: float = 1.0
    source: str = "HUMAN"
    split: str = "train"
    pair_id: str | None = None  # the worker's "pairId", echoed by `score` so results map back to rows


def _open_text(path: str | Path):
    path = Path(path)
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8")


def _parse_pair(row: dict, where: str) -> Pair:
    for key in ("prompt", "chosen", "rejected"):
        if not isinstance(row.get(key), str):
            raise ValueError(f"{where}: '{key}' must be a string")
    label = row.get("label", 1.0)
    if isinstance(label, bool) or not isinstance(label, (int, float)) or not 0.0 <= label <= 1.0:
        raise ValueError(f"{where}: 'label' must be a number in [0, 1] (P(chosen preferred)), got {label!r}")
    source, split = row.get("source", "HUMAN"), row.get("split", "train")
    if source not in SOURCES:
        raise ValueError(f"{where}: 'source' must be one of {sorted(SOURCES)}, got {source!r}")
    if split not in SPLITS:
        raise ValueError(f"{where}: 'split' must be one of {sorted(SPLITS)}, got {split!r}")
    pair_id = row.get("pairId")
    return Pair(row["prompt"], row["chosen"], row["rejected"], float(label), source, split,
                None if pair_id is None else str(pair_id))


def read_pairs(path: str | Path) -> list[Pair]:
    pairs = []
    with _open_text(path) as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{n}: not JSON ({e})") from e
                pairs.append(_parse_pair(row, f"{path}:{n}"))
    return pairs


def write_pairs(pairs: list[Pair], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for p in pairs:
            row = {k: v for k, v in p.__dict__.items() if k != "pair_id"}
            if p.pair_id is not None:
                row["pairId"] = p.pair_id
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def split_pairs(pairs: list[Pair], settings: DataSettings) -> tuple[list[Pair], list[Pair]]:
    """Train and held-out pairs after the tie rule; eval keeps only data.eval_sources (human labels)."""
    if settings.label_mode == "hard":
        pairs = [Pair(p.prompt, p.chosen, p.rejected, binarise(p.label), p.source, p.split, p.pair_id) for p in pairs]

    def usable(p: Pair) -> bool:
        return not (settings.ties == "drop" and p.label == 0.5)

    train = [p for p in pairs if p.split == "train" and usable(p)]
    evals = [p for p in pairs if p.split == "eval" and p.source in settings.eval_sources and usable(p)]
    if settings.max_train_pairs > 0:
        train = train[: settings.max_train_pairs]
    return train, evals


def hh_transcript_to_pair(chosen: str, rejected: str) -> Pair:
    """HH-RLHF: the prompt is everything up to (and including) the last "\n\nAssistant:"."""
    cut = chosen.rfind(HH_SEPARATOR) + len(HH_SEPARATOR)
    prompt = chosen[:cut]
    if cut < len(HH_SEPARATOR) or not rejected.startswith(prompt):
        # rare rows whose two transcripts diverge earlier: cut each at its own last assistant turn
        rcut = rejected.rfind(HH_SEPARATOR) + len(HH_SEPARATOR)
        return Pair(prompt, chosen[cut:], rejected[rcut:])
    return Pair(prompt, chosen[cut:], rejected[len(prompt):])


def read_hh(path: str | Path, eval_fraction: float = 0.0, seed: int = 1337, limit: int = 0) -> list[Pair]:
    """HH-RLHF {chosen, rejected} rows as human-labelled pairs, a seeded eval_fraction held out."""
    with _open_text(path) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    pairs = [hh_transcript_to_pair(r["chosen"], r["rejected"]) for r in rows]
    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    n_eval = int(round(eval_fraction * len(pairs)))
    for rank, i in enumerate(order):
        pairs[i].split = "eval" if rank < n_eval else "train"
    return pairs[:limit] if limit > 0 else pairs


def corpus_texts(paths: list[str]) -> list[str]:
    """Pretraining documents: HH/pairs JSONL (chosen transcript + the rejected answer alone, so the shared
    prompt is not read twice; no labels are used) or plain .txt files (one document each)."""
    docs: list[str] = []
    for path in paths:
        if Path(path).name.endswith((".txt", ".txt.gz")):
            with _open_text(path) as f:
                docs.append(f.read())
            continue
        with _open_text(path) as f:
            for line in f:
                if not line.strip():
                    continue
                row = json.loads(line)
                pair = Pair(row["prompt"], row["chosen"], row["rejected"]) if "prompt" in row else \
                    hh_transcript_to_pair(row["chosen"], row["rejected"])
                docs += [pair.prompt + pair.chosen, pair.rejected]
    return docs


@dataclass
class EncodedPairs:
    chosen: list[list[int]]  # token ids of prompt + chosen, left-truncated to max_length
    rejected: list[list[int]]
    labels: list[float]

    def __len__(self) -> int:
        return len(self.labels)


def encode_pairs(pairs: list[Pair], tok, max_length: int) -> EncodedPairs:
    def enc(texts: list[str]) -> list[list[int]]:
        ids = tok(texts, truncation=True, max_length=max_length, add_special_tokens=False)["input_ids"]
        return [x if x else [tok.pad_token_id] for x in ids]  # an empty text still needs one position

    return EncodedPairs(enc([p.prompt + p.chosen for p in pairs]), enc([p.prompt + p.rejected for p in pairs]),
                        [p.label for p in pairs])


def bucketed_batches(data: EncodedPairs, batch_size: int, chunk: int, rng: random.Random,
                     token_budget: int = 0) -> list[list[int]]:
    """Shuffle, sort each chunk of `chunk` batches by length, cut into batches, shuffle the batches: similar
    lengths share a batch (little padding) while the order of batches stays random. With a token budget a batch
    also stops before its padded size (2 sequences x pairs x the longest) would pass the budget; a single pair
    longer than the budget still gets a batch of its own."""
    order = list(range(len(data)))
    rng.shuffle(order)
    size = lambda i: max(len(data.chosen[i]), len(data.rejected[i]))  # noqa: E731
    batches = []
    for start in range(0, len(order), batch_size * chunk):
        part = sorted(order[start: start + batch_size * chunk], key=size)
        if token_budget <= 0:
            batches += [part[j: j + batch_size] for j in range(0, len(part), batch_size)]
            continue
        current: list[int] = []
        for i in part:  # ascending length: the newest pair is the longest of its batch
            if current and (len(current) == batch_size or 2 * (len(current) + 1) * size(i) > token_budget):
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
    rng.shuffle(batches)
    return batches


def collate(data: EncodedPairs, idx: list[int], pad_id: int) -> dict[str, torch.Tensor]:
    """input_ids / attention_mask [2B, T] (chosen rows then rejected rows, right-padded), labels [B]."""
    seqs = [data.chosen[i] for i in idx] + [data.rejected[i] for i in idx]
    width = max(len(s) for s in seqs)
    input_ids = torch.full((len(seqs), width), pad_id, dtype=torch.long)
    attention_mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for row, s in enumerate(seqs):
        input_ids[row, : len(s)] = torch.tensor(s, dtype=torch.long)
        attention_mask[row, : len(s)] = 1
    labels = torch.tensor([data.labels[i] for i in idx], dtype=torch.float32)
    return {"input_ids": input_ids, "attention_mask": attention_mask, "labels": labels}
