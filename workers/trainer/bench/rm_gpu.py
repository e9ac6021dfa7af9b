# Reward-model training throughput: RewardLab's train-rm against TRL's RewardTrainer on the same GPU, model
# (a randomly initialised GPT-2 of the given size) and pairs. Counts only real (non-padding) tokens, as the
# issue's anchor figures do, and reports model FLOP utilisation (MFU) nanoGPT's way:
#   flops per token = 6 * N (non-embedding parameters; a reward model has no LM head) + 12 * L * d * T (attention),
#   MFU = tokens/s * flops per token / peak (H100/H200 SXM bf16 dense: 989 TFLOP/s).
# Prints one JSON line per run and appends it to --out. On the CPU it runs too (--size tiny, a few steps), which
# is how the script itself is checked; the figures that count come from a GPU.
#   python bench/rm_gpu.py --impl rewardlab --size 774m --pairs runs/bench/hh-pairs.jsonl --batch 16 --epochs 2
#   python bench/rm_gpu.py --impl trl       --size 774m --pairs runs/bench/hh-pairs.jsonl --batch 16 --epochs 2
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRAINER = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TRAINER))

# GPT-2 family shapes (n_layer, n_head, n_embd); 'tiny' only checks the script on a CPU.
SIZES = {"tiny": (2, 2, 64), "124m": (12, 12, 768), "355m": (24, 16, 1024), "774m": (36, 20, 1280),
         "1.5b": (48, 25, 1600)}


def non_embedding_params(n_layer: int, d: int) -> int:
    return n_layer * 12 * d * d + n_layer * 13 * d + 2 * d + d + 1  # blocks, their biases/LNs, final LN, value head


def flops_per_token(n_layer: int, d: int, mean_len: float) -> float:
    return 6 * non_embedding_params(n_layer, d) + 12 * n_layer * d * mean_len


def read_texts(path: str, limit: int) -> list[tuple[str, str]]:
    from rewardlab_trainer.data import read_pairs
    pairs = [p for p in read_pairs(path) if p.split == "train"]
    pairs = pairs[:limit] if limit else pairs
    return [(p.prompt + p.chosen, p.prompt + p.rejected) for p in pairs]


def run_rewardlab(a, tmp: Path) -> dict:
    n_layer, n_head, d = SIZES[a.size]
    cfg = {
        "out_dir": str(tmp / "run"), "seed": 1337, "device": a.device,
        "model": {"builtin": a.size, "init": "random", "max_length": a.max_length,
                  "builtin_sizes": {a.size: {"n_layer": n_layer, "n_head": n_head, "n_embd": d, "n_positions": 1024}}},
        "data": {"pairs": a.pairs, "max_train_pairs": a.limit},
        "train": {"batch_size": a.batch, "epochs": a.epochs, "max_steps": a.steps, "lr": 1e-5, "eval_every": 10**9,
                  "log_every": 1, "freeze_embeddings": False, "token_budget": a.token_budget, "compile": a.compile},
        "export": {"onnx": False},
    }
    (tmp / "cfg.json").write_text(json.dumps(cfg))
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "rewardlab_trainer", "train-rm", "--config", str(tmp / "cfg.json")],
                         cwd=TRAINER, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    events = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0:
        raise SystemExit(f"train-rm failed ({out.returncode}): {out.stderr[-3000:]}")
    last = {e["name"]: e["value"] for e in events if e["type"] == "metric"}
    steps = [e["value"] for e in events if e["type"] == "metric" and e["name"] == "train/tokens_per_second"]
    return {"tokens_per_second": last["train_tokens_per_second"], "tokens": last["train_tokens"],
            "train_runtime": last["train_runtime"], "job_wall": wall, "steps": len(steps),
            "final_loss": last.get("train/loss")}


def tolerate_unhashable_datasets() -> None:
    """datasets 5.0 cannot fingerprint a table under pyarrow 25 (dill fails on MonthDayNano): fall back to the
    random fingerprint it uses for unhashable transforms. Caching only; the measured training is untouched."""
    import datasets.arrow_dataset as ad
    import datasets.fingerprint as fp
    original = fp.generate_fingerprint

    def safe(dataset):
        try:
            return original(dataset)
        except Exception:  # noqa: BLE001 - pickle/dill raise many kinds here
            return fp.generate_random_fingerprint()
    fp.generate_fingerprint = ad.generate_fingerprint = safe


def run_trl(a, tmp: Path) -> dict:
    import torch
    tolerate_unhashable_datasets()
    from datasets import Dataset
    from transformers import GPT2Config, GPT2ForSequenceClassification
    from trl import RewardConfig, RewardTrainer

    from rewardlab_trainer.tokenizer import load_tokenizer
    n_layer, n_head, d = SIZES[a.size]
    tok = load_tokenizer(None, "left")
    torch.manual_seed(1337)
    model = GPT2ForSequenceClassification(GPT2Config(vocab_size=len(tok), n_positions=1024, n_layer=n_layer,
                                                     n_head=n_head, n_embd=d, num_labels=1,
                                                     pad_token_id=tok.pad_token_id))
    # TRL builds what it needs from a path; a saved folder is also what a user would bring.
    model.save_pretrained(tmp / "model"), tok.save_pretrained(tmp / "model")
    model = GPT2ForSequenceClassification.from_pretrained(tmp / "model")
    texts = read_texts(a.pairs, a.limit)
    data = Dataset.from_list([{"chosen": c, "rejected": r} for c, r in texts])
    args = RewardConfig(output_dir=str(tmp / "trl"), per_device_train_batch_size=a.batch, num_train_epochs=a.epochs,
                        max_steps=a.steps or -1, learning_rate=1e-5, max_length=a.max_length,
                        bf16=a.device != "cpu" and torch.cuda.is_available(), logging_steps=10, save_strategy="no",
                        eval_strategy="no", report_to=[], dataloader_num_workers=0, use_cpu=a.device == "cpu")
    trainer = RewardTrainer(model=model, args=args, train_dataset=data, processing_class=tok)
    # Real tokens as TRL tokenised them (it drops pairs over max_length, where train-rm truncates), times passes.
    ds = trainer.train_dataset
    per_pass = sum(len(x) for x in ds["chosen_ids"]) + sum(len(x) for x in ds["rejected_ids"])
    out = trainer.train()
    steps = out.global_step
    passes = steps * a.batch / len(ds)
    runtime = out.metrics["train_runtime"]
    return {"tokens_per_second": per_pass * passes / runtime, "tokens": per_pass * passes, "train_runtime": runtime,
            "steps": steps, "final_loss": out.training_loss}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--impl", choices=["rewardlab", "trl"], required=True)
    p.add_argument("--size", choices=sorted(SIZES), default="124m")
    p.add_argument("--pairs", required=True, help="pairs JSONL (python -m rewardlab_trainer hh-pairs --out ...)")
    p.add_argument("--batch", type=int, default=16, help="pairs per step (the anchor: 16)")
    p.add_argument("--epochs", type=float, default=2.0)
    p.add_argument("--steps", type=int, default=0, help="cap on steps (0 = epochs decide)")
    p.add_argument("--limit", type=int, default=0, help="use only the first N train pairs (0 = all)")
    p.add_argument("--max-length", type=int, default=1024)
    p.add_argument("--token-budget", type=int, default=0, help="RewardLab only: padded tokens per step")
    p.add_argument("--compile", action="store_true", help="RewardLab only: torch.compile the forward")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--peak-tflops", type=float, default=989.0, help="the GPU's dense bf16 peak (H100/H200 SXM: 989)")
    p.add_argument("--out", default=None, help="append the result line to this JSONL file")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = (run_rewardlab if a.impl == "rewardlab" else run_trl)(a, Path(tmp))
    n_layer, _, d = SIZES[a.size]
    from rewardlab_trainer.tokenizer import load_tokenizer
    tok = load_tokenizer(None, "left")
    texts = read_texts(a.pairs, a.limit)
    sample = texts[:200]  # enough for the mean length the attention term needs
    mean_len = sum(min(a.max_length, len(tok(t)["input_ids"])) for pair in sample for t in pair) / (2 * len(sample))
    fpt = flops_per_token(n_layer, d, mean_len)
    result.update(impl=a.impl, size=a.size, batch=a.batch, epochs=a.epochs, token_budget=a.token_budget,
                  compile=a.compile, pairs=len(texts), mean_tokens=round(mean_len, 1),
                  params_non_embedding=non_embedding_params(n_layer, d), flops_per_token=fpt,
                  mfu=result["tokens_per_second"] * fpt / (a.peak_tflops * 1e12), device=device_name(a.device))
    line = json.dumps(result)
    print(line)
    if a.out:
        with open(a.out, "a") as f:
            f.write(line + "\n")


def device_name(setting: str) -> str:
    import torch
    return torch.cuda.get_device_name(0) if setting != "cpu" and torch.cuda.is_available() else "cpu"


if __name__ == "__main__":
    main()
