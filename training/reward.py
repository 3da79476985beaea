"""The GRPO reward: the REAL vf-l4d2 / vf-luanti rubric, called from TRL's synchronous reward hook.

TRL calls `reward(prompts=..., completions=..., env=[...], task_id=[...], ...)` once per generation batch and
waits for a list of floats. The rubric is async (it runs compilers, a VM and a game server in sandboxes), so the
whole batch is scored concurrently on ONE event loop that lives in a dedicated daemon thread for the lifetime of
the reward object: no loop is created per call, nothing blocks TRL's own threads, and the concurrency is bounded
by a semaphore on top of the process-wide sandbox slot pool. Identical completions for the same task (frequent
within a GRPO group) are scored once through `VerdictCache`.

Reward per completion:
- passed -> 1.0
- failed -> partial credit from the verdict's metrics when the recipe configures it, capped below 1 (else 0.0)
- has_error (the rubric could not judge: toolchain missing, sandbox failure, timeout) -> None. TRL turns None
  into NaN and gives that completion zero advantage, so an infrastructure failure is masked out of the update
  instead of being punished as the model's failure.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter, deque
from dataclasses import dataclass
from typing import Any

from modbench.rubrics.engine import VerdictCache, answer_key
from modbench.rubrics.registry import rubric_for
from modbench.rubrics.verdict import Verdict
from modbench.scenarios import TaskSpec

from .recipes import RewardSection


class LoopThread:
    """An asyncio loop running forever in a daemon thread; `run(coro)` blocks the caller until it finishes."""

    def __init__(self, name: str = "modbench-reward-loop"):
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, coro, timeout: float | None = None):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self.loop.close()


@dataclass
class Scored:
    env: str
    task_id: str
    passed: bool
    has_error: bool
    reward: float | None
    feedback: str
    error: str | None


def completion_text(completion: Any) -> str:
    """TRL passes chat completions as [{"role": "assistant", "content": ...}] and plain ones as str."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list):
        return "".join(m.get("content") or "" for m in completion
                       if isinstance(m, dict) and m.get("role", "assistant") == "assistant"
                       and isinstance(m.get("content"), str))
    return ""


class RubricReward:
    """A TRL reward function (sync callable) over the environments' real rubrics."""

    __name__ = "rubric"     # TRL names the logged reward column after this

    def __init__(self, tasks: dict[tuple[str, str], TaskSpec], config: RewardSection | None = None,
                 history: int = 512):
        self.tasks = tasks
        self.config = config or RewardSection()
        self._check_config()
        self._loop = LoopThread()
        self._cache = VerdictCache()
        self._sem: asyncio.Semaphore | None = None
        self.counts: Counter[str] = Counter()          # completions scored / passed / failed / has_error
        self.history: deque[Scored] = deque(maxlen=history)
        self.missing_metrics: set[str] = set()

    def _check_config(self) -> None:
        for env, tiers in self.config.tiers.items():
            known = tuple(getattr(rubric_for(env), "TIERS", ()) or ())
            unknown = [t for t in tiers if known and t not in known]
            if unknown:
                raise ValueError(f"reward.tiers.{env}: unknown tier(s) {unknown}; the {env} rubric has {list(known)}")

    # TRL entry point -----------------------------------------------------------------------------------------
    def __call__(self, prompts=None, completions=None, env=None, task_id=None, log_metric=None, log_extra=None,
                 **_: Any) -> list[float | None]:
        completions = completions or []
        if env is None or task_id is None:
            raise ValueError("the GRPO dataset must carry 'env' and 'task_id' columns for the rubric reward")
        texts = [completion_text(c) for c in completions]
        scored = self._loop.run(self.score_batch(list(zip(env, task_id, texts))))
        for s in scored:
            self.history.append(s)
            self.counts["scored"] += 1
            self.counts["has_error" if s.has_error else ("passed" if s.passed else "failed")] += 1
        n = max(len(scored), 1)
        if log_metric is not None:
            log_metric("rubric/pass_rate", sum(s.passed for s in scored) / n)
            log_metric("rubric/has_error_rate", sum(s.has_error for s in scored) / n)
        if log_extra is not None:
            log_extra("rubric_feedback", [(s.error if s.has_error else s.feedback)[:200] for s in scored])
        return [s.reward for s in scored]

    # scoring -------------------------------------------------------------------------------------------------
    async def score_batch(self, items: list[tuple[str, str, str]]) -> list[Scored]:
        if self._sem is None:      # created inside the loop thread, bound to that loop
            from modbench.sandboxes import POOL

            self._sem = asyncio.Semaphore(self.config.max_concurrency or POOL.size)
        return list(await asyncio.gather(*(self._score_one(e, t, text) for e, t, text in items)))

    async def _score_one(self, env: str, task_id: str, text: str) -> Scored:
        spec = self.tasks.get((env, task_id))
        if spec is None:
            verdict = Verdict(passed=False, has_error=True, error=f"unknown task {env}/{task_id}")
        else:
            tiers = self.config.tiers.get(env) or None
            timeouts = self.config.tier_timeouts.get(env) or None
            key = answer_key("grpo", env, task_id, text, tiers, timeouts)
            verdict = await self._cache.get_or_score(key, lambda: self._score_uncached(spec, text, tiers, timeouts))
        return Scored(env, task_id, verdict.passed and not verdict.has_error, verdict.has_error,
                      self.reward_for(env, verdict), verdict.feedback or "", verdict.error)

    async def _score_uncached(self, spec: TaskSpec, text: str, tiers, timeouts) -> Verdict:
        async with self._sem:
            try:
                return await asyncio.wait_for(
                    rubric_for(spec.env).score_answer(spec, text, tiers=set(tiers) if tiers else None,
                                                      timeouts=timeouts),
                    self.config.scoring_timeout)
            except asyncio.TimeoutError:
                return Verdict(passed=False, has_error=True,
                               error=f"scoring timed out after {self.config.scoring_timeout:.0f} s")
            except Exception as exc:   # the rubric promises not to raise; if it does, it is not the model's fault
                return Verdict(passed=False, has_error=True, error=f"{type(exc).__name__}: {exc}")

    def reward_for(self, env: str, verdict: Verdict) -> float | None:
        if verdict.has_error:
            return None
        if verdict.passed:
            return 1.0
        weights = self.config.partial_credit.get(env) or {}
        total = 0.0
        for metric, weight in weights.items():
            value = verdict.metrics.get(metric)
            if value is None:
                self.missing_metrics.add(f"{env}.{metric}")
                continue
            total += weight * float(value)
        return min(total, self.config.max_partial) if weights else 0.0

    def stats(self) -> dict[str, Any]:
        return {"completions_scored": self.counts["scored"], "passed": self.counts["passed"],
                "failed": self.counts["failed"], "has_error": self.counts["has_error"],
                "cache_hits": self._cache.hits, "cache_misses": self._cache.misses,
                "missing_metrics": sorted(self.missing_metrics)}

    def close(self) -> None:
        self._loop.close()
