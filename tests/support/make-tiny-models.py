# Writes random tiny models for tests that need trained-looking folders without training: causal-LM policy
# folders (one per seed) and a reward-model checkpoint, all with the GPT-2 tokenizer.
#   PYTHONPATH=workers/trainer .venv/bin/python tests/support/make-tiny-models.py <out dir> <policy names, comma-separated>
import sys
from pathlib import Path

import torch
from rewardlab_trainer.config import _builtin_sizes
from rewardlab_trainer.models import builtin_lm, random_builtin_reward_model, save_reward_model
from rewardlab_trainer.tokenizer import build_gpt2_tokenizer, save_tokenizer

out, names = Path(sys.argv[1]), sys.argv[2].split(",")
tok = build_gpt2_tokenizer()
size = _builtin_sizes()["tiny"]
for seed, name in enumerate(names, 1):
    torch.manual_seed(seed)
    builtin_lm(size, len(tok), tok.eos_token_id).save_pretrained(str(out / name))
    save_tokenizer(tok, out / name)
save_reward_model(random_builtin_reward_model(size, len(tok), tok.eos_token_id), out / "rm", {"max_length": 64})
save_tokenizer(tok, out / "rm")
