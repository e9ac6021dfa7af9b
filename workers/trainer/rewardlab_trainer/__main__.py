# Entry point: `python -m rewardlab_trainer <command> --config job.json`. Takes over stdout for the JSON-lines
# protocol first (before torch/transformers are imported, so nothing they print can reach stdout), then runs
# the command. Exit codes: 0 success, 1 failure, 2 bad config or usage, 75 stopped on the worker's request with
# the resume state saved (the next attempt continues), 143 cancelled (SIGTERM).
from __future__ import annotations

import argparse
import os
import sys
import traceback

from . import protocol

COMMANDS = ("pretrain", "train-rm", "export-onnx", "export-lm", "score", "hh-pairs", "describe-config", "sft", "baselines", "ppo", "policy-eval")


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m rewardlab_trainer")
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("--config", help="job config JSON (any subset of config.Config); omitted = defaults")
    # hh-pairs: writes the shipped HH-RLHF pairs as a pairs JSONL with a held-out human split (benchmarks)
    parser.add_argument("--out", help="hh-pairs: output pairs JSONL; describe-config: output JSON")
    parser.add_argument("--eval-fraction", type=float, default=0.1, help="hh-pairs: held-out share")
    return parser.parse_args(argv)


def _run(args: argparse.Namespace) -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # no fork warnings from the Rust tokenizer
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # weights only ever come from local folders
    if args.command == "describe-config":  # no torch needed: the settings as data, for the web app
        from .describe import run as describe

        describe(args.out)
        return None
    from .config import load_config

    cfg = load_config(args.config)
    import torch

    torch.set_num_threads(cfg.threads or os.cpu_count() or 1)
    if args.command == "pretrain":
        from .pretrain import run
    elif args.command == "train-rm":
        from .train_rm import run
    elif args.command == "export-onnx":
        from .export_onnx import run
    elif args.command == "export-lm":
        from .export_lm_onnx import run
    elif args.command == "score":
        from .score import run
    elif args.command == "sft":
        from .sft import run
    elif args.command == "baselines":
        from .baselines import run
    elif args.command == "ppo":
        from .ppo import run
    elif args.command == "policy-eval":
        from .policy_eval import run
    else:
        return _hh_pairs(args, cfg.seed)
    run(cfg)


def _hh_pairs(args: argparse.Namespace, seed: int) -> None:
    from .config import SHIPPED_CORPUS
    from .data import read_hh, write_pairs

    if not args.out:
        raise ValueError("hh-pairs needs --out")
    pairs = read_hh(SHIPPED_CORPUS, eval_fraction=args.eval_fraction, seed=seed)
    write_pairs(pairs, args.out)
    protocol.log(f"wrote {len(pairs)} HH-RLHF pairs ({sum(p.split == 'eval' for p in pairs)} eval) to {args.out}")
    protocol.artefact("pairs", args.out)


def main(argv: list[str] | None = None) -> int:
    protocol.install()
    try:
        args = _parse(sys.argv[1:] if argv is None else argv)
    except SystemExit as e:  # argparse printed its usage (or --help) to stderr
        if e.code:
            protocol.error("bad command line: see stderr for usage")
        return 2 if e.code else 0
    from .config import ConfigError
    from .resume import Preempted

    try:
        _run(args)
        return 0
    except Preempted as e:
        protocol.error(str(e))
        return 75
    except protocol.Cancelled as e:
        protocol.error(str(e))
        return 143
    except ConfigError as e:
        protocol.error(f"invalid config: {e}")
        return 2
    except Exception as e:  # noqa: BLE001 - every failure must become an error event
        traceback.print_exc(file=sys.stderr)
        protocol.error(f"{type(e).__name__}: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
