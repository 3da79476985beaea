"""One real-server run: minetestserver 5.6.1 loads the mods headlessly in a throwaway world, in a sandbox.

The harness mod reports the registry, runs the probes and stops the server in its first step, so a good
run takes about as long as a bare server start (~0.55 s or ~1.05 s: at shutdown the server waits for its
network thread's 0.5 s socket poll). A mod that loops forever at load time is stopped at the wall-clock
limit. Nothing here judges the mod (that is judge.py): this module runs the server and reads back what
happened, and tells a run that happened apart from one that could not (`has_error`).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from modbench.sandboxes import Limits, MiB, SandboxUnavailable, ToolchainMissing, isolation_level, require, run
from modbench.sandboxes.isolation import ISOLATION_BWRAP
from modbench.sandboxes.toolchains import sandbox_command

from .log import LogEntry, harness_lines, parse_log
from .world import PROBES_FILE, REPORT_FILE, WORLD, WorldMod, world_files

DEFAULT_TIMEOUT = 20.0
DEFAULT_PROBE_INSTRUCTIONS = 100_000_000
FIXED_PORT = 30000     # the sandbox has its own network namespace: no other server can hold the port
# RLIMIT_AS. Measured: minetest_game plus five community mods (720 nodes) load under 128 MiB; 512 MiB leaves
# room for large mod sets, and a memory bomb at load time then ends in LuaJIT's "not enough memory" in ~3 s.
MEMORY_BYTES = 512 * MiB
PROCESSES = 64         # threads count against RLIMIT_NPROC (the server runs ~10); mod security leaves Lua no fork


@dataclass
class EngineRun:
    """What one server run did; `has_error` means we could not run it (not the mods' fault)."""

    exit_code: int | None = None
    signal: int | None = None
    timed_out: bool = False
    output_exceeded: bool = False
    wall_seconds: float = 0.0
    has_error: bool = False
    error: str | None = None
    log: list[LogEntry] = field(default_factory=list)
    report: dict[str, Any] | None = None          # the registry report (signature checked)
    probes: list[dict[str, Any]] | None = None    # per-probe results (signature checked), None if not run
    tampered: list[str] = field(default_factory=list)   # report files whose signature did not match
    internal_errors: list[str] = field(default_factory=list)   # the harness's own failures (signature checked)
    stage: str = "start"          # how far it got: start, loaded, reported, probe N, done
    stderr: str = ""

    @property
    def errors(self) -> list[LogEntry]:
        return [e for e in self.log if e.level == "ERROR" and not e.text.startswith("[modbench_harness] ")]

    @property
    def warnings(self) -> list[LogEntry]:
        return [e for e in self.log if e.level == "WARNING"]

    # blocked / out_of_memory read unsigned harness lines: a mod that logs one can only fail itself by it

    @property
    def blocked(self) -> list[str]:
        """Report files the harness could not write because a mod put a folder in their place."""
        return [line[len("blocked "):] for line in harness_lines(self.log) if line.startswith("blocked ")]

    @property
    def out_of_memory(self) -> bool:
        """The harness ran out of Lua memory after the probes (what the mods hold): the mods' doing."""
        return "out of memory" in harness_lines(self.log)


def _free_udp_port() -> int:
    # Only without bubblewrap, where runs share the host's network: ask the kernel for an unused port.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_argv(server_path, port: int) -> list[str]:
    return [str(server_path), "--world", WORLD, "--config", f"{WORLD}/minetest.conf", "--logfile", "",
            "--port", str(port), "--color", "never"]


SERVER_ENV = {"HOME": WORLD}     # the server creates $HOME/.minetest: keep it inside the work dir


def _signatures(entries: list[LogEntry]) -> dict[str, str]:
    out = {}
    for line in harness_lines(entries):
        if line.startswith("wrote ") and " sha1=" in line:
            name, sig = line[len("wrote "):].split(" sha1=", 1)
            out[name.strip()] = sig.strip()
    return out


def _internal_errors(entries: list[LogEntry], nonce: str) -> list[str]:
    """The harness's `INTERNAL <sha1(nonce .. message)> <message>` lines whose signature holds.

    Any mod can log a line that starts with the harness's tag; an unsigned INTERNAL line is a mod trying to
    turn its failure into an infrastructure error (excluded from pass@k), and is ignored."""
    out = []
    for line in harness_lines(entries):
        if line.startswith("INTERNAL "):
            sig, _, message = line[len("INTERNAL "):].partition(" ")
            if sig == hashlib.sha1((nonce + message).encode()).hexdigest():
                out.append(message)
    return out


def _stage(entries: list[LogEntry]) -> str:
    stage = "start"
    for line in harness_lines(entries):
        if line == "mods loaded":
            stage = "loaded"
        elif line.startswith("probe ") and line.endswith(" start"):
            stage = line[: -len(" start")]
        elif line.startswith("wrote modbench_probes.json"):
            stage = "done"
        elif line.startswith("wrote modbench_report.json") and stage == "loaded":
            stage = "reported"
    return stage


def _read_signed(files: dict[str, bytes], path: str, nonce: str, signatures: dict[str, str],
                 tampered: list[str]) -> Any | None:
    data = files.get(path)
    if data is None:
        return None
    name = path.rsplit("/", 1)[-1]
    expected = hashlib.sha1(nonce.encode() + data).hexdigest()
    if signatures.get(name) != expected:
        tampered.append(name)
        return None
    try:
        return json.loads(data.decode("utf-8", "replace"))
    except ValueError:
        tampered.append(name)
        return None


async def run_engine(mods: Sequence[WorldMod], probes: Sequence[dict[str, str]] = (), *,
                     timeout: float = DEFAULT_TIMEOUT,
                     probe_instructions: int = DEFAULT_PROBE_INSTRUCTIONS) -> EngineRun:
    """Load `mods` (plus minetest_game) in the real server, run `probes` ({name, lua}) and read the reports."""
    try:
        server = require("minetestserver")
        bwrap = isolation_level() == ISOLATION_BWRAP
    except (ToolchainMissing, SandboxUnavailable) as exc:
        return EngineRun(has_error=True, error=str(exc))
    nonce = secrets.token_hex(16)
    files = world_files(list(mods), nonce=nonce, probes=[{"name": str(p["name"]), "lua": str(p["lua"])}
                                                       for p in probes],
                        probe_instructions=int(probe_instructions))
    exe, binds = sandbox_command(server)
    argv = server_argv(exe, FIXED_PORT if bwrap else _free_udp_port())
    limits = Limits(wall_seconds=timeout, cpu_seconds=int(timeout * 2) + 1, memory_bytes=MEMORY_BYTES,
                    processes=PROCESSES, output_bytes=8 * MiB)
    result = await run(argv, files=files, binds=binds, limits=limits, env=SERVER_ENV,
                       collect=[REPORT_FILE, PROBES_FILE])
    out = EngineRun(exit_code=result.exit_code, signal=result.signal, timed_out=result.timed_out,
                    output_exceeded=result.output_exceeded, wall_seconds=result.wall_seconds,
                    has_error=result.has_error, error=result.error, stderr=result.stderr)
    if result.has_error:
        return out
    out.log = parse_log(result.stderr)
    out.stage = _stage(out.log)
    out.internal_errors = _internal_errors(out.log, nonce)
    signatures = _signatures(out.log)
    out.report = _read_signed(result.files, REPORT_FILE, nonce, signatures, out.tampered)
    out.probes = _read_signed(result.files, PROBES_FILE, nonce, signatures, out.tampered)
    return out
