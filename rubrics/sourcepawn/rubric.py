"""The vf-l4d2 rubric: six tiers in order, metrics, short feedback, and a cache for identical answers.

    verdict = await score_answer(spec, completion)          # a task's answer
    rows = await check_files([Path("plugin.sp"), ...])       # `modbench check l4d2`: no task, smoke behaviour
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from modbench.sandboxes import POOL

from ..engine import VerdictCache, answer_key, run_tiers
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
FEEDBACK_DIAGNOSTICS = 3
FEEDBACK_CHARS = 800

_CACHE = VerdictCache()


def _tier_objects() -> list:
    return [ExtractTier(), IncludesTier(), CompileTier(), StaticTier(), BehaviourTier(), SecurityTier()]


def enabled_tiers(checks: dict, tiers: set[str] | None) -> set[str]:
    """The task's tiers (all by default), narrowed by `tiers`, plus what those need to run."""
    wanted = set(checks.get("tiers") or TIERS)
    unknown = (wanted | set(tiers or ())) - set(TIERS)
    if unknown:
        raise ValueError(f"unknown tier(s) {sorted(unknown)}; the tiers are {', '.join(TIERS)}")
    if tiers is not None:
        wanted &= set(tiers)
    for name in list(wanted):
        wanted |= PREREQUISITES[name]
    return wanted


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


def _short(d: Diagnostic) -> str:
    where = f"{d.file}:{d.line}: " if d.file and d.line is not None else (f"{d.file}: " if d.file else "")
    code = f"{d.code}: " if d.code and d.code[:1].isalpha() and " " in d.code else ""   # "error 017: "
    return f"{where}{code}{d.message}"


def feedback(verdict: Verdict) -> str:
    """The first few errors of the failing tier, short enough to show a model."""
    if verdict.passed:
        return ""
    if verdict.has_error:
        return f"could not be scored (not the answer's fault): {verdict.error}"[:FEEDBACK_CHARS]
    for name, t in verdict.tiers.items():
        if t.skipped or t.ok:
            continue
        errors = [d for d in t.diagnostics if d.severity == "error"][:FEEDBACK_DIAGNOSTICS]
        body = "; ".join(_short(d) for d in errors) or str(t.details.get("message", "failed"))
        return f"{name} failed: {body}"[:FEEDBACK_CHARS]
    return ""


async def _score(ctx: Context, enabled: set[str]) -> Verdict:
    verdict = await run_tiers(_tier_objects(), ctx, enabled=enabled)
    verdict.versions = await toolchain_versions()
    verdict.metrics = metrics(verdict)
    verdict.feedback = feedback(verdict)
    return verdict


def _task_error(message: str) -> Verdict:
    verdict = Verdict(passed=False, has_error=True, error=message)
    verdict.metrics = metrics(verdict)
    verdict.feedback = feedback(verdict)
    return verdict


async def score_answer(spec, answer: str, *, tiers: set[str] | None = None,
                       timeouts: dict[str, float] | None = None) -> Verdict:
    """Score one completion for a vf-l4d2 task. Identical answers to the same task are scored once."""
    checks = dict(spec.checks or {})
    unknown = set(checks) - CHECK_KEYS
    if spec.env != "l4d2" or unknown:
        why = f"task {spec.id}: " + (f"env is {spec.env!r}, not 'l4d2'" if spec.env != "l4d2"
                                     else f"unknown checks keys {sorted(unknown)} (known: {sorted(CHECK_KEYS)})")
        return _task_error(why)
    try:
        enabled = enabled_tiers(checks, tiers)
    except ValueError as exc:
        return _task_error(f"task {spec.id}: {exc}")
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
        verdict.metrics, verdict.feedback = metrics(verdict), feedback(verdict)
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
