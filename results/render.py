"""Rendering a `Report`: `render_markdown` (report.md) and `print_report` (rich tables on a console).

Both show one table per environment (a row per family plus the total), each metric with its 95% bootstrap
interval and, against a baseline, the baseline value and the delta in points; then the paired comparison,
warnings, errors and the gate verdict line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .summary import METRICS, GroupSummary, family_order

if TYPE_CHECKING:
    from .report import Report

K5 = 5    # the k of the @5 metrics, for the exclusion column


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def points(delta: float | None) -> str:
    return "n/a" if delta is None else f"{100 * delta:+.1f}"


def interval(ci: tuple[float, float] | None) -> str:
    return "" if ci is None else f"[{100 * ci[0]:.1f}, {100 * ci[1]:.1f}]"


def _rows(report: "Report", environment: str | None) -> list[tuple[str, GroupSummary, GroupSummary | None]]:
    """(label, run group, baseline group) for one table: each family, then the total."""
    s = report.summary
    families = s.by_family if environment is None else s.by_environment_family.get(environment, {})
    rows = [(fam, families[fam], report.baseline_group(environment, fam)) for fam in family_order(families)]
    total = s.overall if environment is None else s.by_environment[environment]
    rows.append(("all", total, report.baseline_group(environment, None)))
    return rows


def _tables(report: "Report") -> list[tuple[str, str | None]]:
    """(title, environment) of each table; a run over several environments adds an across-environments table."""
    envs = list(report.summary.by_environment)
    tables = [(f"{env}", env) for env in envs]
    if len(envs) > 1:
        tables.append(("all environments", None))
    return tables


def _excluded(group: GroupSummary) -> int:
    return max(m.n_excluded for name, m in group.metrics.items() if METRICS[name].k == K5)


def _error_cell(group: GroupSummary) -> str:
    return f"{pct(group.error_rate)} ({group.n_errors}/{group.n_rollouts})"


def _describe_run(report: "Report") -> list[tuple[str, str]]:
    m = report.metadata
    sampling = ", ".join(f"{k}={v}" for k, v in (m.get("sampling") or {}).items() if v is not None) or "unknown"
    toolchains = ", ".join(f"{k} {v}" for k, v in (m.get("toolchains") or {}).items()) or "unknown"
    env = " ".join(str(x) for x in (m.get("environment"), m.get("environment_version")) if x) or "unknown"
    rows = [("Run", f"{report.run_name} ({report.run_dir})"), ("Environment", env),
            ("Model", str(m.get("model") or "unknown")), ("Sampling", sampling), ("Toolchains", toolchains),
            ("Date", str(m.get("date") or "unknown")),
            ("Rollouts", f"{m.get('n_rollouts')} over {m.get('n_tasks')} tasks; {m.get('n_errors')} errored "
                         f"({pct(report.summary.overall.error_rate)}), excluded from pass@k")]
    if report.baseline is not None:
        b = report.baseline.metadata
        rows.append(("Baseline", f"{report.baseline.name}: model {b.get('model') or 'unknown'}, "
                                 f"{b.get('n_rollouts')} rollouts over {b.get('n_tasks')} tasks, "
                                 f"date {b.get('date') or 'unknown'}"))
    return rows


def _paired_line(report: "Report") -> str | None:
    c = report.comparison
    if c is None:
        return None
    text = (f"Paired {c.metric} per task: {c.improved} improved, {c.worsened} worsened, {c.same} same over "
            f"{len(c.tasks)} tasks; mean delta {points(c.mean_delta)} points")
    if c.ci:
        text += f" (95% CI {points(c.ci[0])} to {points(c.ci[1])})"
    extra = [f"{n} {what}" for n, what in ((c.run_only, "only in the run"), (c.baseline_only, "only in the baseline"),
                                          (c.not_eligible, f"with < {METRICS[c.metric].k} valid rollouts on a side"))
             if n]
    return text + (f"; not paired: {', '.join(extra)}" if extra else "")


def gate_line(report: "Report") -> str:
    g = report.gate
    word = {True: "PASS", False: "FAIL", None: "NOT JUDGED"}[g.passed]
    return f"Gate {word}: {g.reason}"


# ---------------------------------------------------------------------------------------------- markdown

def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_metric(group: GroupSummary, base: GroupSummary | None, metric: str, with_baseline: bool) -> str:
    m = group.metrics[metric]
    cell = f"{pct(m.value)} {interval(m.ci)}".strip()
    if with_baseline:
        b = base.value(metric) if base else None
        d = None if b is None or m.value is None else m.value - b
        cell += f"<br>base {pct(b)}, **{points(d)}**"
    return cell


def render_markdown(report: "Report") -> str:
    with_base = report.baseline is not None
    out = [f"# modbench report: {_md(report.run_name)}", "", "| | |", "|---|---|"]
    out += [f"| {k} | {_md(v)} |" for k, v in _describe_run(report)]
    out += ["", f"**{gate_line(report)}**", ""]
    for title, env in _tables(report):
        out += [f"## {_md(title)}", "",
                "| family | tasks | excl. @5 | " + " | ".join(METRICS) + " | error rate |",
                "|---|---:|---:|" + "---:|" * len(METRICS) + "---:|"]
        for label, group, base in _rows(report, env):
            cells = [_md_metric(group, base, m, with_base) for m in METRICS]
            err = _error_cell(group) + (f"<br>base {pct(base.error_rate)}" if with_base and base else "")
            name = f"**{label}**" if label == "all" else _md(label)
            out.append(f"| {name} | {group.n_tasks} | {_excluded(group)} | " + " | ".join(cells) + f" | {err} |")
        out.append("")
    out += ["Cells: value over tasks with enough valid rollouts, then its 95% bootstrap interval over tasks "
            f"({report.resamples} resamples, seed {report.seed})" + (", then the baseline and the delta in points."
                                                                     if with_base else "."),
            f"`excl. @5`: tasks with fewer than {K5} valid rollouts, left out of pass@5, cons@5 and all@5.", ""]
    excluded = [t for t in report.tasks if t.n < K5]
    if excluded:
        out += [f"Tasks with fewer than {K5} valid rollouts: "
                + ", ".join(f"`{_md(t.key)}` (n={t.n}, {t.n_errors} errored)" for t in excluded), ""]
    if report.comparison is not None:
        out += [f"## Paired comparison ({report.comparison.metric})", "", _paired_line(report) or "", ""]
        if report.comparison.tasks:
            out += ["| task | family | run | baseline | delta |", "|---|---|---:|---:|---:|"]
            for t in sorted(report.comparison.tasks, key=lambda t: (-t.delta, t.key)):
                out.append(f"| `{_md(t.key)}` | {_md(t.family)} | {pct(t.run)} | {pct(t.baseline)} | "
                           f"{points(t.delta)} |")
            out.append("")
    if report.errors:
        out += ["## Errored rollouts (infrastructure, not the model)", "", "| reason | rollouts |", "|---|---:|"]
        out += [f"| {_md(reason)} | {count} |" for reason, count in report.errors]
        out.append("")
    if report.warnings:
        out += ["## Warnings", ""] + [f"- {_md(w)}" for w in report.warnings] + [""]
    chart = report.files.get("chart")
    if chart is not None:
        out += [f"![pass@1 and pass@5 by family]({chart.name})", ""]
    out += ["Metrics (unbiased estimates from n valid rollouts per task, Chen et al. 2021): "
            + "; ".join(f"{m.name} = {m.help}" for m in METRICS.values()) + ".", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------- rich

def _rich_metric(group: GroupSummary, base: GroupSummary | None, metric: str, with_baseline: bool) -> Text:
    m = group.metrics[metric]
    text = Text(pct(m.value), style="bold")
    if m.ci:
        text.append(f"\n{interval(m.ci)}", style="dim")
    if with_baseline:
        b = base.value(metric) if base else None
        d = None if b is None or m.value is None else m.value - b
        style = "dim" if d is None or abs(d) < 1e-9 else ("green" if d > 0 else "red")
        text.append(f"\nbase {pct(b)} ", style="dim")
        text.append(points(d), style=style)
    return text


def print_report(report: "Report", console: Console | None = None) -> None:
    console = console or Console()
    with_base = report.baseline is not None
    for key, value in _describe_run(report):
        console.print(Text.assemble((f"{key}: ", "bold"), value))
    for title, env in _tables(report):
        table = Table(title=title + (f" (vs baseline {report.baseline.name})" if with_base else ""),
                      show_lines=with_base, title_justify="left")
        table.add_column("family", min_width=8, no_wrap=True)
        table.add_column("tasks", justify="right")
        table.add_column("excl. @5", justify="right")
        for metric in METRICS:
            table.add_column(metric, justify="right")
        table.add_column("error rate", justify="right")
        for label, group, base in _rows(report, env):
            err = Text(_error_cell(group))
            if with_base and base:
                err.append(f"\nbase {pct(base.error_rate)}", style="dim")
            table.add_row(Text(label, style="bold" if label == "all" else ""), str(group.n_tasks),
                          str(_excluded(group)), *[_rich_metric(group, base, m, with_base) for m in METRICS], err)
        console.print(table)
    excluded = [t for t in report.tasks if t.n < K5]
    if excluded:
        console.print(f"{len(excluded)} task(s) with fewer than {K5} valid rollouts are left out of the @5 metrics: "
                      + ", ".join(f"{t.key} (n={t.n})" for t in excluded[:10])
                      + (" ..." if len(excluded) > 10 else ""), highlight=False, markup=False)
    if (line := _paired_line(report)) is not None:
        console.print(line, highlight=False, markup=False)
    for reason, count in report.errors[:5]:
        console.print(Text(f"errored: {count} x {reason}", style="yellow"))
    for warning in report.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))
    style = {True: "bold green", False: "bold red", None: "bold"}[report.gate.passed]
    console.print(Text(gate_line(report), style=style))
