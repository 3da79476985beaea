"""Read a verifiers v1 run dir (`traces.jsonl`) into one flat `Rollout` row per rollout.

verifiers 0.4 writes one JSON line per *episode*: `{"env": {"id"}, "task": {...}, "ok", "errors", "traces": [...]}`;
with a single-agent env an episode holds exactly one trace, i.e. one rollout (an episode with several traces
gives one row per trace). Each trace carries
`task.{key, hash, data}` (modbench puts `id`, `family`, `split` on the data), `rewards` (`{name: {score, weight}
| null}`), `metrics`, `ok` and `errors`.

Plain `json` on purpose: reading results must not depend on importing verifiers' classes (or the run's taskset
packages), and a damaged file must fail with the file and line, not a pydantic stack.

What counts as `has_error` (an infrastructure failure, excluded from pass@k and counted as the error rate):
the `passed` reward is null or absent (scoring raised or timed out), the episode or trace has `ok: false`, or
`errors` without `ok: true` (errors next to `ok: true` are earlier attempts that a verifiers retry recovered
from), the `has_error` metric is 1, or the episode produced no trace at all.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TRACES_FILE = "traces.jsonl"
PASSED_REWARD = "passed"
UNKNOWN = "unknown"
_MAX_ERROR_CHARS = 300


class ResultsError(Exception):
    """A results problem the user can act on (missing run, damaged trace, baseline mismatch).

    The CLI prints these as one line and exits 2; anything else is a bug and keeps its traceback.
    """


class RunDirError(ResultsError):
    """The run dir or its traces.jsonl does not exist, or holds no rollouts."""


class TraceError(ResultsError):
    """A line of traces.jsonl is not a verifiers episode; the message names the file and line."""

    def __init__(self, path: Path | str, line: int, message: str):
        self.path, self.line = Path(path), line
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True)
class Rollout:
    task_key: str
    family: str
    environment: str                  # env.id of the episode, as written (e.g. "vf-l4d2")
    split: str | None
    passed: bool                      # always False when has_error
    has_error: bool
    error: str | None = None          # why it counts as has_error, for the report's error breakdown
    metrics: dict[str, float | None] = field(default_factory=dict)
    model: str | None = None
    verifiers_version: str | None = None
    line: int = 0                     # 1-based line of traces.jsonl


def traces_path(run_dir: Path | str) -> Path:
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunDirError(f"run dir {run_dir} does not exist or is not a directory")
    path = run_dir / TRACES_FILE
    if not path.is_file():
        raise RunDirError(f"{run_dir} has no {TRACES_FILE}: is it a verifiers run dir?")
    return path


def read_rollouts(run_dir: Path | str) -> list[Rollout]:
    """Every rollout of the run, in file order (verifiers writes in completion order)."""
    path = traces_path(run_dir)
    try:
        return _read(path)
    except OSError as exc:
        raise RunDirError(f"cannot read {path}: {exc.strerror or exc}") from None


def _read(path: Path) -> list[Rollout]:
    rollouts: list[Rollout] = []
    with path.open(encoding="utf-8", errors="strict") as f:
        for lineno, text in enumerate(_lines(f, path), start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                raise TraceError(path, lineno, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
            try:
                rollouts.extend(parse_episode(row, line=lineno))
            except _Malformed as exc:
                raise TraceError(path, lineno, str(exc)) from None
    return rollouts


def _lines(f, path: Path):
    try:
        yield from f
    except UnicodeDecodeError as exc:
        raise RunDirError(f"{path} is not UTF-8 text ({exc.reason})") from None


class _Malformed(ValueError):
    """Raised inside parse_episode; read_rollouts adds the file and line."""


def parse_episode(row: Any, line: int = 0) -> list[Rollout]:
    """The rollouts of one decoded traces.jsonl line; raises ValueError when it is not an episode."""
    if not isinstance(row, dict):
        raise _Malformed(f"expected a JSON object (an episode), got {type(row).__name__}")
    traces = row.get("traces")
    if not isinstance(traces, list):
        raise _Malformed("episode has no 'traces' list (not a verifiers v1 traces.jsonl line?)")
    env = _obj(row, "env", optional=True)
    environment = env.get("id") if isinstance(env.get("id"), str) and env.get("id") else None
    episode_task = _obj(row, "task", optional=True)
    episode_error = _failure(row, "episode")

    if not traces:                    # the episode failed before any agent produced a trace
        task = _task_fields(episode_task, environment)
        why = episode_error or "episode produced no trace"
        return [Rollout(**task, passed=False, has_error=True, error=why, line=line)]

    rollouts = []
    for i, trace in enumerate(traces):
        if not isinstance(trace, dict):
            raise _Malformed(f"traces[{i}] is not an object")
        try:
            rollouts.append(_rollout(trace, episode_task, environment, episode_error, line))
        except _Malformed as exc:
            raise _Malformed(f"traces[{i}]: {exc}") from None
    return rollouts


def _rollout(trace: dict, episode_task: dict, environment: str | None, episode_error: str | None,
             line: int) -> Rollout:
    task = _task_fields(_obj(trace, "task", optional=True) or episode_task, environment)
    metrics = _metrics(trace)
    score, reward_problem = _passed_score(trace)

    # most specific first: the report's error breakdown groups rollouts by the first reason
    reasons = [r for r in (_failure(trace, "trace"), episode_error, reward_problem) if r]
    if metrics.get("has_error") == 1.0:
        reasons.append("metric has_error = 1")
    agent_config = _obj(_obj(trace, "agent", optional=True), "config", optional=True)
    model = agent_config.get("model") if isinstance(agent_config.get("model"), str) else None
    if model is None:
        calls = trace.get("calls")
        if isinstance(calls, list) and calls and isinstance(calls[0], dict) and isinstance(calls[0].get("model"), str):
            model = calls[0]["model"]
    version = _obj(trace, "verifiers", optional=True).get("version")
    return Rollout(**task, passed=bool(score) and not reasons, has_error=bool(reasons),
                   error="; ".join(reasons)[:_MAX_ERROR_CHARS] if reasons else None, metrics=metrics, model=model,
                   verifiers_version=version if isinstance(version, str) else None, line=line)


def _task_fields(task: dict, environment: str | None) -> dict[str, Any]:
    data = _obj(task, "data", optional=True)
    key = next((v for v in (task.get("key"), data.get("id"), task.get("hash")) if isinstance(v, str) and v), None)
    if key is None:
        raise _Malformed("task has no key, data.id or hash to identify it")
    family, split = data.get("family"), data.get("split")
    # env.id is the environment; data.env_name (modbench's own field) only stands in when the episode lacks it
    if environment is None:
        environment = data.get("env_name") if isinstance(data.get("env_name"), str) else UNKNOWN
    return {"task_key": key, "family": family if isinstance(family, str) and family else UNKNOWN,
            "environment": environment, "split": split if isinstance(split, str) and split else None}


def _passed_score(trace: dict) -> tuple[float | None, str | None]:
    """(score, None) for a scored rollout; (None, why) when scoring did not produce a `passed` reward."""
    rewards = trace.get("rewards")
    if rewards is None:
        return None, "no rewards recorded (scoring did not run)"
    if not isinstance(rewards, dict):
        raise _Malformed(f"'rewards' is {type(rewards).__name__}, expected an object")
    if PASSED_REWARD not in rewards:
        return None, f"no '{PASSED_REWARD}' reward recorded"
    reward = rewards[PASSED_REWARD]
    if reward is None:
        return None, f"reward '{PASSED_REWARD}' is null (scoring error or timeout)"
    score = reward.get("score") if isinstance(reward, dict) else None
    if not _is_number(score):
        raise _Malformed(f"reward '{PASSED_REWARD}' has no numeric 'score': {json.dumps(reward)[:100]}")
    if score not in (0.0, 1.0):
        # pass@k needs a binary outcome; thresholding a partial score here would silently change the metric
        raise _Malformed(f"reward '{PASSED_REWARD}' must be 0 or 1, got {score!r}")
    return float(score), None


def _metrics(trace: dict) -> dict[str, float | None]:
    metrics = trace.get("metrics")
    if metrics is None:
        return {}
    if not isinstance(metrics, dict):
        raise _Malformed(f"'metrics' is {type(metrics).__name__}, expected an object")
    out: dict[str, float | None] = {}
    for name, value in metrics.items():
        if value is not None and not _is_number(value):
            raise _Malformed(f"metric {name!r} is not a number: {json.dumps(value)[:100]}")
        out[name] = None if value is None else float(value)
    return out


def _failure(obj: dict, what: str) -> str | None:
    """A short reason when an episode or trace records errors or `ok: false`.

    `errors` keeps every attempt's errors, so a rollout that verifiers retried successfully has errors *and*
    `ok: true` ("success is the `ok` stamp, never errors-emptiness", verifiers/v1/agent.py): that rollout was
    scored normally and is not an error. Errors only count when `ok` is not explicitly true.
    """
    errors = obj.get("errors")
    if errors is not None and not isinstance(errors, list):
        raise _Malformed(f"{what} 'errors' is {type(errors).__name__}, expected a list")
    if errors and obj.get("ok") is not True:
        last = errors[-1]        # verifiers keeps oldest to newest; the last one is what ended the rollout
        if isinstance(last, dict):
            text = f"{last.get('type') or 'Error'}: {last.get('message') or ''}".strip().rstrip(":")
        else:
            text = str(last)
        more = f" (+{len(errors) - 1} earlier)" if len(errors) > 1 else ""
        return f"{what} error {text}{more}"
    if obj.get("ok") is False:
        stop = obj.get("stop_condition")
        return f"{what} not ok" + (f" (stop: {stop})" if isinstance(stop, str) and stop else "")
    return None


def _obj(parent: dict, name: str, optional: bool = False) -> dict:
    value = parent.get(name)
    if value is None and optional:
        return {}
    if not isinstance(value, dict):
        raise _Malformed(f"{name!r} is {type(value).__name__}, expected an object")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
