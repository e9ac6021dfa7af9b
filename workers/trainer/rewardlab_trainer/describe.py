# Command `describe-config`: every setting of config.py as data (dotted key, type, default, allowed choices and
# the reason written beside its default), so the web app's forms and its check of a researcher's overrides
# read the one source instead of copies. `npm run gen:trainer-settings` writes it to
# server/services/reward-models/trainer-settings.json; a test fails when that file is stale.
from __future__ import annotations

import dataclasses
import inspect
import json
import re
import typing

from .config import CHOICES, REPO_ROOT, Config

# The keys a researcher may override per command from the web: hyperparameters only. Paths (out_dir, data.pairs,
# model.path, export and cache folders), the stop file and the base model stay under the server's control.
OVERRIDABLE = {
    "train-rm": [r"train\.[a-z_]+", r"model\.(max_length|truncation_side|dtype)", r"model\.lora\.(enabled|r|alpha|dropout)",
                 r"data\.(label_mode|bucket_chunk|max_train_pairs)", r"export\.(exporter|opset|parity_pairs|parity_tolerance)",
                 r"device", r"threads", r"resume_every_seconds"],
    "pretrain": [r"pretrain\.(block_size|batch_size|max_steps|lr|min_lr_ratio|warmup_steps|weight_decay|grad_clip|eval_every)",
                 r"device", r"threads"],
    "sft": [r"sft\.(batch_size|epochs|max_steps|lr|min_lr_ratio|warmup_steps|weight_decay|grad_clip|max_length|eval_every|samples)",
            r"generate\.(max_prompt_tokens|max_new_tokens|eval_temperature)", r"model\.dtype", r"model\.lora\.(enabled|r|alpha|dropout)",
            r"device", r"threads", r"resume_every_seconds"],
    "baselines": [r"baselines\.k", r"generate\.(max_prompt_tokens|max_new_tokens|temperature|top_p|batch_size)", r"device", r"threads"],
    "ppo": [r"ppo\.(reward_mode|baseline_aggregate|value_init|total_steps|rollout_batch_size|mini_batches|ppo_epochs|grad_accumulation|lr"
            r"|kl_coef|kl_estimator|target_kl|kl_horizon|gamma|lam|cliprange|cliprange_value|vf_coef|whiten_rewards|whiten_advantages"
            r"|missing_eos_penalty|eval_every|eval_prompts)",
            r"generate\.(max_prompt_tokens|max_new_tokens|temperature|top_p|eval_temperature|batch_size|compile)", r"model\.dtype",
            r"device", r"threads", r"resume_every_seconds"],
    "policy-eval": [r"policy_eval\.(temperature|top_p)", r"generate\.(max_prompt_tokens|max_new_tokens|batch_size)", r"model\.dtype",
                    r"device", r"threads"],
}
_FIELD = re.compile(r"^\s+(\w+):[^=]*=.*?#\s?(.*)$")
_MORE = re.compile(r"^\s+#\s?(.*)$")


def _reasons(cls) -> dict[str, str]:
    """The comment after each field's default, with the comment lines that continue it."""
    out: dict[str, str] = {}
    last = None
    for line in inspect.getsource(cls).splitlines():
        if m := _FIELD.match(line):
            last = m.group(1)
            out[last] = m.group(2).strip()
        elif last and (m := _MORE.match(line)):
            out[last] += " " + m.group(1).strip()
        else:
            last = None
    return out


def _type_name(tp) -> str:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        inner = [a for a in args if a is not type(None)]
        return f"{_type_name(inner[0])}?"
    if origin is list:
        return f"list[{_type_name(args[0])}]"
    if origin is dict:
        return "object"
    return getattr(tp, "__name__", str(tp))


def _portable(value):
    """Paths inside the checkout as <repo>/…: the file is the same on every machine."""
    if isinstance(value, str) and value.startswith(str(REPO_ROOT)):
        return "<repo>" + value[len(str(REPO_ROOT)):]
    if isinstance(value, list):
        return [_portable(v) for v in value]
    return value


def describe(cls=Config, prefix: str = "", instance=None) -> list[dict]:
    instance = instance if instance is not None else cls()
    hints, reasons = typing.get_type_hints(cls), _reasons(cls)
    rows = []
    for f in dataclasses.fields(cls):
        key, value = f"{prefix}{f.name}", getattr(instance, f.name)
        if dataclasses.is_dataclass(value):
            rows += describe(type(value), f"{key}.", value)
            continue
        if isinstance(value, dict):  # builtin_sizes: sizes are data, not a setting of one field
            value = {k: dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v for k, v in value.items()}
        rows.append({"key": key, "type": _type_name(hints[f.name]), "default": _portable(value),
                     "choices": sorted(CHOICES[key]) if key in CHOICES else None, "reason": reasons.get(f.name, "")})
    return rows


def overridable(key: str, command: str) -> bool:
    return any(re.fullmatch(p, key) for p in OVERRIDABLE[command])


def run(out: str | None) -> dict:
    rows = describe()
    doc = {"settings": rows, "overridable": {c: [r["key"] for r in rows if overridable(r["key"], c)] for c in OVERRIDABLE}}
    text = json.dumps(doc, indent=1, sort_keys=False) + "\n"
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
    return doc
