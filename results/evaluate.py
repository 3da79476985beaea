"""`modbench eval`: run an environment through `vf-eval` (the very same code path users and prime-rl take),
k samples per task, then report pass@k against the stored baseline.

The run directory is named after everything that determines its result (environment, split, model, tasks,
samples, seed), so running the same command again after a Ctrl-C resumes it (`vf-eval --resume`), and running
it again after it finished re-runs it from scratch — which must reproduce the same table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from modbench.scenarios import load_tasks

from .endpoint import ChatEndpoint
from .models import ModelSpec, ModelSpecError, hf_endpoint, retrieval_endpoint

ENV_PACKAGES = {"l4d2": "vf-l4d2", "luanti": "vf-luanti"}
# the toolchains each environment's verdicts depend on (all recorded with every run and baseline)
ENV_TOOLCHAINS = {"l4d2": ["spcomp", "bwrap"], "luanti": ["luajit", "luacheck", "minetestserver", "bwrap"]}
API_KEY_VAR = "MODBENCH_API_KEY"
RUN_META = "modbench_run.json"


class EvalError(RuntimeError):
    """A wrong input or an unusable setup: reported as one line."""


@dataclass
class Sampling:
    temperature: float = 0.2        # the Luanti seed project's settings
    top_p: float = 0.9
    max_tokens: int = 4096
    seed: int = 3407


@dataclass
class EvalOptions:
    model: ModelSpec
    n: int | None = None            # number of tasks (None = the whole split)
    k: int = 5                      # samples per task
    split: str = "eval"
    out: Path = Path("runs")
    base_url: str | None = None
    api_key_var: str = "OPENAI_API_KEY"
    sampling: Sampling = field(default_factory=Sampling)
    concurrency: int = 16
    pass_k: int = 5                 # the largest k the report estimates


def run_name(env: str, opts: EvalOptions, n_tasks: int) -> str:
    model = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{opts.model.kind}-{opts.model.name}")[:60]
    return f"{env}--{opts.split}--{model}--n{n_tasks}-k{opts.k}-seed{opts.sampling.seed}"


def check_inputs(env: str, opts: EvalOptions) -> int:
    if env not in ENV_PACKAGES:
        raise EvalError(f"unknown environment {env!r}; choose l4d2, luanti or all")
    if opts.split not in ("eval", "train"):
        raise EvalError(f"--split must be eval or train, not {opts.split!r}")
    if opts.k < 1:
        raise EvalError("-k (samples per task) must be at least 1")
    if opts.k < opts.pass_k:
        raise EvalError(f"n < k: {opts.k} samples per task cannot estimate pass@{opts.pass_k}; use -k {opts.pass_k} or more")
    available = len(load_tasks(env, split=opts.split))
    if available == 0:
        raise EvalError(f"the {env} {opts.split} split has no tasks")
    if opts.n is not None and opts.n < 1:
        raise EvalError("-n (tasks) must be at least 1")
    return min(opts.n or available, available)


def check_endpoint(base_url: str, key: str | None) -> None:
    req = urllib.request.Request(base_url.rstrip("/") + "/models", headers={"Authorization": f"Bearer {key or 'EMPTY'}"})
    try:
        urllib.request.urlopen(req, timeout=10).read(1 << 16)
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise EvalError(f"endpoint {base_url} refused the API key (HTTP {exc.code})") from exc
        # some servers do not implement /models; reachable is what matters here
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EvalError(f"cannot reach the model endpoint {base_url}: {reason}") from exc


def _toml_str(s: str) -> str:
    return json.dumps(s)   # a JSON string literal is a valid TOML basic string


def seed_per_request(model) -> bool:
    """Whether the seed goes out with every chat request. vf-eval sends the same sampling args for all k samples
    of a task, and a server that honours a per-request seed (vLLM, OpenAI) would then return k identical
    samples, so pass@5 would silently equal pass@1. The endpoints modbench serves itself (retrieval, hf) add the
    sample's index to the seed, so they get it; for `openai:` the seed only selects the tasks."""
    return model.kind != "openai"


def write_config(path: Path, env: str, opts: EvalOptions, model_id: str, base_url: str, key_var: str,
                 n_tasks: int, run_dir: Path) -> None:
    s = opts.sampling
    select = f"select = {{ limit = {n_tasks}, shuffle = true, seed = {s.seed} }}\n" if n_tasks < len(
        load_tasks(env, split=opts.split)) else ""
    path.write_text(
        f"model = {_toml_str(model_id)}\n"
        f"num_rollouts = {opts.k}\n"
        "push = false\n"
        f"max_concurrent = {opts.concurrency}\n"
        f"output_dir = {_toml_str(str(run_dir.parent))}\n"
        f"client = {{ base_url = {_toml_str(base_url)}, api_key_var = {_toml_str(key_var)} }}\n"
        f"sampling = {{ temperature = {s.temperature}, top_p = {s.top_p}, max_tokens = {s.max_tokens}"
        f"{f', seed = {s.seed}' if seed_per_request(opts.model) else ''} }}\n"
        f"{select}"
        f"run = {{ name = {_toml_str(run_dir.name)} }}\n"
        f"[env.taskset]\nid = {_toml_str(ENV_PACKAGES[env])}\nsplit = {_toml_str(opts.split)}\n")


def count_rollouts(run_dir: Path) -> int:
    traces = run_dir / "traces.jsonl"
    if not traces.exists():
        return 0
    with traces.open("rb") as f:
        return sum(1 for line in f if line.strip())


def answered_so_far(run_dir: Path) -> dict[str, list[str]]:
    """prompt -> assistant replies of the rollouts that completed without error (what a resume keeps)."""
    out: dict[str, list[str]] = {}
    with (run_dir / "traces.jsonl").open(encoding="utf-8") as f:
        for line in f:
            try:
                episode = json.loads(line)
            except ValueError:
                continue
            for trace in episode.get("traces", []):
                if trace.get("errors") or not trace.get("ok", True):
                    continue
                prompt = (trace.get("task", {}).get("data", {}) or {}).get("prompt")
                replies = [n["message"].get("content") for n in trace.get("nodes", [])
                           if (n.get("message") or {}).get("role") == "assistant"]
                if isinstance(prompt, str) and replies and isinstance(replies[-1], str):
                    out.setdefault(prompt, []).append(replies[-1])
    return out


def point_saved_config_at(run_dir: Path, base_url: str) -> None:
    """`vf-eval --resume` insists on the exact config the run started with, and that config names the loopback
    URL of the endpoint modbench served last time, whose port the OS picked. The port is no part of the result,
    so before resuming, the saved config is pointed at this attempt's endpoint."""
    saved = run_dir / "configs" / "resolved" / "eval.json"
    try:
        config = json.loads(saved.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return   # missing or damaged: vf-eval itself reports that the run dir cannot be resumed
    if isinstance(config, dict) and isinstance(config.get("client"), dict):
        config["client"]["base_url"] = base_url
        saved.write_text(json.dumps(config, indent=2), encoding="utf-8")


def run_metadata(env: str, opts: EvalOptions, n_tasks: int) -> dict:
    from modbench.sandboxes import isolation_level, versions

    return {
        "environment": ENV_PACKAGES[env],
        "environment_version": version(ENV_PACKAGES[env]),
        "modbench_version": version("modbench"),
        "toolchains": versions(ENV_TOOLCHAINS[env]),
        "isolation": isolation_level(),
        "model": opts.model.label,
        "model_spec": f"{opts.model.kind}:{opts.model.name}" if opts.model.kind != "retrieval" else "retrieval",
        "sampling": asdict(opts.sampling),
        "seed": opts.sampling.seed,
        "seed_sent_per_request": seed_per_request(opts.model),
        "split": opts.split,
        "n_tasks": n_tasks,
        "samples_per_task": opts.k,
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _vf_eval() -> str:
    exe = Path(sys.executable).with_name("vf-eval")
    return str(exe) if exe.exists() else "vf-eval"


def run_env(env: str, opts: EvalOptions, console: Console) -> Path:
    """Run one environment's rollouts into its run dir (resuming an interrupted run) and return the dir."""
    n_tasks = check_inputs(env, opts)
    run_dir = (opts.out / run_name(env, opts, n_tasks)).resolve()
    expected = n_tasks * opts.k
    done = count_rollouts(run_dir)
    resume = 0 < done < expected
    endpoint: ChatEndpoint | None = None
    key_var = opts.api_key_var
    child_env = dict(os.environ)
    if opts.model.kind == "openai":
        base_url = opts.base_url or "https://api.openai.com/v1"
        check_endpoint(base_url, os.environ.get(key_var))
    else:
        endpoint = (retrieval_endpoint(env, opts.k, answered_so_far(run_dir) if resume else None)
                    if opts.model.kind == "retrieval" else hf_endpoint(opts.model))
        base_url = endpoint.start()
        if resume:
            point_saved_config_at(run_dir, base_url)
        key_var = API_KEY_VAR
        child_env[API_KEY_VAR] = "local"
    try:
        run_dir.parent.mkdir(parents=True, exist_ok=True)
        config = run_dir.parent / f".{run_dir.name}.toml"
        write_config(config, env, opts, opts.model.name, base_url, key_var, n_tasks, run_dir)
        argv = [_vf_eval(), "@", str(config), "--no-rich", "--resume" if resume else "--clean"]
        console.print(f"[bold]{ENV_PACKAGES[env]}[/]: {n_tasks} tasks x {opts.k} samples, model {opts.model.label}"
                      + (f" (resuming: {done}/{expected} rollouts on disk)" if resume else ""))
        _run_with_progress(argv, child_env, expected, done if resume else 0, console, run_dir)
    finally:
        if endpoint is not None:
            endpoint.stop()
    (run_dir / RUN_META).write_text(json.dumps(run_metadata(env, opts, n_tasks), indent=2) + "\n")
    return run_dir


def _run_with_progress(argv, env, expected, already, console: Console, run_dir: Path) -> None:
    log_tail: list[str] = []
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=False) as progress:
            bar = progress.add_task("rollouts", total=expected, completed=already)
            for line in proc.stderr:
                log_tail = (log_tail + [line.rstrip()])[-30:]
                if "rollout done:" in line:
                    progress.advance(bar)
        rc = proc.wait()
    except KeyboardInterrupt:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        raise
    if rc != 0:
        tail = "\n".join(log_tail[-12:])
        raise EvalError(f"vf-eval failed (exit {rc}); log: {run_dir}/logs/latest/eval.log\n{tail}")
