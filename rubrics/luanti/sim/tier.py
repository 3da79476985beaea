"""Tier `sim`: load the mod in LuaJIT against the mocked engine (with the engine's own builtin Lua) and check
what it registers, in a fraction of the real server's time.

The worker (worker.py) runs in a sandbox with a wall-clock timeout, an instruction budget with the JIT off
and a Lua heap cap. Its outcome becomes a verdict: a load error, an endless loop, a memory bomb, a C-level
hang (a pathological string pattern) or a crash while the mod's code runs are the mod's failures; a worker
that cannot even start is an infrastructure error.

Output: the registry summary in ctx.scratch["sim"] (nodes, craftitems, tools, entities, chatcommands, abms,
lbms, crafts, privileges, aliases, callbacks, log, ...) and `checks.registers` checked against it.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from modbench.rubrics.verdict import Diagnostic, TierResult
from modbench.sandboxes import Bind, Limits, MiB, python_argv, python_binds
from modbench.sandboxes.warm import run_warm

from ..api_catalog import load_catalog
from ..deps import find_mod_dir, hard_dependencies, load_order
from .worker import RESULT_PREFIX, STAGE_PREFIX

# the server defaults a mod commonly reads at load time (minetest.conf.example of 5.6.1)
SETTINGS = {
    "enable_damage": "true", "creative_mode": "false", "enable_pvp": "true", "default_privs": "interact, shout",
    "basic_privs": "interact, shout", "max_users": "15", "time_speed": "72", "mg_name": "v7",
    "water_level": "1", "secure.enable_security": "true", "item_entity_ttl": "900", "enable_fire": "true",
    "active_block_range": "4", "max_objects_per_block": "64", "language": "", "name": "",
}

TIER = "sim"
MAX_INSTRUCTIONS = 20_000_000       # ~0.3 s of the interpreter with the JIT off; typical mods use < 100k
MAX_LUA_MEMORY = 128 * MiB
_LIST_KINDS = ("nodes", "craftitems", "tools", "entities", "privileges")
_FRAME = re.compile(r"(?:^|\s)(?P<file>[A-Za-z0-9_\-./]+\.lua):(?P<line>\d+):")


def to_lua(value) -> str:
    """A Lua expression for JSON-like data (the worker evaluates it with an empty environment)."""
    if value is None:
        return "nil"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if value == value and abs(value) != float("inf") else "0"
    if isinstance(value, str):
        return _lua_string(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"[{_lua_string(str(k))}]={to_lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "{" + ",".join(to_lua(v) for v in value) + "}"
    raise TypeError(f"cannot encode {type(value).__name__} for the sim worker")


_UNSAFE = re.compile(r'[^\x20\x21\x23-\x5b\x5d-\x7e]')


def _lua_string(s: str) -> str:
    # every byte outside printable ASCII (and quotes, backslashes) as a 3-digit decimal escape: exact, and
    # no text of the mod can end the literal early
    raw = s.encode("utf-8", "surrogatepass").decode("latin-1")
    return '"' + _UNSAFE.sub(lambda m: f"\\{ord(m.group()):03d}", raw) + '"'


@functools.lru_cache(maxsize=1)
def _engine_job_text() -> str:
    """The engine facts every job carries, as Lua text (made once per process: ~200 KB)."""
    data = load_catalog().engine
    return to_lua({"settings": SETTINGS, "engine_version": data["engine_version"]["string"],
                   "engine_minetest_fields": data["engine"]["minetest"]["fields"],
                   "game_globals": data["minetest_game"], "game_items": data["minetest_game_items"],
                   "game_aliases": data["minetest_game_aliases"], "game_owners": data["minetest_game_owners"]})


def engine_text() -> str:
    """`return {...}`: the engine's facts as a Lua chunk (engine.lua: the same for every job, so a warm worker
    loads them before its job arrives)."""
    return "return " + _engine_job_text()


def job_text(job: dict) -> str:
    """`return {...}`: the worker's job as a Lua chunk (job.lua)."""
    return "return " + to_lua(job)


def worker_argv() -> list[str]:
    """python_argv for worker.py, run as a script without `site` (-S).

    `-m` would first import modbench.rubrics.luanti (the whole rubric), and `site` runs the editable install's
    import finder (~30 ms a start); the worker needs only the standard library, lupa and its own folder, so
    it gets lupa's folder as its argument instead."""
    import lupa  # noqa: PLC0415

    argv = python_argv("modbench.rubrics.luanti.sim.worker")
    lupa_root = str(Path(lupa.__file__).resolve().parent.parent)
    return [*argv[:argv.index("-m")], "-S", str(Path(__file__).resolve().parent / "worker.py"), lupa_root]


class SimTier:
    name = TIER
    required = True

    def __init__(self, wall_seconds: float = 10.0, max_instructions: int = MAX_INSTRUCTIONS,
                 max_memory: int = MAX_LUA_MEMORY):
        self.wall_seconds = wall_seconds
        self.max_instructions = max_instructions
        self.max_memory = max_memory

    async def run(self, ctx) -> TierResult:
        mod = ctx.mod
        catalog = load_catalog()
        # hard dependencies are there whenever the mod loads; an optional one only when it is at hand (a
        # minetest_game mod, a --with dir or an installed mod): otherwise get_modpath() says nil, as it would
        game_mods = set(catalog.engine.get("minetest_game_mods", []))
        deps = hard_dependencies(mod, ctx.checks)
        deps += [o for o in mod.optional_depends
                 if o not in deps and (o in game_mods or find_mod_dir(o, list(ctx.deps)) is not None)]
        # dependencies whose sources are at hand run for real before the mod, in the engine's order; the
        # others become permissive stand-ins
        order, missing = load_order(deps, list(ctx.deps))
        binds = list(python_binds())
        dep_mods = []
        for i, (name, folder) in enumerate(order):
            target = str(folder) if str(folder).startswith("/usr/") else f"/deps/{i}"
            if target != str(folder):
                binds.append(Bind(folder, target))
            dep_mods.append({"name": name, "dir": target})
        job = {
            "mod_name": mod.mod_name,
            "files": {p: t for p, t in mod.files.items()},
            "known_mods": sorted(game_mods | set(deps) | {n for n, _ in order}),
            "dependency_globals": [g for g in missing if not catalog.is_global(g)],
            "dep_mods": dep_mods,
            "max_instructions": self.max_instructions,
            "max_memory": self.max_memory,
        }
        wall = ctx.timeout(TIER, self.wall_seconds)
        limits = Limits(wall_seconds=wall, cpu_seconds=max(1, int(wall) + 1), memory_bytes=1536 * MiB,
                        output_bytes=4 * MiB, processes=16)
        res = await run_warm("luanti-sim", worker_argv(), setup_files={"engine.lua": engine_text()},
                             files={"job.lua": job_text(job)}, binds=binds, limits=limits)
        if res.has_error:
            return TierResult.infra_error(TIER, res.error or "sandbox failed")
        # split at "\n" only: str.splitlines() also splits at U+2028/U+2029/U+0085, which the report carries raw
        # when the mod logs them
        lines = res.stdout.split("\n")
        stages = [line[len(STAGE_PREFIX):] for line in lines if line.startswith(STAGE_PREFIX)]
        report_line = next((line for line in lines if line.startswith(RESULT_PREFIX)), None)
        if report_line is None:
            return self._no_report(res, stages, wall)
        try:
            report = _normalize(json.loads(report_line[len(RESULT_PREFIX):]))
        except ValueError as exc:
            return TierResult.infra_error(TIER, f"unreadable simulation report: {exc}")
        ctx.scratch[TIER] = report
        return self._judge(ctx, report)

    def _no_report(self, res, stages: list[str], wall: float) -> TierResult:
        """No report: whose fault depends on how far the worker got."""
        running = "run" in stages or "report" in stages
        if res.timed_out and running:
            why = (f"the mod did not finish loading within {wall:g} s: an endless loop inside a C function "
                   "(e.g. a pathological string pattern) or far too much work at load time")
            return TierResult(TIER, ok=False, details={"timed_out": True, "stage": stages[-1]},
                              diagnostics=[Diagnostic(TIER, "error", why, code="sim:timeout")])
        if running:
            tail = res.stderr.strip().splitlines()[-1:] or [res.summary()]
            why = (f"the simulation crashed while running the mod ({res.summary()}; {tail[0][:200]}): "
                   "most likely memory or stack exhaustion")
            return TierResult(TIER, ok=False, details={"crashed": True, "stage": stages[-1]},
                              diagnostics=[Diagnostic(TIER, "error", why, code="sim:crash")])
        return TierResult.infra_error(TIER, f"simulation worker failed before running the mod ({res.summary()}): "
                                            f"{res.stderr.strip()[-600:]}")

    def _judge(self, ctx, report: dict) -> TierResult:
        result = report.get("result") or {}
        if result.get("stage") == "dependency":
            # a dependency's own code failed on the mock: a gap of the simulation, not the mod's failure
            return TierResult.infra_error(TIER, str(result.get("message")), report_stage="dependency")
        diags: list[Diagnostic] = []
        catalog = load_catalog()
        ok = bool(result.get("ok"))
        if not ok:
            message = str(result.get("message", "unknown error"))
            if "not enough memory" in message:
                message += (f" (the simulation caps the Lua heap at {self.max_memory // MiB} MiB: "
                            "a memory bomb, or far too much data built at load time)")
            file, line = _locate(message, str(result.get("traceback", "")), ctx.mod.files)
            hint = _unknown_api_hint(report.get("unknown_api", []), catalog)
            diags.append(Diagnostic(TIER, "error", message + hint, file=file, line=line,
                                    code=f"sim:{result.get('stage', 'load')}"))
        for msg in report.get("security", []):
            diags.append(Diagnostic(TIER, "error" if not ok else "warning", msg, code="sim:security"))
        missing = check_registers(ctx.checks.get("registers") or {}, report) if ok else []
        for m in missing:
            diags.append(Diagnostic(TIER, "error", m, code="registers"))
        warnings = [f"{w}" for w in report.get("callback_errors", [])] + list(report.get("log_warnings", []))
        for w in warnings[:30]:
            diags.append(Diagnostic(TIER, "warning", w, code="sim:warning"))
        if report.get("unknown_api") and ok:
            diags.append(Diagnostic(TIER, "warning", "accessed fields that minetest does not have: " +
                                    ", ".join(report["unknown_api"][:10]), code="sim:unknown_api"))
        summary = {k: report.get(k) for k in ("nodes", "craftitems", "tools", "entities", "privileges",
                                               "overrides", "callbacks", "counts")}
        details = {
            "sim_ok": ok and not missing,
            "stage": result.get("stage"),
            "instructions": result.get("instructions"),
            "instruction_limit_hit": bool(result.get("limit_hit")),
            "registered": summary,
            "chatcommands": [c.get("name") for c in report.get("chatcommands", [])],
            "abms": [a.get("label") for a in report.get("abms", [])],
            "lbms": [lb.get("name") for lb in report.get("lbms", [])],
            "crafts": [c.get("output") for c in report.get("crafts", [])],
            "registers_missing": missing,
            "warnings": len(warnings),
            "unmocked_calls": report.get("unmocked_calls", []),
        }
        return TierResult(TIER, ok=ok and not missing, details=details, diagnostics=diags)


def _normalize(report: dict) -> dict:
    """Lua's JSON has no empty arrays ({} for an empty list): make the list fields lists again."""
    for key in ("nodes", "craftitems", "tools", "other_items", "overrides", "entities", "chatcommands", "abms",
                "lbms", "privileges", "crafts", "log", "log_errors", "log_warnings", "chat", "settings_read",
                "unmocked_calls", "unknown_api", "undeclared_globals", "security", "callback_errors"):
        value = report.get(key)
        if isinstance(value, dict) and not value:
            report[key] = []
        elif value is None:
            report[key] = []
    for group in ("abms", "lbms", "chatcommands", "crafts"):
        for entry in report[group]:
            for k, v in list(entry.items()):
                if isinstance(v, dict) and not v:
                    entry[k] = []
    if isinstance(report.get("aliases"), list):
        report["aliases"] = {}
    return report


def _locate(message: str, traceback: str, files: dict[str, str]) -> tuple[str | None, int | None]:
    """The mod file and line an error belongs to: the message's own position, else the innermost mod frame."""
    for text in (message, traceback):
        for m in _FRAME.finditer(text):
            if m.group("file") in files:
                return m.group("file"), int(m.group("line"))
    return None, None


def _unknown_api_hint(unknown: list[str], catalog) -> str:
    if not unknown:
        return ""
    name = unknown[0]
    close = catalog.suggest("minetest", name, n=1)
    did = f"; did you mean {catalog.describe(close[0])}?" if close else ""
    return f" (minetest.{name} does not exist in this engine{did})"


def _itemstring(s: Any) -> tuple[str, int]:
    parts = str(s or "").split()
    if not parts:
        return "", 0
    name = parts[0].lstrip(":")
    count = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
    return name, count


def check_registers(expected: dict, report: dict) -> list[str]:
    """Messages for every expected registration missing from the simulated registry."""
    missing: list[str] = []
    for kind in _LIST_KINDS:
        have = set(report.get(kind, []))
        for name in expected.get(kind, []) or []:
            if str(name).lstrip(":") not in have:
                shown = ", ".join(sorted(have)[:8]) or "none"
                missing.append(f"{kind[:-1]} {name} is not registered (registered {kind}: {shown})")
    commands = {c.get("name") for c in report.get("chatcommands", [])}
    for name in expected.get("chatcommands", []) or []:
        if str(name).lstrip("/") not in commands:
            missing.append(f"chat command /{name} is not registered (registered: "
                           f"{', '.join(sorted(c for c in commands if c)) or 'none'})")
    labels = {a.get("label") for a in report.get("abms", [])}
    for label in expected.get("abms", []) or []:
        if label not in labels:
            missing.append(f"no ABM labelled {label!r} (ABM labels: {', '.join(repr(x) for x in labels) or 'none'})")
    lbm_names = {lb.get("name") for lb in report.get("lbms", [])} | {lb.get("label") for lb in report.get("lbms", [])}
    for name in expected.get("lbms", []) or []:
        if str(name).lstrip(":") not in lbm_names and name not in lbm_names:
            missing.append(f"no LBM named {name!r}")
    crafts = report.get("crafts", [])
    for want in expected.get("crafts", []) or []:
        want = want if isinstance(want, dict) else {"output": want}
        target = _itemstring(want.get("output"))
        found = any(_itemstring(c.get("output")) == target and (not want.get("type") or
                                                                 c.get("type") == want.get("type"))
                    for c in crafts)
        if not found:
            kind = f" ({want['type']})" if want.get("type") else ""
            outs = ", ".join(sorted({str(c.get("output")) for c in crafts})[:8]) or "none"
            missing.append(f"no craft recipe{kind} with output {want.get('output')!r} (crafts registered: {outs})")
    aliases = report.get("aliases") or {}
    for alias in expected.get("aliases", []) or []:
        if alias not in aliases:
            missing.append(f"alias {alias} is not registered")
    return missing
