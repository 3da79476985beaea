"""`modbench data export`: the train split's tasks as SFT rows (system prompt, task prompt, reference answer).

The eval split is refused outright: training on it would make every later pass@k figure meaningless.
"""

from __future__ import annotations

from modbench.scenarios import ENVS, TaskSpec, load_tasks

from .quality import FilterReport, quality_filter
from .rows import DataError, Row

TRAIN_SPLIT = "train"


def resolve_envs(env: str) -> list[str]:
    if env == "all":
        return list(ENVS)
    if env not in ENVS:
        raise DataError(f"unknown environment {env!r}; choose one of: {', '.join(ENVS)}, all")
    return [env]


def spec_index(envs: list[str] | None = None) -> dict[tuple[str, str], TaskSpec]:
    """Every task of both splits by (env, id): harvest cross-checks splits against it, verification needs specs."""
    return {(s.env, s.id): s for env in (envs or ENVS) for s in load_tasks(env)}


def row_for(spec: TaskSpec, answer: str | None = None, **meta) -> Row:
    from modbench.rubrics.taskset import system_prompt

    return Row(system=system_prompt(spec.env), user=spec.prompt.strip(),
               assistant=(spec.reference if answer is None else answer).strip(),
               meta={"env": spec.env, "task_id": spec.id, "family": spec.family, "split": spec.split,
                     "source": "reference", **meta})


def task_rows(envs: list[str], split: str = TRAIN_SPLIT) -> list[Row]:
    if split != TRAIN_SPLIT:
        raise DataError(f"refusing to export the {split!r} split as training data: only 'train' is exported "
                        "(training on eval tasks would invalidate every pass@k measured on them)")
    return [row_for(spec) for env in envs for spec in load_tasks(env, split=TRAIN_SPLIT)]


def export(envs: list[str], split: str = TRAIN_SPLIT, **filter_kwargs) -> tuple[list[Row], FilterReport]:
    """The filtered rows and the report. `filter_kwargs` go to `quality_filter` (verify, max_tokens, ...)."""
    rows = task_rows(envs, split)
    kept, report = quality_filter(rows, specs=spec_index(envs), **filter_kwargs)
    if not rows:
        report.notes.append(f"no {split} tasks found for {', '.join(envs)}")
    return kept, report
