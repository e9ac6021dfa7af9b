# The trainer's requests to the worker (protocol.request) over a fake stdin (a pipe this test writes the worker's
# answers into): an answer reaches the request with its id, an error answer fails with the worker's message, a
# closed channel fails a waiting request; the d-RLAIF rater checks what comes back; and a d-RLAIF PPO run in-process
# whose "worker" rates each response by its length: objective/scores is the mean of those ratings.
import io
import json
import os
import threading

import pytest

from conftest import metrics

from rewardlab_trainer import ppo, protocol
from rewardlab_trainer.judge_rater import checked
from test_policy_commands import models, ppo_config  # noqa: F401 (models is a fixture)


class FakeWorker(io.StringIO):
    """Stands in for the worker on stdout: each request line is answered on the pipe by `answer(request)`."""

    def __init__(self, fd: int, answer):
        super().__init__()
        self.fd, self.answer, self.requests, self.events = fd, answer, [], []

    def write(self, line: str) -> int:
        event = json.loads(line)
        self.events.append(event)
        if event["type"] == "request":
            self.requests.append(event)
            reply = self.answer(event)
            if reply is not None:
                os.write(self.fd, (json.dumps({"type": "response", "id": event["id"], **reply}) + "\n").encode())
        return len(line)


@pytest.fixture
def channel(monkeypatch):
    """A fresh channel on a pipe: returns (connect(answer) -> FakeWorker, close the worker's end, closed event)."""
    read, write = os.pipe()
    closed = threading.Event()
    for name, value in {"_answers": {}, "_closed": False, "_listening": False, "_next_id": 0, "_muted": False}.items():
        monkeypatch.setattr(protocol, name, value)
    protocol.listen(read, closed.set)

    def connect(answer):
        worker = FakeWorker(write, answer)
        monkeypatch.setattr(protocol, "_out", worker)
        return worker

    yield connect, lambda: os.close(write), closed


def test_a_request_gets_the_answer_with_its_id(channel):
    connect, _, _ = channel
    worker = connect(lambda e: {"ratings": [len(i["response"]) / 10 for i in e["items"]]})
    assert protocol.request("ratings", items=[{"prompt": "q", "response": "abc"}]) == {"ratings": [0.3]}
    assert protocol.request("ratings", items=[{"prompt": "q", "response": "a"}]) == {"ratings": [0.1]}
    assert [r["id"] for r in worker.requests] == [1, 2]
    assert worker.requests[0] == {"type": "request", "id": 1, "kind": "ratings", "items": [{"prompt": "q", "response": "abc"}]}


def test_an_answer_split_over_writes_and_a_stray_line_are_read(channel):
    connect, _, _ = channel

    def answer(event):
        # a stray non-JSON line, an answer to another id, then the answer in two writes
        os.write(worker.fd, b"not json\n" + json.dumps({"type": "response", "id": 99, "ratings": [1]}).encode() + b"\n")
        line = json.dumps({"type": "response", "id": event["id"], "ratings": [-0.5]}).encode() + b"\n"
        os.write(worker.fd, line[:7])
        threading.Timer(0.05, lambda: os.write(worker.fd, line[7:])).start()
        return None

    worker = connect(answer)
    assert protocol.request("ratings", items=[{"prompt": "q", "response": "r"}]) == {"ratings": [-0.5]}


def test_an_error_answer_fails_the_request_with_the_workers_message(channel):
    connect, _, _ = channel
    connect(lambda e: {"error": "the judge's endpoint answered 500 five times"})
    with pytest.raises(protocol.RequestFailed, match="answered 500 five times"):
        protocol.request("ratings", items=[])


def test_a_closed_channel_fails_a_waiting_request(channel):
    connect, close, closed = channel
    connect(lambda e: (threading.Timer(0.05, close).start(), None)[1])  # the worker goes away instead of answering
    with pytest.raises(protocol.RequestFailed, match="closed the channel before answering request 1"):
        protocol.request("ratings", items=[])
    assert closed.wait(5)


def test_nobody_listening_is_an_error_not_a_hang(monkeypatch):
    monkeypatch.setattr(protocol, "_listening", False)
    with pytest.raises(protocol.RequestFailed, match="no worker answers 'ratings'"):
        protocol.request("ratings", items=[])


def test_the_rater_checks_the_ratings():
    assert checked([1, -1, 0.25], 3) == [1.0, -1.0, 0.25]
    for bad, why in [([0.1], "answered 1 ratings for 2"), (None, "answered None ratings"), ([0.1, 1.5], "rating 1 .* is 1.5"),
                     ([0.1, float("nan")], "rating 1"), ([True, 0], "rating 0")]:
        with pytest.raises(ValueError, match=why):
            checked(bad, 2)


def test_drlaif_ppo_takes_the_workers_ratings_as_scores(tmp_path, models, channel):  # noqa: F811
    connect, _, _ = channel

    def rate(response: str) -> float:
        return min(1.0, -1.0 + len(response) / 20)  # any rule the trainer cannot know

    worker = connect(lambda e: {"ratings": [rate(i["response"]) for i in e["items"]]})
    ppo.run(ppo_config(tmp_path, models, "ppo-d", reward_mode="drlaif", reward_model=None, value_init="policy", eval_prompts=2))
    ev = worker.events
    rollouts = [r for r in worker.requests if len(r["items"]) == 4]  # 2 iterations of 4 rollouts; eval asks for 2
    assert len(rollouts) == 2 and len(worker.requests) == 4  # step 0 and step 2 evaluations
    expected = [sum(rate(i["response"]) for i in r["items"]) / 4 for r in rollouts]
    assert metrics(ev, "objective/scores") == pytest.approx(expected, abs=1e-6)
    assert all(i["prompt"].startswith("\n\nHuman:") for r in worker.requests for i in r["items"])
    assert (tmp_path / "ppo-d" / "policy" / "config.json").exists()


def test_drlaif_without_a_reward_model_needs_the_value_model_from_the_policy(tmp_path, models):  # noqa: F811
    with pytest.raises(ValueError, match="set ppo.value_init to 'policy'"):
        ppo.run(ppo_config(tmp_path, models, "ppo-v", reward_mode="drlaif", reward_model=None))
    with pytest.raises(ValueError, match="'plain' needs ppo.reward_model"):
        ppo.run(ppo_config(tmp_path, models, "ppo-p", reward_mode="plain", reward_model=None, value_init="policy"))
