# Every setting of the trainer in one place, nanoGPT style: one default per field and the reason for it.
# A job's JSON config (`--config job.json`) overrides any field by the same nested name, e.g.
# {"train": {"lr": 3e-4}, "model": {"builtin": "tiny"}}, or flat dotted keys {"train.lr": 3e-4}. Unknown keys are errors, so a typo never silently
# trains with a default. Relative paths are resolved against the current working directory.
from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TRAINER_DIR = PACKAGE_DIR.parent  # workers/trainer
REPO_ROOT = TRAINER_DIR.parent.parent
SHIPPED_CORPUS = REPO_ROOT / "data" / "datasets" / "hh-rlhf-harmless" / "test.jsonl.gz"


class ConfigError(ValueError):
    """A job config that cannot be run; reported as an error event with exit code 2."""


@dataclass
class GPTSize:
    n_layer: int = 4  # overwritten per size below
    n_head: int = 4
    n_embd: int = 256
    n_positions: int = 512  # room for max_length 256 plus longer user-chosen lengths


def _builtin_sizes() -> dict[str, GPTSize]:
    return {
        # ~1.2M params (1.21M of them the 50257x24 token embedding): a test model that learns a marker word in seconds.
        "tiny": GPTSize(n_layer=2, n_head=2, n_embd=24, n_positions=512),
        # ~16.2M params (12.9M embedding, 3.2M in 4 blocks): the largest GPT-2-vocab model whose pretrain + RM
        # training fit ~10 min on 2 CPU cores (AVX only, ~30 GFLOP/s); wider beats deeper at this budget.
        "small": GPTSize(n_layer=4, n_head=4, n_embd=256, n_positions=512),
    }


@dataclass
class LoraSettings:
    enabled: bool = False  # full fine-tuning is affordable for the built-in models; LoRA is for large HF folders
    r: int = 8  # the SER reference code's rank
    alpha: int = 32  # the SER reference code's alpha
    dropout: float = 0.05  # peft's usual light regularisation
    target_modules: list[str] | None = None  # None: peft's default per architecture (c_attn for GPT-2)


@dataclass
class ModelSettings:
    path: str | None = None  # a Hugging Face model folder; None means the built-in GPT below
    builtin: str = "small"  # see _builtin_sizes: 'small' for real jobs, 'tiny' for tests
    init: str = "pretrained"  # built-in weights from the cached `pretrain` job (run first if missing); or 'random'
    builtin_sizes: dict[str, GPTSize] = field(default_factory=_builtin_sizes)  # the built-in GPT's shapes by name
    max_length: int = 256  # HH-RLHF transcripts: median 136, p90 345 GPT-2 tokens; 256 keeps CPU steps short
    truncation_side: str = "left"  # chosen/rejected share the prompt and differ at the end: keep the end
    dtype: str = "auto"  # 'auto': bf16 autocast on GPUs that support it, fp32 elsewhere; or 'float32'; 'float64'
    # only for `score` as a reference (parity checks: an ill-conditioned input can move fp32 torch by ~1e-4)
    lora: LoraSettings = field(default_factory=LoraSettings)


@dataclass
class DataSettings:
    pairs: str | None = None  # pairs JSONL written by the worker: {prompt, chosen, rejected, label, source, split}
    ties: str = "drop"  # 'drop' (a tie says neither answer is better) or 'half' (train P(chosen) toward 0.5)
    label_mode: str = "auto"  # 'auto': BT on 0/1 labels, soft CE on others (RLAIF); 'hard': binarise at 0.5
    eval_sources: list[str] = field(default_factory=lambda: ["HUMAN"])  # accuracy is reported vs human labels
    bucket_chunk: int = 50  # batches per length-sorted chunk: little padding, yet batch order stays random
    max_train_pairs: int = 0  # 0 = all; a cap for quick experiments


@dataclass
class TrainSettings:
    batch_size: int = 16  # pairs per step (32 sequences in one forward): stable gradient, small CPU steps
    epochs: float = 1.0  # one pass over ~2k HH pairs (~600k tokens) takes ~3.5 min on 2 CPU cores; keeps the
    # whole default job (pretrain + train-rm + export) under ~10 min there. SER's reference uses 2 epochs: raise on a GPU
    max_steps: int = 0  # 0 = derived from epochs; >0 caps the run (tests)
    lr: float = 3e-4  # a from-scratch 16M model tolerates a high rate; use ~2e-5 for large pretrained folders
    min_lr_ratio: float = 0.1  # cosine decay to 10% of lr, as nanoGPT
    warmup_steps: int = 10  # ~8% of the default run (~130 steps): avoids early blow-ups of the fresh value head
    weight_decay: float = 0.01  # mild: 2k pairs overfit quickly
    grad_clip: float = 1.0  # nanoGPT's clip
    freeze_embeddings: bool = True  # the 50257-row embedding is 80% of 'small': its dense grad + AdamW cost ~3x per step and overfits 2k pairs
    eval_every: int = 50  # steps between held-out evaluations (3 in the default run, each ~10 s on CPU)
    eval_batch_size: int = 32  # no grads at eval: larger batches are cheap
    log_every: int = 1  # per-step metrics, as the issue asks
    save_every: int = 0  # 0 = only the final checkpoint (each is ~65 MB for 'small')
    ece_bins: int = 10  # M equal-width bins, the usual choice for ECE
    hist_bins: int = 20  # reward histogram resolution in the UI
    token_budget: int = 0  # 0 = fixed batch_size; >0 caps each step's padded tokens (2 x pairs x longest), so a GPU
    # run can set a large batch_size and get many short pairs or few long ones per step at the same memory
    compile: bool = False  # torch.compile the forward: ~1 min of compiling pays off only on long GPU runs


@dataclass
class PretrainSettings:
    corpus: list[str] = field(default_factory=lambda: [str(SHIPPED_CORPUS)])  # the shipped HH-RLHF transcripts (no labels used)
    cache_dir: str = str(TRAINER_DIR / ".cache" / "pretrained")  # keyed by config hash, reused by later jobs
    block_size: int = 256  # equals model.max_length so every position the RM sees is trained
    batch_size: int = 8  # 2k tokens per step: the most a 2-core CPU step affords at ~1 s
    max_steps: int = 120  # ~3 min on 2 CPU cores (~1.4k tokens/s): ~250k tokens, half the ~480k-token corpus; raise on a GPU
    lr: float = 1e-3  # nanoGPT's rate for small from-scratch models
    min_lr_ratio: float = 0.1  # cosine decay to 10% of lr
    warmup_steps: int = 20  # a short warmup before the high rate
    weight_decay: float = 0.1  # nanoGPT's value
    grad_clip: float = 1.0  # nanoGPT's clip
    eval_fraction: float = 0.05  # held-out share of corpus tokens for eval/loss
    eval_every: int = 40  # three held-out measurements per default run
    eval_batches: int = 4  # enough windows for a steady eval/loss
    corpus_vocab_softmax: bool = True  # softmax over the ~15k token ids the corpus uses, not all 50257: 3x cheaper LM head on CPU


@dataclass
class ExportSettings:
    onnx: bool = True  # train-rm exports at the end so the Node side can score without Python
    model_dir: str | None = None  # export-onnx: the checkpoint folder to export (train-rm uses its own)
    out_dir: str | None = None  # None = <out_dir>/onnx
    exporter: str = "dynamo"  # torch's current exporter; 'torchscript' is the legacy fallback (faster to export)
    opset: int = 18  # >= 17 for LayerNormalization; 18 is the dynamo exporter's native opset
    parity_pairs: int = 32  # real pairs scored by both runtimes
    parity_tolerance: float = 1e-4  # max |onnx - torch| reward allowed; fp32 CPU differs by ~1e-6
    parity_data: str | None = None  # None: the eval split of data.pairs, else the shipped HH-RLHF pairs


@dataclass
class LMExportSettings:
    model_dir: str | None = None  # export-lm: an HF causal LM folder; None = the built-in pretrained LM (model.builtin)
    out_dir: str | None = None  # None = <out_dir>/judge-lm-onnx
    opset: int = 18  # the dynamo exporter's native opset (the legacy exporter cannot trace transformers 5's causal mask)
    context_length: int = 0  # 0 = the model's max positions; lower caps judge prompts (cost per token grows with it)
    parity_texts: int = 4  # real HH-RLHF transcripts run through both runtimes, batched together
    parity_length: int = 64  # tokens per parity text (the ends): every position's full [vocab] logits are compared
    parity_tolerance: float = 1e-3  # max |onnx - torch| logit: fp32 CPU gives ~1e-5 on 'small'; larger logits drift more


@dataclass
class ScoreSettings:
    model_dir: str | None = None  # checkpoint folder (torch) or ONNX folder (onnx)
    pairs: str | None = None  # pairs JSONL to score (labels optional)
    out: str | None = None  # None = <out_dir>/scores.jsonl
    backend: str = "torch"  # 'torch' or 'onnx' (onnxruntime), for speed and parity comparisons
    batch_size: int = 16  # pairs per forward
    limit: int = 0  # 0 = all pairs


@dataclass
class GenerateSettings:
    max_prompt_tokens: int = 192  # prompts are cut on the left (the end holds the question); 192 + 48 fits 256 positions
    max_new_tokens: int = 48  # HH-RLHF assistant turns: median ~40 GPT-2 tokens; longer costs CPU minutes per PPO run
    temperature: float = 1.0  # rollouts sample the policy itself: PPO's ratio assumes the samples come from pi
    top_p: float = 1.0  # likewise no truncation for rollouts (TRL's PPO samples with top_p 1)
    eval_temperature: float = 0.0  # greedy evaluation samples: the same prompt gives comparable text across steps
    batch_size: int = 32  # prompts per generation batch (baselines, evaluation): more amortises the per-step cost
    compile: bool = False  # torch.compile the decode step: worth it on a GPU for long runs, a minute of compiling on CPU


@dataclass
class SftSettings:
    data: str | None = None  # JSONL {"prompt", "response", "split": "train"|"eval"} written by the worker
    batch_size: int = 8  # examples per step: small CPU steps, a steady loss on ~2k examples
    epochs: float = 1.0  # one pass over the preferred responses; more overfits 2k examples
    max_steps: int = 0  # 0 = derived from epochs; >0 caps the run (tests)
    lr: float = 1e-4  # a third of the pretraining rate: adapts the pretrained model without erasing it
    min_lr_ratio: float = 0.1  # cosine decay to 10% of lr, as nanoGPT
    warmup_steps: int = 10  # a short warm-up protects the pretrained weights from the first noisy steps
    weight_decay: float = 0.0  # fine-tuning a pretrained model: no decay pulling it towards 0
    grad_clip: float = 1.0  # nanoGPT's clip
    max_length: int = 256  # prompt + response tokens per example, cut on the left (the response is kept)
    eval_every: int = 50  # steps between held-out loss / perplexity measurements
    samples: int = 4  # completions of held-out prompts shown at each evaluation, to read how the policy talks


@dataclass
class BaselineSettings:
    prompts: str | None = None  # JSONL {"id", "prompt", "split"} written by the worker (only split 'train' is used)
    reward_model: str | None = None  # the reward model's checkpoint folder that scores the baselines
    k: int = 4  # baseline responses per prompt (arXiv 2403.07708 uses a few; 4 keeps the offline pass short)
    out: str | None = None  # None = <out_dir>/baselines.jsonl: {"id", "scores": [k floats], "responses": [k texts]}


@dataclass
class PpoSettings:
    prompts: str | None = None  # JSONL {"id", "prompt", "split"}: rollouts from 'train', evaluation samples from 'eval'
    reward_model: str | None = None  # checkpoint folder of the reward model (frozen); optional for 'drlaif' (value init only)
    reward_mode: str = "plain"  # where the score comes from, one of REWARD_MODES (each with its reason); 'plain' is
    # the usual RLHF recipe and needs nothing but the reward model
    baselines: str | None = None  # contrastive: the baselines JSONL of the same policy, RM and prompts
    baseline_aggregate: str = "mean"  # the paper's choice; 'median', 'max' or 'min' as alternatives
    value_init: str = "reward_model"  # value model from the RM's weights (the "N+ implementation details" recipe); or 'policy'
    total_steps: int = 20  # PPO iterations (rollout + update); 20 of 16 rollouts fit ~5 min on 2 CPU cores
    rollout_batch_size: int = 16  # completions per iteration (prompts sampled from the train split)
    mini_batches: int = 2  # minibatches per PPO epoch over the rollout batch
    ppo_epochs: int = 4  # passes over each rollout batch (TRL's default)
    grad_accumulation: int = 1  # micro-batches per optimizer step, to fit large models in memory
    lr: float = 2e-5  # policy and value learning rate: higher than TRL's 3e-6 because the built-in model is small
    kl_coef: float = 0.05  # beta of the per-token KL penalty (TRL's default)
    kl_estimator: str = "k1"  # 'k1' (log pi - log pi_ref, TRL's default) or 'k3' (always >= 0, lower variance)
    target_kl: float = 0.0  # 0 = a fixed beta; > 0 adapts beta towards this per-sequence KL (Ziegler et al.)
    kl_horizon: int = 10000  # the adaptive controller's horizon in responses
    gamma: float = 1.0  # no discounting within a response: the score comes at its end
    lam: float = 0.95  # GAE lambda (TRL's default): a little bias for much less variance
    cliprange: float = 0.2  # PPO's policy ratio clip
    cliprange_value: float = 0.2  # the value function's clip around its old predictions
    vf_coef: float = 0.1  # weight of the value loss in the total loss (TRL's default)
    whiten_rewards: bool = False  # TRL's default: whitening the per-token rewards changes their scale per batch
    whiten_advantages: bool = True  # the usual recipe: advantages of zero mean and unit variance per batch
    missing_eos_penalty: float = 1.0  # subtracted from the score of a response cut off without EOS, so length stays honest
    eval_every: int = 5  # iterations between evaluation samples (greedy completions of the eval prompts, with rewards)
    eval_prompts: int = 8  # how many eval prompts are completed at each evaluation (a fixed set)


@dataclass
class PolicyEvalSettings:
    policies: str | None = None  # JSON [{"id", "path"}] written by the worker: the policy folders to compare
    prompts: str | None = None  # JSONL {"id", "prompt", "split"}: only the 'eval' split is generated for
    reward_model: str | None = None  # the held-out reward model's checkpoint folder; None = completions are not scored
    temperature: float = 1.0  # each policy judged by what it samples, as PPO trained it; 0 = greedy (repeats on small models)
    top_p: float = 1.0  # no truncation, like the rollouts: the comparison sees the policy's own distribution
    out: str | None = None  # None = <out_dir>/generations.jsonl: {"policy", "id", "completion", "tokens", "eos", "score"}


@dataclass
class Config:
    out_dir: str = "runs/rm"  # checkpoints, ONNX and histograms go here
    seed: int = 1337  # nanoGPT's seed; every run with the same config draws the same batches and init
    device: str = "auto"  # 'auto' = cuda when available, else cpu
    threads: int = 0  # CPU threads for torch; 0 = all cores
    stop_file: str | None = None  # set by the worker: when this file appears, save the resume state and stop
    resume_every_seconds: float = 1800.0  # a long run saves its resume state every 30 min (0 = only when asked
    # to stop): a crash or a lost machine costs at most that much work; a save of the small model takes < 1 s
    model: ModelSettings = field(default_factory=ModelSettings)
    data: DataSettings = field(default_factory=DataSettings)
    train: TrainSettings = field(default_factory=TrainSettings)
    pretrain: PretrainSettings = field(default_factory=PretrainSettings)
    export: ExportSettings = field(default_factory=ExportSettings)
    lm_export: LMExportSettings = field(default_factory=LMExportSettings)
    score: ScoreSettings = field(default_factory=ScoreSettings)
    generate: GenerateSettings = field(default_factory=GenerateSettings)
    sft: SftSettings = field(default_factory=SftSettings)
    baselines: BaselineSettings = field(default_factory=BaselineSettings)
    ppo: PpoSettings = field(default_factory=PpoSettings)
    policy_eval: PolicyEvalSettings = field(default_factory=PolicyEvalSettings)


# PPO's reward sources (ppo.reward_mode) and why one would choose each.
REWARD_MODES = {
    # r(x, y) as the reward model gives it: the usual RLHF / RLAIF recipe, the cheapest per rollout.
    "plain": "r(x, y) of the frozen reward model",
    # Calibrates each prompt by its difficulty and lowers PPO's variance (arXiv 2403.07708), for one offline pass.
    "contrastive": "r(x, y) minus the aggregate of the prompt's k baseline scores (ppo.baselines)",
    # No reward model to go stale or be hacked: the judge itself scores every rollout (arXiv 2309.00267), at the
    # judge's cost per response. The worker asks the judge (its rate limit, retries, cost and key stay there).
    "drlaif": "the AI judge's 1-10 rating, sum i*P(i) rescaled to [-1, 1], asked of the worker per rollout (d-RLAIF)",
}

CHOICES = {
    "model.init": {"pretrained", "random"},
    "model.truncation_side": {"left", "right"},
    "model.dtype": {"auto", "float32", "float64"},
    "data.ties": {"drop", "half"},
    "data.label_mode": {"auto", "hard"},
    "export.exporter": {"dynamo", "torchscript"},
    "score.backend": {"torch", "onnx"},
    "ppo.reward_mode": set(REWARD_MODES),
    "ppo.baseline_aggregate": {"mean", "median", "max", "min"},
    "ppo.value_init": {"reward_model", "policy"},
    "ppo.kl_estimator": {"k1", "k3"},
    "device": {"auto", "cpu", "cuda"},
}


def _coerce(value, tp, where: str):
    """Checks one JSON value against a field's annotated type and builds nested dataclasses."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        if value is None and type(None) in args:
            return None
        return _coerce(value, next(a for a in args if a is not type(None)), where)
    if dataclasses.is_dataclass(tp):
        return _build(tp, value, where)
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where} must be an object")
        return {k: _coerce(v, args[1], f"{where}.{k}") for k, v in value.items()}
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{where} must be a list")
        return [_coerce(v, args[0], where) for v in value]
    if tp is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, tp) and not (tp is int and isinstance(value, bool)):
        return value
    raise ConfigError(f"{where} must be {tp.__name__}, got {json.dumps(value)}")


def _build(cls, raw, where: str = ""):
    if not isinstance(raw, dict):
        raise ConfigError(f"{where or 'config'} must be an object")
    hints = typing.get_type_hints(cls)
    default = cls()
    unknown = set(raw) - set(hints)
    if unknown:
        raise ConfigError(f"unknown config key(s) {sorted(f'{where}.{k}'.lstrip('.') for k in unknown)}")
    for name, value in raw.items():
        path = f"{where}.{name}".lstrip(".")
        current = getattr(default, name)
        if isinstance(current, dict) and isinstance(value, dict) and dataclasses.is_dataclass(next(iter(current.values()), None)):
            # builtin_sizes: override one size's fields without restating the others
            merged = dict(current)
            for key, sub in value.items():
                base = dataclasses.asdict(current[key]) if key in current else {}
                merged[key] = _build(GPTSize, {**base, **sub}, f"{path}.{key}")
            setattr(default, name, merged)
            continue
        coerced = _coerce(value, hints[name], path)
        if dataclasses.is_dataclass(current) and isinstance(value, dict):
            coerced = _build(type(current), value, path)
        if path in CHOICES and coerced not in CHOICES[path]:
            raise ConfigError(f"{path} must be one of {sorted(CHOICES[path])}, got {json.dumps(value)}")
        setattr(default, name, coerced)
    return default


def load_config(path: str | None) -> Config:
    """Reads a job's JSON config; no file means every default."""
    if path is None:
        return Config()
    try:
        raw = json.loads(Path(path).read_text())
    except FileNotFoundError as e:
        raise ConfigError(f"config file not found: {path}") from e
    except json.JSONDecodeError as e:
        raise ConfigError(f"config file {path} is not valid JSON: {e}") from e
    return _build(Config, expand_dotted(raw))


def expand_dotted(raw: dict) -> dict:
    """{"train.lr": 1e-4} == {"train": {"lr": 1e-4}}: lets the worker pass flat key/value settings through."""
    if not isinstance(raw, dict):
        raise ConfigError("config must be a JSON object")
    out: dict = {}
    for key, value in raw.items():
        *parents, leaf = key.split(".")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"config key {key} conflicts with a non-object value")
        if isinstance(value, dict) and isinstance(node.get(leaf), dict):
            node[leaf] = {**node[leaf], **value}
        else:
            node[leaf] = value
    return out


def config_to_dict(cfg) -> dict:
    return dataclasses.asdict(cfg)
