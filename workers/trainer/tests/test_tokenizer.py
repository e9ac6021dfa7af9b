# The built-in GPT-2 BPE built the transformers-5 way, and the tokenizer.json that Node will load.
from tokenizers import Tokenizer

from rewardlab_trainer.tokenizer import build_gpt2_tokenizer, save_tokenizer

IDS = [15496, 995, 11, 262, 3797]  # GPT-2's own ids for "Hello world, the cat"


def test_gpt2_ids():
    tok = build_gpt2_tokenizer()
    assert tok("Hello world, the cat")["input_ids"] == IDS
    assert len(tok) == 50257
    assert tok.pad_token_id == tok.eos_token_id == 50256 and tok.padding_side == "right"


def test_saved_tokenizer_json_encodes_the_same(tmp_path):
    save_tokenizer(build_gpt2_tokenizer(), tmp_path)
    assert Tokenizer.from_file(str(tmp_path / "tokenizer.json")).encode("Hello world, the cat").ids == IDS


def test_left_truncation_keeps_the_end():
    tok = build_gpt2_tokenizer()
    ids = tok("Hello world, the cat", truncation=True, max_length=2)["input_ids"]
    assert ids == IDS[-2:]
