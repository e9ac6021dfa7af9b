# Losses and metrics against values computed by hand (the arithmetic is in the comments).
import math

import numpy as np
import pytest
import torch

from rewardlab_trainer.losses import binarise, bt_loss, preference_loss, soft_ce_loss
from rewardlab_trainer.metrics import accuracy, ece, histogram, pair_metrics


def t(*xs):
    return torch.tensor(xs, dtype=torch.float64)


def test_bt_loss_by_hand():
    # d = 2 - 0 = 2:  -log sigma(2) = log(1 + e^-2) = log(1.1353353) = 0.1269280
    # d = 0 - 1 = -1: -log sigma(-1) = log(1 + e^1) = log(3.7182818) = 1.3132617
    got = bt_loss(t(2.0, 0.0), t(0.0, 1.0))
    assert got.tolist() == pytest.approx([0.1269280, 1.3132617], abs=1e-6)


def test_soft_ce_by_hand():
    # p = 0.8, d = 1: log sigma(1) = -0.3132617, log sigma(-1) = -1.3132617
    #   CE = -(0.8 * -0.3132617 + 0.2 * -1.3132617) = 0.2506093 + 0.2626523 = 0.5132617
    # p = 0.5, d = 0 (a tie trained to 0.5): CE = -(0.5 log 0.5 + 0.5 log 0.5) = log 2 = 0.6931472
    got = soft_ce_loss(t(1.0, 0.3), t(0.0, 0.3), t(0.8, 0.5))
    assert got.tolist() == pytest.approx([0.5132617, math.log(2)], abs=1e-6)


def test_soft_ce_with_hard_label_equals_bt():
    rc, rr = t(0.3, -1.2, 2.5), t(0.1, 0.4, -0.5)
    assert torch.allclose(soft_ce_loss(rc, rr, t(1.0, 1.0, 1.0)), bt_loss(rc, rr))


def test_tie_has_zero_gradient_at_equal_rewards():
    # d/dd of -(0.5 log s(d) + 0.5 log s(-d)) = -(0.5 (1 - s(d)) - 0.5 s(d)) = s(d) - 0.5 = 0 at d = 0
    rc = torch.tensor([0.7], requires_grad=True)
    soft_ce_loss(rc, torch.tensor([0.7]), torch.tensor([0.5])).sum().backward()
    assert rc.grad.abs().item() < 1e-7


def test_preference_loss_mixes_hard_and_soft():
    # label 1: BT(chosen wins) with d = 1 -> 0.3132617; label 0: BT(rejected wins) with d = 1 -> 1.3132617
    # label 0.8, d = 1 -> 0.5132617 (above); mean = (0.3132617 + 1.3132617 + 0.5132617) / 3 = 0.7132617
    got = preference_loss(t(1.0, 1.0, 1.0), t(0.0, 0.0, 0.0), t(1.0, 0.0, 0.8))
    assert got.item() == pytest.approx(0.7132617, abs=1e-6)


def test_binarise():
    assert [binarise(x) for x in (0.9, 0.51, 0.5, 0.2, 1.0, 0.0)] == [1.0, 1.0, 0.5, 0.0, 1.0, 0.0]


def test_accuracy_skips_ties_and_reads_label_zero_as_rejected_won():
    # pair 1: d = 1 > 0, label 1 -> right; pair 2: d = -2, label 0 -> right; pair 3: d = 1, label 0 -> wrong
    # pair 4: tie, skipped; pair 5: d = 0, label 1 -> wrong (strict >, as TRL). 2 right of 4 -> 0.5
    acc = accuracy(np.array([1.0, 0.0, 1.0, 3.0, 0.0]), np.array([0.0, 2.0, 0.0, 0.0, 0.0]),
                   np.array([1.0, 0.0, 0.0, 0.5, 1.0]))
    assert acc == 0.5
    assert math.isnan(accuracy(np.array([1.0]), np.array([0.0]), np.array([0.5])))


def test_ece_by_hand():
    # M = 10 equal-width bins. P = 0.1, 0.15 -> bin 1: mean P 0.125, mean y (0 + 1) / 2 = 0.5 -> |0.375| * 2/5 = 0.15
    # P = 0.6, 0.65 -> bin 6: mean P 0.625, mean y 0.5 -> 0.125 * 2/5 = 0.05;  P = 0.9 -> bin 9: |1 - 0.9| * 1/5 = 0.02
    # ECE = 0.15 + 0.05 + 0.02 = 0.22
    p = np.array([0.1, 0.15, 0.6, 0.65, 0.9])
    y = np.array([0, 1, 1, 0, 1])
    assert ece(p, y, 10) == pytest.approx(0.22, abs=1e-12)
    # P = 1.0 falls in the last bin: |1 - 1| = 0; P = 0.5, y = 1 -> |1 - 0.5| * 1/2 = 0.25
    assert ece(np.array([1.0, 0.5]), np.array([1, 1]), 10) == pytest.approx(0.25)
    # M = 2: bin 0 holds 0.1, 0.15 (y mean 0.5, P mean 0.125) -> 0.375 * 2/5 = 0.15;
    # bin 1 holds 0.6, 0.65, 0.9 (y mean 2/3, P mean 0.7166667) -> 0.05 * 3/5 = 0.03; ECE = 0.18
    assert ece(p, y, 2) == pytest.approx(0.18, abs=1e-9)


def test_pair_metrics_ece_is_symmetrised():
    # margins ln 3 and -ln 3: P(chosen) = 0.75 and 0.25, both labels 1 (right, then wrong).
    # both orders: (0.75, 1), (0.25, 1), (0.25, 0), (0.75, 0) -> bin 7: mean P 0.75, mean y 0.5 -> 0.25 * 2/4 = 0.125;
    # bin 2: mean P 0.25, mean y 0.5 -> 0.125; ECE = 0.25 (= top-label ECE: confidence 0.75, accuracy 0.5)
    m = pair_metrics(np.array([math.log(3), 0.0]), np.array([0.0, math.log(3)]), np.array([1.0, 1.0]))
    assert m["ece"] == pytest.approx(0.25) and m["accuracy"] == 0.5 and m["rewards/margins"] == pytest.approx(0.0)
    # 50/50 on every pair is uninformative but calibrated: P = 0.5, outcomes 1 and 0 -> ECE 0
    assert pair_metrics(np.zeros(2), np.zeros(2), np.ones(2))["ece"] == pytest.approx(0.0)


def test_histogram_counts():
    h = histogram(np.array([0.0, 0.1, 0.5, 0.99, 1.0]), n_bins=2, value_range=(0.0, 1.0))
    assert h == {"edges": [0.0, 0.5, 1.0], "counts": [2, 3]}
