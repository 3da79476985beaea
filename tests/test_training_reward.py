"""The GRPO reward bridge: TRL's synchronous hook -> the real async rubric on a dedicated loop thread.

Real tasks and the real rubric; no model needed (the completions are the task's own reference and broken answers).
"""

from __future__ import annotations

import threading

import pytest

from modbench.rubrics.verdict import Verdict
from modbench.scenarios import ENVS, load_tasks
from modbench.training.recipes import RewardSection
from modbench.training.reward import RubricReward, completion_text


def a_train_task():
    for env in ENVS:
        specs = load_tasks(env, split="train")
        if specs:
            return sorted(specs, key=lambda s: len(s.reference))[0]
    pytest.fail("no train-split tasks in any environment")


def chat(text: str) -> list[dict]:
    return [{"role": "assistant", "content": text}]


@pytest.fixture
def reward():
    spec = a_train_task()
    r = RubricReward({(spec.env, spec.id): spec})
    yield r, spec
    r.close()


@pytest.mark.slow
def test_reward_scores_real_answers_with_the_real_rubric(reward):
    r, spec = reward
    broken = spec.broken[0].answer
    metrics = []
    rewards = r(prompts=[[]] * 4, completions=[chat(spec.reference), chat(broken), chat("no code at all"),
                                              chat(spec.reference)],
                env=[spec.env] * 4, task_id=[spec.id] * 4,
                log_metric=lambda name, value: metrics.append((name, value)))
    assert rewards == [1.0, 0.0, 0.0, 1.0]
    assert r.counts["passed"] == 2 and r.counts["failed"] == 2 and r.counts["has_error"] == 0
    assert r.stats()["cache_hits"] >= 1                     # the repeated reference was scored once
    assert ("rubric/pass_rate", 0.5) in metrics
    failed = [h for h in r.history if not h.passed]
    assert all(h.feedback for h in failed)                  # the rubric says why


def test_unjudgeable_completions_get_none_not_zero(reward):
    r, spec = reward
    rewards = r(prompts=[[]], completions=[chat("x")], env=[spec.env], task_id=["no-such-task"])
    assert rewards == [None]                                # TRL masks None (zero advantage) instead of punishing
    assert r.counts["has_error"] == 1
    assert r.reward_for(spec.env, Verdict(passed=False, has_error=True, error="spcomp missing")) is None


def test_partial_credit_is_capped_below_a_pass():
    spec = a_train_task()
    cfg = RewardSection(partial_credit={spec.env: {"m1": 0.5, "m2": 0.25, "absent": 1.0}}, max_partial=0.4)
    r = RubricReward({(spec.env, spec.id): spec}, cfg)
    try:
        assert r.reward_for(spec.env, Verdict(passed=False, metrics={"m1": 0.2, "m2": 1.0})) == pytest.approx(0.35)
        assert r.reward_for(spec.env, Verdict(passed=False, metrics={"m1": 1.0, "m2": 1.0})) == 0.4
        assert r.reward_for(spec.env, Verdict(passed=True, metrics={})) == 1.0
        assert f"{spec.env}.absent" in r.stats()["missing_metrics"]
        other = "luanti" if spec.env == "l4d2" else "l4d2"
        assert r.reward_for(other, Verdict(passed=False, metrics={"m1": 1.0})) == 0.0   # binary for that env
    finally:
        r.close()


def test_reward_is_callable_from_any_thread_and_survives_many_calls(reward):
    r, spec = reward
    results = []

    def call():
        results.append(r(prompts=[[]] * 2, completions=["plain text, no fence", chat("")],
                         env=[spec.env] * 2, task_id=[spec.id] * 2))

    threads = [threading.Thread(target=call) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert results == [[0.0, 0.0]] * 3
    assert r._loop._thread.is_alive() and r._loop._thread is not threading.main_thread()


def test_unknown_tiers_are_rejected_up_front():
    spec = a_train_task()
    with pytest.raises(ValueError, match="unknown tier"):
        RubricReward({}, RewardSection(tiers={spec.env: ["no-such-tier"]}))


def test_completion_text_shapes():
    assert completion_text("abc") == "abc"
    assert completion_text([{"role": "assistant", "content": "a"}, {"role": "assistant", "content": "b"}]) == "ab"
    assert completion_text(None) == ""
