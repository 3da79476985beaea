"""The verifiers v1 glue both environments share: TaskData / Task / Taskset over the scenario files.

Each environment package binds these generics to its own concrete classes (verifiers rebuilds tasks from the
installed package's types) and names its rubric; everything else is here, once.

Scoring: one `@vf.metric` runs the rubric and records every tier's metric; the `passed` reward (weight 1) reads
the same verdict. An infrastructure failure (`has_error`) raises from the reward, so verifiers records the
rollout with null rewards and an error — excluded from pass@k and masked by trainers — instead of a 0 that
would read as the model's failure.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

import verifiers.v1 as vf
from verifiers.v1.harnesses.null.harness import NullHarnessConfig

from modbench.sandboxes import set_max_concurrency
from modbench.scenarios import ROOT as SCENARIOS_ROOT
from modbench.scenarios import TaskSpec, load_tasks

from .registry import rubric_for
from .verdict import Verdict

VERDICT_INFO_KEY = "modbench"


class InfrastructureError(RuntimeError):
    """The rubric could not judge this answer (toolchain missing, sandbox failure, worker crash)."""


def system_prompt(env: str) -> str:
    return (SCENARIOS_ROOT / env / "system_prompt.md").read_text(encoding="utf-8").strip()


class ModbenchTaskData(vf.TaskData):
    """What travels with every rollout (and lands in traces.jsonl as trace.task.data)."""

    env_name: str
    family: str
    split: str
    theme: str
    title: str
    reference: str
    checks: dict[str, Any] = {}
    api: list[str] = []

    @classmethod
    def from_spec(cls, spec: TaskSpec, *, scoring_timeout: float) -> "ModbenchTaskData":
        return cls(id=spec.id, name=spec.title, prompt=spec.prompt, system_prompt=system_prompt(spec.env),
                   env_name=spec.env, family=spec.family, split=spec.split, theme=spec.theme, title=spec.title,
                   reference=spec.reference, checks=spec.checks, api=spec.api,
                   timeout=vf.TaskTimeout(scoring=scoring_timeout))

    def to_spec(self) -> TaskSpec:
        # model_construct: the wire data is already validated; broken variants never travel with rollouts
        return TaskSpec.model_construct(id=self.id, env=self.env_name, family=self.family, split=self.split,
                                        theme=self.theme, title=self.title, prompt=self.prompt if isinstance(self.prompt, str) else self.prompt_text,
                                        reference=self.reference, broken=[], checks=self.checks, api=self.api,
                                        tags=[])


class ModbenchTaskConfig(vf.TaskConfig):
    """Run-time knobs (`--env.taskset.task.*`)."""

    tiers: list[str] = []
    """Tiers to run (empty = all). For RL one may skip the slow tiers on some runs; evaluation runs all."""
    tier_timeouts: dict[str, float] = {}
    """Per-tier wall-clock limits in seconds, overriding the rubric's defaults."""


DataT = TypeVar("DataT", bound=ModbenchTaskData)
ConfigT = TypeVar("ConfigT", bound=ModbenchTaskConfig)


class ModbenchTask(vf.Task[DataT, vf.State, ConfigT], Generic[DataT, ConfigT]):
    @property
    def key(self) -> str:
        return self.data.id or self.hash

    async def verdict(self, answer: str) -> Verdict:
        rubric = rubric_for(self.data.env_name)
        return await rubric.score_answer(self.data.to_spec(), answer, tiers=set(self.config.tiers) or None,
                                         timeouts=self.config.tier_timeouts or None)

    async def _verdict_for(self, trace: vf.Trace) -> Verdict:
        cached = trace.info.get(VERDICT_INFO_KEY)
        if isinstance(cached, dict) and "_verdict" in cached:
            return cached["_verdict"]
        verdict = await self.verdict(trace.last_reply or "")
        info = verdict.to_json()
        trace.info[VERDICT_INFO_KEY] = {k: info[k] for k in ("ok", "has_error", "error", "feedback", "tiers")}
        trace.info[VERDICT_INFO_KEY]["_verdict"] = verdict
        return verdict

    @vf.metric
    async def tiers(self, trace: vf.Trace) -> dict[str, float]:
        """One metric per tier (compiled, api_ok, ... see the environment README) plus has_error."""
        verdict = await self._verdict_for(trace)
        return {**{k: float(v) for k, v in verdict.metrics.items() if k != "passed"},
                "has_error": float(verdict.has_error)}

    @vf.reward(weight=1.0)
    async def passed(self, trace: vf.Trace) -> float:
        verdict = await self._verdict_for(trace)
        trace.info.get(VERDICT_INFO_KEY, {}).pop("_verdict", None)   # keep the trace JSON-serialisable
        if verdict.has_error:
            raise InfrastructureError(verdict.error or "the rubric could not run")
        return 1.0 if verdict.passed else 0.0

    async def validate(self, runtime: vf.Runtime | None = None) -> bool | None:
        verdict = await self.verdict(self.data.reference)
        if verdict.has_error:
            raise InfrastructureError(verdict.error or "the rubric could not run")
        return verdict.passed


class ModbenchTasksetConfig(vf.TasksetConfig):
    """Load-time knobs (`--env.taskset.*`)."""

    split: str = "eval"
    """eval or train."""
    families: list[str] = []
    """scaffold, repair, refactor, doc (empty = all)."""
    ids: list[str] = []
    """Only these task ids (empty = all)."""
    max_concurrency: int = 0
    """Sandboxed toolchain processes at once in this process (0 = number of cores)."""
    scoring_timeout: float = 180.0
    """Seconds for all scoring of one rollout (recorded in each task's TaskData.timeout.scoring)."""


class ModbenchTaskset(vf.Taskset):
    """Subclass as `class XTaskset(ModbenchTaskset, vf.Taskset[XTask, XTasksetConfig])`: verifiers finds the
    task and config types only on a base that subscripts `vf.Taskset` itself."""

    ENV: ClassVar[str]
    TASK: ClassVar[type]
    DATA: ClassVar[type]

    def load(self):
        cfg = self.config
        if cfg.split not in ("eval", "train"):
            raise ValueError(f"split must be 'eval' or 'train', not {cfg.split!r}")
        if cfg.max_concurrency:
            set_max_concurrency(cfg.max_concurrency)
        for spec in load_tasks(self.ENV, split=cfg.split, families=cfg.families or None, ids=cfg.ids or None):
            yield self.TASK(self.DATA.from_spec(spec, scoring_timeout=cfg.scoring_timeout), cfg.task)


def local_agent() -> vf.AgentConfig:
    """The `null` harness (a plain chat loop) on the `subprocess` runtime: plain `vf-eval` runs locally."""
    return vf.AgentConfig(harness=NullHarnessConfig(id="null"), runtime=vf.SubprocessConfig(), max_turns=1)


__all__ = ["InfrastructureError", "ModbenchTask", "ModbenchTaskConfig", "ModbenchTaskData", "ModbenchTaskset",
           "ModbenchTasksetConfig", "local_agent", "system_prompt"]
