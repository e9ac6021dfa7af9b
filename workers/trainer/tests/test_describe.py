# `describe-config`: config.py as data for the web app. The committed trainer-settings.json must be what the
# trainer says now (regenerate with `npm run gen:trainer-settings`), every setting has its reason, and the keys a
# researcher may override are hyperparameters only: never a path, the stop file or the base model.
import json
from pathlib import Path

from rewardlab_trainer.config import REPO_ROOT
from rewardlab_trainer.describe import run

COMMITTED = REPO_ROOT / "server" / "services" / "reward-models" / "trainer-settings.json"


def test_the_committed_settings_file_is_current():
    assert json.loads(COMMITTED.read_text()) == run(None), "stale: run `npm run gen:trainer-settings` and commit the file"


def test_every_setting_has_a_default_and_a_reason():
    doc = run(None)
    assert all(r["reason"] for r in doc["settings"]), [r["key"] for r in doc["settings"] if not r["reason"]]
    seed = next(r for r in doc["settings"] if r["key"] == "seed")
    assert seed == {"key": "seed", "type": "int", "default": 1337, "choices": None, "reason": seed["reason"]}
    device = next(r for r in doc["settings"] if r["key"] == "device")
    assert device["choices"] == ["auto", "cpu", "cuda"]


def test_overridable_keys_are_hyperparameters_only():
    doc = run(None)
    keys = {r["key"] for r in doc["settings"]}
    for command, allowed in doc["overridable"].items():
        assert set(allowed) <= keys
        for key in allowed:
            assert not set(key.split(".")) & {"path", "out_dir", "out", "pairs", "stop_file", "corpus", "builtin",
                                              "cache_dir", "model_dir", "parity_data"}, (command, key)
    assert "train.lr" in doc["overridable"]["train-rm"] and "model.path" not in doc["overridable"]["train-rm"]
    assert "<repo>" in Path(next(r for r in doc["settings"] if r["key"] == "pretrain.corpus")["default"][0]).parts[0]
