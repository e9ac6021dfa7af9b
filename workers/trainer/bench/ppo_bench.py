# The policy pipeline's measurements on this machine, through the trainer's own commands with their defaults
# (what the worker runs for a project, without the database): pretrain the built-in model (cached), train the
# default reward model on the shipped HH-RLHF pairs, SFT on their preferred responses, the contrastive
# baselines (k samples per train prompt), then PPO with plain and with contrastive rewards for each seed.
# Prints each stage's wall time, PPO's per-iteration time split, and per run the curves' summary: score at the
# start and the end, KL, the spread of the rewards PPO optimises; writes every run's metric series as JSON.
#   cd workers/trainer && ../../.venv/bin/python bench/ppo_bench.py --out runs/bench/ppo --seeds 1,2,3
#   ... --size tiny --steps 4 --smoke        # a quick check of the script itself
#   ... --reuse                              # continue a stopped bench: finished stages and runs are read back
#   ... --parallel 6 --threads 1             # all PPO runs at once (a busy machine: the timings include their contention)
#   ... --set sft.max_steps=100              # any trainer setting, passed to the stages whose prefix it has
#   ... --report                             # the table of the runs so far, while they run
from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))
from rewardlab_trainer.config import SHIPPED_CORPUS  # noqa: E402
from rewardlab_trainer.data import read_hh, write_pairs  # noqa: E402


_RAN = False  # whether a stage ran in this bench (so its outputs changed)


def inputs_stamp(config: dict) -> dict:
    """sha256 of the files a config names (data, prompts): the same path with other contents is another input."""
    return {k: hashlib.sha256(Path(v).read_bytes()).hexdigest() for k, v in sorted(config.items()) if isinstance(v, str) and Path(v).is_file()}


def run(command: str, config: dict, folder: Path, reuse: bool = False) -> tuple[list[dict], float]:
    """One trainer command as the worker starts it; its events and wall seconds (a failure stops the bench).
    Events stream to <folder>/<command>.events.jsonl as they come (progress can be read meanwhile); with
    `reuse`, a stage that already finished with the same config is read back instead of run again."""
    folder.mkdir(parents=True, exist_ok=True)
    cfg, log, done = folder / f"{command}.json", folder / f"{command}.events.jsonl", folder / f"{command}.done.json"
    global _RAN
    stamp = inputs_stamp(config)
    if reuse and not _RAN and done.exists() and cfg.exists() and json.loads(cfg.read_text()) == config \
            and json.loads(done.read_text()).get("inputs") == stamp:
        wall = json.loads(done.read_text())["wall_seconds"]
        return [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")], wall
    _RAN = True  # a stage that runs makes every later one run too: its output is their input
    cfg.write_text(json.dumps(config, indent=1))
    done.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.run([sys.executable, "-m", "rewardlab_trainer", command, "--config", str(cfg)], cwd=HERE,
                              stdout=out, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(HERE)})
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{command} failed ({proc.returncode}): {proc.stderr[-3000:]}")
    done.write_text(json.dumps({"wall_seconds": wall, "inputs": stamp}))
    return [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")], wall


def artefact(events: list[dict], kind: str) -> str:
    return next(e["path"] for e in events if e["type"] == "artefact" and e["kind"] == kind)


def series(events: list[dict], name: str) -> list[tuple[int, float]]:
    return [(e["step"], e["value"]) for e in events if e["type"] == "metric" and e["name"] == name]


def split_of(prompt: str, eval_share: float = 0.1) -> str:
    """By prompt, seeded by its text: the same prompt is train or eval in every stage."""
    return "eval" if int(hashlib.sha256(prompt.encode()).hexdigest()[:8], 16) / 2**32 < eval_share else "train"


def write_data(root: Path, train_prompts: int) -> tuple[Path, Path, Path]:
    pairs = read_hh(SHIPPED_CORPUS)
    for p in pairs:
        p.split = split_of(p.prompt)
    write_pairs(pairs, root / "pairs.jsonl")
    prompts = {p.prompt: p.split for p in pairs}
    if train_prompts:  # the product's "Train prompts" setting: a seeded sample of the train prompts
        train = sorted((t for t, s in prompts.items() if s == "train"), key=lambda t: hashlib.sha256(f"sample{t}".encode()).hexdigest())
        prompts = {t: s for t, s in prompts.items() if s == "eval" or t in set(train[:train_prompts])}
    lines = [json.dumps({"id": f"p{i}", "prompt": t, "split": s}) for i, (t, s) in enumerate(prompts.items())]
    (root / "prompts.jsonl").write_text("".join(x + "\n" for x in lines))
    (root / "sft.jsonl").write_text("".join(json.dumps({"prompt": p.prompt, "response": p.chosen, "split": p.split}) + "\n" for p in pairs))
    return root / "pairs.jsonl", root / "prompts.jsonl", root / "sft.jsonl"


def summary(events: list[dict]) -> dict:
    first3 = lambda xs: statistics.mean(v for _, v in xs[:3])  # noqa: E731
    last3 = lambda xs: statistics.mean(v for _, v in xs[-3:])  # noqa: E731
    scores, kl, std = series(events, "objective/scores"), series(events, "objective/kl"), series(events, "objective/scores_std")
    rlhf, evals = series(events, "objective/rlhf_reward"), series(events, "eval/scores")
    times = {k: statistics.mean(v for _, v in series(events, f"time/{k}")) for k in ("generate", "score", "reference", "update")}
    return {"iterations": len(scores), "scores_first3": first3(scores), "scores_last3": last3(scores), "kl_last3": last3(kl),
            "kl_max": max(v for _, v in kl),
            "scores_std_mean": statistics.mean(v for _, v in std), "rlhf_reward_std": statistics.pstdev(v for _, v in rlhf),
            "eval_scores_start": evals[0][1], "eval_scores_end": evals[-1][1], "length_last3": last3(series(events, "objective/response_length")),
            "seconds_per_iteration": times}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="runs/bench/ppo")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--modes", default="plain,contrastive")
    ap.add_argument("--size", default="small", help="the built-in model: small (the default) or tiny")
    ap.add_argument("--steps", type=int, default=0, help="PPO iterations; 0 = the trainer's default")
    ap.add_argument("--train-prompts", type=int, default=0, help="0 = every train prompt (the default); N = a seeded sample")
    ap.add_argument("--smoke", action="store_true", help="tiny everything: checks the script, measures nothing")
    ap.add_argument("--reuse", action="store_true", help="read back the stages (and runs) an earlier bench in --out finished")
    ap.add_argument("--parallel", type=int, default=1, help="PPO runs at once (each with --threads); >1 on a busy machine, "
                    "whose timings then include the runs' contention")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="a trainer setting for the stages it belongs to (e.g. sft.max_steps=100 to shorten SFT on a busy machine)")
    ap.add_argument("--threads", type=int, default=0, help="CPU threads per PPO run (the trainer's `threads`; 0 = all cores)")
    ap.add_argument("--report", action="store_true", help="only print the table of the PPO runs in --out so far (unfinished ones too)")
    a = ap.parse_args()
    root = Path(a.out).resolve()
    if a.report:
        return report(root, a.seeds, a.modes)
    root.mkdir(parents=True, exist_ok=True)
    pairs, prompts, sft_data = write_data(root, a.train_prompts)
    quick = {"pretrain.max_steps": 4, "train.max_steps": 4, "sft.max_steps": 4, "generate.max_new_tokens": 8,
             "ppo.rollout_batch_size": 4, "ppo.eval_prompts": 2, "baselines.k": 2, "generate.max_prompt_tokens": 64} if a.smoke else {}
    quick.update({k: json.loads(v) for k, v in (x.split("=", 1) for x in a.set)})
    only = lambda *prefixes: {k: v for k, v in quick.items() if k.startswith(prefixes)}  # noqa: E731
    common = {"model.builtin": a.size, "pretrain.cache_dir": str(root / "cache"), **only("pretrain", "generate")}
    walls = {}
    ev, walls["pretrain"] = run("pretrain", {"out_dir": str(root / "pretrain"), **common}, root / "pretrain", a.reuse)
    base = artefact(ev, "pretrained_model")
    ev, walls["train-rm"] = run("train-rm", {"out_dir": str(root / "rm"), "model.path": base, "data.pairs": str(pairs), "export.onnx": False,
                                             **only("train")}, root / "rm", a.reuse)
    rm = artefact(ev, "checkpoint")
    rm_acc = series(ev, "eval/accuracy")[-1][1]
    ev, walls["sft"] = run("sft", {"out_dir": str(root / "sft"), "model.path": base, "sft.data": str(sft_data),
                                   **only("sft", "generate")}, root / "sft", a.reuse)
    policy, sft_ppl = artefact(ev, "policy"), series(ev, "eval/perplexity")[-1][1]
    ev, walls["baselines"] = run("baselines", {"out_dir": str(root / "baselines"), "model.path": policy, "baselines.prompts": str(prompts),
                                               "baselines.reward_model": rm, **only("baselines", "generate")},
                                 root / "baselines", a.reuse)
    baselines = artefact(ev, "baselines")
    print(f"stages (s): {json.dumps({k: round(v) for k, v in walls.items()})}; RM eval/accuracy {rm_acc:.3f}; SFT eval/perplexity {sft_ppl:.1f}")
    runs = []
    for seed in [int(s) for s in a.seeds.split(",")]:  # seed by seed: a cut-short bench still compares the modes
        for mode in a.modes.split(","):
            cfg = {"out_dir": str(root / f"ppo-{mode}-{seed}"), "seed": seed, "model.path": policy, "ppo.prompts": str(prompts),
                   "ppo.reward_model": rm, "ppo.reward_mode": mode, **({"ppo.baselines": baselines} if mode == "contrastive" else {}),
                   **({"ppo.total_steps": a.steps} if a.steps else {}), **({"threads": a.threads} if a.threads else {}), **only("ppo", "generate")}
            runs.append((mode, seed, cfg))

    def one(run_: tuple[str, int, dict]) -> dict:
        mode, seed, cfg = run_
        ev, wall = run("ppo", cfg, root / f"ppo-{mode}-{seed}", a.reuse)
        r = {"mode": mode, "seed": seed, "wall_seconds": wall, **summary(ev)}
        print(json.dumps(r), flush=True)
        return r

    with ThreadPoolExecutor(max_workers=max(1, a.parallel)) as pool:
        results = list(pool.map(one, runs))
    (root / "results.json").write_text(json.dumps({"stages": walls, "rm_accuracy": rm_acc, "sft_perplexity": sft_ppl, "parallel": a.parallel,
                                                   "runs": results}, indent=1))
    table(results)


def table(results: list[dict]) -> None:
    print("\n| rewards | seed | iterations | wall | score first 3 → last 3 | held-out score start → end | KL last 3 (max) | score std "
          "| length | s/iter gen / score / ref / update |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        t, wall = r["seconds_per_iteration"], r["wall_seconds"]
        print(f"| {r['mode']} | {r['seed']} | {r['iterations']} | {'–' if wall is None else f'{wall:.0f} s'} | "
              f"{r['scores_first3']:.3f} → {r['scores_last3']:.3f} | {r['eval_scores_start']:.3f} → {r['eval_scores_end']:.3f} | "
              f"{r['kl_last3']:.2f} ({r['kl_max']:.2f}) | {r['scores_std_mean']:.3f} | {r['length_last3']:.0f} | "
              f"{t['generate']:.1f} / {t['score']:.1f} / {t['reference']:.1f} / {t['update']:.1f} |")


def report(root: Path, seeds: str, modes: str) -> None:
    """The table of the PPO runs in `root` so far, unfinished ones included (their events stream to disk)."""
    results = []
    for seed in [int(s) for s in seeds.split(",")]:
        for mode in modes.split(","):
            folder = root / f"ppo-{mode}-{seed}"
            log = folder / "ppo.events.jsonl"
            ev = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")] if log.exists() else []
            if not series(ev, "objective/scores") or not series(ev, "eval/scores"):
                continue
            done = folder / "ppo.done.json"
            wall = json.loads(done.read_text())["wall_seconds"] if done.exists() else None
            results.append({"mode": mode, "seed": seed, "wall_seconds": wall, **summary(ev)})
    table(results)

if __name__ == "__main__":
    main()
