# The batched sampling loop (generate.py): greedy decoding of left-padded prompts of different lengths gives,
# row by row, exactly what transformers' own generate gives each prompt alone; rows stop at EOS (kept in the
# mask, pad after it); sampling is reproducible with a seeded generator; a tiny top-p is greedy.
import torch
from transformers import GPT2Config, GPT2LMHeadModel

from rewardlab_trainer.generate import pick, sample

EOS, PAD = 0, 0


def tiny_lm(seed: int = 0) -> GPT2LMHeadModel:
    torch.manual_seed(seed)
    config = GPT2Config(vocab_size=40, n_positions=64, n_embd=16, n_layer=2, n_head=2, eos_token_id=EOS, bos_token_id=EOS, pad_token_id=PAD)
    model = GPT2LMHeadModel(config)
    return model.eval()


PROMPTS = [[5, 6, 7, 8, 9], [11, 3], [20, 21, 22]]


def test_greedy_rows_match_transformers_generate_on_each_prompt_alone():
    model = tiny_lm()
    out = sample(model, PROMPTS, max_new_tokens=8, eos_id=EOS, pad_id=PAD, temperature=0.0)
    assert out.prompt_ids.shape == (3, 5) and out.prompt_mask.sum(-1).tolist() == [5, 2, 3]  # left padding
    for i, p in enumerate(PROMPTS):
        ref = model.generate(torch.tensor([p]), max_new_tokens=8, do_sample=False, eos_token_id=EOS, pad_token_id=PAD)[0, len(p):]
        n = int(out.mask[i].sum())
        assert out.tokens[i, :n].tolist() == ref[:n].tolist()
        assert bool(out.has_eos[i]) == (EOS in ref.tolist())


def test_rows_stop_at_eos_and_pad_after_it():
    model = tiny_lm()
    with torch.no_grad():  # make EOS the most likely token after token 11: row 1 ends at once
        model.lm_head.weight[EOS] += 10 * model.transformer.wte.weight[11]
    out = sample(model, PROMPTS, max_new_tokens=6, eos_id=EOS, pad_id=PAD, temperature=0.0)
    for i in range(3):
        n = int(out.mask[i].sum())
        if out.has_eos[i]:
            assert out.tokens[i, n - 1] == EOS  # EOS is the last real token, inside the mask
        assert (out.tokens[i, n:] == PAD).all()
    ids, mask = out.full()
    assert ids.shape == mask.shape == (3, 5 + out.tokens.size(1))


def test_sampling_is_reproducible_and_a_tiny_top_p_is_greedy():
    model = tiny_lm()
    draw = lambda seed: sample(model, PROMPTS, max_new_tokens=6, eos_id=EOS, pad_id=PAD, temperature=1.0,  # noqa: E731
                               generator=torch.Generator().manual_seed(seed)).tokens
    assert torch.equal(draw(3), draw(3))
    logits = torch.tensor([[0.1, 2.0, 0.5], [3.0, 0.0, 0.0]])
    assert pick(logits, 1.0, 1e-6, torch.Generator().manual_seed(0)).tolist() == [1, 0]
    assert pick(logits, 0.0, 1.0, None).tolist() == [1, 0]
