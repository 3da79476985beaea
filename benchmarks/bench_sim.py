"""Speed of the L4D2 simulator (modbench.rubrics.sourcepawn.sim).

    .venv/bin/python benchmarks/bench_sim.py [--runs 15] [--record]

1. Interpreter throughput (instructions/s) on a compiled loop plugin, in process, with pysmx 0.4.0 on a
   smaller pure-integer loop for comparison (pysmx lacks the float natives, so only that loop runs there).
2. Per-scenario cost inside the worker: fresh plugin + lifecycle + the tank-announce scenario + checks.
3. End-to-end `run_behaviour` (sandboxed worker process): 1 scenario, 10 scenarios, and the smoke run.
`--record` writes the figures into benchmarks/RESULTS.md (section "L4D2 simulator").
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from record import record  # noqa: E402
from sim_support import compile_fixture, compile_source  # noqa: E402

from modbench.rubrics.sourcepawn.sim import run_behaviour  # noqa: E402
from modbench.rubrics.sourcepawn.sim.runner import WORKER  # noqa: E402
from modbench.rubrics.sourcepawn.sim.game import Game  # noqa: E402
from modbench.rubrics.sourcepawn.sim.natives import NATIVES  # noqa: E402
from modbench.rubrics.sourcepawn.sim.scenario import run_scenario, validate  # noqa: E402
from modbench.rubrics.sourcepawn.sim.smxfile import read_smx  # noqa: E402
from modbench.sandboxes import python_argv, python_worker  # noqa: E402

LOOP = """
#include <sourcemod>
int g_Values[64];
public void OnPluginStart()
{
    int total;
    float f = 0.0;
    char buf[16];
    for (int i = 0; i < %d; i++)
    {
        g_Values[i & 63] += i %% 7;
        total += g_Values[(i * 3) & 63];
        if (i %% 1000 == 0) { f += 1.5; Format(buf, sizeof(buf), "%%d", total); }
    }
    PrintToServer("%%d %%.1f %%s", total, f, buf);
}
"""
INT_LOOP = """
#include <sourcemod>
public void OnPluginStart()
{
    int total;
    for (int i = 0; i < %d; i++) { total += i %% 7; }
    PrintToServer("done");
}
"""
TANK = {"name": "tank", "steps": [
    {"add_client": {"index": 1, "name": "Nick", "team": 2}},
    {"add_client": {"index": 5, "name": "Tank", "team": 3, "zombie_class": 8, "bot": True,
                    "netprops": {"m_iHealth": 6000}}},
    {"fire_event": {"name": "tank_spawn", "fields": {"userid": 105, "tankid": 5}}},
    {"command": {"client": 1, "text": "sm_tanks"}}, {"advance": 5.0}],
    "expect": [{"chat_contains": "6000"}, {"reply_contains": "Tanks this round: 1"}]}


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f}"


def vm_throughput(runs: int) -> tuple[float, float, int]:
    """(instructions per wall second, per CPU second, instructions per run)."""
    smx = read_smx(compile_source(LOOP % 200_000))
    wall_rates, cpu_rates, executed = [], [], 0
    for _ in range(runs):
        g = Game(smx, NATIVES)
        g.vm.budget_left = 10**9
        start, cpu = time.perf_counter(), time.process_time()
        g.forward("OnPluginStart")
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        executed = g.vm.executed
        wall_rates.append(executed / wall)
        cpu_rates.append(executed / cpu)
    return statistics.median(wall_rates), statistics.median(cpu_rates), executed


def pysmx_throughput(runs: int) -> float | None:
    """pysmx instructions per CPU second (its VM logs every executed instruction, which gives the count)."""
    try:
        from smx import SourcePawnPlugin
    except ImportError:
        return None
    blob = compile_source(INT_LOOP % 20_000)
    rates = []
    for _ in range(max(3, runs // 3)):
        plugin = SourcePawnPlugin(io.BytesIO(blob))
        rt = plugin.runtime
        rt.console_redirect = None
        amx = rt.amx
        amx.init()
        cpu = time.process_time()
        rt.call_function_by_name("OnPluginStart")
        rates.append(len(amx._executed) / (time.process_time() - cpu))
    return statistics.median(rates)


def scenario_cost(runs: int) -> list[float]:
    smx = read_smx(compile_fixture("tank_announce.sp"))
    g = Game(smx, NATIVES)
    g.vm.budget_left = 10**9
    sc = validate([TANK])[0]
    samples = []
    for _ in range(runs * 10):
        cpu = time.process_time()
        g.reset()
        result = run_scenario(g, sc)
        samples.append(time.process_time() - cpu)
        assert result["passed"], result
    return samples


def worker_cpu(smx: bytes, scenarios: list[dict], smoke: bool) -> float:
    """CPU seconds of the worker process itself (start-up, imports, the run), measured without the sandbox
    (bwrap's inner processes are not reaped into our rusage)."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "plugin.smx").write_bytes(smx)
        Path(tmp, "request.json").write_text(json.dumps({"scenarios": scenarios, "smoke": smoke,
                                                          "max_instructions": 5_000_000}))
        # outside the sandbox the bytecode cache sits at its host path
        cache = python_worker.pycache_dir()
        argv = [a.replace(python_worker.PYCACHE_TARGET, str(cache)) if cache else a for a in python_argv(WORKER)]
        proc = subprocess.Popen(argv, cwd=tmp, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        proc.stdin.write(b"go\n")              # the worker waits for its job's "go" (sandboxes/warm.py)
        proc.stdin.close()
        _pid, status, usage = os.wait4(proc.pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        return usage.ru_utime + usage.ru_stime


async def end_to_end(runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall time of run_behaviour, and the worker's own CPU time, per case."""
    smx = compile_fixture("tank_announce.sp")
    cases = {"1 scenario": ([TANK], False), "10 scenarios": ([dict(TANK, name=f"t{i}") for i in range(10)], False),
             "smoke": ([], True)}
    wall: dict[str, list[float]] = {k: [] for k in cases}
    cpu: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(runs):
        for name, (scenarios, smoke) in cases.items():
            start = time.perf_counter()
            result = await run_behaviour(smx, scenarios, smoke=smoke)
            wall[name].append(time.perf_counter() - start)
            assert result.ok, result
            cpu[name].append(worker_cpu(smx, scenarios, smoke))
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    wall_rate, cpu_rate, executed = vm_throughput(max(3, args.runs // 3))
    baseline = pysmx_throughput(args.runs)
    per_scenario = scenario_cost(args.runs)
    python_worker.wait_for_pycache()
    os.environ["MODBENCH_WARM"] = "0"       # every run a fresh worker: start-up included (warm: bench_sourcepawn.py)
    wall, cpu = asyncio.run(end_to_end(args.runs))
    lines = [
        f"Interpreter: {cpu_rate / 1e6:.2f} M instructions per CPU second ({wall_rate / 1e6:.2f} M per wall second) "
        f"on a {executed / 1e6:.1f} M-instruction loop with array, arithmetic, float and Format calls (median of "
        f"{max(3, args.runs // 3)})"
        + (f"; pysmx 0.4.0 on an integer loop: {baseline / 1e3:.0f} k instructions per CPU second" if baseline else ""),
        "",
        f"Per scenario inside the worker (fresh plugin, lifecycle, tank-announce steps, checks), CPU time: median "
        f"{median_ms(per_scenario)} ms, p95 {sorted(per_scenario)[int(0.95 * (len(per_scenario) - 1))] * 1000:.1f} ms "
        f"({len(per_scenario)} runs)",
        "",
        "End-to-end `run_behaviour`, cold (MODBENCH_WARM=0: a fresh sandboxed worker per run, Python start-up "
        "and imports from the bytecode cache included; benchmarks/bench_sourcepawn.py has the warm figures):",
        "",
        "| case | wall median (ms) | wall min (ms) | worker CPU median (ms) |",
        "|---|---|---|---|",
    ]
    for name in wall:
        lines.append(f"| {name} | {median_ms(wall[name])} | {min(wall[name]) * 1000:.1f} | {median_ms(cpu[name])} |")
    loadavg = Path("/proc/loadavg")
    load = loadavg.read_text().split()[:3] if loadavg.exists() else ["?"] * 3
    lines += ["", f"Load average when the run ended: {' '.join(load)} (other jobs share the machine: figures "
                  "taken under load are upper bounds)"]
    body = "\n".join(lines)
    print(body)
    if args.record:
        record("L4D2 simulator", "benchmarks/bench_sim.py", body)


if __name__ == "__main__":
    main()
