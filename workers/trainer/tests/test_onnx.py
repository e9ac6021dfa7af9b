# ONNX export of trained reward models, and parity with PyTorch on real HH-RLHF pairs (max |diff| < 1e-4).
import json

import numpy as np
import torch
import pytest
from conftest import make_config, metrics, synthetic_pairs
from test_hf_folder import SMALL, save_folder
from transformers import GPT2Config, GPT2ForSequenceClassification

from rewardlab_trainer import export_onnx, train_rm
from rewardlab_trainer.config import SHIPPED_CORPUS
from rewardlab_trainer.data import collate, encode_pairs, read_hh
from rewardlab_trainer.models import reward_model_from_folder
from rewardlab_trainer.tokenizer import load_tokenizer


def test_export_parity_on_real_pairs(tmp_path, events):
    # train a few steps (so the value head is not at its init), export through the default train-rm path;
    # parity pairs default to the shipped HH-RLHF transcripts, long enough to hit max_length truncation
    cfg = make_config(tmp_path, synthetic_pairs(64), model={"max_length": 128})
    train_rm.run(cfg)
    events()
    checkpoint = tmp_path / "run" / "checkpoint"
    cfg.data.pairs, cfg.export.parity_pairs = None, 24  # no pairs file for parity -> the shipped HH pairs
    onnx_dir = export_onnx.export_and_check(cfg, checkpoint, tmp_path / "onnx", step=4)
    ev = events()
    diff = metrics(ev, "export/parity_max_abs_diff")
    assert len(diff) == 1 and diff[0] < 1e-4
    manifest = json.loads((onnx_dir / "rewardlab-rm.json").read_text())
    assert manifest["max_length"] == 128 and manifest["pad_token_id"] == 50256 and manifest["format"] == export_onnx.FORMAT
    assert (onnx_dir / "tokenizer.json").exists() and (onnx_dir / "model.onnx").exists()

    # dynamic axes: other batch sizes and lengths than the export example, on real pairs
    session = export_onnx.onnx_session(onnx_dir)
    assert [i.name for i in session.get_inputs()] == ["input_ids", "attention_mask"]
    tok = load_tokenizer(str(onnx_dir))
    rm = reward_model_from_folder(checkpoint, tok.pad_token_id).eval()
    data = encode_pairs(read_hh(SHIPPED_CORPUS, limit=40)[30:33], tok, 128)
    batch = collate(data, [0, 1, 2], tok.pad_token_id)  # [6, T]
    got = session.run(None, {"input_ids": batch["input_ids"].numpy(), "attention_mask": batch["attention_mask"].numpy()})[0]
    expected = rm(batch["input_ids"], batch["attention_mask"]).detach().numpy()
    assert got.shape == (6,) and np.abs(got - expected).max() < 1e-4


def test_seqcls_folder_exports_with_parity(tmp_path, events):
    folder = save_folder(GPT2ForSequenceClassification(GPT2Config(num_labels=1, pad_token_id=50256, **SMALL)),
                         tmp_path / "seqcls")
    cfg = make_config(tmp_path, model={"max_length": 96}, export={"parity_pairs": 8})
    export_onnx.export_and_check(cfg, folder, tmp_path / "onnx")
    assert metrics(events(), "export/parity_max_abs_diff")[0] < 1e-4


def test_parity_failure_raises(tmp_path, events):
    folder = save_folder(GPT2ForSequenceClassification(GPT2Config(num_labels=1, pad_token_id=50256, **SMALL)),
                         tmp_path / "seqcls")
    cfg = make_config(tmp_path, export={"parity_pairs": 2, "parity_tolerance": 0.0, "exporter": "torchscript"})
    with pytest.raises(export_onnx.ParityError):
        export_onnx.export_and_check(cfg, folder, tmp_path / "onnx")


class _Fp32Off(torch.nn.Module):
    """reward = w * (number of real tokens), except that the fp32 forward is off by 1e-3 (an ill-conditioned
    model, as far as the parity check can tell); the float64 copy is exact."""

    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.tensor(0.5))

    def forward(self, input_ids, attention_mask):
        r = attention_mask.sum(-1).to(self.w.dtype) * self.w
        return r + 1e-3 if self.w.dtype == torch.float32 else r


class _Session:
    def __init__(self, error: float):
        self.error = error

    def run(self, _names, feeds):
        return [feeds["attention_mask"].sum(-1).astype(np.float32) * np.float32(0.5) + np.float32(self.error)]


def test_parity_rechecks_in_float64_when_fp32_torch_is_off():
    max_abs_diff = export_onnx.max_abs_diff
    tok, pairs = load_tokenizer(None, "left"), synthetic_pairs(6)
    # ONNX equals the exact reward: the 1e-3 of fp32 torch is not held against the export
    assert max_abs_diff(_Fp32Off(), _Session(0.0), tok, pairs, 32, tolerance=1e-4) < 1e-6
    # ONNX wrong by 2e-3: still caught (against the float64 reference)
    assert abs(max_abs_diff(_Fp32Off(), _Session(2e-3), tok, pairs, 32, tolerance=1e-4) - 2e-3) < 1e-5
