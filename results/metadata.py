"""What a run was: environment and version, toolchain versions, model, sampling, seed, date.

These are the facts that decide whether two runs may be compared. Sources, best first:
1. `modbench_run.json` in the run dir, written by `modbench eval`:
   {environment, environment_version, toolchains: {name: version}, model, sampling, seed, date, ...};
   its other keys (isolation, split, ...) are carried along unchanged
2. `configs/resolved/eval.json`, written by verifiers' `vf-eval`: model, sampling, env.taskset.id, num_rollouts
3. `traces.jsonl` itself: env.id, the agent's model, the verifiers version, the file's time as the date.
`sources` records where each field came from, so a report can say when a fact is only a fallback.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Iterable

from .traces import TRACES_FILE, Rollout, RunDirError

MODBENCH_RUN_FILE = "modbench_run.json"
EVAL_CONFIG_FILE = "configs/resolved/eval.json"
SAMPLING_KEYS = ("temperature", "top_p", "max_tokens", "seed")


def environment_name(env_id: str) -> tuple[str, str | None]:
    """Split an environment id as verifiers accepts it: "owner/vf-l4d2@0.1.0" -> ("vf-l4d2", "0.1.0")."""
    name, _, env_version = env_id.partition("@")
    return name.rsplit("/", 1)[-1], env_version or None


def installed_modbench_version() -> str | None:
    try:
        return version("modbench")
    except PackageNotFoundError:
        return None


def _read_json(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RunDirError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RunDirError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise RunDirError(f"{path} holds {type(data).__name__}, expected a JSON object")
    return data


def _get(data: dict | None, *path: str) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def normalize_sampling(sampling: Any) -> dict[str, Any]:
    """The four parameters that change pass@k always present (None when unset), plus any other set key."""
    sampling = sampling if isinstance(sampling, dict) else {}
    out = {key: sampling.get(key) for key in SAMPLING_KEYS}
    out.update({k: v for k, v in sorted(sampling.items()) if k not in out and v is not None})
    return out


def read_run_metadata(run_dir: Path | str, rollouts: Iterable[Rollout] = ()) -> dict[str, Any]:
    """The run's metadata dict (see the module docstring); `rollouts` supply the trace-level fallbacks."""
    run_dir = Path(run_dir)
    own = _read_json(run_dir / MODBENCH_RUN_FILE)
    eval_cfg = _read_json(run_dir / EVAL_CONFIG_FILE)
    rollouts = list(rollouts)
    meta: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def pick(field: str, *candidates: tuple[str, Any]) -> None:
        for source, value in candidates:
            if value is not None and value != "" and value != {}:
                meta[field], sources[field] = value, source
                return
        meta[field] = None

    env_ids = sorted({r.environment for r in rollouts})
    taskset_id = _get(eval_cfg, "env", "taskset", "id") or None
    trace_env = env_ids[0] if len(env_ids) == 1 else None
    pick("environment",
         (MODBENCH_RUN_FILE, _get(own, "environment")),
         (EVAL_CONFIG_FILE, taskset_id and environment_name(taskset_id)[0]),
         (TRACES_FILE, trace_env and environment_name(trace_env)[0]))
    pick("environment_version",
         (MODBENCH_RUN_FILE, _get(own, "environment_version")),
         (EVAL_CONFIG_FILE, taskset_id and environment_name(taskset_id)[1]),
         (TRACES_FILE, trace_env and environment_name(trace_env)[1]))
    if meta["environment"] is not None:
        meta["environment"] = environment_name(str(meta["environment"]))[0]

    toolchains = _get(own, "toolchains")
    meta["toolchains"] = dict(sorted(toolchains.items())) if isinstance(toolchains, dict) else {}
    if meta["toolchains"]:
        sources["toolchains"] = MODBENCH_RUN_FILE

    models = sorted({r.model for r in rollouts if r.model})
    pick("model",
         (MODBENCH_RUN_FILE, _get(own, "model")),
         (EVAL_CONFIG_FILE, _get(eval_cfg, "model")),
         (TRACES_FILE, ", ".join(models) or None))

    sampling_source = next(((s, v) for s, v in ((MODBENCH_RUN_FILE, _get(own, "sampling")),
                                                 (EVAL_CONFIG_FILE, _get(eval_cfg, "sampling")))
                            if isinstance(v, dict)), (None, None))
    meta["sampling"] = normalize_sampling(sampling_source[1])
    if sampling_source[0]:
        sources["sampling"] = sampling_source[0]

    pick("seed", (MODBENCH_RUN_FILE, _get(own, "seed")), (EVAL_CONFIG_FILE, _get(eval_cfg, "sampling", "seed")))
    traces_file = run_dir / TRACES_FILE
    file_date = (datetime.fromtimestamp(traces_file.stat().st_mtime, timezone.utc).isoformat(timespec="seconds")
                 if traces_file.is_file() else None)
    pick("date", (MODBENCH_RUN_FILE, _get(own, "date")), (f"{TRACES_FILE} mtime", file_date))
    pick("modbench_version", (MODBENCH_RUN_FILE, _get(own, "modbench_version")),
         ("installed", installed_modbench_version()))
    vf_versions = sorted({r.verifiers_version for r in rollouts if r.verifiers_version})
    pick("verifiers_version", (TRACES_FILE, ", ".join(vf_versions) or None))
    pick("num_rollouts", (MODBENCH_RUN_FILE, _get(own, "num_rollouts")),
         (MODBENCH_RUN_FILE, _get(own, "samples_per_task")), (EVAL_CONFIG_FILE, _get(eval_cfg, "num_rollouts")))
    pick("run_name", (MODBENCH_RUN_FILE, _get(own, "run_name")), (EVAL_CONFIG_FILE, _get(eval_cfg, "run", "name")),
         ("run dir", run_dir.resolve().name))
    # anything else modbench_run.json records (isolation level, split, ...) travels along unchanged
    for key, value in (own or {}).items():
        if key not in meta and key not in ("n_tasks", "n_rollouts", "n_errors", "samples_per_task"):
            meta[key], sources[key] = value, MODBENCH_RUN_FILE
    meta["sources"] = sources
    return meta
