"""The fast tiers of the Luanti rubric, in order, and the metrics they contribute.

    from modbench.rubrics.luanti.fast import FAST_TIERS, fast_tiers, fast_metrics
    tiers = [*fast_tiers(), EngineTier()]          # parse, syntax, lint, sim, then the real engine

Metrics (floats) from the fast tiers' results, for the rubric assembler:
  syntax_ok, lint_ok, api_ok, sim_ok   1.0 when that tier ran and passed (api_ok: lint found no API errors)
  warnings                             lint style warnings + sim warnings
  security_issues                      lint security findings
A tier that did not run (skipped after an earlier failure) counts as 0 for its *_ok metric.
"""

from __future__ import annotations

from modbench.rubrics.verdict import Verdict

from .answer import ParseTier
from .lint import LintTier
from .sim.tier import SimTier
from .syntax import SyntaxTier

FAST_TIERS: tuple[str, ...] = ("parse", "syntax", "lint", "sim")


def fast_tiers() -> list:
    return [ParseTier(), SyntaxTier(), LintTier(), SimTier()]


def fast_metrics(verdict: Verdict) -> dict[str, float]:
    def ran_ok(name: str) -> float:
        t = verdict.tiers.get(name)
        return 1.0 if t is not None and t.ok and not t.skipped and not t.has_error else 0.0

    lint = verdict.tiers.get("lint")
    sim = verdict.tiers.get("sim")
    lint_details = lint.details if lint is not None and not lint.skipped else {}
    sim_details = sim.details if sim is not None and not sim.skipped else {}
    return {
        "syntax_ok": ran_ok("syntax"),
        "lint_ok": ran_ok("lint"),
        "api_ok": 1.0 if lint_details.get("api_ok") else 0.0,
        "sim_ok": ran_ok("sim"),
        "warnings": float(lint_details.get("warnings", 0) + sim_details.get("warnings", 0)),
        "security_issues": float(lint_details.get("security_issues", 0)),
    }
