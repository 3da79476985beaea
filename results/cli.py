"""The `modbench` command line. Subcommands import their machinery lazily, so `modbench --help` stays fast."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from modbench.scenarios import ENVS

app = typer.Typer(help="modbench: verifiable code environments for game-modding languages (SourcePawn/L4D2, Lua/Luanti).",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
check_app = typer.Typer(help="Run the task-free checks on plugin/mod files.", no_args_is_help=True)
app.add_typer(check_app, name="check")

out = Console()
err = Console(stderr=True)


class CliError(Exception):
    """An expected failure: printed as one line, exit code 2."""


def _env(value: str) -> str:
    if value not in ENVS:
        raise typer.BadParameter(f"unknown environment {value!r}; choose one of: {', '.join(ENVS)}")
    return value


def _print_rows(rows: list[dict], as_json: bool) -> bool:
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False, default=str))
    else:
        tiers = list(dict.fromkeys(t for r in rows for t in r["tiers"]))   # tier order as the rubric ran them
        table = Table("path", "ok", *tiers)
        for r in rows:
            cells = []
            for t in tiers:
                info = r["tiers"].get(t)
                cells.append("-" if info is None or info.get("skipped") else ("error" if info.get("has_error") else ("ok" if info["ok"] else "FAIL")))
            table.add_row(r["path"], "[green]yes[/]" if r["ok"] else ("[yellow]error[/]" if r["has_error"] else "[red]no[/]"), *cells)
        out.print(table)
        for r in rows:
            if not r["ok"]:
                for d in r["diagnostics"][:5]:
                    if d["severity"] == "error":
                        out.print(f"  {r['path']}: {d.get('file') or ''}:{d.get('line') or ''} {d['message']}")
    return all(r["ok"] for r in rows)


@check_app.command("l4d2")
def check_l4d2(files: Annotated[list[Path], typer.Argument(help="SourcePawn .sp files", exists=True, dir_okay=False)],
               as_json: Annotated[bool, typer.Option("--json", help="one JSON object per file per line")] = False):
    """Extract, include policy, compile, static catalog checks, security lint and a behaviour smoke run."""
    from modbench.rubrics.sourcepawn import check_files

    rows = asyncio.run(check_files(list(files)))
    raise typer.Exit(0 if _print_rows(rows, as_json) else 1)


@check_app.command("luanti")
def check_luanti(paths: Annotated[list[Path], typer.Argument(help="mod folders or single .lua files", exists=True)],
                 with_deps: Annotated[Optional[list[Path]], typer.Option("--with", help="a dependency mod folder (repeatable)", exists=True)] = None,
                 as_json: Annotated[bool, typer.Option("--json", help="one JSON object per mod per line")] = False):
    """Syntax, lint/API, fast simulation and a real-engine load with the registry report."""
    from modbench.rubrics.luanti import check_paths

    rows = asyncio.run(check_paths(list(paths), list(with_deps or [])))
    raise typer.Exit(0 if _print_rows(rows, as_json) else 1)


@app.command()
def validate(env: Annotated[str, typer.Argument(help="l4d2 or luanti", callback=_env)],
             split: Annotated[Optional[str], typer.Option(help="eval or train (default: both)")] = None,
             ids: Annotated[Optional[list[str]], typer.Option("--id", help="only these task ids")] = None,
             as_json: Annotated[bool, typer.Option("--json")] = False):
    """Every task's reference passes and every broken variant fails for its stated reason."""
    from modbench.rubrics.validate import summarize, validate_env

    if split not in (None, "eval", "train"):
        raise typer.BadParameter("--split must be eval or train")
    summary = summarize(asyncio.run(validate_env(env, split, ids)))
    if summary["tasks"] == 0:
        raise CliError(f"no {env} tasks found" + (f" in split {split}" if split else ""))
    if as_json:
        print(json.dumps({k: summary[k] for k in ("tasks", "held", "failed", "by_split")}))
    else:
        for tid, problems in summary["problems"].items():
            for p in problems:
                out.print(f"[red]{tid}[/]: {p}")
        for s, c in sorted(summary["by_split"].items()):
            out.print(f"{env} {s}: {c['held']}/{c['tasks']} tasks hold")
    raise typer.Exit(0 if summary["held"] == summary["tasks"] else 1)


@app.command("eval")
def eval_cmd(
    env: Annotated[str, typer.Option("--env", help="l4d2, luanti or all")] = "all",
    model: Annotated[str, typer.Option(help="retrieval (embedded non-LLM default), openai:MODEL or hf:PATH")] = "retrieval",
    adapter: Annotated[Optional[str], typer.Option(help="LoRA adapter folder for hf:PATH")] = None,
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="OpenAI-compatible endpoint for openai:MODEL")] = None,
    api_key_var: Annotated[str, typer.Option("--api-key-var", help="environment variable holding the API key")] = "OPENAI_API_KEY",
    n: Annotated[Optional[int], typer.Option("-n", help="number of tasks (default: the whole split)")] = None,
    k: Annotated[int, typer.Option("-k", help="samples per task")] = 5,
    split: Annotated[str, typer.Option(help="eval or train")] = "eval",
    out_dir: Annotated[Path, typer.Option("--out", help="where run dirs go")] = Path("runs"),
    temperature: Annotated[float, typer.Option()] = 0.2,
    top_p: Annotated[float, typer.Option("--top-p")] = 0.9,
    max_tokens: Annotated[int, typer.Option("--max-tokens")] = 4096,
    seed: Annotated[int, typer.Option()] = 3407,
    concurrency: Annotated[int, typer.Option(help="rollouts in flight")] = 16,
    baseline: Annotated[Optional[str], typer.Option(help="baseline name or path (default: retrieval-<env>)")] = None,
    gate: Annotated[float, typer.Option(help="required pass@5 improvement over the baseline")] = 0.15,
    allow_mismatch: Annotated[bool, typer.Option("--allow-mismatch")] = False,
):
    """Run environments through verifiers, k samples per task, and report pass@1/pass@5 against the baseline."""
    from modbench.results.evaluate import EvalError, EvalOptions, Sampling, run_env
    from modbench.results.models import ModelSpecError, parse_model_spec
    from modbench.results.report import build_report
    from modbench.results.traces import ResultsError
    from modbench.results.render import print_report
    from modbench.results.baselines import list_baselines

    envs = list(ENVS) if env == "all" else [env]
    try:
        spec = parse_model_spec(model, adapter)
        opts = EvalOptions(model=spec, n=n, k=k, split=split, out=out_dir, base_url=base_url, api_key_var=api_key_var,
                           sampling=Sampling(temperature, top_p, max_tokens, seed), concurrency=concurrency)
        for e in envs:
            run_dir = run_env(e, opts, out)
            chosen = baseline or (f"retrieval-{e}" if f"retrieval-{e}" in list_baselines() else None)
            report = build_report(run_dir, baseline=chosen, gate=gate, allow_mismatch=allow_mismatch)  # writes report.md + chart
            print_report(report, out)
            out.print(f"run dir: {run_dir}")
    except (EvalError, ModelSpecError, ResultsError) as exc:
        raise CliError(str(exc)) from None
    except KeyboardInterrupt:
        raise CliError("interrupted: run the same command again to resume") from None


@app.command()
def versions(as_json: Annotated[bool, typer.Option("--json")] = False):
    """Toolchain versions and the sandbox isolation level in use."""
    from modbench.sandboxes import isolation_level
    from modbench.sandboxes import versions as tool_versions

    info = {"toolchains": tool_versions(), "isolation": isolation_level()}
    if as_json:
        print(json.dumps(info))
        return
    for k, v in info["toolchains"].items():
        out.print(f"{k:16} {v or '[red]missing[/]'}")
    out.print(f"{'isolation':16} {info['isolation']}")


def _register_optional() -> None:
    """Subcommands contributed by other modules of modbench."""
    from modbench.results import cli_results, cli_training

    cli_results.register(app)
    cli_training.register(app)


def main() -> None:
    try:
        _register_optional()
        app()
    except CliError as exc:
        print(f"modbench: {exc}", file=sys.stderr)   # plain: one line, never wrapped
        sys.exit(2)
    except KeyboardInterrupt:
        print("modbench: interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
