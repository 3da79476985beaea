"""Tier `behaviour`: run the compiled plugin in the L4D2 simulator (`modbench.rubrics.sourcepawn.sim`).

A task's `checks.scenarios` are run as written; a task without scenarios, and `modbench check`, get the
simulator's smoke run (lifecycle, a few clients, every hooked event once, every command once). A plugin that
stops itself with SetFailState because gamedata or a data file is absent cannot be checked here: for
`modbench check` that is reported as `not_verifiable` and not held against the plugin; for a task it fails,
because the task's behaviour was never shown.
"""

from __future__ import annotations

from ..verdict import Diagnostic, TierResult
from .context import Context

TIER = "behaviour"
MAX_INSTRUCTIONS = 5_000_000
MAX_DIAGNOSTICS = 10


def _scenario_summary(s: dict) -> dict:
    keep = ("name", "passed", "failures", "errors")
    return {k: (s.get(k)[:10] if isinstance(s.get(k), list) else s.get(k)) for k in keep if k in s}


class BehaviourTier:
    name = TIER
    required = True

    async def run(self, ctx: Context) -> TierResult:
        if ctx.smx is None:
            return TierResult.infra_error(TIER, "no compiled plugin to run (the compile tier did not run)")
        try:
            from .sim import run_behaviour  # noqa: PLC0415  (built by its own module; import only when used)
        except ImportError as exc:
            return TierResult.infra_error(TIER, f"the L4D2 simulator is not available: {exc}")
        scenarios = list(ctx.checks.get("scenarios", []) or []) if ctx.mode == "task" else []
        smoke = not scenarios
        result = await run_behaviour(ctx.smx, scenarios, smoke=smoke, timeout=ctx.timeout(TIER),
                                     max_instructions=MAX_INSTRUCTIONS)
        details = {"smoke": smoke, "pass_rate": float(result.pass_rate),
                   "scenarios": [_scenario_summary(s) for s in result.scenarios],
                   "missing_natives": list(result.missing_natives), "instructions": result.instructions}
        if result.has_error:
            return TierResult.infra_error(TIER, result.error or "the simulator failed", **details)
        if result.not_verifiable:
            details["not_verifiable"] = result.not_verifiable
            if ctx.mode == "file":
                return TierResult(TIER, ok=True, details=details)
            message = (f"the plugin stopped itself before it could be tested ({result.not_verifiable}); "
                       "the task's plugin must not need gamedata or data files")
            details.update(pass_rate=0.0, message=message)
            return TierResult(TIER, ok=False, details=details, diagnostics=[Diagnostic(TIER, "error", message)])
        diags: list[Diagnostic] = []
        for s in result.scenarios:
            if s.get("passed"):
                continue
            for why in [*(s.get("failures") or []), *(s.get("errors") or [])][:3]:
                label = "smoke run" if smoke else f"scenario {s.get('name', '?')!r}"
                diags.append(Diagnostic(TIER, "error", f"{label}: {why}"))
        diags = diags[:MAX_DIAGNOSTICS]
        if not result.ok and not diags:
            diags.append(Diagnostic(TIER, "error", result.error or "the plugin's behaviour did not match the task"))
        if diags:
            details["message"] = diags[0].message
        return TierResult(TIER, ok=bool(result.ok), details=details, diagnostics=diags)
