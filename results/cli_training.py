"""The training commands, added to the main `modbench` Typer app by `register(app)`:

    modbench data export [OUT.jsonl] --env l4d2|luanti|all --split train [--format chatml|prompt-completion]
                         [--verify/--no-verify] [--max-tokens 4096] [--tokenizer PATH] [--meta]
    modbench data harvest RUN_DIR... OUT.jsonl [--min-passes 1] [--max-per-task 4] [--verify]
    modbench train sft   --recipe NAME|PATH [--resume | --resume-from CKPT] [--model M] [--data F] [--output-dir D]
                         [--max-steps N]
    modbench train grpo  --recipe NAME|PATH [--resume | --resume-from CKPT] [--model M] [--output-dir D] [--max-steps N]
    modbench train merge ADAPTER OUT [--base MODEL] [--dtype auto]
    modbench train make-tiny OUT [--arch llama|gpt_oss]
    modbench train recipes

Heavy imports (torch, transformers, trl) happen inside the commands, after the unsloth probe: unsloth has to be
imported before transformers. A user error prints one line on stderr and exits 2, without a traceback.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

USAGE_ERROR = 2
out = Console()
err = Console(stderr=True)

data_app = typer.Typer(help="Training data: export the train split, harvest passing rollouts.", no_args_is_help=True)
train_app = typer.Typer(help="Fine-tuning: SFT/QLoRA recipes, GRPO on the real rubrics, merging adapters.",
                        no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")
    app.add_typer(train_app, name="train")


def _fail(message: object) -> None:
    err.print(f"modbench: {' '.join(str(message).split())}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(USAGE_ERROR)


def _user_errors():
    from modbench.training.backends import BackendError
    from modbench.training.recipes import RecipeError
    from modbench.training.rows import DataError
    from modbench.training.sft import TrainingError

    return (BackendError, RecipeError, DataError, TrainingError)


def _quiet_hub() -> None:
    # never phone home from a training command unless the user explicitly allows it
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def print_report(report, title: str) -> None:
    from modbench.training.harvest import HARVEST_REASONS
    from modbench.training.quality import REASONS

    wording = {**HARVEST_REASONS, **REASONS}
    table = Table("dropped because", "rows", "examples", title=title, title_justify="left")
    by_reason: dict[str, list] = {}
    for d in report.drops:
        by_reason.setdefault(d.reason, []).append(d)
    for reason, drops in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        examples = "; ".join(d.key for d in drops[:2]) + (f" ({drops[0].detail[:80]})" if drops[0].detail else "")
        style = "bold red" if reason == "eval-split" else None
        table.add_row(wording.get(reason, reason), str(len(drops)), examples, style=style)
    if by_reason:
        out.print(table)
    refused = sorted({d.key.split("@")[0] for d in by_reason.get("eval-split", [])})
    if refused:
        out.print(f"[bold red]REFUSED[/] {len(by_reason['eval-split'])} eval-split rollouts (never trained on), "
                  f"tasks: {', '.join(refused[:10])}" + (" ..." if len(refused) > 10 else ""), soft_wrap=True)
    for note in report.notes:
        out.print(f"[dim]note: {note}[/]")
    out.print(f"candidates {report.candidates}, dropped {len(report.drops)}, [bold]kept {report.kept}[/]")


def _write(rows, report, path: Path, fmt: str, meta: bool) -> None:
    from modbench.training.rows import write_rows

    n = write_rows(rows, path, fmt, with_meta=meta)
    report_path = path.with_name(path.stem + ".report.json")
    report_path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
    out.print(f"wrote {n} rows to {path} (report: {report_path})")


def _tokenizer(path: Optional[str]):
    if not path:
        return None
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(path)


@data_app.command("export")
def export_cmd(
    out_path: Path = typer.Argument(Path("runs/data/train.jsonl"), metavar="[OUT.jsonl]",
                                    help="Where the JSONL goes (a .report.json is written next to it)."),
    env: str = typer.Option("all", "--env", help="l4d2, luanti or all"),
    split: str = typer.Option("train", "--split", help="Only 'train': the eval split is never exported."),
    fmt: str = typer.Option("chatml", "--format", help="chatml ({messages}) or prompt-completion"),
    verify: bool = typer.Option(True, "--verify/--no-verify", help="Score every reference with the real rubric."),
    max_tokens: int = typer.Option(4096, "--max-tokens", help="Drop rows longer than this many tokens."),
    tokenizer: Optional[str] = typer.Option(None, "--tokenizer", help="Count tokens with this tokenizer "
                                            "(local folder); default: a conservative estimate (chars / 3)."),
    near_dup: float = typer.Option(0.85, "--near-dup", help="Jaccard similarity that counts as a near-duplicate."),
    concurrency: int = typer.Option(0, "--concurrency", help="Answers scored at once (0: number of cores)."),
    cache: bool = typer.Option(True, "--cache/--no-cache", help="Reuse reference verdicts stored on disk."),
    meta: bool = typer.Option(False, "--meta", help="Add a 'meta' object (env, task id, family) to each row."),
) -> None:
    """The train split as SFT rows (system prompt, task prompt, reference answer), quality-filtered."""
    from rich.progress import Progress

    from modbench.training.export import export, resolve_envs
    from modbench.training.rows import FORMATS
    from modbench.training.verify import DiskVerdicts

    if fmt not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}")
    try:
        envs = resolve_envs(env)
        with Progress(console=err, transient=True) as progress:
            bar = progress.add_task("verifying references", total=None)
            rows, report = export(envs, split, verify=verify, max_tokens=max_tokens, tokenizer=_tokenizer(tokenizer),
                                  near_dup_threshold=near_dup, concurrency=concurrency or None,
                                  disk=DiskVerdicts() if cache else None,
                                  on_verified=lambda done, total: progress.update(bar, completed=done, total=total))
        print_report(report, f"export {', '.join(envs)} / {split}")
        if not rows:
            _fail("no rows left to write")
        _write(rows, report, out_path, fmt, meta)
    except _user_errors() as exc:
        _fail(exc)


@data_app.command("harvest")
def harvest_cmd(
    paths: list[Path] = typer.Argument(..., metavar="RUN_DIR... OUT.jsonl",
                                       help="One or more verifiers run dirs, then the output file."),
    min_passes: int = typer.Option(1, "--min-passes", help="Passing rollouts a task needs to be harvested."),
    max_per_task: int = typer.Option(4, "--max-per-task", help="Distinct answers kept per task."),
    fmt: str = typer.Option("chatml", "--format", help="chatml or prompt-completion"),
    verify: bool = typer.Option(False, "--verify/--no-verify", help="Re-score harvested answers with the rubric."),
    max_tokens: int = typer.Option(4096, "--max-tokens", help="Drop rows longer than this many tokens."),
    meta: bool = typer.Option(False, "--meta", help="Add a 'meta' object (task, run, model) to each row."),
) -> None:
    """Passing train-split rollouts of any model become SFT rows; eval-split rollouts are refused."""
    from modbench.training.harvest import harvest
    from modbench.training.verify import DiskVerdicts

    if len(paths) < 2:
        _fail("give at least one RUN_DIR and then OUT.jsonl")
    *run_dirs, out_path = paths
    if out_path.is_dir():
        _fail(f"the last argument is the output file, but {out_path} is a directory")
    try:
        rows, report = harvest(run_dirs, min_passes=min_passes, max_per_task=max_per_task, verify=verify,
                               max_tokens=max_tokens, disk=DiskVerdicts() if verify else None)
        print_report(report, "harvest")
        if not rows:
            _fail("no passing train-split rollouts to harvest")
        _write(rows, report, out_path, fmt, meta)
    except _user_errors() as exc:
        _fail(exc)


def _recipe(name: str, kind: str, output_dir: Optional[Path], max_steps: Optional[int], model: Optional[str],
            data: Optional[Path] = None):
    from modbench.training.recipes import load_recipe

    recipe = load_recipe(name, kind)
    if model is not None:
        recipe.model.id = model
    if output_dir is not None:
        recipe.train.output_dir = str(output_dir)
    if max_steps is not None:
        recipe.train.max_steps = max_steps
    if data is not None:
        recipe.data.train = str(data)
    return recipe


@train_app.command("sft")
def sft_cmd(
    recipe: str = typer.Option(..., "--recipe", help="A shipped recipe name (modbench train recipes) or a TOML path."),
    resume: bool = typer.Option(False, "--resume", help="Continue from the newest checkpoint in output_dir."),
    resume_from: Optional[Path] = typer.Option(None, "--resume-from", help="Continue from this checkpoint folder."),
    data: Optional[Path] = typer.Option(None, "--data", help="Override data.train."),
    model: Optional[str] = typer.Option(None, "--model", help="Override model.id (hub id or local folder)."),
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", help="Override train.output_dir."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Override train.max_steps."),
) -> None:
    """LoRA / QLoRA SFT (unsloth on a GPU when present, else transformers + peft)."""
    _quiet_hub()
    try:
        r = _recipe(recipe, "sft", output_dir, max_steps, model, data)
        from modbench.training.backends import try_unsloth

        probe = try_unsloth(r.model)                      # before transformers is imported
        from modbench.training.sft import describe, run_sft

        result = run_sft(r, resume=str(resume_from) if resume_from else resume, unsloth=probe)
    except _user_errors() as exc:
        _fail(exc)
    out.print(describe(result.summary), markup=False, highlight=False, soft_wrap=True)
    out.print(f"adapter: {result.adapter_dir}\nsummary: {result.output_dir / 'summary.json'} "
              f"(loss curve: {result.output_dir / 'loss.png'})")


@train_app.command("grpo")
def grpo_cmd(
    recipe: str = typer.Option(..., "--recipe", help="A shipped recipe name or a TOML path (kind = \"grpo\")."),
    resume: bool = typer.Option(False, "--resume", help="Continue from the newest checkpoint in output_dir."),
    resume_from: Optional[Path] = typer.Option(None, "--resume-from", help="Continue from this checkpoint folder."),
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", help="Override train.output_dir."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Override train.max_steps."),
    model: Optional[str] = typer.Option(None, "--model", help="Override model.id (hub id or local folder)."),
) -> None:
    """GRPO on the train split, rewarded by the real vf-l4d2 / vf-luanti rubrics."""
    _quiet_hub()
    try:
        r = _recipe(recipe, "grpo", output_dir, max_steps, model)
        from modbench.training.backends import try_unsloth

        probe = try_unsloth(r.model)
        from modbench.training.grpo import run_grpo
        from modbench.training.sft import describe

        result = run_grpo(r, resume=str(resume_from) if resume_from else resume, unsloth=probe)
    except _user_errors() as exc:
        _fail(exc)
    out.print(describe(result.summary), markup=False, highlight=False, soft_wrap=True)
    out.print(f"reward: {json.dumps(result.summary['reward_stats'])}", markup=False, highlight=False, soft_wrap=True)
    out.print(f"adapter: {result.adapter_dir}\nsummary: {result.output_dir / 'summary.json'}")


@train_app.command("merge")
def merge_cmd(
    adapter: Path = typer.Argument(..., help="A LoRA adapter folder (output_dir/adapter of a training run)."),
    out_dir: Path = typer.Argument(..., metavar="OUT", help="New folder for the merged model."),
    base: Optional[str] = typer.Option(None, "--base", help="Base model (default: the adapter's own record)."),
    dtype: str = typer.Option("auto", "--dtype", help="auto, float32, bfloat16 or float16"),
) -> None:
    """Merge a LoRA adapter into its base: a folder `modbench eval --model hf:OUT` can load."""
    _quiet_hub()
    if dtype not in ("auto", "float32", "bfloat16", "float16"):
        _fail("--dtype must be auto, float32, bfloat16 or float16")
    try:
        from modbench.training.merge import merge_adapter

        path = merge_adapter(adapter, out_dir, base=base, dtype=dtype)
    except _user_errors() as exc:
        _fail(exc)
    out.print(f"merged model: {path}  (evaluate: modbench eval --model hf:{path})")


@train_app.command("make-tiny")
def make_tiny_cmd(
    out_dir: Path = typer.Argument(..., metavar="OUT", help="Folder for the tiny model."),
    arch: str = typer.Option("llama", "--arch", help="llama or gpt_oss"),
    seed: int = typer.Option(0, "--seed"),
) -> None:
    """A tiny RANDOM model with a locally trained tokenizer (no hub), for CPU smoke runs and benchmarks."""
    if arch not in ("llama", "gpt_oss"):
        _fail("--arch must be llama or gpt_oss")
    from modbench.training.tiny import build_tiny

    path = build_tiny(out_dir, arch, seed=seed)
    out.print(f"tiny {arch} model: {path}")


@train_app.command("recipes")
def recipes_cmd() -> None:
    """List the shipped recipes."""
    from modbench.training.recipes import RecipeError, list_recipes, load_recipe

    table = Table("recipe", "kind", "model", "4-bit", "description")
    for name in list_recipes():
        try:
            r = load_recipe(name)
        except RecipeError as exc:
            table.add_row(name, "[red]invalid[/]", "", "", str(exc)[:80])
            continue
        table.add_row(name, r.kind, r.model.id, "yes" if r.model.load_in_4bit else "no", r.description)
    out.print(table)
