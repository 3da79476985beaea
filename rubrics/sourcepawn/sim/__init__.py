"""Simulated Left 4 Dead 2 server that runs a compiled SourceMod plugin (.smx) and checks task scenarios.

    from modbench.rubrics.sourcepawn.sim import run_behaviour
    result = await run_behaviour(smx_bytes, spec.checks["scenarios"])      # or smoke=True

The plugin runs in a sandboxed worker process (`worker.py`) on this package's own SourcePawn interpreter
(`vm.py`) and SourceMod/L4D2 native layer (`natives/`); the scenario DSL is interpreted by `scenario.py`.
The host-side names are imported lazily, so that the worker does not load the sandbox runner it never uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .runner import BehaviourResult, run_behaviour
    from .scenario import ScenarioError, validate

__all__ = ["BehaviourResult", "ScenarioError", "run_behaviour", "validate"]


def __getattr__(name: str):
    if name in ("BehaviourResult", "run_behaviour"):
        from . import runner
        return getattr(runner, name)
    if name in ("ScenarioError", "validate"):
        from . import scenario
        return getattr(scenario, name)
    raise AttributeError(name)
