# Several GPUs (or CPU processes) for `train-rm` and `sft` through torchrun: data-parallel training with DDP, one copy of
# the model per process, gradients averaged after every backward. torchrun sets RANK / WORLD_SIZE / LOCAL_RANK;
# without them (a plain `python -m rewardlab_trainer`) everything here is a no-op and the run is one process.
# Only rank 0 speaks the JSON-lines protocol, evaluates, saves and exports: the worker sees one trainer.
from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist

from . import protocol
from .models import seed_everything, select_device


@dataclass(frozen=True)
class World:
    rank: int = 0
    size: int = 1
    local_rank: int = 0

    @property
    def main(self) -> bool:
        return self.rank == 0

    @property
    def active(self) -> bool:
        return self.size > 1


def world_from_env() -> World:
    size = int(os.environ.get("WORLD_SIZE", "1"))
    if size <= 1:
        return World()
    return World(int(os.environ["RANK"]), size, int(os.environ.get("LOCAL_RANK", "0")))


def init(world: World, device_setting: str) -> torch.device | None:
    """Joins the process group (NCCL on GPUs, gloo on CPUs); returns this process's device when distributed."""
    if not world.active:
        return None
    cuda = device_setting in ("auto", "cuda") and torch.cuda.is_available()
    if cuda:
        torch.cuda.set_device(world.local_rank)
    else:
        # CPU ranks share the cores (torchrun's OMP_NUM_THREADS=1 is overridden by the threads setting)
        local = int(os.environ.get("LOCAL_WORLD_SIZE", world.size))
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // local))
    dist.init_process_group("nccl" if cuda else "gloo")
    return torch.device("cuda", world.local_rank) if cuda else torch.device("cpu")


def start_processes(device_setting: str, seed: int) -> tuple[World, torch.device]:
    """One process, or this rank of a torchrun group (which then speaks the protocol only on rank 0)."""
    world = world_from_env()
    device = init(world, device_setting) or select_device(device_setting)
    if not world.main:
        protocol.mute()
    seed_everything(seed)  # same init everywhere; DDP also broadcasts rank 0's weights
    return world, device


def shard(batches: list, world: World) -> list:
    """This rank's share of an epoch's batches: every rank drew the same list (same seed), rank r takes every
    size-th from r, cut to the same count on every rank so all take part in every step's gradient average."""
    if not world.active:
        return batches
    per_rank = len(batches) // world.size
    return batches[world.rank::world.size][:per_rank]


def total(value: float, world: World, device: torch.device) -> float:
    """Sum of a number over the ranks (e.g. tokens in this step)."""
    if not world.active:
        return value
    t = torch.tensor([float(value)], device=device, dtype=torch.float64 if device.type == "cpu" else torch.float32)
    dist.all_reduce(t)
    return float(t.item())


def mean_over_ranks(values: dict[str, float], world: World, device: torch.device) -> dict[str, float]:
    """Each number averaged over the ranks (one all-reduce); every rank passes the same keys."""
    if not world.active:
        return values
    keys = sorted(values)
    t = torch.tensor([float(values[k]) for k in keys], device=device, dtype=torch.float64 if device.type == "cpu" else torch.float32)
    dist.all_reduce(t)
    return {k: float(v) / world.size for k, v in zip(keys, t.tolist(), strict=True)}


def barrier(world: World) -> None:
    if world.active:
        dist.barrier()


def close(world: World) -> None:
    if world.active and dist.is_initialized():
        dist.destroy_process_group()
