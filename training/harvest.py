"""`modbench data harvest`: passing rollouts from verifiers run dirs become new SFT rows (rejection sampling).

A rollout is taken only when all of these hold:
- it passed (binary `passed` reward 1) and had no infrastructure error (modbench.results.traces decides both);
- its task is a train-split task according to BOTH the trace (`task.data.split`) and the scenario files: an
  eval-split rollout is refused and reported, never harvested, whatever model produced it;
- the task still exists and its prompt is unchanged since the run (otherwise the answer answers another question);
- the task has at least `min_passes` passing rollouts over all given runs.
Distinct answers per task are capped (`max_per_task`) so one easy task cannot dominate the data; the rows then
go through the same quality filter as `export` (duplicates across runs included).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modbench.results.traces import ResultsError, parse_episode, traces_path
from modbench.scenarios import ENVS, TaskSpec

from .export import row_for, spec_index
from .quality import Drop, FilterReport, quality_filter
from .rows import DataError, Row

HARVEST_REASONS: dict[str, str] = {
    "eval-split": "REFUSED: eval-split task (never trained on)",
    "split-unknown": "REFUSED: the trace records no split",
    "has-error": "infrastructure error (not judged)",
    "failed": "did not pass",
    "unknown-task": "task no longer in the scenario files",
    "stale-prompt": "task prompt changed since the run",
    "no-answer": "no assistant message in the trace",
    "below-min-passes": "task has fewer passing rollouts than --min-passes",
    "per-task-cap": "more distinct passing answers than --max-per-task",
}


@dataclass
class Candidate:
    env: str
    task_id: str
    answer: str
    origin: str                       # run dir name and traces.jsonl line
    model: str | None


def env_of(environment: str, data: dict) -> str | None:
    """'vf-l4d2' / 'l4d2' / the TaskData's env_name -> 'l4d2'."""
    for value in (data.get("env_name"), environment):
        if isinstance(value, str):
            name = value.split("/")[-1].split("@")[0].removeprefix("vf-").replace("_", "-")
            if name in ENVS:
                return name
    return None


def _text(content: Any) -> str | None:
    if isinstance(content, str):
        return content
    if isinstance(content, list):       # OpenAI content parts
        parts = [p.get("text") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)]
        return "".join(parts) if parts else None
    return None


def messages_of(trace: dict) -> list[dict]:
    nodes = trace.get("nodes")
    if not isinstance(nodes, list):
        return []
    return [n["message"] for n in nodes if isinstance(n, dict) and isinstance(n.get("message"), dict)]


def last_assistant_text(trace: dict) -> str | None:
    for msg in reversed(messages_of(trace)):
        if msg.get("role") == "assistant":
            return _text(msg.get("content"))
    return None


def first_user_text(trace: dict) -> str | None:
    for msg in messages_of(trace):
        if msg.get("role") == "user":
            return _text(msg.get("content"))
    return None


def _episodes(run_dir: Path):
    path = traces_path(run_dir)
    try:
        lines = path.read_text(encoding="utf-8").split("\n")   # not splitlines(): U+2028 may sit inside a JSON string
    except UnicodeDecodeError as exc:
        raise DataError(f"{path} is not UTF-8 text ({exc.reason})") from None
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            episode = json.loads(line)
            rollouts = parse_episode(episode, line=lineno)
        except ValueError as exc:     # JSONDecodeError and the reader's own malformed-episode error
            raise DataError(f"{path}:{lineno}: {exc}") from None
        traces = episode.get("traces") or [{}]
        yield lineno, list(zip(rollouts, traces))


def collect(run_dirs: list[Path], specs: dict[tuple[str, str], TaskSpec],
            report: FilterReport) -> list[Candidate]:
    out: list[Candidate] = []
    for run_dir in run_dirs:
        try:
            episodes = list(_episodes(Path(run_dir)))
        except ResultsError as exc:
            raise DataError(str(exc)) from None
        for lineno, pairs in episodes:
            for rollout, trace in pairs:
                report.candidates += 1
                data = ((trace.get("task") or {}).get("data") or {}) if isinstance(trace, dict) else {}
                env = env_of(rollout.environment, data)
                task_id = data.get("id") if isinstance(data.get("id"), str) else rollout.task_key
                origin = f"{Path(run_dir).name}:{lineno}"
                key = f"{env or rollout.environment}/{task_id}@{origin}"
                spec = specs.get((env, task_id)) if env else None
                # the split check comes first: an eval rollout is refused even if it failed or errored
                if rollout.split == "eval" or (spec is not None and spec.split == "eval"):
                    where = "trace" if rollout.split == "eval" else "scenario files"
                    report.drops.append(Drop(key, "eval-split", f"split 'eval' per the {where}"))
                    continue
                if rollout.has_error:
                    report.drops.append(Drop(key, "has-error", rollout.error or ""))
                    continue
                if not rollout.passed:
                    report.drops.append(Drop(key, "failed"))
                    continue
                if spec is None:
                    report.drops.append(Drop(key, "unknown-task", f"no scenario file for {env}/{task_id}"))
                    continue
                if rollout.split != "train":
                    report.drops.append(Drop(key, "split-unknown", f"trace split {rollout.split!r}"))
                    continue
                user = first_user_text(trace)
                if user is not None and user.strip() != spec.prompt.strip():
                    report.drops.append(Drop(key, "stale-prompt"))
                    continue
                answer = last_assistant_text(trace)
                if not answer or not answer.strip():
                    report.drops.append(Drop(key, "no-answer"))
                    continue
                out.append(Candidate(env, task_id, answer.strip(), origin, rollout.model))
    return out


def harvest(run_dirs: list[Path | str], *, min_passes: int = 1, max_per_task: int = 4,
            **filter_kwargs) -> tuple[list[Row], FilterReport]:
    """Rows from the passing train-split rollouts of `run_dirs`, and the report of everything not taken.
    `filter_kwargs` go to `quality_filter` (verify defaults to False here: the rollouts already passed)."""
    if min_passes < 1:
        raise DataError("--min-passes must be at least 1")
    specs = spec_index()
    report = FilterReport()
    candidates = collect([Path(d) for d in run_dirs], specs, report)

    by_task: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_task[(c.env, c.task_id)].append(c)
    rows: list[Row] = []
    for (env, task_id), group in sorted(by_task.items()):
        if len(group) < min_passes:
            report.drops.extend(Drop(f"{env}/{task_id}@{c.origin}", "below-min-passes",
                                     f"{len(group)} < {min_passes}") for c in group)
            continue
        seen: dict[str, str] = {}
        for c in group:
            norm = " ".join(c.answer.split())
            if norm in seen:           # the same answer twice (across samples or runs) is one row
                report.drops.append(Drop(f"{env}/{task_id}@{c.origin}", "duplicate",
                                         f"of {env}/{task_id}@{seen[norm]}"))
                continue
            seen[norm] = c.origin
            if len(seen) > max_per_task:
                report.drops.append(Drop(f"{env}/{task_id}@{c.origin}", "per-task-cap", f"> {max_per_task}"))
                continue
            rows.append(row_for(specs[(env, task_id)], c.answer, source="harvest", origin=c.origin,
                                model=c.model))

    filter_kwargs.setdefault("verify", False)
    kept, quality = quality_filter(rows, specs=specs, **filter_kwargs)
    report.kept = quality.kept
    report.drops.extend(quality.drops)
    report.notes.extend(n for n in quality.notes if "skipped" not in n)
    if not filter_kwargs["verify"]:
        report.notes.append("harvested answers not re-scored (they passed when they ran; --verify re-scores)")
    return kept, report
