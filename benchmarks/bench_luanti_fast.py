"""Speed of the fast Luanti tiers (parse, syntax, lint, sim) on a typical task answer.

    .venv/bin/python benchmarks/bench_luanti_fast.py [--runs 30] [--rollouts 30] [--record]

Two answers: tests/data/luanti/fast/good_answer.md (3 files, a node, a craft, a chat command and an ABM,
`depends = default`, so the sim also runs minetest_game's default mod for real) and the same code without the
dependency on default (the sim's floor: the engine's builtin Lua only). Each run scores a fresh context, tier
by tier, sequentially; p50/p95 per tier and for tiers 1-3 together (syntax + lint + sim: the issue's target,
"tiers 1-3 p50 under 60 ms"; parse is in-process and adds ~0.3 ms). Three modes:
- warm, spare ready (the default, MODBENCH_WARM=1): syntax's LuaJIT, lint's luacheck and the sim's
  Python+lupa worker were pre-started (sandboxes/warm.py: LuaJIT up; luacheck's modules and the Luanti std
  loaded; lupa, the engine's facts, the mock and the engine's builtin Lua loaded) and had finished starting
  (a 0.5 s pause, not timed, before each run): the latency a rollout sees when spares are ready.
- warm, back-to-back: no pause, so a spare started after the previous run's job may still be starting.
- 2 spares, back-to-back (MODBENCH_WARM=2): each spare had two runs' time to start.
- cold (MODBENCH_WARM=0): a fresh sandboxed process per tier and run, start-up included.
Rollouts/s: the four fast tiers, 2 rollouts at a time (2 sandbox slots), warm and cold: spares start outside
the slots and every job still pays its worker's start-up CPU, so warm workers cut latency, not work.
Figures taken while other jobs load the machine are upper bounds. `--record` writes benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

from modbench.rubrics.luanti.context import LuantiContext
from modbench.rubrics.luanti.fast import FAST_TIERS, fast_tiers
from modbench.sandboxes import isolation_level, python_worker, set_max_concurrency, warm

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "tests" / "data" / "luanti" / "fast" / "good_answer.md").read_text()
NO_DEPS = (GOOD.replace("depends = default\n", "")
           .replace("sounds = default.node_sound_stone_defaults(),", ""))
CHECKS = {"mod_name": "glowing_blocks", "registers": {"nodes": ["glowing_blocks:glow_block"]}}
TIERS_1_3 = ("syntax", "lint", "sim")
MODES = {  # label: (MODBENCH_WARM, pause before each run in seconds)
    "warm, spare ready": ("1", 0.5),
    "warm, back-to-back": ("1", 0.0),
    "2 spares, back-to-back": ("2", 0.0),
    "cold": ("0", 0.0),
}
KINDS = ("luajit-syntax", "luacheck", "luanti-sim")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def one_run(answer: str, checks: dict) -> dict[str, float]:
    ctx = LuantiContext(answer=answer, spec=None, checks=dict(checks))
    times = {}
    for tier in fast_tiers():
        started = time.perf_counter()
        result = await tier.run(ctx)
        times[tier.name] = (time.perf_counter() - started) * 1000
        if not result.ok:
            raise SystemExit(f"{tier.name} failed on the benchmark answer: {result.error or result.diagnostics}")
    times["tiers 1-3"] = sum(times[t] for t in TIERS_1_3)
    return times


async def measure(answer: str, checks: dict, runs: int, pause: float) -> dict[str, list[float]]:
    for _ in range(2):
        await one_run(answer, checks)                  # toolchain lookup, catalogs, the first spares
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        await asyncio.sleep(pause)
        for name, ms in (await one_run(answer, checks)).items():
            samples.setdefault(name, []).append(ms)
    await warm.shutdown()
    return samples


async def throughput(answer: str, checks: dict, rollouts: int, concurrency: int = 2) -> float:
    set_max_concurrency(concurrency)
    gate = asyncio.Semaphore(concurrency)

    async def go():
        async with gate:
            await one_run(answer, checks)

    await one_run(answer, checks)
    started = time.perf_counter()
    await asyncio.gather(*(go() for _ in range(rollouts)))
    rate = rollouts / (time.perf_counter() - started)
    await warm.shutdown()
    return rate


def jobs_line(before: dict, after: dict) -> str:
    parts = []
    for kind in KINDS:
        b, a = before.get(kind, {}), after.get(kind, {})
        parts.append(f"{kind} " + "/".join(str(a.get(k, 0) - b.get(k, 0)) for k in ("warm", "cold", "fallback")))
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rollouts", type=int, default=30)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    cache = python_worker.wait_for_pycache()
    load_before = os.getloadavg()[0]
    answers = {"good_answer (depends default)": (GOOD, {**CHECKS, "depends": ["default"]}),
               "no dependencies": (NO_DEPS, CHECKS)}
    results: dict[str, dict[str, dict[str, list[float]]]] = {}
    jobs: dict[str, str] = {}
    for label, (answer, checks) in answers.items():
        for mode, (setting, pause) in MODES.items():
            os.environ["MODBENCH_WARM"] = setting
            before = warm.stats()
            results.setdefault(label, {})[mode] = asyncio.run(measure(answer, checks, args.runs, pause))
            jobs[f"{label}, {mode}"] = jobs_line(before, warm.stats())
            print(f"{label}, {mode}: done ({jobs[f'{label}, {mode}']})", flush=True)
    rates = {}
    for mode, setting in (("warm", "1"), ("cold", "0")):
        os.environ["MODBENCH_WARM"] = setting
        before = warm.stats()
        rates[mode] = asyncio.run(throughput(GOOD, {**CHECKS, "depends": ["default"]}, args.rollouts))
        jobs[f"throughput {mode}"] = jobs_line(before, warm.stats())
    os.environ.pop("MODBENCH_WARM", None)
    load_after = os.getloadavg()[0]

    names = [*FAST_TIERS, "tiers 1-3"]
    sections = []
    for label, by_mode in results.items():
        lines = [f"**{label}** ({args.runs} runs per mode)", "",
                 "| tier | " + " | ".join(f"{m}: p50 / p95 ms" for m in MODES) + " |",
                 "|---|" + "---:|" * len(MODES)]
        for name in names:
            cells = [f"{statistics.median(by_mode[m][name]):.1f} / {pct(by_mode[m][name], 0.95):.1f}" for m in MODES]
            bold = "**" if name == "tiers 1-3" else ""
            lines.append(f"| {bold}{name}{bold} | " + " | ".join(cells) + " |")
        lines += ["", "Jobs (warm/cold/fallback): " + "; ".join(f"{m}: {jobs[f'{label}, {m}']}" for m in MODES)]
        sections.append("\n".join(lines))
    good = results["good_answer (depends default)"]
    body = "\n\n".join([
        f"Isolation: `{isolation_level()}`; workers' bytecode cache: {'yes' if cache else 'no'}. Load average "
        f"(1 min) {load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} cores (figures taken while "
        "other jobs share the machine are upper bounds). Each tier in its own sandbox. *warm, spare ready*: "
        "syntax's LuaJIT, lint's luacheck (modules and the generated Luanti std loaded) and the sim's worker "
        "(lupa, the engine's facts, the mock and the engine's builtin Lua loaded) were started before the run "
        "and had finished starting; only the answer's own work remains (LuaJIT compiles its files; luacheck "
        "checks them; the sim loads the answer's dependencies from minetest_game for real, then the mod). "
        "*warm, back-to-back*: no pause between runs, so a spare may still be starting. *2 spares, "
        "back-to-back*: `MODBENCH_WARM=2`, so each spare had two runs' time to start. *cold*: "
        "`MODBENCH_WARM=0`, a fresh sandboxed process per tier and run.",
        *sections,
        f"Rollouts/s, the four fast tiers on good_answer, 2 at a time ({args.rollouts} rollouts, 2 sandbox slots): "
        f"warm **{rates['warm']:.1f}** ({jobs['throughput warm']}), cold **{rates['cold']:.1f}**. Spares start "
        "outside the slots and every job still pays its worker's start-up CPU: warm workers cut latency, not work.",
        "Target: tiers 1-3 (syntax + lint + sim) p50 under 60 ms. good_answer: " + ", ".join(
            f"{m} {statistics.median(good[m]['tiers 1-3']):.1f} ms" for m in MODES) + ".",
    ])
    print(body)
    if args.record:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from record import record  # noqa: PLC0415

        record("Luanti fast tiers", f"benchmarks/bench_luanti_fast.py --runs {args.runs} --rollouts {args.rollouts}",
               body)


if __name__ == "__main__":
    main()
