# rl_math.py against numbers worked out by hand (each case's arithmetic is in its comments).
import math

import pytest
import torch

from rewardlab_trainer.rl_math import (AdaptiveKL, contrastive_scores, entropy_from_logits, gae, kl_per_token,
                                       masked_whiten, penalise_missing_eos, policy_loss, sft_loss, token_rewards,
                                       value_loss)

t = lambda *rows: torch.tensor(rows, dtype=torch.float64)  # noqa: E731 - a 2-D tensor literal, rows as written
flat = lambda x: x.flatten().tolist()  # noqa: E731


def test_gae_on_a_short_sequence():
    # γ = 1, λ = 0.95; r = [0, 0, 1], V = [0.5, 0.6, 0.7]:
    # δ2 = 1 − 0.7 = 0.3 → A2 = 0.3; δ1 = 0.7 − 0.6 = 0.1 → A1 = 0.1 + 0.95·0.3 = 0.385;
    # δ0 = 0.6 − 0.5 = 0.1 → A0 = 0.1 + 0.95·0.385 = 0.46575; returns = A + V.
    adv, ret = gae(t([0, 0, 1]), t([0.5, 0.6, 0.7]), t([1, 1, 1]), 1.0, 0.95)
    assert flat(adv) == pytest.approx([0.46575, 0.385, 0.3])
    assert flat(ret) == pytest.approx([0.96575, 0.985, 1.0])


def test_gae_stops_at_the_last_real_token():
    # mask [1, 1, 0]: the padded value is ignored; δ1 = 1 + 0 − 0.6 = 0.4; A0 = 0.1 + 0.95·0.4 = 0.48
    adv, ret = gae(t([0, 1, 0]), t([0.5, 0.6, 0.7]), t([1, 1, 0]), 1.0, 0.95)
    assert flat(adv) == pytest.approx([0.48, 0.4, 0.0])
    assert flat(ret) == pytest.approx([0.98, 1.0, 0.0])


def test_clipped_policy_loss():
    # log ρ = [0.1, 0]; ρ1 = e^0.1 = 1.1051709, A = [2, −1], ε = 0.05:
    # token 1: max(−2·1.1051709, −2·1.05) = −2.1 (clip active); token 2: max(1, 1) = 1 → loss = −0.55
    loss, stats = policy_loss(t([-1.0, -0.5]), t([-1.1, -0.5]), t([2.0, -1.0]), t([1, 1]), clip=0.05)
    assert loss.item() == pytest.approx(-0.55)
    assert stats["clipfrac"].item() == pytest.approx(0.5)
    assert stats["approxkl"].item() == pytest.approx(0.5 * (0.01 + 0) / 2)
    assert stats["ratio"].item() == pytest.approx((math.exp(0.1) + 1) / 2)


def test_clipped_value_loss():
    # V = [1, 0], V_old = [0.8, 0.1], R = [1.2, −0.5], ε = 0.1: clipped V = [0.9, 0.0];
    # token 1: max(0.04, 0.09) = 0.09 (clipped larger); token 2: max(0.25, 0.25) → loss = ½·(0.09 + 0.25)/2 = 0.085
    loss, stats = value_loss(t([1.0, 0.0]), t([0.8, 0.1]), t([1.2, -0.5]), t([1, 1]), clip=0.1)
    assert loss.item() == pytest.approx(0.085)
    assert stats["clipfrac"].item() == pytest.approx(0.5)


def test_both_kl_estimators():
    # log π − log π_ref = 0.5 and −0.2: k1 is that; k3 = e^{−x} − 1 + x = 0.1065307 and 0.0214028
    lp, ref = t([-1.0, -1.0]), t([-1.5, -0.8])
    assert flat(kl_per_token(lp, ref, "k1")) == pytest.approx([0.5, -0.2])
    assert flat(kl_per_token(lp, ref, "k3")) == pytest.approx([math.exp(-0.5) - 0.5, math.exp(0.2) - 1.2])
    assert (kl_per_token(lp, ref, "k3") >= 0).all()
    with pytest.raises(ValueError, match="k1.*k3"):
        kl_per_token(lp, ref, "k2")


def test_rewards_per_token_and_the_no_eos_penalty():
    # β = 0.5, KL = [0.1, 0.2, 0.3], mask [1, 1, 0]: non-score = [−0.05, −0.1, 0]; the score 2 lands on token 1
    rewards, non_score = token_rewards(torch.tensor([2.0], dtype=torch.float64), t([0.1, 0.2, 0.3]), t([1, 1, 0]), beta=0.5)
    assert flat(non_score) == pytest.approx([-0.05, -0.1, 0.0])
    assert flat(rewards) == pytest.approx([-0.05, 1.9, 0.0])
    assert penalise_missing_eos(torch.tensor([1.0, 2.0]), torch.tensor([True, False]), 1.0).tolist() == [1.0, 1.0]


def test_whitening_over_the_masked_entries():
    # x = [1, 2, 3] (4 masked): mean 2, unbiased variance (1 + 0 + 1)/2 = 1 → [−1, 0, 1, 0]
    assert flat(masked_whiten(t([1, 2, 3, 4]), t([1, 1, 1, 0]))) == pytest.approx([-1.0, 0.0, 1.0, 0.0], abs=1e-6)
    assert flat(masked_whiten(t([1, 2, 3, 4]), t([1, 1, 1, 0]), shift_mean=False)) == pytest.approx([1.0, 2.0, 3.0, 0.0], abs=1e-6)


def test_contrastive_reward_and_its_aggregates():
    # scores [1, 0]; baselines [[0.5, 1.5, 1.0], [−1, 0, 2]]
    scores, base = torch.tensor([1.0, 0.0], dtype=torch.float64), t([0.5, 1.5, 1.0], [-1.0, 0.0, 2.0])
    assert contrastive_scores(scores, base, "mean").tolist() == pytest.approx([0.0, -1 / 3])
    assert contrastive_scores(scores, base, "median").tolist() == pytest.approx([0.0, 0.0])
    assert contrastive_scores(scores, base, "max").tolist() == pytest.approx([-0.5, -2.0])
    assert contrastive_scores(scores, base, "min").tolist() == pytest.approx([0.5, 1.0])


def test_adaptive_kl_controller():
    # β 0.1, target 6, horizon 10,000, 512 responses: KL 9 → error clipped to 0.2 → β·(1 + 0.2·0.0512) = 0.101024
    assert AdaptiveKL(0.1, 6.0, 10_000).update(9.0, 512) == pytest.approx(0.101024)
    assert AdaptiveKL(0.1, 6.0, 10_000).update(3.0, 512) == pytest.approx(0.098976)
    assert AdaptiveKL(0.1, None, 10_000).update(100.0, 512) == 0.1


def test_sft_loss_counts_response_tokens_only():
    # tokens [0, 1, 1]; position 0 gives P(1) = 3/4 (nll ln 4/3), position 1 gives P(1) = 1/4 (nll ln 4)
    logits = torch.tensor([[[0.0, math.log(3)], [math.log(3), 0.0], [0.0, 0.0]]])
    ids = torch.tensor([[0, 1, 1]])
    assert sft_loss(logits, ids, torch.tensor([[0, 1, 1]])).item() == pytest.approx((math.log(4 / 3) + math.log(4)) / 2, rel=1e-6)
    # the prompt is tokens 0 and 1: only the last token is a response token
    assert sft_loss(logits, ids, torch.tensor([[0, 0, 1]])).item() == pytest.approx(math.log(4), rel=1e-6)


def test_entropy():
    assert entropy_from_logits(torch.zeros(1, 1, 2)).item() == pytest.approx(math.log(2))
