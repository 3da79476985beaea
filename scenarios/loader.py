"""Load and select task files."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from pydantic import ValidationError

from .schema import TaskSpec

ROOT = Path(__file__).resolve().parent


class TaskFileError(ValueError):
    """A task file that does not parse or does not match the schema; the message names the file."""


def task_files(env: str, split: str | None = None) -> list[Path]:
    base = ROOT / env
    splits = [split] if split else ["eval", "train"]
    return sorted(p for s in splits for p in (base / s).glob("*.toml"))


def load_file(path: Path) -> TaskSpec:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        spec = TaskSpec.model_validate(data)
    except (tomllib.TOMLDecodeError, ValidationError, UnicodeDecodeError) as exc:
        raise TaskFileError(f"{path}: {exc}") from exc
    if path.stem != spec.id:
        raise TaskFileError(f"{path}: file name must be the task id {spec.id!r}")
    if path.parent.name != spec.split or path.parent.parent.name != spec.env:
        raise TaskFileError(f"{path}: must live in scenarios/{spec.env}/{spec.split}/")
    return spec


@functools.lru_cache(maxsize=None)
def _load_all(env: str) -> tuple[TaskSpec, ...]:
    specs = tuple(load_file(p) for p in task_files(env))
    seen: dict[str, str] = {}
    for s in specs:
        if s.id in seen:
            raise TaskFileError(f"duplicate task id {s.id!r}")
        seen[s.id] = s.split
    return specs


def load_tasks(env: str, split: str | None = None, families: list[str] | tuple[str, ...] | None = None,
               ids: list[str] | None = None) -> list[TaskSpec]:
    """The tasks of `env`, optionally narrowed to a split, families and ids, in a stable (id) order."""
    out = [s for s in _load_all(env)
           if (split is None or s.split == split)
           and (not families or s.family in families)
           and (not ids or s.id in ids)]
    return sorted(out, key=lambda s: s.id)
