"""`build_report`: a run's pass@k table per environment and family, compared with a baseline, and a gate verdict.

The gate (default: pass@5 improves by at least 15 points, the Luanti seed project's Gate-E) is judged on the
*paired* per-task delta: the mean over tasks that both the run and the baseline scored with at least 5 valid
rollouts of (run pass@5 - baseline pass@5). Pairing means a changed task set or a few errored tasks cannot
move the verdict; the family tables next to it show each side over its own tasks, as a reader expects.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .baselines import Baseline, Difference, check_comparable, comparability_warnings, load_baseline
from .metadata import read_run_metadata
from .summary import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    LEVEL,
    METRICS,
    GroupSummary,
    Summary,
    TaskCounts,
    bootstrap_ci,
    count_tasks,
    summarize,
)
from .traces import Rollout, RunDirError, read_rollouts

REPORT_FILE = "report.md"
CHART_FILE = "pass_at_k.png"
GATE_METRIC = "pass@5"
DEFAULT_GATE = 0.15
_TIE = 1e-9          # per-task deltas within this of 0 count as "same"


@dataclass(frozen=True)
class TaskDelta:
    key: str
    environment: str
    family: str
    run: float
    baseline: float

    @property
    def delta(self) -> float:
        return self.run - self.baseline

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "environment": self.environment, "family": self.family, "run": self.run,
                "baseline": self.baseline, "delta": self.delta}


@dataclass(frozen=True)
class PairedComparison:
    metric: str
    tasks: list[TaskDelta]               # tasks with >= k valid rollouts on both sides
    mean_delta: float | None
    ci: tuple[float, float] | None       # paired bootstrap over those tasks
    run_only: int                        # tasks the baseline does not have
    baseline_only: int                   # baseline tasks the run does not have
    not_eligible: int                    # tasks on both sides, but < k valid rollouts on one of them

    @property
    def improved(self) -> int:
        return sum(t.delta > _TIE for t in self.tasks)

    @property
    def worsened(self) -> int:
        return sum(t.delta < -_TIE for t in self.tasks)

    @property
    def same(self) -> int:
        return len(self.tasks) - self.improved - self.worsened

    def to_json(self) -> dict[str, Any]:
        return {"metric": self.metric, "n_tasks": len(self.tasks), "mean_delta": self.mean_delta,
                "ci": list(self.ci) if self.ci else None, "improved": self.improved, "worsened": self.worsened,
                "same": self.same, "run_only": self.run_only, "baseline_only": self.baseline_only,
                "not_eligible": self.not_eligible, "tasks": [t.to_json() for t in self.tasks]}


@dataclass(frozen=True)
class GateVerdict:
    metric: str
    threshold: float                 # absolute probability: 0.15 = 15 points
    passed: bool | None              # None: no baseline, nothing to judge
    delta: float | None
    ci: tuple[float, float] | None
    n_tasks: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"metric": self.metric, "threshold": self.threshold, "passed": self.passed, "delta": self.delta,
                "ci": list(self.ci) if self.ci else None, "n_tasks": self.n_tasks, "reason": self.reason}


@dataclass
class Report:
    run_dir: Path
    metadata: dict[str, Any]
    tasks: list[TaskCounts]
    summary: Summary
    gate: GateVerdict
    baseline: Baseline | None = None
    baseline_summary: Summary | None = None
    comparison: PairedComparison | None = None
    allowed_differences: list[Difference] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[tuple[str, int]] = field(default_factory=list)     # (reason, rollouts), most frequent first
    seed: int = DEFAULT_SEED
    resamples: int = DEFAULT_RESAMPLES
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def run_name(self) -> str:
        return str(self.metadata.get("run_name") or self.run_dir.name)

    def baseline_group(self, environment: str | None, family: str | None) -> GroupSummary | None:
        return self.baseline_summary.group(environment, family) if self.baseline_summary else None

    def to_json(self) -> dict[str, Any]:
        overall = self.summary.overall.to_json()
        out: dict[str, Any] = {
            "run_dir": str(self.run_dir), "run_name": self.run_name,
            **{m: overall[m] for m in METRICS},
            "error_rate": overall["error_rate"],
            "n_tasks": overall["n_tasks"], "n_rollouts": overall["n_rollouts"], "n_errors": overall["n_errors"],
            "intervals": overall["intervals"], "excluded": overall["excluded"],
            "by_family": {fam: self._group_json(g, None, fam) for fam, g in self.summary.by_family.items()},
            "by_environment": {
                env: {**self._group_json(g, env, None),
                      "by_family": {fam: self._group_json(fg, env, fam)
                                    for fam, fg in self.summary.by_environment_family.get(env, {}).items()}}
                for env, g in self.summary.by_environment.items()},
            "baseline": None,
            "paired": self.comparison.to_json() if self.comparison else None,
            "gate": self.gate.to_json(),
            "metadata": self.metadata,
            "per_task": self._per_task_json(),
            "errors": [{"reason": reason, "rollouts": count} for reason, count in self.errors],
            "warnings": list(self.warnings),
            "bootstrap": {"seed": self.seed, "resamples": self.resamples, "level": LEVEL, "unit": "task"},
            "files": {name: str(path) for name, path in self.files.items()},
        }
        if self.baseline is not None and self.baseline_summary is not None:
            out["baseline"] = {
                "name": self.baseline.name, "path": str(self.baseline.path) if self.baseline.path else None,
                "metadata": self.baseline.metadata, **self.baseline_summary.overall.to_json(),
                "delta": _deltas(self.summary.overall, self.baseline_summary.overall),
                "allowed_differences": [{"field": d.field, "run": d.run, "baseline": d.baseline}
                                        for d in self.allowed_differences]}
        return out

    def _group_json(self, group: GroupSummary, environment: str | None, family: str | None) -> dict[str, Any]:
        out = group.to_json()
        if self.baseline_summary is not None:
            base = self.baseline_group(environment, family)
            out["baseline"] = base.to_json() if base else None
            out["delta"] = _deltas(group, base) if base else None
        return out

    def _per_task_json(self) -> list[dict[str, Any]]:
        base = {(t.environment, t.key): t for t in self.baseline.tasks} if self.baseline else {}
        rows = []
        for t in self.tasks:
            row = {**t.to_json(), **{m: t.metric(m) for m in METRICS}}
            if self.baseline is not None:
                b = base.get((t.environment, t.key))
                row["baseline"] = {**b.to_json(), **{m: b.metric(m) for m in METRICS}} if b else None
            rows.append(row)
        return rows


def _deltas(run: GroupSummary, base: GroupSummary) -> dict[str, float | None]:
    out = {}
    for m in METRICS:
        r, b = run.value(m), base.value(m)
        out[m] = None if r is None or b is None else r - b
    er, eb = run.error_rate, base.error_rate
    out["error_rate"] = None if er is None or eb is None else er - eb
    return out


def compare_tasks(run: list[TaskCounts], baseline: list[TaskCounts], metric: str = GATE_METRIC, *,
                  seed: int = DEFAULT_SEED, resamples: int = DEFAULT_RESAMPLES) -> PairedComparison:
    """Per task, run vs baseline on `metric`, over the tasks both sides can estimate it for."""
    run_by = {(t.environment, t.key): t for t in run}
    base_by = {(t.environment, t.key): t for t in baseline}
    pairs, not_eligible = [], 0
    for key in sorted(run_by.keys() & base_by.keys()):
        r, b = run_by[key].metric(metric), base_by[key].metric(metric)
        if r is None or b is None:
            not_eligible += 1
        else:
            t = run_by[key]
            pairs.append(TaskDelta(key=t.key, environment=t.environment, family=t.family, run=r, baseline=b))
    deltas = [p.delta for p in pairs]
    return PairedComparison(metric=metric, tasks=pairs,
                            mean_delta=sum(deltas) / len(deltas) if deltas else None,
                            ci=bootstrap_ci(deltas, seed=seed, resamples=resamples),
                            run_only=len(run_by.keys() - base_by.keys()),
                            baseline_only=len(base_by.keys() - run_by.keys()), not_eligible=not_eligible)


def judge_gate(comparison: PairedComparison | None, threshold: float = DEFAULT_GATE) -> GateVerdict:
    metric = comparison.metric if comparison else GATE_METRIC
    want = f"{metric} must improve by at least {100 * threshold:+.1f} points"
    if comparison is None:
        return GateVerdict(metric, threshold, None, None, None, 0, f"no baseline to compare with ({want})")
    if comparison.mean_delta is None:
        return GateVerdict(metric, threshold, False, None, None, 0,
                           f"no task has at least {METRICS[metric].k} valid rollouts in both run and baseline")
    delta, n = comparison.mean_delta, len(comparison.tasks)
    passed = delta >= threshold - 1e-12          # 0.15 exactly passes despite float rounding
    ci = comparison.ci
    ci_text = f", 95% CI [{100 * ci[0]:+.1f}, {100 * ci[1]:+.1f}]" if ci else ""
    reason = (f"{metric} {100 * delta:+.1f} points over {n} paired task{'s' if n != 1 else ''}{ci_text}; "
              f"{'meets' if passed else 'misses'} the gate of {100 * threshold:+.1f} points")
    return GateVerdict(metric, threshold, passed, delta, ci, n, reason)


def error_breakdown(rollouts: list[Rollout], top: int = 10) -> list[tuple[str, int]]:
    """Errored rollouts grouped by their first (most specific) reason."""
    counts = Counter((r.error or "unknown").split("; ")[0] for r in rollouts if r.has_error)
    return counts.most_common(top)


def build_report(run_dir: Path | str, baseline: Baseline | str | Path | None = None, gate: float = DEFAULT_GATE,
                 allow_mismatch: bool = False, *, seed: int = DEFAULT_SEED, resamples: int = DEFAULT_RESAMPLES,
                 write: bool = True) -> Report:
    """Read the run, compare it with `baseline` (a Baseline, a saved name or a path), judge the gate and, unless
    write=False, write report.md and pass_at_k.png into the run dir.

    Raises RunDirError / TraceError for a missing or damaged run, BaselineError for a missing baseline and
    BaselineMismatch when environment or toolchain versions differ (unless allow_mismatch=True).
    """
    if isinstance(gate, bool) or not isinstance(gate, (int, float)) or not math.isfinite(gate) or not -1 <= gate <= 1:
        raise ValueError(f"gate is an absolute probability between -1 and 1 (0.15 = 15 points), got {gate!r}")
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")
    run_dir = Path(run_dir)
    rollouts = read_rollouts(run_dir)
    if not rollouts:
        raise RunDirError(f"{run_dir / 'traces.jsonl'} holds no rollouts")
    tasks = count_tasks(rollouts)
    metadata = read_run_metadata(run_dir, rollouts)
    metadata.update(n_tasks=len(tasks), n_rollouts=len(rollouts), n_errors=sum(t.n_errors for t in tasks))

    report = Report(run_dir=run_dir, metadata=metadata, tasks=tasks,
                    summary=summarize(tasks, seed=seed, resamples=resamples), gate=judge_gate(None, gate),
                    errors=error_breakdown(rollouts), seed=seed, resamples=resamples)
    if baseline is not None:
        base = baseline if isinstance(baseline, Baseline) else load_baseline(baseline)
        report.allowed_differences = check_comparable(metadata, base, allow_mismatch)
        report.warnings += [f"compared despite a mismatch (allow_mismatch): {d}" for d in report.allowed_differences]
        report.warnings += comparability_warnings(metadata, base.metadata)
        report.baseline = base
        report.baseline_summary = summarize(base.tasks, seed=seed, resamples=resamples)
        report.comparison = compare_tasks(tasks, base.tasks, seed=seed, resamples=resamples)
        report.gate = judge_gate(report.comparison, gate)
        if report.comparison.run_only or report.comparison.baseline_only:
            report.warnings.append(f"task sets differ: {report.comparison.run_only} task(s) only in the run, "
                                   f"{report.comparison.baseline_only} only in the baseline; the gate uses the "
                                   f"paired tasks only")
    if write:
        write_outputs(report)
    return report


def write_outputs(report: Report) -> dict[str, Path]:
    from .chart import write_chart  # matplotlib is imported only when a chart is drawn
    from .render import render_markdown

    try:
        chart = write_chart(report.run_dir / CHART_FILE, report)
        report.files = {"chart": chart, "markdown": report.run_dir / REPORT_FILE}
        report.files["markdown"].write_text(render_markdown(report), encoding="utf-8")
    except OSError as exc:
        raise RunDirError(f"cannot write the report into {report.run_dir}: {exc.strerror or exc}") from None
    return report.files
