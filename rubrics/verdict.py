"""The shared result types of every rubric: a `Verdict` made of ordered `TierResult`s.

A verdict answers two separate questions: did the model's code pass (`passed`), and could we even tell
(`has_error`: an infrastructure failure such as a missing toolchain, a sandbox that could not start or a
crashed worker). A verdict with `has_error` is never a pass and never counted as a failure in pass@k.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass
class Diagnostic:
    tier: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    code: str | None = None          # the tool's own code: "error 017", "W143", ...

    def render(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line is not None else "") + (
                f":{self.column}" if self.column is not None else "") + ": "
        code = f"[{self.code}] " if self.code else ""
        return f"{where}{self.severity}: {code}{self.message}"


@dataclass
class TierResult:
    name: str
    ok: bool
    details: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    has_error: bool = False          # this tier could not run: an infrastructure failure
    error: str | None = None
    seconds: float = 0.0
    skipped: bool = False            # not run (an earlier required tier failed, or disabled by config)

    @classmethod
    def infra_error(cls, name: str, error: str, **details: Any) -> "TierResult":
        return cls(name=name, ok=False, has_error=True, error=error, details=dict(details))

    @classmethod
    def skip(cls, name: str, why: str) -> "TierResult":
        return cls(name=name, ok=False, skipped=True, details={"skipped": why})


@dataclass
class Verdict:
    passed: bool
    has_error: bool = False
    error: str | None = None
    tiers: dict[str, TierResult] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    feedback: str = ""               # one short paragraph on why it failed, fit to show a model
    versions: dict[str, str | None] = field(default_factory=dict)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for t in self.tiers.values() for d in t.diagnostics]

    def tier_ok(self, name: str) -> bool:
        t = self.tiers.get(name)
        return bool(t and t.ok and not t.skipped)

    def to_json(self) -> dict[str, Any]:
        """The shape `modbench check --json` prints: ok, has_error, tiers{name: {ok, details}}, diagnostics."""
        return {
            "ok": self.passed,
            "has_error": self.has_error,
            "error": self.error,
            "feedback": self.feedback,
            "tiers": {
                name: {"ok": t.ok, "skipped": t.skipped, "has_error": t.has_error, "error": t.error,
                       "seconds": round(t.seconds, 4), "details": t.details}
                for name, t in self.tiers.items()
            },
            "diagnostics": [asdict(d) for d in self.diagnostics],
            "metrics": self.metrics,
        }
