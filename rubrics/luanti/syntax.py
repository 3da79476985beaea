"""Tier `syntax`: every .lua file of the mod must parse with the LuaJIT the engine links (2.1.0-beta3).

One sandbox run checks all files: a tiny trusted LuaJIT script compiles each file with `loadstring` (the
parser `luajit -b FILE /dev/null` uses) under the chunk name `@<path>`, so messages read exactly like the
server's (`init.lua:5: '}' expected (to close '{' at line 1) near 'light_source'`). Bytecode files are
refused: the engine's mod security refuses them too, and a text answer has no business containing them.
"""

from __future__ import annotations

import re

from modbench.rubrics.verdict import Diagnostic, TierResult
from modbench.sandboxes import Limits, MiB, ToolchainMissing, require
from modbench.sandboxes.health import ensure_healthy
from modbench.sandboxes.toolchains import sandbox_command
from modbench.sandboxes.warm import run_warm

TIER = "syntax"
MOD_DIR = "mod"            # where the mod's files go inside the sandbox work dir

FILE_LIST = "files.list"   # the mod's .lua files, NUL-separated (outside MOD_DIR: never one of the mod's files)

# Trusted: compiles, never runs, each file of FILE_LIST; prints one line per failing file. It runs as a warm
# worker (modbench/sandboxes/warm.py): LuaJIT is up before the job, which arrives with the line "go" on stdin.
CHECK_LUA = r"""
if io.read("*l") ~= "go" then os.exit(0) end
local list = assert(io.open("files.list", "rb"))
local names = {}
for name in (list:read("*a") .. "\0"):gmatch("([^%z]*)%z") do
  if name ~= "" then names[#names + 1] = name end
end
list:close()
local failed = 0
for i = 1, #names do
  local path = names[i]
  local f = io.open("mod/" .. path, "rb")
  local src = f:read("*a")
  f:close()
  local err
  if src:byte(1) == 27 then
    err = path .. ":1: binary (bytecode) chunks are not allowed"
  else
    local fn
    fn, err = loadstring(src, "@" .. path)
  end
  if err then
    failed = failed + 1
    io.write("SYNTAX\t", path, "\t", (err:gsub("[\r\n]", " ")), "\n")
  end
end
io.write("CHECKED\t", #names, "\t", failed, "\n")
"""

_MESSAGE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<msg>.*)$")


def parse_output(stdout: str) -> tuple[list[Diagnostic], int | None]:
    """(diagnostics, number of files checked or None when the checker did not finish)."""
    diags: list[Diagnostic] = []
    checked = None
    for line in stdout.splitlines():
        parts = line.split("\t")
        if parts[0] == "SYNTAX" and len(parts) >= 3:
            m = _MESSAGE.match(parts[2])
            if m:
                diags.append(Diagnostic(TIER, "error", m.group("msg"), file=parts[1], line=int(m.group("line")),
                                        code="syntax"))
            else:
                diags.append(Diagnostic(TIER, "error", parts[2], file=parts[1], code="syntax"))
        elif parts[0] == "CHECKED" and len(parts) >= 2 and parts[1].isdigit():
            checked = int(parts[1])
    return diags, checked


class SyntaxTier:
    name = TIER
    required = True

    def __init__(self, wall_seconds: float = 10.0):
        self.wall_seconds = wall_seconds

    async def run(self, ctx) -> TierResult:
        try:
            luajit = require("luajit")
        except ToolchainMissing as exc:
            return TierResult.infra_error(TIER, str(exc))
        lua_files = ctx.mod.lua_files()
        files = {f"{MOD_DIR}/{p}": ctx.mod.files[p] for p in lua_files}
        files[FILE_LIST] = "\0".join(lua_files)
        # luajit reserves address space up front
        exe, binds = sandbox_command(luajit)
        limits = Limits(wall_seconds=ctx.timeout(TIER, self.wall_seconds), cpu_seconds=10,
                        memory_bytes=512 * MiB, output_bytes=256 * 1024, processes=32)
        res = await run_warm("luajit-syntax", [exe, "check.lua"], setup_files={"check.lua": CHECK_LUA}, files=files,
                             binds=binds, limits=limits)
        if res.has_error:
            return TierResult.infra_error(TIER, res.error or "sandbox failed")
        diags, checked = parse_output(res.stdout)
        if checked != len(lua_files) or res.exit_code != 0:
            # The checker only compiles, so it fails on no ordinary input: a broken luajit (ToolchainBroken ->
            # has_error) or an input beyond its limits (a parse that runs out of memory or time) explains it.
            await ensure_healthy("luajit")
            why = f"luajit could not check this answer ({res.summary()}): {res.stderr.strip()[-300:]}"
            return TierResult(TIER, ok=False, details={"files": len(lua_files), "luajit": luajit.version,
                                                       "message": why},
                              diagnostics=[Diagnostic(TIER, "error", why, code="syntax")])
        details = {"files": len(lua_files), "errors": len(diags), "luajit": luajit.version}
        return TierResult(TIER, ok=not diags, details=details, diagnostics=diags)
