"""The report's chart: pass@1 and pass@5 per family (and overall), run vs baseline, with 95% intervals.

Drawn with matplotlib's object API on an Agg canvas: no pyplot, so no global backend switch and no figure
registry, which keeps it safe inside a long-running process and on machines without a display.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .summary import GroupSummary, family_order

if TYPE_CHECKING:
    from .report import Report

CHART_METRICS = ("pass@1", "pass@5")


def _bars(groups: list[GroupSummary | None], metric: str) -> tuple[list[float], list[list[float]]]:
    """Heights (NaN where there is no value) and asymmetric error bars [[below...], [above...]]."""
    heights, below, above = [], [], []
    for g in groups:
        m = g.metrics[metric] if g else None
        value = m.value if m and m.value is not None else float("nan")
        heights.append(100 * value)
        if m and m.ci and m.value is not None:
            below.append(100 * (m.value - m.ci[0]))
            above.append(100 * (m.ci[1] - m.value))
        else:
            below.append(0.0)
            above.append(0.0)
    return heights, [below, above]


def write_chart(path: Path | str, report: "Report") -> Path:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415  (slow import, only when drawing)
    from matplotlib.figure import Figure  # noqa: PLC0415

    path = Path(path)
    summary = report.summary
    labels = family_order(summary.by_family) + ["all"]
    run_groups = [summary.by_family.get(f) for f in labels[:-1]] + [summary.overall]
    series = [(f"run {m}", run_groups, m) for m in CHART_METRICS]
    if report.baseline_summary is not None:
        base = report.baseline_summary
        base_groups = [base.by_family.get(f) for f in labels[:-1]] + [base.overall]
        series += [(f"baseline {m}", base_groups, m) for m in CHART_METRICS]

    colors = {"run pass@1": "#9ecae1", "run pass@5": "#2171b5",
              "baseline pass@1": "#d9d9d9", "baseline pass@5": "#737373"}
    fig = Figure(figsize=(max(6.0, 1.6 * len(labels) + 2), 4.2), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    width = 0.8 / len(series)
    for i, (name, groups, metric) in enumerate(series):
        heights, err = _bars(groups, metric)
        xs = [x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))]
        ax.bar(xs, heights, width, yerr=err, capsize=2, label=name, color=colors[name],
               hatch="//" if name.startswith("baseline") else None, edgecolor="white", linewidth=0.5,
               error_kw={"elinewidth": 0.8, "ecolor": "#444444"})
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylim(0, 105)
    ax.set_ylabel("% of tasks (unbiased estimate)")
    title = f"{report.run_name}: pass@1 / pass@5 by family"
    if report.baseline is not None:
        title += f" vs {report.baseline.name}"
    ax.set_title(title + "\n(bars: estimate; whiskers: 95% bootstrap interval over tasks)", fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=len(series), frameon=False)
    fig.tight_layout()
    fig.savefig(path, format="png")
    return path
