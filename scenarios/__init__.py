"""Tasks as reviewed data files (one TOML file per task), their schema, loader and train/eval splits."""

from .loader import ROOT, TaskFileError, load_file, load_tasks, task_files
from .schema import ENVS, FAMILIES, BrokenVariant, TaskSpec

__all__ = ["ENVS", "FAMILIES", "ROOT", "BrokenVariant", "TaskFileError", "TaskSpec", "load_file", "load_tasks",
           "task_files"]
