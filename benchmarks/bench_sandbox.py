"""Sandbox overhead: the same spcomp and luajit commands run bare (subprocess) and through
modbench.sandboxes.run, median of N runs each, as a ratio. Usage: python benchmarks/bench_sandbox.py [N]"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from record import record  # noqa: E402

from modbench.sandboxes import Bind, isolation_level, require, run  # noqa: E402

PLUGIN = """#pragma semicolon 1
#pragma newdecls required
#include <sourcemod>
public Plugin myinfo = { name = "bench", author = "modbench", description = "", version = "1.0", url = "" };
int g_count;
public void OnPluginStart() { HookEvent("tank_spawn", Event_TankSpawn); RegConsoleCmd("sm_tanks", Cmd_Tanks); }
public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast) {
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client > 0 && IsClientInGame(client)) { g_count++; PrintToChatAll("Tank #%d: %N", g_count, client); }
}
public Action Cmd_Tanks(int client, int args) { ReplyToCommand(client, "Tanks: %d", g_count); return Plugin_Handled; }
"""
LUA = "local t = {}\nfor i = 1, 100 do t[i] = i * 2 end\nminetest = minetest or {}\nreturn t\n"


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bare(argv: list[str], files: dict[str, str], n: int) -> list[float]:
    out = []
    for _ in range(n):
        with tempfile.TemporaryDirectory() as d:
            for name, text in files.items():
                Path(d, name).write_text(text)
            t = time.perf_counter()
            subprocess.run(argv, cwd=d, capture_output=True, check=False)
            out.append(time.perf_counter() - t)
    return out


async def sandboxed(argv, files, binds, n) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = await run(argv, files=files, binds=binds)
        out.append(time.perf_counter() - t)
        assert r.exit_code == 0 and not r.has_error, r.summary() + r.stdout + r.stderr
    return out


def main(n: int = 20) -> None:
    sp = require("spcomp")
    lj = require("luajit")
    cases = {
        "spcomp (68-line plugin, -v0)": (
            [str(sp.path), f"-i{sp.extra['include']}", "-v0", "p.sp", "-o", "p.smx"],
            ["/tc/spcomp/spcomp.elf64", "-i/tc/include", "-v0", "p.sp", "-o", "p.smx"],
            {"p.sp": PLUGIN}, [Bind(sp.path.parent, "/tc/spcomp"), Bind(sp.extra["include"], "/tc/include")]),
        "luajit -b (syntax check)": (
            [str(lj.path), "-b", "m.lua", "/dev/null"], ["luajit", "-b", "m.lua", "/dev/null"], {"m.lua": LUA}, []),
    }
    rows = ["| command | bare median (ms) | sandboxed median (ms) | ratio |", "|---|---|---|---|"]
    for label, (bare_argv, box_argv, files, binds) in cases.items():
        b = bare(bare_argv, files, n)
        s = asyncio.run(sandboxed(box_argv, files, binds, n))
        rows.append(f"| {label} | {median_ms(b):.1f} | {median_ms(s):.1f} | {median_ms(s) / median_ms(b):.2f}x |")
    body = (f"Isolation: `{isolation_level()}` (bubblewrap namespaces + rlimits + per-slot uid). Median of {n} "
            f"sequential runs each; the sandboxed figure includes work-dir creation, bwrap setup and cleanup.\n\n"
            + "\n".join(rows))
    print(body)
    record("Sandbox overhead", "benchmarks/bench_sandbox.py", body)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
