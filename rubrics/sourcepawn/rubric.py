"""The vf-l4d2 rubric: six tiers in order, metrics, short feedback, and a cache for identical answers.

    verdict = await score_answer(spec, completion)          # a task's answer
    rows = await check_files([Path("plugin.sp"), ...])       # `modbench check l4d2`: no task, smoke behaviour
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from modbench.sandboxes import POOL

from .. import engine as scoring
from ..engine import VerdictCache, answer_key, finish, run_tiers, task_error, task_problem
from ..verdict import Diagnostic, TierResult, Verdict
from .behaviour import BehaviourTier
from .compiler import CompileTier
from .context import PLUGIN_FILE, Context
from .extract import MAX_CODE_BYTES, ExtractTier
from .includes import IncludesTier
from .security import SecurityTier
from .static import StaticTier
from .toolchain import toolchain_versions

TIERS: tuple[str, ...] = ("extract", "includes", "compile", "static", "behaviour", "security")
# a tier needs the output of these; enabling it enables them
PREREQUISITES = {"extract": set(), "includes": {"extract"}, "compile": {"extract", "includes"},
                 "static": {"extract", "includes", "compile"}, "behaviour": {"extract", "includes", "compile"},
                 "security": {"extract"}}
CHECK_KEYS = {"require_natives", "forbid_natives", "require_events", "forbid_events", "require_commands",
              "require_admin_commands", "require_convars", "require_netprops", "forbid_netprops",
              "community_includes", "tiers", "scenarios"}

_CACHE = VerdictCache()


def _tier_objects() -> list:
    return [ExtractTier(), IncludesTier(), CompileTier(), StaticTier(), BehaviourTier(), SecurityTier()]


def enabled_tiers(checks: dict, tiers: set[str] | None) -> set[str]:
    """The task's tiers (all by default), narrowed by `tiers`, plus what those need to run."""
    return scoring.enabled_tiers(TIERS, PREREQUISITES, checks, tiers)


def answer_for_code(code: str) -> str:
    """The code formatted the way a model answers: one ```sourcepawn fenced block."""
    return f"```sourcepawn\n{code.rstrip()}\n```\n"


def metrics(verdict: Verdict) -> dict[str, float]:
    def ran(name: str) -> TierResult | None:
        t = verdict.tiers.get(name)
        return t if t is not None and not t.skipped and not t.has_error else None

    behaviour = ran("behaviour")
    if behaviour is None:
        pass_rate = 0.0
    elif behaviour.details.get("smoke"):
        pass_rate = 1.0 if behaviour.ok else 0.0
    else:
        pass_rate = float(behaviour.details.get("pass_rate", 1.0 if behaviour.ok else 0.0))
    compile_tier, security = ran("compile"), ran("security")
    return {
        "compiled": float(verdict.tier_ok("compile")),
        "api_ok": float(verdict.tier_ok("static")),
        "behaviour_pass_rate": pass_rate,
        "warnings": float(compile_tier.details.get("warnings", 0) if compile_tier else 0),
        "security_issues": float(len(security.details.get("findings", [])) if security else 0),
        "passed": float(verdict.passed),
    }


async def _score(ctx: Context, enabled: set[str]) -> Verdict:
    verdict = await run_tiers(_tier_objects(), ctx, enabled=enabled)
    verdict.versions = await toolchain_versions()
    return finish(verdict, metrics)


async def score_answer(spec, answer: str, *, tiers: set[str] | None = None,
                       timeouts: dict[str, float] | None = None) -> Verdict:
    """Score one completion for a vf-l4d2 task. Identical answers to the same task are scored once."""
    checks = dict(spec.checks or {})
    problem = task_problem(spec, "l4d2", CHECK_KEYS)
    if problem:
        return task_error(problem, metrics)
    try:
        enabled = enabled_tiers(checks, tiers)
    except ValueError as exc:
        return task_error(f"task {spec.id}: {exc}", metrics)
    versions = await toolchain_versions()
    key = answer_key(answer, spec.model_dump(), sorted(enabled), versions, sorted((timeouts or {}).items()))
    ctx = Context(text=answer, mode="task", checks=checks, timeouts=dict(timeouts or {}))
    return await _CACHE.get_or_score(key, lambda: _score(ctx, enabled))


def _file_name(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", path.stem)[:100] or "plugin"
    return f"{stem}.sp" if path.suffix == ".sp" else PLUGIN_FILE


def _read(path: Path) -> tuple[str | None, str | None]:
    """(text, None) or (None, why the file cannot be checked)."""
    try:
        if not path.is_file():          # a directory or a FIFO (which would block a read forever)
            return None, "cannot read the file: not a regular file" if path.exists() else \
                "cannot read the file: no such file"
        size = path.stat().st_size
        if size > 4 * MAX_CODE_BYTES:
            return None, f"{size // 1024} KB is too large to be a plugin source"
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read the file: {exc.strerror or exc}"
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, f"the file is not UTF-8 (byte {exc.start}); SourceMod plugins are compiled as UTF-8"


async def check_file(path: Path) -> dict:
    path = Path(path)
    text, why = _read(path)
    if text is None:
        result = TierResult("extract", ok=False, details={"reason": "unreadable", "message": why},
                            diagnostics=[Diagnostic("extract", "error", why or "unreadable")])
        verdict = Verdict(passed=False, tiers={"extract": result})
        for name in TIERS[1:]:
            verdict.tiers[name] = TierResult.skip(name, "tier 'extract' failed")
        finish(verdict, metrics)
    else:
        ctx = Context(text=text, mode="file", file_name=_file_name(path))
        verdict = await _score(ctx, set(TIERS))
    return {"path": str(path), **verdict.to_json()}


async def check_files(paths: list[Path]) -> list[dict]:
    """`modbench check l4d2`: the task-free tiers for many plugin files, concurrently, in input order."""
    # the sandbox pool bounds the compilers; this bounds the files held in memory at once
    gate = asyncio.Semaphore(max(2, 2 * POOL.size))

    async def one(p: Path) -> dict:
        async with gate:
            return await check_file(p)

    return list(await asyncio.gather(*(one(Path(p)) for p in paths)))
