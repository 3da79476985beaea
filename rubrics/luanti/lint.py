"""Tier `lint`: luacheck with the std generated from the real engine, plus the API and security rules.

luacheck runs with `--std luanti+mtg_<m>...` (data/luanti_std.luacheckrc.lua, made by tools/gen_std.py): the
engine's globals plus the namespaces of exactly those minetest_game mods the mod's mod.conf declares (directly
or through its dependencies), because the engine loads only those before it. Classification:
- API errors (fail, `api_ok` 0): W143 on any engine/game global (`minetest.register_nodee`, `vector.nw`,
  `table.unpack`, `default.node_sound_stone_default`), W142 on `minetest`/`core`/`vector` (adding fields to the
  engine's tables), W113/W112 on a global that is neither the engine's, the mod's own nor a declared
  dependency's, including a minetest_game namespace used at load time without declaring its mod;
  `checks.forbid_api` names used and `checks.require_api` names not used.
- security findings (fail): W143 on fields the engine removes for mod security (`os.execute`, `io.popen`, ...)
  and what lua_scan.py finds (`require`, literal paths outside the mod for `dofile`/`io.open`/..., `debug.*`
  except traceback/getinfo, `package.*`, `request_insecure_environment`, `loadstring` with the HTTP API).
- warnings (counted, never fail): everything else, e.g. W2xx unused, W3xx, W4xx shadowing, W5xx, W6xx
  whitespace and line length, W111 (a global set inside a function: the engine only warns about it), W121/W122
  writes to read-only globals, luacheck parse errors on code LuaJIT accepted; and these downgraded API
  findings: a missing name the mod only tests (`if minetest.x then`, `type(X) == "function"`, `X or y`:
  feature detection), other fields of a game namespace whose fork the mod detects (`stairs.mod == "redo"`),
  an undeclared game namespace used only inside functions (they run after every mod loaded), and a global
  that plausibly is the namespace of a declared dependency whose sources are not at hand (mesecon/mesecons).
"""

from __future__ import annotations

import asyncio
import difflib
import re
from collections import Counter
from pathlib import Path

from modbench.rubrics.verdict import Diagnostic, TierResult
from modbench.sandboxes import Bind, Limits, MiB, ToolchainMissing, require, run
from modbench.sandboxes.health import ensure_healthy
from modbench.sandboxes.toolchains import sandbox_command
from modbench.sandboxes.warm import run_warm

from .api_catalog import game_std, load_catalog
from .deps import declared_dependencies, dependency_globals, find_mod_dir, load_order
from .lua_scan import (REMOVED_BY_ENGINE, accessed_names, function_depths, normalize_api, security_findings,
                       tokenize)

TIER = "lint"
STD_RC = Path(__file__).resolve().parent / "data" / "luanti_std.luacheckrc.lua"
STD_TARGET = "/tc/luanti_std.luacheckrc.lua"
RUN_LUA = Path(__file__).resolve().parent / "luacheck_run.lua"
RUN_TARGET = "/tc/luacheck_run.lua"
ARGS_FILE = "luacheck.args"   # luacheck_run.lua's arguments (NUL-separated); never a .lua file of the mod
MAX_DIAGNOSTICS = 60          # per kind shown; counts always cover everything

_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+)(?:-(?P<end>\d+))?: \((?P<code>[EW]\d+)\) (?P<msg>.*)$")
_FIELD_OF = re.compile(r"field '(?P<field>[^']*)' of global '(?P<glob>[^']*)'")
_VARIABLE = re.compile(r"variable '(?P<name>[^']*)'")
_ENGINE_OWN = {"minetest", "core", "vector"}


def parse_luacheck(stdout: str) -> list[dict]:
    out = []
    for line in stdout.splitlines():
        m = _LINE.match(line.strip())
        if m:
            out.append({"file": m.group("file"), "line": int(m.group("line")), "col": int(m.group("col")),
                        "code": m.group("code"), "msg": m.group("msg")})
    return out


def luacheck_failure(res, findings: list[dict], wall_seconds: float) -> tuple[bool, str] | None:
    """Why a luacheck run gave no verdict on the answer, or None when it did (exit 0, or 1/2 with findings).

    Returns (ours, message): `ours` when only our own setup explains it (exit 3: luacheck could not read the
    files we wrote; exit 4 without a crash: it rejected our command line or config). Otherwise it is this
    answer or a broken luacheck, which the caller tells apart with the health probe. luacheck exits 0 (clean),
    1 (warnings) or 2 (syntax errors) and always prints the findings that made it exit 1 or 2: an exit 1 or 2
    with none readable is no clean bill (a silently failing luacheck would otherwise pass every answer).
    """
    said = (res.stderr.strip() or res.stdout.strip())[-200:]
    if res.timed_out:
        return False, f"luacheck did not finish within {wall_seconds:g} s on this answer"
    if res.output_exceeded:
        return False, "luacheck printed more than its output limit on this answer"
    if res.signal is not None:
        return False, f"luacheck crashed on this answer (signal {res.signal}): {said}"
    if res.exit_code in (1, 2) and not findings:
        return False, (f"luacheck failed on this answer (exit code {res.exit_code}) without any readable finding: "
                       f"{said}")
    if res.exit_code == 4 and " bug (please report" in res.stderr:
        # "Critical error: Luacheck 1.1.0 bug (please report at ...):", then the error, then a traceback
        lines = res.stderr.strip().splitlines()
        return False, f"luacheck crashed on this answer: {lines[min(1, len(lines) - 1)][:200]}"
    if res.exit_code not in (0, 1, 2):
        return True, f"luacheck failed ({res.summary()}): {said}"
    return None


class LintTier:
    name = TIER
    required = True

    def __init__(self, wall_seconds: float = 20.0):
        self.wall_seconds = wall_seconds

    async def run(self, ctx) -> TierResult:
        try:
            luacheck = require("luacheck")
        except ToolchainMissing as exc:
            return TierResult.infra_error(TIER, str(exc))
        catalog = load_catalog()
        mod = ctx.mod
        lua_files = mod.lua_files()
        # what the mod itself declares (mod.conf / depends.txt; a generated mod.conf carries checks.depends):
        # the engine loads exactly those before it
        deps = declared_dependencies(mod, {})
        # ... and what those depend on in turn (mesecons_button -> mesecons -> default)
        loaded_before = {name for name, _ in load_order(deps, list(ctx.deps))[0]} | set(deps)
        game_stds = sorted({o for o in catalog.engine["minetest_game_owners"].values() if o in loaded_before})
        extra = [g for g in dependency_globals([mod.mod_name, *deps], ctx.deps) if not catalog.is_global(g)]
        lua51 = luacheck.extra.get("lua")     # Debian's luacheck script: run its modules through lua5.1
        exe, exe_binds = sandbox_command(luacheck)     # any other luacheck (an override) runs as itself
        std = "+".join(["luanti", *(game_std(m) for m in game_stds)])
        args = ["--no-color", "--formatter", "plain", "--codes", "--ranges", "--no-cache", "--std", std, *lua_files]
        if extra:
            args += ["--globals", *extra]
        limits = Limits(wall_seconds=ctx.timeout(TIER, self.wall_seconds), cpu_seconds=20, memory_bytes=1024 * MiB,
                        output_bytes=1 * MiB, processes=32)
        files = {p: mod.files[p] for p in lua_files}
        binds = [Bind(STD_RC, STD_TARGET), Bind(RUN_LUA, RUN_TARGET), *exe_binds]
        if lua51:
            # a pre-started luacheck (modules and the std config loaded) when one is ready: luacheck_run.lua
            # adds `--config STD_TARGET`; the other arguments come in a file
            res = await run_warm("luacheck", ["lua5.1", RUN_TARGET, STD_TARGET, ARGS_FILE],
                                 files={**files, ARGS_FILE: "\0".join(args)}, binds=binds, limits=limits)
        else:
            res = await run([exe, "--config", STD_TARGET, *args], files=files, binds=binds, limits=limits)
        if res.has_error:
            return TierResult.infra_error(TIER, res.error or "sandbox failed")
        # parsing and judging a big answer's findings takes ~1 s of CPU: off the event loop
        findings = await asyncio.to_thread(parse_luacheck, res.stdout)
        failure = luacheck_failure(res, findings, limits.wall_seconds)
        if failure is not None:
            ours, message = failure
            if ours:
                return TierResult.infra_error(TIER, message)
            # only this answer or a broken luacheck explains it; a broken one raises ToolchainBroken (has_error)
            await ensure_healthy("luacheck")
            return TierResult(TIER, ok=False, details={"luacheck": luacheck.version, "exit_code": res.exit_code,
                                                       "timed_out": res.timed_out, "message": message},
                              diagnostics=[Diagnostic(TIER, "error", message, code="luacheck")])
        return await asyncio.to_thread(self._judge, ctx, findings, deps, extra, luacheck.version)

    def _judge(self, ctx, findings: list[dict], deps: list[str], extra: list[str], version: str) -> TierResult:
        catalog = load_catalog()
        mod = ctx.mod
        api: list[Diagnostic] = []
        security: list[Diagnostic] = []
        warnings: list[Diagnostic] = []
        codes = Counter(f["code"] for f in findings)
        game_mods = set(catalog.engine.get("minetest_game_mods", []))
        unresolved = [d for d in deps if d not in game_mods and find_mod_dir(d, list(ctx.deps)) is None]
        tokens_by_file = {p: tokenize(mod.files[p]) for p in mod.lua_files()}
        judged = []
        for f in findings:
            kind, message = classify(f, catalog, unresolved)
            if kind == "api" and f["code"] in ("W112", "W113") and _game_owner(f, catalog) and \
                    _in_function(tokens_by_file.get(f["file"], []), f):
                # inside a function it runs after every mod has loaded, so the game mod is there by then
                kind = "warning"
                message = message.split(": the engine may load")[0] + " (used at run time only, where it works)"
            judged.append((f, kind, message))
        # a missing name the mod only tests (`if minetest.x then`, `type(X) == "function"`, `X or fallback`) is
        # feature detection: that name is a warning everywhere in the mod (the tested branch never runs)
        guarded = {_missing_name(f) for f, kind, _ in judged
                   if kind == "api" and _is_guard(tokens_by_file.get(f["file"], []), f)}
        # testing a missing field of a game mod's namespace (`stairs.mod == "redo"`) detects a fork of that mod
        # (stairs redo, farming redo): its other missing fields then belong to the fork
        forks = {name.split(".")[0] for name in guarded if name and "." in name
                 and name.split(".")[0] in catalog.engine["minetest_game"]}
        for f, kind, message in judged:
            name = _missing_name(f)
            if kind == "api" and name in guarded:
                kind = "warning"
                message = (f"{name} does not exist here, but the mod tests for it first (feature detection); "
                           "it is nil in this engine")
            elif kind == "api" and f["code"] == "W143" and name and name.split(".")[0] in forks:
                kind = "warning"
                message = (f"{name} is not in minetest_game's {name.split('.')[0]}, but the mod detects a "
                           f"replacement of that mod first, which may have it")
            d = Diagnostic(TIER, "error" if kind != "warning" else "warning", message, file=f["file"],
                           line=f["line"], column=f["col"], code=f["code"])
            {"api": api, "security": security, "warning": warnings}[kind].append(d)

        accessed: dict[str, tuple[str, int, int]] = {}
        for path in mod.lua_files():
            tokens = tokens_by_file[path]
            for name, (line, col) in accessed_names(tokens).items():
                accessed.setdefault(name, (path, line, col))
            for s in security_findings(tokens):
                security.append(Diagnostic(TIER, "error", s.message, file=path, line=s.line, column=s.col,
                                           code=f"security:{s.code}"))

        # the engine's removed functions reached through _G (luacheck lets _G[...] through)
        for name, (path, line, col) in accessed.items():
            if name.startswith("_G.") and name[3:] in REMOVED_BY_ENGINE:
                security.append(Diagnostic(TIER, "error", f"{name[3:]} is not available to mods (the engine "
                                           "removes it for mod security)", file=path, line=line, column=col,
                                           code="security:removed"))

        required = [str(x) for x in ctx.checks.get("require_api", [])]
        forbidden = [str(x) for x in ctx.checks.get("forbid_api", [])]
        missing = [r for r in required if normalize_api(r) not in accessed]
        for r in missing:
            api.append(Diagnostic(TIER, "error", f"the task requires {catalog.describe(normalize_api(r))}, "
                                  "which the code never uses", code="require_api"))
        used_forbidden = [f for f in forbidden if normalize_api(f) in accessed]
        for f in used_forbidden:
            path, line, col = accessed[normalize_api(f)]
            api.append(Diagnostic(TIER, "error", f"{f} must not be used in this task", file=path, line=line,
                                  column=col, code="forbid_api"))

        api_ok = not api
        ok = api_ok and not security
        engine_api = sorted(n for n in accessed if n.startswith(("minetest.", "vector.")) and n.count(".") == 1)
        ctx.scratch[TIER] = {"accessed_api": engine_api, "dependency_globals": extra}
        details = {
            "luacheck": version,
            "api_ok": api_ok,
            "api_errors": len(api),
            "security_issues": len(security),
            "warnings": len(warnings),
            "codes": dict(sorted(codes.items())),
            "require_api_missing": missing,
            "forbid_api_used": used_forbidden,
            "dependencies": deps,
            "accessed_api": engine_api,
        }
        diags = security + api + warnings[:MAX_DIAGNOSTICS]
        if len(warnings) > MAX_DIAGNOSTICS:
            diags.append(Diagnostic(TIER, "info", f"{len(warnings) - MAX_DIAGNOSTICS} more warnings not shown"))
        return TierResult(TIER, ok=ok, details=details, diagnostics=diags)


_GUARD_BEFORE = {"if", "elseif", "while", "and", "or", "not", "(", "=", "return", ",", "==", "~="}
_GUARD_AFTER = {"then", "and", "or", ")", "==", "~=", "do", "end", "else", "elseif", "local", "return", ","}


def _missing_name(f: dict) -> str | None:
    fm = _FIELD_OF.search(f["msg"])
    if fm:
        return f"{fm.group('glob')}.{fm.group('field')}"
    vm = _VARIABLE.search(f["msg"])
    return vm.group("name") if vm else None


def _is_guard(tokens, f: dict) -> bool:
    """Is the missing name at f's position only tested, never called or indexed further?

    `if X then`, `type(X) == "function"`, `a and X.y == "redo"`, `X or fallback`, `local has = X ~= nil`.
    """
    fm = _FIELD_OF.search(f["msg"])
    chain = 2 * (fm.group("field").count(".") + 1) if fm else 0      # `.name` pairs after the global
    for i, t in enumerate(tokens):
        if t.line == f["line"] and t.col == f["col"] and t.kind == "name":
            last = i + chain
            before = tokens[i - 1].text if i else ""
            if before == "(" and i > 1 and tokens[i - 2].text == "type":
                return True
            after = tokens[last + 1] if last + 1 < len(tokens) else None
            ends = after is None or after.line > tokens[last].line or after.text in _GUARD_AFTER
            return before in _GUARD_BEFORE and ends
    return False


def _game_owner(f: dict, catalog) -> str | None:
    vm = _VARIABLE.search(f["msg"])
    return catalog.engine["minetest_game_owners"].get(vm.group("name")) if vm else None


def _in_function(tokens, f: dict) -> bool:
    depths = function_depths(tokens)
    for i, t in enumerate(tokens):
        if t.line == f["line"] and t.col == f["col"]:
            return depths[i] > 0
    return False


def _unresolved_owner(name: str, unresolved: list[str]) -> str | None:
    """A declared dependency without sources whose name `name` plausibly is the namespace of (mesecon/mesecons)."""
    for dep in unresolved:
        if name == dep or name.startswith(dep) or dep.startswith(name) or \
                difflib.SequenceMatcher(None, name, dep).ratio() >= 0.8:
            return dep
    return None


def classify(f: dict, catalog, unresolved: list[str] = ()) -> tuple[str, str]:
    """('api' | 'security' | 'warning', message) for one luacheck finding."""
    code, msg = f["code"], f["msg"]
    if code.startswith("E"):
        return "warning", f"luacheck cannot parse this (LuaJIT can): {msg}"
    fm = _FIELD_OF.search(msg)
    if code in ("W142", "W143") and fm:
        glob, field = fm.group("glob"), fm.group("field")
        dotted = f"{glob}.{field}"
        if normalize_api(dotted) in REMOVED_BY_ENGINE or dotted in REMOVED_BY_ENGINE:
            return "security", f"{dotted} is not available to mods (the engine removes it for mod security)"
        if catalog.is_global(glob):
            if code == "W143":
                hint = catalog.suggest(glob, field)
                did = f"; did you mean {' or '.join(catalog.describe(h) for h in hint[:2])}?" if hint else ""
                return "api", f"{dotted} does not exist in Luanti {_engine_version(catalog)}{did}"
            if glob in _ENGINE_OWN:
                return "api", (f"{dotted} is not part of the engine API; keep the mod's own functions in its own "
                               f"namespace table")
        return "warning", msg
    vm = _VARIABLE.search(msg)
    if code in ("W113", "W112") and vm:
        name = vm.group("name")
        owner = _unresolved_owner(name, unresolved)
        if owner:
            return "warning", (f"'{name}' is assumed to be the namespace of dependency '{owner}' (its sources are "
                               "not at hand to confirm)")
        owner = catalog.engine["minetest_game_owners"].get(name)
        if owner:
            return "api", (f"uses minetest_game's '{name}' without declaring mod '{owner}' in mod.conf "
                           f"(depends = {owner}): the engine may load this mod before {owner}, and then "
                           f"'{name}' is nil")
        candidates = sorted(set(catalog.engine["engine"]) | set(catalog.engine["minetest_game"]))
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
        hint = f"; did you mean {close[0]}?" if close else (
            "; if it is another mod's namespace, declare that mod in mod.conf (depends = ...)")
        verb = "modifies" if code == "W112" else "uses"
        return "api", f"{verb} undefined global '{name}'{hint}"
    return "warning", msg


def _engine_version(catalog) -> str:
    return catalog.engine.get("engine_version", {}).get("string", "")
