#!/usr/bin/env bash
# The GPU measurements of the reward-model issue in one prepared run on the device machine (Python + torch, no
# Node, no network), sized to fit a short device session (~8 min on an H100/H200):
#   1) the train-rm job end to end on CUDA: pretrain the built-in model, train the RM, export ONNX with parity;
#   2) the anchor set-up (2,312 HH-RLHF pairs, batch 16 pairs, 2 epochs, random GPT-2 124M and 774M), RewardLab
#      and TRL's RewardTrainer on the same GPU, model and data;
#   3) RewardLab with larger token-budgeted batches and torch.compile, for the MFU goal.
# From the repository root, with the pure-Python TRL wheels carried in tmp/wheels (see docs/benchmarks.md):
#   bash workers/trainer/bench/gpu-session.sh            # results in $OUT (the device tool's folder)
#   SMOKE=1 bash workers/trainer/bench/gpu-session.sh    # the same steps on a CPU with a tiny model, a few steps
# Each run is one JSON line in $OUT/rm-gpu.jsonl; a run that fails or times out writes {"failed": ...} and the
# script goes on, so one bad configuration does not cost the others.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/runs/gpu}
PY=${PYTHON:-python3}
mkdir -p "$OUT" runs/bench
if ls ../../tmp/wheels/*.whl > /dev/null 2>&1; then
  $PY -m pip install -q --no-deps --no-index --target /tmp/rewardlab-trl ../../tmp/wheels/*.whl
  export PYTHONPATH=/tmp/rewardlab-trl${PYTHONPATH:+:$PYTHONPATH}
fi
{ nvidia-smi 2>&1 | head -15; $PY -c "import torch, transformers as t; print('torch', torch.__version__, 'transformers', t.__version__, 'cuda', torch.cuda.is_available())"; } > "$OUT/env.txt" 2>&1
PAIRS=runs/bench/hh-pairs.jsonl
$PY -m rewardlab_trainer hh-pairs --out "$PAIRS" > /dev/null || exit 1

if [ -n "${SMOKE:-}" ]; then
  DEVICE=cpu; SMALL=tiny; LARGE=tiny; EXTRA=(--steps 4 --limit 128 --max-length 128 --device cpu)
  E2E='"device": "cpu", "model.builtin": "tiny", "model.max_length": 64, "pretrain.max_steps": 4, "train.max_steps": 4'
else
  DEVICE=cuda; SMALL=124m; LARGE=774m; EXTRA=()
  E2E='"device": "cuda", "pretrain.max_steps": 400, "pretrain.batch_size": 32, "train.epochs": 2'
fi

# 1) the job's own commands on the accelerator, as the worker runs them (flat dotted keys: see config.py)
echo "{\"out_dir\": \"runs/gpu-e2e\", \"data.pairs\": \"$PAIRS\", \"pretrain.cache_dir\": \"runs/gpu-e2e/cache\", $E2E}" > runs/gpu-e2e.json
: > "$OUT/e2e.log"
for cmd in pretrain train-rm; do
  start=$(date +%s)
  timeout "${E2E_TIMEOUT:-300}" $PY -m rewardlab_trainer $cmd --config runs/gpu-e2e.json > "$OUT/e2e-$cmd.jsonl" 2>> "$OUT/e2e.log"
  echo "$cmd exit $? after $(( $(date +%s) - start )) s" >> "$OUT/e2e.log"
done

# 2) and 3): throughput, RewardLab against TRL
run() {
  timeout "${RUN_TIMEOUT:-300}" $PY bench/rm_gpu.py --pairs "$PAIRS" --out "$OUT/rm-gpu.jsonl" "${EXTRA[@]}" "$@" 2>> "$OUT/bench.log" \
    || echo "{\"failed\": \"$*\", \"exit\": $?}" >> "$OUT/rm-gpu.jsonl"
}
run --impl rewardlab --size "$SMALL"
run --impl trl --size "$SMALL"
run --impl rewardlab --size "$LARGE"
run --impl trl --size "$LARGE"
run --impl rewardlab --size "$LARGE" --batch 128 --token-budget 65536
run --impl rewardlab --size "$LARGE" --batch 128 --token-budget 65536 --compile
cat "$OUT/rm-gpu.jsonl"
echo "device: $DEVICE; results in $OUT"
