"""Tier `compile`: spcomp 1.11 in a sandbox, its diagnostics parsed, no host path in anything it reports.

The compiler and the SourceMod includes are bound read-only at /tc/spcomp and /tc/include, so its messages
name /tc/include/x.inc at worst; those are rewritten to the include's name anyway, and any other absolute path
(there should be none) is cut to its file name, so that nothing about the host reaches a model or a log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from modbench.sandboxes import Bind, Limits, MiB, ToolchainMissing, run
from modbench.sandboxes.health import ToolchainBroken, ensure_healthy

from ..verdict import Diagnostic, TierResult
from . import catalog
from .context import PLUGIN_FILE, Context
from .toolchain import spcomp_toolchain

TIER = "compile"
SPCOMP_DIR, INCLUDE_DIR, COMMUNITY_DIR = "/tc/spcomp", "/tc/include", "/tc/community"
OUTPUT = "plugin.smx"
LIMITS = Limits(wall_seconds=30, cpu_seconds=20, memory_bytes=1024 * MiB, file_bytes=64 * MiB,
                output_bytes=1 * MiB, processes=16)
MAX_DIAGNOSTICS = 50

_DIAG = re.compile(r"^(?P<file>.*)\((?P<line>\d+)\) : (?P<kind>error|warning|fatal error) (?P<code>\d+): (?P<msg>.*)$")
_ABS_PATH = re.compile(r"(?<![\w.])(?:/[\w.+-]+)+/(?P<base>[\w.+-]+)")
_UNDEFINED = re.compile(r'undefined symbol "(?P<name>\w+)"')
CRASH_MESSAGE = "the compiler crashed on this input (deep nesting / huge array)"
# signals that mean a limit was hit rather than a crash (SIGKILL/SIGXCPU at the CPU limit, SIGXFSZ at the file one)
LIMIT_MESSAGES = {9: "the compiler ran out of CPU time on this input (recursive includes? huge arrays?)",
                  24: "the compiler ran out of CPU time on this input (recursive includes? huge arrays?)",
                  25: "the compiled plugin is larger than the 64 MB limit"}


@dataclass
class CompileOutput:
    ok: bool
    smx: bytes | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    exit_code: int | None = None
    crashed: bool = False
    timed_out: bool = False
    message: str | None = None          # why it failed, when no diagnostic says so
    has_error: bool = False             # the sandbox failed: not the model's fault
    error: str | None = None
    seconds: float = 0.0

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "warning")

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")


class Scrubber:
    """Rewrites every path the compiler prints to what a model may see: the plugin's name or an include's."""

    def __init__(self, prefixes: list[str], file_name: str):
        # longest first, so /tc/include/ wins over /tc/
        self.prefixes = sorted({p.rstrip("/") + "/" for p in prefixes if p}, key=len, reverse=True)
        self.file_name = file_name

    def path(self, raw: str) -> str:
        raw = raw.strip()
        for p in self.prefixes:
            if raw.startswith(p):
                raw = raw[len(p):]
                break
        base = raw.rsplit("/", 1)[-1]
        return self.file_name if base == PLUGIN_FILE else base

    def text(self, text: str) -> str:
        for p in self.prefixes:
            text = text.replace(p, "")
        text = _ABS_PATH.sub(lambda m: m.group("base"), text)
        return text.replace(PLUGIN_FILE, self.file_name) if self.file_name != PLUGIN_FILE else text


def parse_diagnostics(output: str, scrub: Scrubber) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    for line in output.splitlines():
        m = _DIAG.match(line.strip())
        if not m:
            continue
        severity = "warning" if m.group("kind") == "warning" else "error"
        kind = "error" if severity == "error" else "warning"
        diags.append(Diagnostic(TIER, severity, scrub.text(m.group("msg")), scrub.path(m.group("file")),
                                int(m.group("line")), code=f"{kind} {m.group('code')}"))
    return diags


def add_hints(diags: list[Diagnostic], include_dir: Path) -> None:
    """`undefined symbol "RandomFloat"` gets "(did you mean GetRandomFloat?)" from the wrong-API table or the
    SourceMod API, so that a model can learn from the message alone."""
    known = catalog.sourcemod_functions(include_dir)
    for d in diags:
        m = _UNDEFINED.search(d.message)
        if m and m.group("name") not in known:
            better = catalog.suggest(m.group("name"), known)
            if better and better != m.group("name"):
                d.message += f" (did you mean {better}?)"


async def compile_source(code: str, *, include_dirs: list[Path] = (), wall_seconds: float | None = None,
                         file_name: str = PLUGIN_FILE) -> CompileOutput:
    """Compile one plugin source in a sandbox. Never raises for anything the code does."""
    try:
        tc = await spcomp_toolchain()
    except ToolchainMissing as exc:
        return CompileOutput(False, None, has_error=True, error=str(exc))
    include = tc.extra["include"]
    binds = [Bind(tc.path.parent, SPCOMP_DIR), Bind(include, INCLUDE_DIR)]
    argv = [f"{SPCOMP_DIR}/{tc.path.name}", f"-i{INCLUDE_DIR}"]
    for n, d in enumerate(include_dirs):
        binds.append(Bind(d, f"{COMMUNITY_DIR}{n}"))
        argv.append(f"-i{COMMUNITY_DIR}{n}")
    argv += ["-v0", PLUGIN_FILE, "-o", OUTPUT]
    limits = LIMITS if wall_seconds is None else LIMITS.with_(
        wall_seconds=wall_seconds, cpu_seconds=max(1, min(LIMITS.cpu_seconds, int(wall_seconds))))
    result = await run(argv, files={PLUGIN_FILE: code}, binds=binds, limits=limits, collect=[OUTPUT])
    out = CompileOutput(False, None, exit_code=result.exit_code, seconds=result.wall_seconds)
    if result.has_error:
        out.has_error, out.error = True, result.error
        return out
    # rlimits mode has no mounts: the host paths of the same folders show up instead of /tc/...
    scrub = Scrubber([SPCOMP_DIR, INCLUDE_DIR, str(tc.path.parent), str(include), "/box",
                      *[f"{COMMUNITY_DIR}{n}" for n in range(len(include_dirs))], *map(str, include_dirs)],
                     file_name)
    out.diagnostics = parse_diagnostics(result.stdout + "\n" + result.stderr, scrub)[:MAX_DIAGNOSTICS]
    add_hints(out.diagnostics, include)
    if result.timed_out or result.signal is not None or (result.exit_code or 0) > 1 or (
            result.exit_code == 1 and not out.errors):
        # A crash, a timeout, or a failure without a word: this input, or a compiler that fails on everything.
        # The health probe tells them apart.
        try:
            await ensure_healthy("spcomp")
        except ToolchainBroken as exc:
            out.has_error, out.error = True, str(exc)
            return out
    if result.timed_out:
        out.timed_out = True
        out.message = f"the compiler ran out of time ({limits.wall_seconds:.0f} s) on this input"
    elif result.output_exceeded:
        out.message = "the compiler printed more than 1 MB of diagnostics"
    elif result.signal is not None or (result.exit_code or 0) > 1:
        out.crashed = True
        out.message = LIMIT_MESSAGES.get(result.signal or 0, CRASH_MESSAGE)
    elif result.exit_code == 0:
        smx = result.files.get(OUTPUT)
        if smx is None:
            out.has_error, out.error = True, "spcomp exited 0 but wrote no .smx"
            return out
        out.ok, out.smx = True, smx
    elif not out.errors:
        out.message = f"compilation failed: {scrub.text((result.stdout + result.stderr).strip())[:300]}"
    return out


class CompileTier:
    name = TIER
    required = True

    async def run(self, ctx: Context) -> TierResult:
        out = await compile_source(ctx.code or "", include_dirs=ctx.include_dirs,
                                   wall_seconds=ctx.timeout(TIER), file_name=ctx.file_name)
        if out.has_error:
            return TierResult.infra_error(TIER, out.error or "spcomp could not run")
        ctx.compiler_diagnostics = out.diagnostics
        details = {"exit_code": out.exit_code, "errors": out.errors, "warnings": out.warnings,
                   "crashed": out.crashed, "timed_out": out.timed_out, "sandbox_seconds": round(out.seconds, 4)}
        diags = list(out.diagnostics)
        if out.message:
            details["message"] = out.message
            diags.insert(0, Diagnostic(TIER, "error", out.message, ctx.file_name))
        if out.ok:
            ctx.smx = out.smx
            details["smx_bytes"] = len(out.smx or b"")
        return TierResult(TIER, ok=out.ok, details=details, diagnostics=diags)
