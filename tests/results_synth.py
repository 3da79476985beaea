"""Synthetic verifiers 0.4 run dirs for the results tests (and to try `modbench report` by hand).

Not checked-in run dirs: the repository's .gitignore ignores every `runs/` folder, so the tests write these
into pytest's tmp_path instead.

The line shapes copy what verifiers 0.4.0's own `trace_store.write_episode` writes (an episode line with
`env`, `task`, `run`, `ok`, `errors`, `traces[]`; each trace with `task.{key,hash,data}`, `rewards`, `metrics`,
`ok`, `errors`); tests/test_traces.py checks the parser against lines written by verifiers itself.

Each task is a string of rollout outcomes:
  P  passed                F  failed (scored 0)
  N  scoring timeout: trace ok, `passed` reward null
  E  the reward raised: trace ok false, a TaskError, `passed` reward null
  M  scored, but the `has_error` metric is 1
  X  the episode failed before any trace existed (traces: [], an episode error)

Write them somewhere to look at:  .venv/bin/python tests/results_synth.py /tmp/modbench-runs
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

ENV_ID = "vf-l4d2"
TOOLCHAINS = {"bwrap": "0.8.0", "spcomp": "1.11.0.6970"}
SAMPLING = {"temperature": 0.7, "top_p": 0.95, "max_tokens": 2048, "seed": 1234}
FAMILY = {"l4d2-scaffold-healthkit": "scaffold", "l4d2-scaffold-tankspawn": "scaffold",
          "l4d2-repair-witchfix": "repair", "l4d2-repair-ammo": "repair", "l4d2-refactor-menu": "refactor",
          "l4d2-doc-natives": "doc", "l4d2-doc-convars": "doc"}

# run name -> (model, {task id: outcomes})
RUNS: dict[str, tuple[str, dict[str, str]]] = {
    "base": ("qwen2.5-coder-1.5b-instruct", {
        "l4d2-scaffold-healthkit": "PFFFFF", "l4d2-scaffold-tankspawn": "PPPFFN", "l4d2-repair-witchfix": "FFFFFE",
        "l4d2-repair-ammo": "PFFM", "l4d2-refactor-menu": "PPFFFF", "l4d2-doc-natives": "PPPPPP",
        "l4d2-doc-convars": "FFFFFX"}),
    "better": ("qwen2.5-coder-1.5b-modbench-sft", {
        "l4d2-scaffold-healthkit": "PPFFFF", "l4d2-scaffold-tankspawn": "PPPPFN", "l4d2-repair-witchfix": "PFFFFE",
        "l4d2-repair-ammo": "PPFM", "l4d2-refactor-menu": "PPPPFF", "l4d2-doc-natives": "PPPPPP",
        "l4d2-doc-convars": "PFFFFX"}),
    "worse": ("qwen2.5-coder-1.5b-broken", {
        "l4d2-scaffold-healthkit": "FFFFFF", "l4d2-scaffold-tankspawn": "PFFFFN", "l4d2-repair-witchfix": "FFFFFE",
        "l4d2-repair-ammo": "FFFM", "l4d2-refactor-menu": "PFFFFF", "l4d2-doc-natives": "PPPPPF",
        "l4d2-doc-convars": "FFFFFX"}),
}


def _hex(*parts: object) -> str:
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:32]


def task_record(task_id: str, family: str, split: str = "eval", idx: int = 0) -> dict:
    data = {"idx": idx, "id": task_id, "name": task_id, "prompt": f"Write the {task_id} plugin.", "skills": [],
            "network_allow": ["*"], "network_block": [], "artifacts": [], "artifact_max_bytes": 33554432,
            "timeout": {"scoring": 180.0}, "resources": {}, "env_name": "l4d2", "family": family, "split": split,
            "theme": "synthetic", "title": task_id, "reference": "```sourcepawn\n// reference\n```", "checks": {},
            "api": []}
    return {"type": "L4D2Task", "data": data, "key": task_id, "hash": _hex("hash", task_id)}


def episode(task: dict, outcome: str, *, run: str, model: str, n: int, env_id: str = ENV_ID) -> dict:
    """One traces.jsonl line for one rollout with the given outcome letter."""
    metrics = {"compiled": 1.0, "api_ok": 1.0, "behaviour_pass_rate": 1.0 if outcome == "P" else 0.0,
               "warnings": 0.0, "security_issues": 0.0, "has_error": 0.0}
    passed: dict | None = {"score": 1.0 if outcome == "P" else 0.0, "weight": 1.0}
    ok, is_timeout, stop, errors = True, False, "agent_completed", []
    if outcome == "N":
        passed, is_timeout, stop = None, True, "scoring_timeout"
    elif outcome == "E":
        passed, ok, stop = None, False, "TaskError"
        errors = [{"type": "TaskError", "message": "task L4D2Task scoring: InfrastructureError: spcomp crashed"}]
        metrics["has_error"] = 1.0
    elif outcome == "M":
        passed = {"score": 0.0, "weight": 1.0}
        metrics["has_error"] = 1.0
    elif outcome not in "PFX":
        raise ValueError(f"unknown outcome {outcome!r}")
    line = {"id": _hex("episode", run, task["key"], n), "env": {"id": env_id}, "task": task,
            "run": {"type": "eval", "id": _hex("run", run), "name": run}, "ok": ok and outcome != "X",
            "is_timeout": False, "errors": [], "traces": [], "num_input_tokens": 0, "num_output_tokens": 0,
            "num_total_tokens": 0}
    if outcome == "X":
        line["errors"] = [{"type": "SandboxError", "message": "runtime could not be provisioned"}]
        return line
    reply = "```sourcepawn\n#include <sourcemod>\npublic void OnPluginStart() {}\n```"
    line["traces"] = [{
        "version": 1, "id": _hex("trace", run, task["key"], n), "verifiers": {"version": "0.4.0"}, "task": task,
        "agent": {"config": {"harness": {"id": "null"}, "runtime": {"type": "subprocess"}, "model": model,
                             "max_turns": 1}, "name": "agent", "trainable": True},
        "tools": [], "nodes": [{"message": {"role": "user", "content": task["data"]["prompt"]}, "sampled": False},
                              {"parent": 0, "message": {"role": "assistant", "content": reply}, "sampled": True}],
        "calls": [{"node": 1, "model": model, "sampling": {"temperature": 0.7, "max_tokens": 2048},
                   "endpoint": "/chat/completions", "finish_reason": "stop",
                   "usage": {"prompt_tokens": 120, "completion_tokens": 40}}],
        "rewards": {"passed": passed}, "metrics": metrics, "info": {}, "is_completed": True, "ok": ok,
        "stop_condition": stop, "is_timeout": is_timeout, "errors": errors, "timing": {},
        "num_input_tokens": 120, "num_output_tokens": 40, "num_total_tokens": 160}]
    return line


def write_run(run_dir: Path, run: str, model: str, tasks: dict[str, str], *, env_id: str = ENV_ID,
              family: dict[str, str] | None = None, modbench_run: dict | None = None,
              eval_config: bool = True) -> Path:
    """Write traces.jsonl (shuffled: verifiers writes in completion order), eval.json and modbench_run.json."""
    family = family or FAMILY
    run_dir.mkdir(parents=True, exist_ok=True)
    lines = []
    for idx, (task_id, outcomes) in enumerate(tasks.items()):
        record = task_record(task_id, family[task_id], idx=idx)
        lines += [episode(record, o, run=run, model=model, n=n, env_id=env_id) for n, o in enumerate(outcomes)]
    random.Random(run).shuffle(lines)
    (run_dir / "traces.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    if eval_config:
        cfg = {"env": {"taskset": {"id": env_id, "split": "eval"}, "id": ""}, "run": {"name": run, "dir": run},
               "model": model, "sampling": {**SAMPLING, "reasoning_effort": None}, "num_rollouts": 6,
               "output_dir": "outputs"}
        (run_dir / "configs" / "resolved").mkdir(parents=True, exist_ok=True)
        (run_dir / "configs" / "resolved" / "eval.json").write_text(json.dumps(cfg, indent=2), encoding="utf-8")
    if modbench_run is None:
        modbench_run = {"environment": env_id, "environment_version": "0.1.0", "toolchains": TOOLCHAINS,
                        "model": model, "sampling": SAMPLING, "seed": 1234, "date": "2026-11-24T12:00:00+00:00",
                        "modbench_version": "0.1.0"}
    if modbench_run:
        (run_dir / "modbench_run.json").write_text(json.dumps(modbench_run, indent=2), encoding="utf-8")
    return run_dir


def write_named(name: str, root: Path, **kwargs) -> Path:
    model, tasks = RUNS[name]
    return write_run(root / name, name, model, tasks, **kwargs)


if __name__ == "__main__":
    import sys

    for name in RUNS:
        print(write_named(name, Path(sys.argv[1] if len(sys.argv) > 1 else "synthetic-runs")))
