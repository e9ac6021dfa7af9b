# Command `ppo`: PPO on a causal LM with a frozen reward model, plain or contrastive rewards (arXiv 2403.07708), or
# with d-RLAIF rewards, an AI judge's ratings asked of the worker (arXiv 2309.00267), in one visible loop of numbered
# phases per iteration:
#   1) prompts (and the baselines)  2) models   then per iteration:
#   3) rollout: sample responses    4) score: reward model or judge, contrastive baseline, no-EOS penalty
#   5) reference: log pi_old, log pi_ref, values, per-token rewards (-beta KL + score at the end), GAE
#   6) update: ppo_epochs x mini-batches of clipped policy + value loss   7) metrics, KL controller, samples, resume
# Metric names as TRL's PPO trainer logs them (objective/kl, policy/clipfrac_avg, val/ratio, ...). Shapes: B rollouts,
# P prompt tokens (left-padded), T response tokens. Several GPUs: under torchrun each rank samples and scores its
# share of every rollout batch, DDP averages the policy's and value model's gradients, the metrics are averaged
# over the ranks, and rank 0 reports, evaluates and saves (as in train-rm and sft). d-RLAIF runs in one process (only
# it talks to the worker).
from __future__ import annotations

import copy
import json
import random
import time
from pathlib import Path

import torch
from torch.nn.parallel import DistributedDataParallel as DDP

from . import distributed, protocol
from .config import Config
from .generate import positions, sample
from .models import autocast
from .optim import make_adamw
from .policy import frozen, load_policy, policy_forward, response_values, value_model_from_policy, value_model_from_reward_model
from .judge_rater import JudgeRater
from .ppo_report import write_eval_samples
from .resume import Resumer, rng_state, set_rng_state
from .rl_math import (AdaptiveKL, aggregate_baselines, gae, kl_per_token, masked_mean, masked_whiten, penalise_missing_eos,
                      policy_loss, token_rewards, value_loss)
from .rollout import TextScorer, encode_prompts, read_prompts, response_texts
from .tokenizer import load_tokenizer, save_tokenizer


def read_baselines(path: str | Path) -> dict[str, list[float]]:
    return {str(r["id"]): r["scores"] for r in (json.loads(x) for x in open(path, encoding="utf-8") if x.strip())}


def load_models(cfg: Config, device: torch.device):
    p = cfg.ppo
    tok = load_tokenizer(cfg.model.path)
    policy = load_policy(cfg.model.path).to(device)
    # Eval mode throughout (no dropout), so log pi_old at the rollout and log pi in the update see the same network.
    policy.eval()
    reference = frozen(copy.deepcopy(policy))  # pi_ref: the policy as it starts (the SFT model)
    # d-RLAIF: the judge scores; a reward model, if given, only initialises the value model.
    scorer = JudgeRater() if p.reward_mode == "drlaif" else TextScorer(p.reward_model, device, cfg.model.dtype)
    value = (value_model_from_reward_model(p.reward_model, tok.pad_token_id) if p.value_init == "reward_model"
             else value_model_from_policy(cfg.model.path)).to(device).eval()
    return tok, policy, reference, scorer, value


def minibatch_update(cfg: Config, policy, value, optimizer, roll: dict, idx: torch.Tensor, prompt_len: int, device) -> dict:
    """One optimizer step on the rollouts `idx`, in grad_accumulation micro-batches; returns its stats. Under torchrun
    `policy` and `value` are the DDP wrappers, whose backward averages the gradients over the ranks."""
    p = cfg.ppo
    optimizer.zero_grad(set_to_none=True)
    stats: dict[str, float] = {}
    for micro in idx.chunk(p.grad_accumulation):
        ids, mask, pos = roll["ids"][micro], roll["full_mask"][micro], roll["pos"][micro]
        with autocast(device, cfg.model.dtype):
            new_lp, entropy = policy_forward(policy, ids, mask, prompt_len, pos, roll["tokens"][micro], cfg.generate.temperature)
            new_values = response_values(value, ids, mask, prompt_len, pos).float()
        m = roll["mask"][micro]
        pg_loss, ps = policy_loss(new_lp, roll["old_lp"][micro], roll["adv"][micro], m, p.cliprange)
        vf_loss, vs = value_loss(new_values, roll["old_values"][micro], roll["returns"][micro], m, p.cliprange_value)
        loss = pg_loss + p.vf_coef * vf_loss
        if not torch.isfinite(loss):
            raise FloatingPointError(f"the PPO loss became {loss.item()}: lower ppo.lr")
        (loss / p.grad_accumulation).backward()
        for k, v in {"policy/approxkl": ps["approxkl"], "policy/clipfrac": ps["clipfrac"], "loss/policy": pg_loss, "loss/value": vf_loss,
                     "val/clipfrac": vs["clipfrac"], "val/ratio": ps["ratio"], "policy/entropy": masked_mean(entropy, m)}.items():
            stats[k] = stats.get(k, 0.0) + float(v) / p.grad_accumulation
    torch.nn.utils.clip_grad_norm_([*policy.parameters(), *value.parameters()], 1.0)
    optimizer.step()
    return stats


def rollout(cfg: Config, tok, policy, reference, scorer, value, batch, baselines, beta: float, generator, device) -> tuple[dict, dict]:
    """Phases 3-5 for one batch of prompts: the tensors the update needs, and what the metrics report."""
    p, g, times = cfg.ppo, cfg.generate, {}
    # ---- 3) rollout: sample responses from the current policy
    t0 = time.perf_counter()
    gen = sample(policy, encode_prompts(tok, [x.text for x in batch], g.max_prompt_tokens), max_new_tokens=g.max_new_tokens,
                 eos_id=tok.eos_token_id, pad_id=tok.pad_token_id, temperature=g.temperature, top_p=g.top_p, generator=generator)
    times["time/generate"] = time.perf_counter() - t0
    # ---- 4) score: the reward model on prompt + response (or the judge's rating, d-RLAIF), minus the prompt's
    # baseline (contrastive), no-EOS penalty
    t0 = time.perf_counter()
    texts = response_texts(tok, gen.tokens, gen.mask, tok.eos_token_id)
    raw = scorer.score([x.text for x in batch], texts).to(device)  # [B]
    base = torch.zeros_like(raw)
    if p.reward_mode == "contrastive":
        base = aggregate_baselines(torch.tensor([baselines[x.id] for x in batch], device=device), p.baseline_aggregate)  # [B]
    scores = penalise_missing_eos(raw - base, gen.has_eos, p.missing_eos_penalty)
    times["time/score"] = time.perf_counter() - t0
    # ---- 5) reference: log pi_old, log pi_ref and values of the sampled tokens; per-token rewards; GAE
    t0 = time.perf_counter()
    ids, full_mask = gen.full()  # [B, P+T]
    pos, prompt_len, mask = positions(full_mask), gen.prompt_ids.size(1), gen.mask.float()
    with torch.no_grad(), autocast(device, cfg.model.dtype):
        old_lp, entropy = policy_forward(policy, ids, full_mask, prompt_len, pos, gen.tokens, g.temperature)  # [B, T]
        ref_lp, _ = policy_forward(reference, ids, full_mask, prompt_len, pos, gen.tokens, g.temperature)
        old_values = response_values(value, ids, full_mask, prompt_len, pos).float()
    kl = kl_per_token(old_lp, ref_lp, p.kl_estimator) * mask
    rewards, non_score = token_rewards(scores, kl, mask, beta)
    if p.whiten_rewards:
        rewards = masked_whiten(rewards, mask, shift_mean=False)
    adv, returns = gae(rewards, old_values * mask, mask, p.gamma, p.lam)
    if p.whiten_advantages:
        adv = masked_whiten(adv, mask)
    times["time/reference"] = time.perf_counter() - t0
    roll = {"ids": ids, "full_mask": full_mask, "pos": pos, "tokens": gen.tokens, "mask": mask, "old_lp": old_lp,
            "old_values": old_values, "adv": adv, "returns": returns, "prompt_len": prompt_len}
    report = {"objective/kl": kl.sum(1).mean().item(), "objective/entropy": (entropy * mask).sum(1).mean().item(),
              "objective/scores": raw.mean().item(), "objective/scores_std": raw.std().item() if len(raw) > 1 else 0.0,
              "objective/non_score_reward": non_score.sum(1).mean().item(),
              "objective/rlhf_reward": (scores + non_score.sum(1)).mean().item(), "objective/baseline": base.mean().item(),
              "objective/response_length": mask.sum(1).mean().item(), "val/num_eos_tokens": float(gen.has_eos.sum()), **times}
    return roll, report


def check_reward_source(cfg: Config) -> None:
    """What each reward mode needs, before any model is loaded."""
    p = cfg.ppo
    if p.prompts is None or cfg.model.path is None:
        raise ValueError("ppo.prompts and model.path (the SFT policy) are required")
    if p.reward_mode != "drlaif" and p.reward_model is None:
        raise ValueError(f"ppo.reward_mode '{p.reward_mode}' needs ppo.reward_model")
    if p.value_init == "reward_model" and p.reward_model is None:
        raise ValueError("ppo.value_init 'reward_model' needs ppo.reward_model: without one set ppo.value_init to 'policy'")


def run(cfg: Config) -> None:
    p = cfg.ppo
    check_reward_source(cfg)
    world, device = distributed.start_processes(cfg.device, cfg.seed)
    if p.reward_mode == "drlaif" and world.active:
        raise ValueError("d-RLAIF rewards run in one process (the judge is asked by rank 0 alone): start it without torchrun")
    local = p.rollout_batch_size // world.size  # this rank's rollouts per iteration
    if p.rollout_batch_size % world.size or local % p.mini_batches or (local // p.mini_batches) % p.grad_accumulation:
        raise ValueError(f"ppo.rollout_batch_size must split evenly into {world.size} process(es) x mini_batches x grad_accumulation")
    out_dir = Path(cfg.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # ---- 1) prompts (rollouts from train, samples from eval) and, for contrastive rewards, the baselines
    prompts = read_prompts(p.prompts)
    train, evals = [x for x in prompts if x.split == "train"], [x for x in prompts if x.split == "eval"][: p.eval_prompts]
    if not train:
        raise ValueError(f"no train prompts in {p.prompts}")
    baselines = {}
    if p.reward_mode == "contrastive":
        if p.baselines is None:
            raise ValueError("ppo.reward_mode 'contrastive' needs ppo.baselines (the baselines job's file)")
        baselines = read_baselines(p.baselines)
        missing = [x.id for x in train if x.id not in baselines]
        if missing:
            raise ValueError(f"{len(missing)} train prompts have no baselines (e.g. {missing[0]}): run the baselines job for these prompts")
    # ---- 2) models: policy (trained), reference (frozen copy), reward model (frozen), value model (trained)
    tok, policy, reference, scorer, value = load_models(cfg, device)
    optimizer = make_adamw(torch.nn.ModuleList([policy, value]), p.lr, 0.0, device)
    ids = [device.index] if device.type == "cuda" else None
    train_policy, train_value = (DDP(policy, device_ids=ids), DDP(value, device_ids=ids)) if world.active else (policy, value)
    kl_ctl = AdaptiveKL(p.kl_coef, p.target_kl if p.target_kl > 0 else None, p.kl_horizon)
    # Every rank draws the same prompt order (rng) and takes its share; each samples with its own generator.
    generator, rng, order, first = torch.Generator(device=device).manual_seed(cfg.seed + world.rank), random.Random(cfg.seed), [], 1
    resumer = Resumer(cfg, out_dir / "resume", world, device)
    if (state := resumer.load()) is not None:
        policy.load_state_dict(state["policy"]), value.load_state_dict(state["value"]), optimizer.load_state_dict(state["optimizer"])
        kl_ctl.beta, order, first = state["beta"], state["order"], state["step"] + 1
        rng.setstate(state["rng_py"]), set_rng_state(state["rng"]), generator.set_state(state["generator"])
    protocol.log(f"PPO ({p.reward_mode} rewards) on {len(train)} train prompts, {p.total_steps} iterations of {p.rollout_batch_size} "
                 f"rollouts, {sum(x.numel() for x in policy.parameters()):,} policy params on {device}"
                 + (f" x {world.size} processes" if world.active else ""))
    if evals and first == 1 and world.main:  # step 0: the SFT policy itself, what every later evaluation is compared with
        write_eval_samples(cfg, tok, policy, scorer, evals, 0, out_dir)
    for step in range(first, p.total_steps + 1):
        if len(order) < p.rollout_batch_size:
            fresh = list(range(len(train)))
            rng.shuffle(fresh)
            order += fresh
        batch, order = [train[i] for i in order[: p.rollout_batch_size]][world.rank::world.size], order[p.rollout_batch_size:]
        roll, report = rollout(cfg, tok, policy, reference, scorer, value, batch, baselines, kl_ctl.beta, generator, device)
        # ---- 6) update: several epochs of minibatches over the rollouts
        t0, policy_stats, n = time.perf_counter(), {}, 0
        for _ in range(p.ppo_epochs):
            perm = torch.randperm(local, generator=torch.Generator().manual_seed(rng.randrange(2**31)))
            for idx in perm.to(device).chunk(p.mini_batches):
                for k, v in minibatch_update(cfg, train_policy, train_value, optimizer, roll, idx, roll["prompt_len"], device).items():
                    policy_stats[k] = policy_stats.get(k, 0.0) + v
                n += 1
        report["time/update"] = time.perf_counter() - t0
        # ---- 7) metrics (TRL's names), the KL controller, evaluation samples, the resume state
        averaged = {(k if k == "val/ratio" else f"{k}_avg"): v / n for k, v in policy_stats.items()}  # TRL: val/ratio, loss/policy_avg, ...
        report = distributed.mean_over_ranks({**report, **averaged}, world, device)
        report["val/num_eos_tokens"] *= world.size  # a count over the whole batch
        for k, v in {**report, "objective/kl_coef": kl_ctl.beta}.items():
            protocol.metric(step, k, v)
        kl_ctl.update(report["objective/kl"], p.rollout_batch_size)
        if evals and (step % p.eval_every == 0 or step == p.total_steps) and world.main:
            write_eval_samples(cfg, tok, policy, scorer, evals, step, out_dir)
        distributed.barrier(world)
        protocol.progress(0.05 + 0.9 * step / p.total_steps, "train")
        if step < p.total_steps:
            resumer.checkpoint(step, lambda step=step, order=order: {
                "step": step, "policy": policy.state_dict(), "value": value.state_dict(), "optimizer": optimizer.state_dict(),
                "beta": kl_ctl.beta, "order": order, "rng_py": rng.getstate(), "rng": rng_state(), "generator": generator.get_state()})
    distributed.close(world)  # no collectives after the loop: rank 0 saves alone
    if not world.main:
        return
    folder = out_dir / "policy"
    policy.save_pretrained(str(folder))
    save_tokenizer(tok, folder)
    protocol.artefact("policy", str(folder))
    resumer.clear()
    protocol.progress(1.0, "done")
