# d-RLAIF rewards (arXiv 2309.00267): an AI judge rates each response 1-10 and its expected rating, sum i*P(i)
# rescaled to [-1, 1], is the reward, with no reward model. The judge lives in the TypeScript worker (one judge
# implementation, with its rate limit, retries, token cost and API key): the trainer asks for the ratings of a
# batch over the JSON-lines channel (protocol.request) and waits for the answer; the key never reaches Python.
from __future__ import annotations

import math

import torch

from . import protocol


class JudgeRater:
    """Rates (prompt, response) pairs with the worker's judge: [N] ratings in [-1, 1]."""

    def score(self, prompts: list[str], responses: list[str]) -> torch.Tensor:
        if not prompts:
            return torch.zeros(0)
        items = [{"prompt": p, "response": r} for p, r in zip(prompts, responses, strict=True)]
        ratings = protocol.request("ratings", items=items).get("ratings")
        return torch.tensor(checked(ratings, len(items)), dtype=torch.float32)


def checked(ratings, n: int) -> list[float]:
    """The worker's ratings, one finite number in [-1, 1] per item, or a ValueError saying what came back."""
    if not isinstance(ratings, list) or len(ratings) != n:
        raise ValueError(f"the worker answered {len(ratings) if isinstance(ratings, list) else repr(ratings)} ratings for {n} responses")
    for i, r in enumerate(ratings):
        if isinstance(r, bool) or not isinstance(r, (int, float)) or not math.isfinite(r) or not -1.0 <= r <= 1.0:
            raise ValueError(f"rating {i} from the worker is {r!r}, not a number in [-1, 1]")
    return [float(r) for r in ratings]
