"""Speed of the fast Luanti tiers (parse, syntax, lint, sim) on a typical task answer.

    .venv/bin/python benchmarks/bench_luanti_fast.py [--runs 30] [--record]

Two answers: tests/data/luanti/fast/good_answer.md (3 files, a node, a craft, a chat command and an ABM,
`depends = default`, so the sim also runs minetest_game's default mod for real) and the same code without the
dependency on default (the sim's floor: the engine's builtin Lua only). Each run scores a fresh context,
tier by tier, sequentially (after two warm-up runs); p50/p95 per tier and for parse+syntax+lint together.
`--record` writes the figures into benchmarks/RESULTS.md with the date and the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from modbench.rubrics.luanti.context import LuantiContext
from modbench.rubrics.luanti.fast import FAST_TIERS, fast_tiers

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "tests" / "data" / "luanti" / "fast" / "good_answer.md").read_text()
NO_DEPS = (GOOD.replace("depends = default\n", "")
           .replace("sounds = default.node_sound_stone_defaults(),", ""))
CHECKS = {"mod_name": "glowing_blocks", "registers": {"nodes": ["glowing_blocks:glow_block"]}}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def cpu_ms() -> float:
    """CPU seconds of this process plus its finished children (bwrap, the tools), in ms: unlike wall time,
    hardly affected by other load on the machine."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime) * 1000


async def one_run(answer: str, checks: dict) -> dict[str, float]:
    ctx = LuantiContext(answer=answer, spec=None, checks=dict(checks))
    times = {}
    for tier in fast_tiers():
        started, cpu = time.perf_counter(), cpu_ms()
        result = await tier.run(ctx)
        times[tier.name] = (time.perf_counter() - started) * 1000
        times[tier.name + " cpu"] = cpu_ms() - cpu
        if not result.ok:
            raise SystemExit(f"{tier.name} failed on the benchmark answer: {result.error or result.diagnostics}")
    for suffix in ("", " cpu"):
        times["parse+syntax+lint" + suffix] = sum(times[t + suffix] for t in ("parse", "syntax", "lint"))
    return times


async def measure(answer: str, checks: dict, runs: int, mode: str) -> dict[str, list[float]]:
    os.environ["MODBENCH_SANDBOX"] = mode
    for _ in range(2):
        await one_run(answer, checks)
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, ms in (await one_run(answer, checks)).items():
            samples.setdefault(name, []).append(ms)
    return samples


def table(results: dict[str, dict[str, dict[str, list[float]]]]) -> str:
    names = [*FAST_TIERS, "parse+syntax+lint"]
    lines = ["| tier | " + " | ".join(f"{label}: bwrap wall p50 / p95 | rlimits wall p50 | rlimits CPU p50"
                                      for label in results) + " |",
             "|---|" + "---|---|---|" * len(results)]
    for name in names:
        cells = []
        for by_mode in results.values():
            bw, rl = by_mode["bwrap"], by_mode["rlimits"]
            cells += [f"{statistics.median(bw[name]):.1f} / {pct(bw[name], 0.95):.1f}",
                      f"{statistics.median(rl[name]):.1f}", f"{statistics.median(rl[name + ' cpu']):.1f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    answers = {"good_answer (depends default)": (GOOD, {**CHECKS, "depends": ["default"]}),
               "no dependencies": (NO_DEPS, CHECKS)}
    results = {label: {mode: asyncio.run(measure(answer, checks, args.runs, mode)) for mode in ("bwrap", "rlimits")}
               for label, (answer, checks) in answers.items()}
    load = f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    body = (f"Load average (1 min) on this shared 2-core machine: {load}; wall times scale with it, CPU times "
            f"hardly. {args.runs} sequential runs per answer and mode after 2 warm-ups; each tier in its own "
            "sandbox (syntax: one LuaJIT process for all files; lint: luacheck with the generated std; sim: a "
            "Python+lupa worker that loads the engine's builtin Lua, then the answer's dependencies from "
            "minetest_game for real, then the mod). `bwrap` is the product's isolation; `rlimits` runs the same "
            "commands without namespaces, which makes the tools direct children so that their CPU time "
            "(user+sys of this process and its children during the tier) can be read.\n\n" + table(results) +
            "\n\nTarget for parse+syntax+lint: p50 under 60 ms.")
    print(body)
    if args.record:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from record import record  # noqa: PLC0415

        record("Luanti fast tiers", "benchmarks/bench_luanti_fast.py", body)


if __name__ == "__main__":
    main()
