# `export-lm`: causal LM folders (randomly initialised and saved with save_pretrained: no weights can be
# downloaded here) -> ONNX logits for the local AI judge, with torch/onnxruntime parity (max |diff| < 1e-4).
import json

import numpy as np
import pytest
import torch
from conftest import make_config, metrics
from transformers import LlamaConfig, LlamaForCausalLM

from rewardlab_trainer import export_lm_onnx
from rewardlab_trainer.config import GPTSize
from rewardlab_trainer.export_onnx import onnx_session
from rewardlab_trainer.models import builtin_lm
from rewardlab_trainer.tokenizer import build_gpt2_tokenizer, save_tokenizer

TINY = GPTSize(n_layer=2, n_head=2, n_embd=24, n_positions=64)


def save_lm(model, path):
    """A folder as pretrain writes it: save_pretrained + the GPT-2 tokenizer files."""
    model.save_pretrained(str(path))
    save_tokenizer(build_gpt2_tokenizer(), path)
    return path


def test_pretrain_style_folder_exports_with_parity(tmp_path, events):
    torch.manual_seed(0)
    model = builtin_lm(TINY, 50257, 50256).eval()  # the built-in GPT that `pretrain` trains
    folder = save_lm(model, tmp_path / "lm")
    cfg = make_config(tmp_path, lm_export={"parity_texts": 3})
    out = export_lm_onnx.export_lm_and_check(cfg, folder, tmp_path / "onnx")
    ev = events()
    diff = metrics(ev, "export/parity_max_abs_diff")
    assert len(diff) == 1 and diff[0] < 1e-4
    assert [e for e in ev if e["type"] == "artefact"] == [{"type": "artefact", "kind": "onnx_lm", "path": str(out)}]
    manifest = json.loads((out / export_lm_onnx.MANIFEST).read_text())
    assert manifest["kind"] == "causal-lm" and manifest["format"] == export_lm_onnx.FORMAT
    assert (manifest["context_length"], manifest["vocab_size"], manifest["eos_token_id"]) == (64, 50257, 50256)
    assert manifest["source"] == str(folder.resolve()) and manifest["architecture"] == "GPT2LMHeadModel"
    for name in ("model.onnx", "tokenizer.json", "tokenizer_config.json"):
        assert (out / name).exists(), name

    # round trip: the folder reloads to the same model, and ONNX matches the in-memory original on shapes
    # other than the export example's (dynamic batch and seq, up to the full context)
    reloaded = export_lm_onnx.load_causal_lm(folder)
    session = onnx_session(out)
    assert [i.name for i in session.get_inputs()] == ["input_ids"]
    assert [o.name for o in session.get_outputs()] == ["logits"]
    for shape in ((1, 1), (3, 11), (1, 64)):
        x = torch.randint(0, 50257, shape)
        with torch.no_grad():
            expected = model(input_ids=x).logits
            assert torch.equal(reloaded(input_ids=x).logits, expected)
        got = session.run(None, {"input_ids": x.numpy()})[0]
        assert got.shape == (*shape, 50257) and np.abs(got - expected.numpy()).max() < 1e-4


def test_other_architecture_and_context_cap(tmp_path, events):
    # Llama: rotary positions, no n_positions, other module names; its 2048 positions capped to 32
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=50257, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                         num_attention_heads=2, num_key_value_heads=1, eos_token_id=50256, bos_token_id=50256)
    folder = save_lm(LlamaForCausalLM(config), tmp_path / "llama")
    cfg = make_config(tmp_path, lm_export={"context_length": 32, "parity_texts": 2})
    out = export_lm_onnx.export_lm_and_check(cfg, folder, tmp_path / "onnx")
    assert metrics(events(), "export/parity_max_abs_diff")[0] < 1e-4
    manifest = json.loads((out / export_lm_onnx.MANIFEST).read_text())
    assert manifest["context_length"] == 32 and manifest["eos_token_ids"] == [50256]
    assert manifest["architecture"] == "LlamaForCausalLM"


def test_not_a_model_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="no config.json"):
        export_lm_onnx.load_causal_lm(tmp_path)
