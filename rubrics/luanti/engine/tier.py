"""Tier `engine`: the real Luanti 5.6.1 server loads the mod with minetest_game, reports and runs probes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from modbench.rubrics.verdict import Diagnostic, TierResult
from modbench.sandboxes.health import ToolchainBroken, ensure_healthy

from .judge import REGISTRATION_KINDS, judge
from .runner import DEFAULT_PROBE_INSTRUCTIONS, DEFAULT_TIMEOUT, run_engine
from .world import HARNESS_NAME, WorldMod, read_folder

TIER = "engine"
MOD_DIR_KEY = "mod_dir"        # ctx.scratch[...]: the folder on disk the mod came from (`modbench check`)


def task_probes(checks: dict[str, Any]) -> list[dict[str, str]]:
    """The task's probes as {name, lua}; raises ValueError for a malformed entry (a task file bug)."""
    probes = checks.get("probes") or []
    if not isinstance(probes, list):
        raise ValueError("checks.probes must be a list of {name, lua} tables")
    out = []
    for i, p in enumerate(probes, start=1):
        if not isinstance(p, dict) or not isinstance(p.get("lua"), str):
            raise ValueError(f"checks.probes[{i}] needs a `lua` string")
        out.append({"name": str(p.get("name") or f"probe {i}"), "lua": p["lua"]})
    return out


def world_mods(ctx) -> list[WorldMod]:
    """The mod under check (from its folder on disk when there is one, else from the answer) and the
    dependency folders given with it. Raises ValueError for an unusable dependency folder."""
    mod_dir: Path | None = ctx.scratch.get(MOD_DIR_KEY)
    if mod_dir is not None and Path(mod_dir).is_dir():
        # the whole folder (schematics and other data files too); its paths show relative, like the
        # other tiers' (the caller maps them to real paths)
        mods = [replace(m, display="") for m in read_folder(Path(mod_dir), checked=True)]
    else:
        mods = [WorldMod(ctx.mod.mod_name, dict(ctx.mod.files))]
    taken = {m.folder for m in mods}
    for dep in ctx.deps:
        for m in read_folder(Path(dep), checked=False):
            if m.folder in taken:      # two folders of the same name: keep the first, like a mod path would
                continue
            taken.add(m.folder)
            mods.append(m)
    return mods


class EngineTier:
    name = TIER
    required = True

    def __init__(self, wall_seconds: float = DEFAULT_TIMEOUT, probe_instructions: int = DEFAULT_PROBE_INSTRUCTIONS):
        self.wall_seconds = wall_seconds
        self.probe_instructions = probe_instructions

    async def run(self, ctx) -> TierResult:
        checks = ctx.checks or {}
        registers = checks.get("registers") or None
        try:
            probes = task_probes(checks)
            if registers is not None and (not isinstance(registers, dict)
                                          or set(registers) - set(REGISTRATION_KINDS)):
                raise ValueError(f"checks.registers must be a table with keys from {', '.join(REGISTRATION_KINDS)}")
        except ValueError as exc:
            return TierResult.infra_error(TIER, f"task file: {exc}")
        try:
            mods = world_mods(ctx)
        except (ValueError, OSError) as exc:
            return TierResult.infra_error(TIER, f"cannot set up the world: {exc}")
        if any(n == HARNESS_NAME for m in mods for n in m.mod_names):
            return TierResult(TIER, ok=False, diagnostics=[Diagnostic(
                TIER, "error", f"the mod name {HARNESS_NAME!r} is reserved for the checker's harness",
                code="reserved-name")])
        timeout = ctx.timeout(TIER, self.wall_seconds)
        run = await run_engine(mods, probes, timeout=timeout, probe_instructions=self.probe_instructions)
        if not run.has_error and (run.timed_out or run.exit_code != 0):
            # a mod's failure, or a server that fails on every world (a broken install, a missing game): the
            # health probe loads a trivial mod to tell them apart (a healthy result is remembered for a minute)
            try:
                await ensure_healthy("minetestserver")
            except ToolchainBroken as exc:
                return TierResult.infra_error(TIER, str(exc))
        result = judge(run, mods, registers=registers, probes=probes, timeout=timeout)
        ctx.scratch[TIER] = {"registered": result.details.get("registered", {}),
                             "probe_pass_rate": result.details.get("probe_pass_rate")}
        return result
