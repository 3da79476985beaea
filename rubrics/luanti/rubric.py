"""The vf-luanti rubric: five tiers in order, metrics, short feedback, and a cache for identical answers.

    verdict = await score_answer(spec, completion)                  # a task's answer
    verdict = await score_answer(spec, completion, tiers={"parse", "syntax", "lint", "sim"})   # no server

Tiers: parse (the mod from the completion), syntax (LuaJIT parses every file), lint (luacheck with the
engine's std, API and security rules), sim (the mod loaded against a mocked engine), engine (the real
Luanti 5.6.1 server with minetest_game, the registry report and the task's probes).
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from modbench.sandboxes import versions as toolchain_versions

from .. import engine as scoring
from ..engine import VerdictCache, answer_key, feedback, finish, run_tiers, task_error, task_problem
from ..verdict import TierResult, Verdict
from .answer import ParseTier
from .context import LuantiContext
from .engine import EngineTier
from .lint import LintTier
from .sim.tier import SimTier
from .syntax import SyntaxTier

TIERS: tuple[str, ...] = ("parse", "syntax", "lint", "sim", "engine")
FAST_TIERS: tuple[str, ...] = ("parse", "syntax", "lint", "sim")      # everything but the real server
# every tier reads the parsed mod; enabling a tier enables the tiers it needs
PREREQUISITES = {"parse": set(), "syntax": {"parse"}, "lint": {"parse"}, "sim": {"parse"}, "engine": {"parse"}}
CHECK_KEYS = {"mod_name", "depends", "require_api", "forbid_api", "forbid_files", "tiers", "registers", "probes"}
TOOLCHAINS = ["luajit", "luacheck", "minetestserver"]

_CACHE = VerdictCache()


def tier_objects() -> list:
    return [ParseTier(), SyntaxTier(), LintTier(), SimTier(), EngineTier()]


def enabled_tiers(checks: dict, tiers: set[str] | None) -> set[str]:
    """The task's tiers (`checks.tiers`, all by default), narrowed by `tiers`, plus what those need."""
    return scoring.enabled_tiers(TIERS, PREREQUISITES, checks, tiers)


@functools.lru_cache(maxsize=1)
def _versions_blocking() -> dict[str, str | None]:
    return toolchain_versions(TOOLCHAINS)


async def versions() -> dict[str, str | None]:
    """luajit, luacheck and minetestserver versions (asked once per process, off the event loop)."""
    if _versions_blocking.cache_info().currsize:
        return _versions_blocking()
    return await asyncio.to_thread(_versions_blocking)


def metrics(verdict: Verdict) -> dict[str, float]:
    def ran(name: str) -> TierResult | None:
        t = verdict.tiers.get(name)
        return t if t is not None and not t.skipped and not t.has_error else None

    lint, engine = ran("lint"), ran("engine")
    if engine is None:
        probe_rate = 0.0
    else:
        rate = engine.details.get("probe_pass_rate")
        probe_rate = float(rate) if rate is not None else float(engine.ok)
    warnings = 0
    for t in verdict.tiers.values():
        counted = t.details.get("warnings")
        if isinstance(counted, bool) or not isinstance(counted, int):
            counted = sum(1 for d in t.diagnostics if d.severity == "warning")
        warnings += counted
    return {
        "syntax_ok": float(verdict.tier_ok("syntax")),
        "lint_ok": float(verdict.tier_ok("lint")),
        "api_ok": float(bool(lint and lint.details.get("api_ok"))),
        "sim_ok": float(verdict.tier_ok("sim")),
        "engine_ok": float(verdict.tier_ok("engine")),
        "probe_pass_rate": probe_rate,
        "warnings": float(warnings),
        "security_issues": float(lint.details.get("security_issues", 0) if lint else 0),
        "passed": float(verdict.passed),
    }


async def score_context(ctx: LuantiContext, enabled: set[str]) -> Verdict:
    """Run the enabled tiers on a prepared context (also used by `check_paths`)."""
    verdict = await run_tiers(tier_objects(), ctx, enabled=enabled)
    verdict.versions = await versions()
    return finish(verdict, metrics)


async def score_answer(spec, answer: str, *, tiers: set[str] | None = None,
                       timeouts: dict[str, float] | None = None) -> Verdict:
    """Score one completion for a vf-luanti task. Identical answers to the same task are scored once.

    `tiers` narrows the tiers that run (e.g. FAST_TIERS to skip the real server); `timeouts` overrides
    per-tier wall-clock limits in seconds, by tier name.
    """
    checks: dict[str, Any] = dict(spec.checks or {})
    problem = task_problem(spec, "luanti", CHECK_KEYS)
    if problem:
        return task_error(problem, metrics)
    try:
        enabled = enabled_tiers(checks, tiers)
    except ValueError as exc:
        return task_error(f"task {spec.id}: {exc}", metrics)
    tool_versions = await versions()
    key = answer_key("luanti", answer, spec.model_dump(mode="json"), sorted(enabled), tool_versions,
                     sorted((timeouts or {}).items()))
    ctx = LuantiContext(answer=answer, spec=spec, timeouts=dict(timeouts or {}))
    return await _CACHE.get_or_score(key, lambda: score_context(ctx, enabled))
