# Benchmark: PyTorch (CPU) vs onnxruntime (Python) scoring speed of one trained reward model on real pairs.
# Both runtimes score the same padded batches, alternating round by round, so that load from other processes
# on a shared machine hits both alike; the median round is reported.
#   ../../.venv/bin/python bench/score_speed.py runs/bench/rm [pairs.jsonl] [n_pairs] [rounds]
import json
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from rewardlab_trainer.config import SHIPPED_CORPUS
from rewardlab_trainer.data import collate, encode_pairs, read_hh, read_pairs
from rewardlab_trainer.export_onnx import max_abs_diff, onnx_session
from rewardlab_trainer.models import reward_model_from_folder
from rewardlab_trainer.tokenizer import load_tokenizer


def main(run_dir: str, pairs_path: str | None = None, n: int = 200, rounds: int = 3, batch_size: int = 16) -> None:
    torch.set_num_threads(torch.get_num_threads())
    checkpoint, onnx_dir = Path(run_dir) / "checkpoint", Path(run_dir) / "onnx"
    manifest = json.loads((onnx_dir / "rewardlab-rm.json").read_text())
    tok = load_tokenizer(str(onnx_dir), manifest["truncation_side"])
    rm = reward_model_from_folder(checkpoint, tok.pad_token_id).eval()
    session = onnx_session(onnx_dir)
    pairs = (read_pairs(pairs_path) if pairs_path else read_hh(SHIPPED_CORPUS))[:n]
    data = encode_pairs(pairs, tok, manifest["max_length"])
    order = sorted(range(len(data)), key=lambda i: len(data.chosen[i]) + len(data.rejected[i]))
    batches = [collate(data, order[s: s + batch_size], tok.pad_token_id) for s in range(0, len(order), batch_size)]
    runners = {
        "torch": lambda b: rm(b["input_ids"], b["attention_mask"]),
        "onnxruntime": lambda b: session.run(["rewards"], {"input_ids": b["input_ids"].numpy(),
                                                           "attention_mask": b["attention_mask"].numpy()}),
    }
    speeds = {name: [] for name in runners}
    with torch.no_grad():
        for fn in runners.values():
            fn(batches[0])  # warm-up
        for _ in range(rounds):
            for name, fn in runners.items():
                start = time.perf_counter()
                for b in batches:
                    fn(b)
                speeds[name].append(len(data) / (time.perf_counter() - start))
    tokens = sum(len(x) for x in data.chosen) + sum(len(x) for x in data.rejected)
    diff = max_abs_diff(rm, session, tok, pairs, manifest["max_length"], tolerance=1e-4)
    print(json.dumps({"pairs": len(data), "tokens": tokens, "batch_size": batch_size, "threads": torch.get_num_threads(),
                      "pairs_per_second": {k: round(statistics.median(v), 1) for k, v in speeds.items()},
                      "rounds": {k: [round(x, 1) for x in v] for k, v in speeds.items()},
                      "parity_max_abs_diff": diff}))


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1] if len(a) > 1 else None, int(a[2]) if len(a) > 2 else 200, int(a[3]) if len(a) > 3 else 3)
