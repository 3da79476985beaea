"""What the SourcePawn tiers share while scoring one answer: each tier reads what earlier tiers left here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..verdict import Diagnostic

PLUGIN_FILE = "plugin.sp"
DEFAULT_TIMEOUTS = {"compile": 30.0, "behaviour": 10.0}


@dataclass
class Context:
    text: str                                   # the completion (task mode) or the file's text (file mode)
    mode: Literal["task", "file"] = "task"
    checks: dict[str, Any] = field(default_factory=dict)
    timeouts: dict[str, float] = field(default_factory=dict)
    file_name: str = PLUGIN_FILE                # the name the compiler and the diagnostics use
    # filled in by the tiers, in order
    code: str | None = None                     # extract
    include_dirs: list[Path] = field(default_factory=list)   # includes: community include dirs to bind
    smx: bytes | None = None                    # compile
    compiler_diagnostics: list[Diagnostic] = field(default_factory=list)
    facts: Any = None                           # static (SmxFacts)

    def timeout(self, tier: str) -> float:
        return float(self.timeouts.get(tier, DEFAULT_TIMEOUTS.get(tier, 30.0)))

    @property
    def community_allowed(self) -> list[str]:
        return [str(x) for x in self.checks.get("community_includes", []) or []]
