"""What every Luanti tier reads and writes while one answer is scored.

The `parse` tier fills `mod`; later tiers read it, and leave results for each other in `scratch` (the lint
tier's accessed API fields, the sim tier's registry summary) so that no tier has to redo another's work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modbench.scenarios.schema import TaskSpec

from .answer import ModAnswer

DEFAULT_MOD_NAME = "mod"       # used only when neither the task nor the answer names the mod


@dataclass
class LuantiContext:
    answer: str                                   # the model's completion (empty when `mod` is given directly)
    spec: TaskSpec | None                         # None for `modbench check luanti` on a directory
    mod: ModAnswer | None = None                  # filled by the parse tier (or given, for a mod directory)
    deps: list[Path] = field(default_factory=list)        # extra mod dirs (`check --with`), loaded beside it
    checks: dict[str, Any] = field(default_factory=dict)  # spec.checks, or {} without a task
    scratch: dict[str, Any] = field(default_factory=dict) # tier outputs for later tiers ("lint", "sim", ...)
    timeouts: dict[str, float] = field(default_factory=dict)   # per-tier wall-clock overrides, by tier name

    def __post_init__(self) -> None:
        if not self.checks and self.spec is not None:
            self.checks = dict(self.spec.checks or {})

    @property
    def mod_name(self) -> str:
        """The mod's technical name: the task's `checks.mod_name`, else the parsed answer's."""
        name = self.checks.get("mod_name")
        if isinstance(name, str) and name:
            return name
        if self.mod is not None and self.mod.mod_name:
            return self.mod.mod_name
        return DEFAULT_MOD_NAME

    def timeout(self, tier: str, default: float) -> float:
        value = self.timeouts.get(tier)
        return float(value) if value else default
