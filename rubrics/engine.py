"""The one scoring engine both environments share: run tiers in order, stop at the first required failure,
and never let an exception become a verdict about the model.

A tier is any object with `name`, `required` and `async def run(ctx) -> TierResult`. The rubric of each
environment is just its list of tiers plus a function that turns the tier results into metrics.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
import traceback
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from .verdict import Diagnostic, TierResult, Verdict

FEEDBACK_DIAGNOSTICS = 3     # errors quoted in the feedback
FEEDBACK_CHARS = 800         # short enough to show a model in a multi-turn prompt


class Tier(Protocol):
    name: str
    required: bool       # a failure here fails the rollout and skips later tiers

    async def run(self, ctx: Any) -> TierResult: ...


async def run_tiers(tiers: Sequence[Tier], ctx: Any, *, enabled: set[str] | None = None) -> Verdict:
    """Run `tiers` on `ctx` in order. A tier not in `enabled` (when given) is skipped and not required.

    `passed` holds when every enabled required tier is ok; `has_error` when any tier could not run.
    """
    verdict = Verdict(passed=True)
    stop_reason: str | None = None
    for tier in tiers:
        if enabled is not None and tier.name not in enabled:
            verdict.tiers[tier.name] = TierResult.skip(tier.name, "disabled by configuration")
            continue
        if stop_reason is not None:
            verdict.tiers[tier.name] = TierResult.skip(tier.name, stop_reason)
            continue
        started = time.perf_counter()
        try:
            result = await tier.run(ctx)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug or a crash in our own code is an infrastructure failure
            result = TierResult.infra_error(tier.name, f"{type(exc).__name__}: {exc}",
                                            traceback=traceback.format_exc(limit=5))
        result.seconds = result.seconds or (time.perf_counter() - started)
        verdict.tiers[tier.name] = result
        if result.has_error:
            verdict.has_error = True
            verdict.passed = False
            verdict.error = verdict.error or f"{tier.name}: {result.error}"
            stop_reason = f"tier {tier.name!r} could not run"
        elif not result.ok and tier.required:
            verdict.passed = False
            stop_reason = f"tier {tier.name!r} failed"
    return verdict


def enabled_tiers(all_tiers: Sequence[str], prerequisites: dict[str, set[str]], checks: dict,
                  tiers: set[str] | None) -> set[str]:
    """The task's tiers (`checks["tiers"]`, all by default), narrowed by `tiers`, plus what those need to run."""
    wanted = set(checks.get("tiers") or all_tiers)
    unknown = (wanted | set(tiers or ())) - set(all_tiers)
    if unknown:
        raise ValueError(f"unknown tier(s) {sorted(unknown)}; the tiers are {', '.join(all_tiers)}")
    if tiers is not None:
        wanted &= set(tiers)
    for name in list(wanted):
        wanted |= prerequisites[name]
    return wanted


def task_problem(spec: Any, env: str, check_keys: set[str]) -> str | None:
    """Why a task file cannot be scored by this environment's rubric (wrong env, unknown checks keys), or None."""
    unknown = set(spec.checks or {}) - check_keys
    if spec.env != env:
        return f"task {spec.id}: env is {spec.env!r}, not {env!r}"
    if unknown:
        return f"task {spec.id}: unknown checks keys {sorted(unknown)} (known: {sorted(check_keys)})"
    return None


def _short(d: Diagnostic) -> str:
    where = f"{d.file}:{d.line}: " if d.file and d.line is not None else (f"{d.file}: " if d.file else "")
    code = f"{d.code}: " if d.code and d.code[:1].isalpha() and " " in d.code else ""   # "error 017: "
    return f"{where}{code}{d.message}"


def feedback(verdict: Verdict) -> str:
    """The first few errors of the failing tier, short enough to show a model."""
    if verdict.passed:
        return ""
    if verdict.has_error:
        return f"could not be scored (not the answer's fault): {verdict.error}"[:FEEDBACK_CHARS]
    for name, t in verdict.tiers.items():
        if t.skipped or t.ok:
            continue
        errors = [d for d in t.diagnostics if d.severity == "error"][:FEEDBACK_DIAGNOSTICS]
        body = "; ".join(_short(d) for d in errors) or str(t.details.get("message", "failed"))
        return f"{name} failed: {body}"[:FEEDBACK_CHARS]
    return ""


def finish(verdict: Verdict, metrics: Callable[[Verdict], dict[str, float]]) -> Verdict:
    """Fill in an environment's metrics and the shared feedback once the tiers have run."""
    verdict.metrics = metrics(verdict)
    verdict.feedback = feedback(verdict)
    return verdict


def task_error(message: str, metrics: Callable[[Verdict], dict[str, float]]) -> Verdict:
    """A verdict for a task that cannot be scored: a task-file problem, never the answer's fault."""
    return finish(Verdict(passed=False, has_error=True, error=message), metrics)


def answer_key(*parts: Any) -> str:
    """A stable hash of everything a verdict depends on (answer text, task, tiers, toolchain versions)."""
    blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


class VerdictCache:
    """Identical answers for the same task are scored once, also when they arrive concurrently.

    An LRU of finished verdicts plus the in-flight futures; verdicts with `has_error` are not kept, so a
    passing infrastructure problem is retried on the next identical answer.
    """

    def __init__(self, size: int = 4096):
        self.size = size
        self._done: OrderedDict[str, Verdict] = OrderedDict()
        self._pending: dict[str, asyncio.Future] = {}
        self.hits = 0
        self.misses = 0

    async def get_or_score(self, key: str, score: Callable[[], Awaitable[Verdict]]) -> Verdict:
        if key in self._done:
            self._done.move_to_end(key)
            self.hits += 1
            return self._done[key]
        pending = self._pending.get(key)
        if pending is not None and pending.get_loop() is asyncio.get_running_loop():
            self.hits += 1
            return await asyncio.shield(pending)
        self.misses += 1
        fut = asyncio.get_running_loop().create_future()
        self._pending[key] = fut
        try:
            verdict = await score()
        except BaseException as exc:
            fut.set_exception(exc)
            fut.exception()  # mark retrieved
            raise
        finally:
            self._pending.pop(key, None)
        fut.set_result(verdict)
        if not verdict.has_error:
            self._done[key] = verdict
            while len(self._done) > self.size:
                self._done.popitem(last=False)
        return verdict
