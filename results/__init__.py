"""Results of verifiers runs: read traces.jsonl, pass@k / cons@5 / all@5 with bootstrap intervals, baselines,
reports with a gate verdict.

    from modbench.results import build_report, print_report, save_baseline
    report = build_report("outputs/my-run", baseline="l4d2-qwen-base")   # writes report.md + pass_at_k.png
    print_report(report)

The CLI glue is in cli_results.register(app).
"""

from .baselines import (Baseline, BaselineError, BaselineMismatch, Difference, check_comparable, list_baselines,
                        load_baseline, save_baseline)
from .metadata import read_run_metadata
from .passk import all_at_k, at_least_m_of_k, cons_at_k, pass_at_k
from .render import print_report, render_markdown
from .report import GateVerdict, PairedComparison, Report, build_report, compare_tasks, judge_gate
from .summary import METRICS, GroupSummary, MetricSummary, Summary, TaskCounts, bootstrap_ci, count_tasks, summarize
from .traces import ResultsError, Rollout, RunDirError, TraceError, read_rollouts

__all__ = [
    "Baseline", "BaselineError", "BaselineMismatch", "Difference", "GateVerdict", "GroupSummary", "METRICS",
    "MetricSummary", "PairedComparison", "Report", "ResultsError", "Rollout", "RunDirError", "Summary",
    "TaskCounts", "TraceError", "all_at_k", "at_least_m_of_k", "bootstrap_ci", "build_report", "check_comparable",
    "compare_tasks", "cons_at_k", "count_tasks", "judge_gate", "list_baselines", "load_baseline", "pass_at_k",
    "print_report", "read_rollouts", "read_run_metadata", "render_markdown", "save_baseline", "summarize",
]
