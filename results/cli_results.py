"""The results commands, added to the main `modbench` Typer app by `register(app)`:

    modbench report RUN_DIR [--baseline NAME_OR_PATH] [--gate 0.15] [--json] [--allow-mismatch] [--require-gate]
    modbench baseline save RUN_DIR NAME [--out DIR] [--force]

A user error (missing run dir, damaged trace, unknown baseline, version mismatch) prints one line on stderr and
exits 2, without a traceback; a failed gate exits 1 only with --require-gate.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .baselines import load_baseline, save_baseline
from .render import print_report
from .report import DEFAULT_GATE, build_report
from .summary import DEFAULT_RESAMPLES, DEFAULT_SEED
from .traces import ResultsError

USAGE_ERROR = 2


def _fail(message: object) -> None:
    # the same plain "modbench: ..." line as the main CLI's own errors
    typer.echo(f"modbench: {' '.join(str(message).split())}", err=True)
    raise typer.Exit(USAGE_ERROR)


def _console() -> Console:
    console = Console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        # piped or logged: rich would assume 80 columns and fold the 8-column tables into tall, narrow cells
        console = Console(width=140)
    return console


def report(
    run_dir: Path = typer.Argument(..., help="A verifiers run dir (holding traces.jsonl).", show_default=False),
    baseline: Optional[str] = typer.Option(
        None, "--baseline", "-b", help="Baseline name (results/baselines/<name>.json) or path to a baseline .json."),
    gate: float = typer.Option(DEFAULT_GATE, "--gate",
                               help="Required paired pass@5 improvement, absolute (0.15 = 15 points)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON instead of tables."),
    allow_mismatch: bool = typer.Option(
        False, "--allow-mismatch", help="Compare even if environment or toolchain versions differ."),
    require_gate: bool = typer.Option(False, "--require-gate", help="Exit 1 unless the gate passes."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Bootstrap seed."),
    resamples: int = typer.Option(DEFAULT_RESAMPLES, "--resamples", help="Bootstrap resamples."),
) -> None:
    """pass@1/pass@5/cons@5/all@5 and error rate of a run, optionally against a baseline, with a gate verdict.

    Tables per environment and family with 95% bootstrap intervals over tasks; writes report.md and
    pass_at_k.png into RUN_DIR. With --baseline: deltas, a paired per-task pass@5 comparison and the gate."""
    if not math.isfinite(gate) or not -1 <= gate <= 1:
        _fail(f"--gate is an absolute probability between -1 and 1 (0.15 = 15 points), got {gate}")
    if resamples < 1:
        _fail(f"--resamples must be at least 1, got {resamples}")
    try:
        result = build_report(run_dir, baseline=baseline, gate=gate, allow_mismatch=allow_mismatch, seed=seed,
                              resamples=resamples)
    except ResultsError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print_report(result, _console())
    if require_gate and result.gate.passed is not True:
        raise typer.Exit(1)


def baseline_save(
    run_dir: Path = typer.Argument(..., help="The verifiers run dir to save.", show_default=False),
    name: str = typer.Argument(..., help="Baseline name: letters, digits, '.', '_', '-'.", show_default=False),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for <name>.json [default: results/baselines]."),
    force: bool = typer.Option(False, "--force", help="Replace an existing baseline of that name."),
) -> None:
    """Save a run as a named baseline: per-task n and c plus environment, toolchain and sampling metadata."""
    try:
        path = save_baseline(run_dir, name, out_dir=out, overwrite=force)
        saved = load_baseline(path)
    except ResultsError as exc:
        _fail(exc)
    meta = saved.metadata
    typer.echo(f"saved baseline {name!r}: {meta.get('n_tasks')} tasks, {meta.get('n_rollouts')} rollouts "
               f"({meta.get('n_errors')} errored), environment {meta.get('environment') or 'unknown'} "
               f"{meta.get('environment_version') or ''}".rstrip() + f" -> {path}")


def register(app: typer.Typer) -> None:
    """Add `report` and the `baseline` sub-app (with `save`) to the main CLI."""
    app.command("report")(report)
    baseline_app = typer.Typer(help="Named baselines to compare runs with.", no_args_is_help=True)
    baseline_app.command("save")(baseline_save)
    app.add_typer(baseline_app, name="baseline")
