"""Which rubric scores which environment. Both rubrics expose the same entry points:
`score_answer(spec, answer, *, tiers=None, timeouts=None) -> Verdict` and `TIERS`."""

from __future__ import annotations

import importlib
from types import ModuleType

RUBRIC_MODULES = {"l4d2": "modbench.rubrics.sourcepawn", "luanti": "modbench.rubrics.luanti"}


class UnknownEnvironment(ValueError):
    pass


def rubric_for(env: str) -> ModuleType:
    if env not in RUBRIC_MODULES:
        raise UnknownEnvironment(f"unknown environment {env!r}; choose one of: {', '.join(RUBRIC_MODULES)}")
    return importlib.import_module(RUBRIC_MODULES[env])
