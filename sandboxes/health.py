"""Is a toolchain broken, or did only the model's input break it?

A compiler that segfaults on 5,000 nested parentheses has judged that input; a compiler that segfaults on
everything (a bad build, a missing library, a binary the sandbox cannot see, a full temp disk) is an
infrastructure failure, and a verdict built on it would blame the model for our machine. One run cannot
tell the two apart. So when a tier sees a failure that only a broken toolchain or an extreme input can cause
(a crash, a timeout, an exit code the tool never gives for merely wrong code), it asks here: the same
toolchain, in the same kind of sandbox, on a tiny known-good input. If that fails too, the toolchain is
broken (`has_error`); if it works, the failure belongs to the input.

    from modbench.sandboxes.health import ensure_healthy
    if crashed:
        await ensure_healthy("spcomp")     # raises ToolchainBroken (-> has_error) when the probe fails too

A healthy result is remembered for HEALTHY_TTL seconds, so a stream of inputs that crash the compiler costs
one probe per TTL, not one per input. A failed probe is never remembered: a machine that recovers is noticed
at the next crash. Callers on one event loop that ask at the same time share one probe.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Awaitable, Callable

from .isolation import ISOLATION_BWRAP, Bind, isolation_level
from .limits import MiB, Limits
from .runner import run
from .toolchains import ToolchainMissing, require, sandbox_command

HEALTHY_TTL = 60.0        # seconds a passed probe stands for

Probe = Callable[[], Awaitable[str | None]]     # None: handled the known-good input; else what went wrong


class ToolchainBroken(RuntimeError):
    """The toolchain fails on a known-good input too: an infrastructure failure, not the model's."""


# ------------------------------------------------------------------------------------------------ probes

PROBE_PLUGIN = """#include <sourcemod>
public Plugin myinfo = { name = "health", author = "modbench", description = "", version = "1", url = "" };
public void OnPluginStart() { PrintToServer("ok"); }
"""
PROBE_LUA = "local t = {}\nfor i = 1, 3 do t[i] = i end\nprint(#t)\n"
HEALTH_MOD = "modbench_health"
# Loads the real game (the world's gameid) and one trivial mod, which stops the server in its first step.
PROBE_WORLD = {
    "world.mt": "gameid = minetest\nbackend = sqlite3\nplayer_backend = sqlite3\nauth_backend = sqlite3\n"
                "mod_storage_backend = sqlite3\n",
    "minetest.conf": "bind_address = 127.0.0.1\nserver_announce = false\nipv6_server = false\n",
    f"worldmods/{HEALTH_MOD}/mod.conf": f"name = {HEALTH_MOD}\n",
    f"worldmods/{HEALTH_MOD}/init.lua": (
        'minetest.register_on_mods_loaded(function() minetest.log("action", "modbench_health: loaded") end)\n'
        'minetest.after(0, function() minetest.request_shutdown("modbench health probe", false, 0) end)\n'),
}
PROBE_LIMITS = Limits(wall_seconds=30, cpu_seconds=30, memory_bytes=1024 * MiB, processes=64, output_bytes=4 * MiB)


def _outcome(res, expect_stdout: str | None = None) -> str | None:
    if res.has_error:
        return res.error or "the sandbox failed"
    if not res.ok:
        return f"{res.summary()}: {(res.stderr or res.stdout).strip()[-300:]}"
    if expect_stdout is not None and expect_stdout not in res.stdout + res.stderr:
        return f"ran, but did not print {expect_stdout!r}: {(res.stdout + res.stderr).strip()[-300:]}"
    return None


async def _tool(name: str):
    # discovery runs the tool once for its version (a subprocess): off the loop; cached after the first call
    return await asyncio.to_thread(require, name)


async def probe_spcomp() -> str | None:
    tc = await _tool("spcomp")
    binds = [Bind(tc.path.parent, "/tc/spcomp"), Bind(tc.extra["include"], "/tc/include")]
    res = await run([f"/tc/spcomp/{tc.path.name}", "-i/tc/include", "-v0", "probe.sp", "-o", "probe.smx"],
                    files={"probe.sp": PROBE_PLUGIN}, binds=binds, limits=PROBE_LIMITS, collect=["probe.smx"])
    return _outcome(res) or (None if res.files.get("probe.smx") else "spcomp exited 0 but wrote no .smx")


async def probe_luajit() -> str | None:
    exe, binds = sandbox_command(await _tool("luajit"))
    res = await run([exe, "probe.lua"], files={"probe.lua": PROBE_LUA}, binds=binds, limits=PROBE_LIMITS)
    return _outcome(res, "3")


async def probe_luacheck() -> str | None:
    exe, binds = sandbox_command(await _tool("luacheck"))
    res = await run([exe, "--no-color", "--no-config", "--codes", "probe.lua"],
                    files={"probe.lua": PROBE_LUA}, binds=binds, limits=PROBE_LIMITS)
    return _outcome(res)


def _server_port() -> int:
    # bubblewrap gives every run its own network namespace; without it, runs share the host's ports
    if isolation_level() == ISOLATION_BWRAP:
        return 30000
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def probe_minetestserver() -> str | None:
    exe, binds = sandbox_command(await _tool("minetestserver"))
    argv = [exe, "--world", "/box", "--config", "/box/minetest.conf", "--logfile", "", "--port",
            str(_server_port()), "--color", "never"]
    res = await run(argv, files=PROBE_WORLD, env={"HOME": "/box"}, binds=binds, limits=PROBE_LIMITS)
    return _outcome(res, "modbench_health: loaded")


PROBES: dict[str, Probe] = {"spcomp": probe_spcomp, "luajit": probe_luajit, "luacheck": probe_luacheck,
                            "minetestserver": probe_minetestserver}

# ------------------------------------------------------------------------------------------------ cache

_healthy_until: dict[str, float] = {}
_pending: dict[tuple[str, int], asyncio.Task] = {}


def reset() -> None:
    """Forget every remembered result (tests that break and repair a toolchain call this)."""
    _healthy_until.clear()


async def _probe(name: str, probe: Probe) -> str | None:
    try:
        why = await probe()
    except ToolchainMissing as exc:
        why = str(exc)
    except Exception as exc:  # a probe that cannot even run says the same thing as one that fails
        why = f"{type(exc).__name__}: {exc}"
    if why is None:
        _healthy_until[name] = time.monotonic() + HEALTHY_TTL
        return None
    return f"{name} fails on a known-good input too, so it is broken here: {why}"


async def toolchain_fault(name: str, probe: Probe | None = None) -> str | None:
    """None when `name` handles a known-good input (so a failure just seen belongs to the input), else a
    message saying how the toolchain itself is broken. `probe` defaults to the built-in one for `name`."""
    if _healthy_until.get(name, 0.0) > time.monotonic():
        return None
    loop = asyncio.get_running_loop()
    key = (name, id(loop))
    task = _pending.get(key)
    if task is None:
        # its own task, shielded: a caller that is cancelled leaves the probe to the others (it is bounded
        # by the probe's sandbox limits), and nobody sees a cancellation that was not theirs
        task = loop.create_task(_probe(name, probe or PROBES[name]))
        _pending[key] = task
        task.add_done_callback(lambda t, k=key: _pending.pop(k, None) if _pending.get(k) is t else None)
    return await asyncio.shield(task)


async def ensure_healthy(name: str, probe: Probe | None = None) -> None:
    """Raise ToolchainBroken when `name` fails on a known-good input too (see `toolchain_fault`).

    Inside a tier, the raise becomes that tier's `has_error` (rubrics/engine.py turns any exception of a tier
    into an infrastructure failure), which is exactly the verdict a broken toolchain must give."""
    why = await toolchain_fault(name, probe)
    if why is not None:
        raise ToolchainBroken(why)


__all__ = ["HEALTHY_TTL", "PROBES", "Probe", "ToolchainBroken", "ensure_healthy", "reset", "toolchain_fault"]
