"""Baselines: a run reduced to per-task (n, c) plus the metadata that makes a later comparison honest.

The file format is described in `results/baselines/README.md`. A comparison is refused (`BaselineMismatch`)
when the environment, its version or any toolchain version differs, because a pass rate measured with another
compiler or another rubric is another number; differences that are legitimate but worth knowing (sampling,
verifiers version, facts unknown on both sides) become warnings instead.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .metadata import read_run_metadata
from .summary import TaskCounts, count_tasks
from .traces import ResultsError, RunDirError, read_rollouts

FORMAT = "modbench-baseline"
FORMAT_VERSION = 1
BASELINES_DIR = Path(__file__).resolve().parent / "baselines"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")

# Differences in these refuse a comparison (toolchains are compared one by one as toolchains.<name>).
GUARDED_FIELDS = ("environment", "environment_version")
# Differences in these are reported as warnings: they change what pass@k measures but may be the point.
WARNED_FIELDS = ("sampling", "verifiers_version")


class BaselineError(ResultsError):
    """A baseline cannot be found, read or written."""


@dataclass(frozen=True)
class Difference:
    field: str
    run: Any
    baseline: Any

    def __str__(self) -> str:
        return f"{self.field}: run {_show(self.run)} vs baseline {_show(self.baseline)}"


class BaselineMismatch(ResultsError):
    """The run and the baseline were measured under different environment or toolchain versions."""

    def __init__(self, baseline: str, differences: list[Difference]):
        self.baseline, self.differences = baseline, differences
        listed = "; ".join(str(d) for d in differences)
        super().__init__(f"refusing to compare with baseline {baseline!r}, measured differently: {listed} "
                         f"(pass allow_mismatch=True / --allow-mismatch to compare anyway)")


def _show(value: Any) -> str:
    return "unknown" if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


@dataclass
class Baseline:
    name: str
    metadata: dict[str, Any]
    tasks: list[TaskCounts]
    path: Path | None = None
    saved_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)     # unknown top-level keys, kept on round trip

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "name": self.name, "saved_at": self.saved_at,
                **self.extra, "metadata": self.metadata, "tasks": [t.to_json() for t in self.tasks]}

    @classmethod
    def from_json(cls, data: Any, path: Path | None = None) -> "Baseline":
        where = str(path) if path else "baseline"
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BaselineError(f"{where}: not a modbench baseline (expected \"format\": \"{FORMAT}\")")
        if data.get("format_version") != FORMAT_VERSION:
            raise BaselineError(f"{where}: format_version {data.get('format_version')!r} is not supported "
                                f"(this modbench reads {FORMAT_VERSION})")
        metadata, rows = data.get("metadata"), data.get("tasks")
        if not isinstance(metadata, dict) or not isinstance(rows, list):
            raise BaselineError(f"{where}: needs a 'metadata' object and a 'tasks' list")
        tasks = [_task_from_json(row, i, where) for i, row in enumerate(rows)]
        keys = [(t.environment, t.key) for t in tasks]
        if len(set(keys)) != len(keys):
            raise BaselineError(f"{where}: a task appears twice")
        extra = {k: v for k, v in data.items()
                 if k not in ("format", "format_version", "name", "saved_at", "metadata", "tasks")}
        return cls(name=str(data.get("name") or (path.stem if path else "baseline")), metadata=metadata,
                   tasks=tasks, path=path, saved_at=data.get("saved_at"), extra=extra)


def _task_from_json(row: Any, i: int, where: str) -> TaskCounts:
    def bad(why: str) -> BaselineError:
        return BaselineError(f"{where}: tasks[{i}] {why}")

    if not isinstance(row, dict):
        raise bad("is not an object")
    for name in ("key", "environment", "family"):
        if not isinstance(row.get(name), str) or not row[name]:
            raise bad(f"needs a non-empty string {name!r}")
    counts = {name: row.get(name, 0 if name == "n_errors" else None) for name in ("n", "c", "n_errors")}
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise bad(f"needs a non-negative integer {name!r}, got {value!r}")
    if counts["c"] > counts["n"]:
        raise bad(f"has c={counts['c']} > n={counts['n']}")
    split = row.get("split")
    return TaskCounts(key=row["key"], environment=row["environment"], family=row["family"],
                      split=split if isinstance(split, str) else None, **counts)


def baseline_from_run(run_dir: Path | str, name: str, metadata: dict[str, Any] | None = None) -> Baseline:
    rollouts = read_rollouts(run_dir)
    if not rollouts:
        raise RunDirError(f"{Path(run_dir) / 'traces.jsonl'} holds no rollouts")
    tasks = count_tasks(rollouts)
    meta = read_run_metadata(run_dir, rollouts)
    if metadata:
        meta.update(metadata)
        meta.setdefault("sources", {}).update({k: "metadata argument" for k in metadata if k != "sources"})
    meta.update(n_tasks=len(tasks), n_rollouts=len(rollouts), n_errors=sum(t.n_errors for t in tasks),
                source_run=str(Path(run_dir).resolve()))
    return Baseline(name=name, metadata=meta, tasks=tasks,
                    saved_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))


def save_baseline(run_dir: Path | str, name: str, out_dir: Path | str | None = None,
                  metadata: dict[str, Any] | None = None, *, overwrite: bool = False) -> Path:
    """Write `<out_dir>/<name>.json` (default out_dir: results/baselines/) from a run dir; returns its path.

    `metadata` overrides what the run dir says (e.g. toolchain versions of a run made before modbench wrote
    modbench_run.json). An existing baseline is only replaced with overwrite=True.
    """
    if not _NAME.match(name):
        raise BaselineError(f"baseline name {name!r} must be letters, digits, '.', '_' or '-' (no path)")
    baseline = baseline_from_run(run_dir, name, metadata)
    out_dir = Path(out_dir) if out_dir is not None else BASELINES_DIR
    path = out_dir / f"{name}.json"
    if path.exists() and not overwrite:
        raise BaselineError(f"{path} already exists (overwrite=True / --force replaces it)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(dumps(baseline.to_json()), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise BaselineError(f"cannot write {path}: {exc.strerror or exc}") from None
    baseline.path = path
    return path


def dumps(doc: dict[str, Any]) -> str:
    """Indented JSON with one task per line, so that a baseline diff reads task by task."""
    doc = dict(doc)
    tasks = doc.pop("tasks")
    head = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)
    rows = ",\n".join("    " + json.dumps(t, ensure_ascii=False) for t in tasks)
    return head[:-2] + ',\n  "tasks": [\n' + rows + ("\n" if rows else "") + "  ]\n}\n"


def list_baselines(baselines_dir: Path | str | None = None) -> list[str]:
    folder = Path(baselines_dir) if baselines_dir is not None else BASELINES_DIR
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def resolve_baseline_path(name_or_path: str | Path, baselines_dir: Path | str | None = None) -> Path:
    """A bare name is results/baselines/<name>.json; anything with a path separator or .json is a path."""
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or "/" in text or os.sep in text or text.endswith(".json"):
        return Path(name_or_path)
    if not _NAME.match(text):
        raise BaselineError(f"{text!r} is neither a baseline name nor a path to a .json file")
    return (Path(baselines_dir) if baselines_dir is not None else BASELINES_DIR) / f"{text}.json"


def load_baseline(name_or_path: str | Path, baselines_dir: Path | str | None = None) -> Baseline:
    path = resolve_baseline_path(name_or_path, baselines_dir)
    if not path.is_file():
        known = list_baselines(baselines_dir)
        hint = f"; saved baselines: {', '.join(known)}" if known else ""
        raise BaselineError(f"no baseline at {path}{hint}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path} is not valid JSON: {exc}") from None
    return Baseline.from_json(data, path)


def metadata_differences(run: dict[str, Any], baseline: dict[str, Any]) -> list[Difference]:
    """The differences that make the comparison dishonest: environment, its version, each toolchain's version."""
    diffs = [Difference(f, run.get(f), baseline.get(f)) for f in GUARDED_FIELDS if run.get(f) != baseline.get(f)]
    run_tc, base_tc = run.get("toolchains") or {}, baseline.get("toolchains") or {}
    if run_tc and base_tc:   # both recorded: every toolchain either side used must agree
        diffs += [Difference(f"toolchains.{name}", run_tc.get(name), base_tc.get(name))
                  for name in sorted(set(run_tc) | set(base_tc)) if run_tc.get(name) != base_tc.get(name)]
    elif run_tc or base_tc:  # one side recorded none: nothing shows they match
        diffs.append(Difference("toolchains", run_tc or None, base_tc or None))
    return diffs


def comparability_warnings(run: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Differences that do not refuse a comparison but qualify it."""
    warnings = []
    run_s, base_s = run.get("sampling") or {}, baseline.get("sampling") or {}
    for key in sorted(set(run_s) | set(base_s)):
        if key != "seed" and run_s.get(key) != base_s.get(key):
            warnings.append(f"sampling.{key} differs: run {_show(run_s.get(key))} vs baseline "
                            f"{_show(base_s.get(key))}; pass@k depends on it")
    if run.get("verifiers_version") != baseline.get("verifiers_version"):
        warnings.append(f"verifiers_version differs: run {_show(run.get('verifiers_version'))} vs baseline "
                        f"{_show(baseline.get('verifiers_version'))}")
    for f in GUARDED_FIELDS:
        if run.get(f) is None and baseline.get(f) is None:
            warnings.append(f"{f} is unknown for both run and baseline, so it could not be checked")
    if not run.get("toolchains") and not baseline.get("toolchains"):
        warnings.append("toolchain versions are unknown for both run and baseline, so they could not be checked "
                        "(modbench eval records them in modbench_run.json)")
    return warnings


def check_comparable(run_metadata: dict[str, Any], baseline: Baseline,
                     allow_mismatch: bool = False) -> list[Difference]:
    """The guarded differences; raises BaselineMismatch if there are any and allow_mismatch is False."""
    diffs = metadata_differences(run_metadata, baseline.metadata)
    if diffs and not allow_mismatch:
        raise BaselineMismatch(baseline.name, diffs)
    return diffs
