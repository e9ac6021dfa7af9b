# Length-bucketed batches: every pair once per epoch, at most batch_size pairs, and with a token budget no
# batch's padded size (2 sequences x pairs x the longest) over the budget unless one pair alone is longer.
import random

from rewardlab_trainer.data import EncodedPairs, bucketed_batches


def pairs_of_lengths(lengths: list[tuple[int, int]]) -> EncodedPairs:
    return EncodedPairs([[1] * c for c, _ in lengths], [[1] * r for _, r in lengths], [1.0] * len(lengths))


def padded(data: EncodedPairs, batch: list[int]) -> int:
    return 2 * len(batch) * max(max(len(data.chosen[i]), len(data.rejected[i])) for i in batch)


def test_fixed_batches_cover_every_pair_once():
    data = pairs_of_lengths([(n % 17 + 1, n % 5 + 1) for n in range(103)])
    batches = bucketed_batches(data, 8, 4, random.Random(0))
    assert sorted(i for b in batches for i in b) == list(range(103))
    assert max(len(b) for b in batches) == 8
    assert len(batches) == 13  # 103 pairs in chunks of 32: 4 + 4 + 4 + 1 batches (the last chunk has 7 pairs)


def test_token_budget_by_hand():
    # longest side 10, 10, 20, 30, 40: budget 80 -> 2 x 2 x 20 = 80 fits [10, 10, 20]? 2 x 3 x 20 = 120 no.
    data = pairs_of_lengths([(10, 5), (3, 10), (20, 1), (30, 30), (40, 2)])
    batches = bucketed_batches(data, 16, 10, random.Random(0), token_budget=80)
    assert sorted(sorted(b) for b in batches) == [[0, 1], [2], [3], [4]]  # 40 alone is 80: exactly the budget


def test_token_budget_caps_padded_tokens_and_still_covers_every_pair():
    rng = random.Random(1)
    # half short (<= 30 tokens: 64 of them fit 4096), half long (100..300: at most 20 fit)
    data = pairs_of_lengths([(rng.randint(1, 30), rng.randint(1, 30)) if n % 2 else (rng.randint(100, 300), 5)
                             for n in range(500)])
    batches = bucketed_batches(data, 64, 8, random.Random(2), token_budget=4096)
    assert sorted(i for b in batches for i in b) == list(range(500))
    assert all(len(b) <= 64 for b in batches)
    assert all(padded(data, b) <= 4096 or len(b) == 1 for b in batches)
    assert max(len(b) for b in batches) == 64, 'short pairs fill whole batches'
    assert all(len(b) <= 20 for b in batches if len(data.chosen[b[-1]]) >= 100), 'long pairs come fewer a batch'


def test_a_pair_longer_than_the_budget_gets_its_own_batch():
    data = pairs_of_lengths([(5, 5), (500, 2), (6, 6)])
    batches = bucketed_batches(data, 16, 4, random.Random(0), token_budget=100)
    assert sorted(sorted(b) for b in batches) == [[0, 2], [1]]
