# Evaluation metrics of a reward model on labelled pairs (numpy, pure functions).
#   accuracy: share of non-tie pairs where the preferred answer gets the higher reward (TRL: strict >)
#   ECE: M equal-width bins on P(chosen) = sigma(r_c - r_r); sum over bins of |bin|/N * |mean(y) - mean(P)|.
#        pair_metrics counts every pair in both orders, (P, y) and (1 - P, 1 - y): which answer a file calls
#        "chosen" is not random (HH-RLHF's label is always 1), and without this a model that is right 60% of
#        the time with P = 0.6 would still score ECE 0.4; symmetrised, it is the usual top-label ECE.
#   histogram: counts of rewards in equal-width bins, for the UI's reward histogram
from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))  # overflow-free logistic


def accuracy(r_chosen: np.ndarray, r_rejected: np.ndarray, labels: np.ndarray) -> float:
    """Ties (label 0.5) are skipped: there is no right answer to get. NaN when nothing is left."""
    labels = np.asarray(labels, dtype=np.float64)
    keep = labels != 0.5
    if not keep.any():
        return float("nan")
    margin = np.asarray(r_chosen, dtype=np.float64) - np.asarray(r_rejected, dtype=np.float64)
    predicted_chosen = margin[keep] > 0
    return float(np.mean(predicted_chosen == (labels[keep] > 0.5)))


def ece(p_chosen: np.ndarray, outcomes: np.ndarray, n_bins: int = 10) -> float:
    """Expected calibration error of P(chosen) against binary outcomes (1 = chosen preferred)."""
    p = np.asarray(p_chosen, dtype=np.float64)
    y = np.asarray(outcomes, dtype=np.float64)
    if p.size == 0:
        return float("nan")
    # bin i holds [i/M, (i+1)/M); P = 1.0 goes into the last bin
    idx = np.minimum((p * n_bins).astype(np.int64), n_bins - 1)
    total = 0.0
    for b in range(n_bins):
        in_bin = idx == b
        if in_bin.any():
            total += in_bin.sum() / p.size * abs(y[in_bin].mean() - p[in_bin].mean())
    return float(total)


def histogram(values: np.ndarray, n_bins: int = 20, value_range: tuple[float, float] | None = None) -> dict:
    values = np.asarray(values, dtype=np.float64)
    if value_range is None:
        value_range = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
        if value_range[0] == value_range[1]:
            value_range = (value_range[0] - 0.5, value_range[1] + 0.5)
    counts, edges = np.histogram(values, bins=n_bins, range=value_range)
    return {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]}


def pair_metrics(r_chosen, r_rejected, labels, n_bins: int = 10) -> dict:
    """accuracy, ECE (symmetrised, non-tie pairs, binarised labels) and mean rewards of scored pairs."""
    r_chosen, r_rejected = np.asarray(r_chosen, np.float64), np.asarray(r_rejected, np.float64)
    labels = np.asarray(labels, np.float64)
    keep = labels != 0.5
    p, y = sigmoid(r_chosen - r_rejected)[keep], (labels[keep] > 0.5).astype(np.float64)
    return {
        "accuracy": accuracy(r_chosen, r_rejected, labels),
        "ece": ece(np.concatenate([p, 1.0 - p]), np.concatenate([y, 1.0 - y]), n_bins),
        "rewards/chosen": float(r_chosen.mean()) if r_chosen.size else float("nan"),
        "rewards/rejected": float(r_rejected.mean()) if r_rejected.size else float("nan"),
        "rewards/margins": float((r_chosen - r_rejected).mean()) if r_chosen.size else float("nan"),
    }
