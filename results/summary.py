"""Per-task counts and their aggregates: pass@1, pass@5, cons@5, all@5 and the error rate, with bootstrap intervals.

A run and a baseline are both reduced to `TaskCounts` (n valid rollouts, c passed, errored rollouts), so the
same code summarises either. Errored rollouts are not samples of the model's ability: they are left out of n
and reported as the error rate over all rollouts. A task with fewer than k valid rollouts has no unbiased
k-sample estimate; it is left out of that metric only, and the number left out is reported next to it.

Intervals: percentile bootstrap over tasks (tasks are the unit the benchmark samples; rollouts within a task
are not independent draws of the benchmark), seeded so that the same run always prints the same interval.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import numpy as np

from .metadata import environment_name
from .passk import all_at_k, cons_at_k, pass_at_k
from .traces import ResultsError, Rollout

FAMILIES = ("scaffold", "repair", "refactor", "doc")
DEFAULT_SEED = 0
DEFAULT_RESAMPLES = 1000
LEVEL = 0.95


@dataclass(frozen=True)
class MetricDef:
    name: str
    k: int                                   # rollouts a task needs for an unbiased estimate
    estimate: Callable[[int, int], float]    # (n, c) -> per-task value
    help: str


METRICS: dict[str, MetricDef] = {m.name: m for m in (
    MetricDef("pass@1", 1, lambda n, c: pass_at_k(n, c, 1), "P(one sample passes)"),
    MetricDef("pass@5", 5, lambda n, c: pass_at_k(n, c, 5), "P(at least 1 of 5 samples passes)"),
    MetricDef("cons@5", 5, lambda n, c: cons_at_k(n, c, 5), "P(at least 3 of 5 samples pass)"),
    MetricDef("all@5", 5, lambda n, c: all_at_k(n, c, 5), "P(all 5 samples pass), pass^5"),
)}


@dataclass(frozen=True)
class TaskCounts:
    key: str
    environment: str          # normalised name, e.g. "vf-l4d2" (no owner, no @version)
    family: str
    split: str | None
    n: int                    # valid (not errored) rollouts
    c: int                    # valid rollouts that passed
    n_errors: int = 0

    @property
    def n_rollouts(self) -> int:
        return self.n + self.n_errors

    def metric(self, name: str) -> float | None:
        """The task's unbiased estimate, or None when it has fewer than k valid rollouts."""
        m = METRICS[name]
        return m.estimate(self.n, self.c) if self.n >= m.k else None

    def to_json(self) -> dict:
        return {"key": self.key, "environment": self.environment, "family": self.family, "split": self.split,
                "n": self.n, "c": self.c, "n_errors": self.n_errors}


def count_tasks(rollouts: Iterable[Rollout]) -> list[TaskCounts]:
    """One TaskCounts per (environment, task key), sorted; a task whose rows disagree on family is an error."""
    groups: dict[tuple[str, str], list[Rollout]] = defaultdict(list)
    for r in rollouts:
        groups[(environment_name(r.environment)[0], r.task_key)].append(r)
    tasks = []
    for (env, key), rows in sorted(groups.items()):
        families = {r.family for r in rows}
        if len(families) > 1:
            raise ResultsError(f"task {key!r} in {env} has rollouts with different families: {sorted(families)} "
                               f"(traces.jsonl lines {sorted({r.line for r in rows})[:5]})")
        valid = [r for r in rows if not r.has_error]
        tasks.append(TaskCounts(key=key, environment=env, family=rows[0].family, split=rows[0].split,
                                n=len(valid), c=sum(r.passed for r in valid), n_errors=len(rows) - len(valid)))
    return tasks


def bootstrap_ci(values: Sequence[float], *, seed: int = DEFAULT_SEED, resamples: int = DEFAULT_RESAMPLES,
                 level: float = LEVEL) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean; None for no values. Deterministic for a given seed."""
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return None
    rng = np.random.default_rng(seed)
    means = v[rng.integers(0, v.size, size=(resamples, v.size))].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(lo), float(hi)


@dataclass(frozen=True)
class MetricSummary:
    value: float | None               # mean over the tasks with >= k valid rollouts; None if there are none
    ci: tuple[float, float] | None
    n_tasks: int                      # tasks in the mean
    n_excluded: int                   # tasks left out for having fewer than k valid rollouts

    def to_json(self) -> dict:
        return {"value": self.value, "ci": list(self.ci) if self.ci else None, "n_tasks": self.n_tasks,
                "n_excluded": self.n_excluded}


@dataclass(frozen=True)
class GroupSummary:
    name: str
    n_tasks: int
    n_rollouts: int
    n_errors: int
    metrics: dict[str, MetricSummary] = field(default_factory=dict)

    @property
    def error_rate(self) -> float | None:
        return self.n_errors / self.n_rollouts if self.n_rollouts else None

    def value(self, metric: str) -> float | None:
        return self.metrics[metric].value

    def to_json(self) -> dict:
        out: dict = {m: s.value for m, s in self.metrics.items()}
        out.update(error_rate=self.error_rate, n_tasks=self.n_tasks, n_rollouts=self.n_rollouts,
                   n_errors=self.n_errors, intervals={m: list(s.ci) if s.ci else None for m, s in self.metrics.items()},
                   excluded={m: s.n_excluded for m, s in self.metrics.items()})
        return out


def summarize_group(name: str, tasks: Sequence[TaskCounts], *, seed: int = DEFAULT_SEED,
                    resamples: int = DEFAULT_RESAMPLES) -> GroupSummary:
    metrics = {}
    for metric in METRICS:
        values = [v for t in tasks if (v := t.metric(metric)) is not None]
        metrics[metric] = MetricSummary(value=float(np.mean(values)) if values else None,
                                        ci=bootstrap_ci(values, seed=seed, resamples=resamples),
                                        n_tasks=len(values), n_excluded=len(tasks) - len(values))
    return GroupSummary(name=name, n_tasks=len(tasks), n_rollouts=sum(t.n_rollouts for t in tasks),
                        n_errors=sum(t.n_errors for t in tasks), metrics=metrics)


@dataclass(frozen=True)
class Summary:
    overall: GroupSummary
    by_environment: dict[str, GroupSummary]
    by_family: dict[str, GroupSummary]                          # across environments
    by_environment_family: dict[str, dict[str, GroupSummary]]

    def group(self, environment: str | None, family: str | None) -> GroupSummary | None:
        """The summary for one table cell: (None, None) is the whole run."""
        if environment is None:
            return self.overall if family is None else self.by_family.get(family)
        if family is None:
            return self.by_environment.get(environment)
        return self.by_environment_family.get(environment, {}).get(family)


def family_order(families: Iterable[str]) -> list[str]:
    """The four modbench families in their usual order, then any other name alphabetically."""
    families = set(families)
    return [f for f in FAMILIES if f in families] + sorted(families - set(FAMILIES))


def summarize(tasks: Sequence[TaskCounts], *, seed: int = DEFAULT_SEED,
              resamples: int = DEFAULT_RESAMPLES) -> Summary:
    def group(name: str, members: Sequence[TaskCounts]) -> GroupSummary:
        return summarize_group(name, members, seed=seed, resamples=resamples)

    envs = sorted({t.environment for t in tasks})
    families = family_order(t.family for t in tasks)
    by_env_family = {
        env: {fam: group(fam, members) for fam in families
              if (members := [t for t in tasks if t.environment == env and t.family == fam])}
        for env in envs}
    return Summary(overall=group("all", tasks),
                   by_environment={env: group(env, [t for t in tasks if t.environment == env]) for env in envs},
                   by_family={fam: group(fam, [t for t in tasks if t.family == fam]) for fam in families},
                   by_environment_family=by_env_family)
