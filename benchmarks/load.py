"""Load: thousands of mixed rollouts (valid, broken, hostile; both environments) scored through the
environments' own scoring path, `ModbenchTask.verdict`, with bounded concurrency.

    .venv/bin/python benchmarks/load.py [--rollouts 5000] [--in-flight 4] [--seed 7] [--no-record]

Every rollout is really scored: each answer gets a unique trailing line outside its code blocks (as distinct
RL samples are), so the VerdictCache never answers one from memory; the cache's miss count is checked
against the number of rollouts. Tier sets: mostly the cheap tiers (l4d2: no behaviour simulator; luanti:
parse/syntax/lint), a share with the simulators, a smaller share with every tier (the L4D2 simulator, the
real Luanti server). Hostile answers are the red-team corpus (tests/hostile) minus its slow categories
(endless loops, memory bombs, pathological patterns: each holds a sandbox for seconds by design).

Measured: rollouts/s (overall, per environment and tier set, with latency percentiles), peak RSS of this
process (sampled every 0.2 s, and getrusage's maximum) and of its whole process tree (sampled; the sandboxed
programs included), and the verdict outcomes. Checked (exit code 1 when violated): peak RSS of
this process under 1 GB, every rollout scored and none raising, no leaked process (any live process whose
command line or working directory names this run's private sandbox temp root: a sandboxed program cannot
outlive the bubblewrap process that names its work dir, since that one is its PID namespace's init), no leaked
temp dir (that temp root must be empty), no leaked file descriptor, nothing written where hostile
answers aim, no canary token in any verdict. Figures go to benchmarks/RESULTS.md unless --no-record.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
from record import record  # noqa: E402
from hostile_generators import generate  # noqa: E402

import importlib  # noqa: E402

from modbench.sandboxes import POOL, isolation_level, versions, warm  # noqa: E402
from modbench.scenarios import load_tasks  # noqa: E402

RSS_LIMIT = 1 << 30
SLOW_HOSTILE = {"infinite-loop", "memory-bomb", "pathological-pattern", "control"}
# (name, env, tiers (None = all), weight)
TIER_SETS = [
    ("l4d2 cheap", "l4d2", ["extract", "includes", "compile", "static", "security"], 0.42),
    ("l4d2 all", "l4d2", [], 0.08),
    ("luanti cheap", "luanti", ["parse", "syntax", "lint"], 0.30),
    ("luanti sim", "luanti", ["parse", "syntax", "lint", "sim"], 0.12),
    ("luanti all", "luanti", [], 0.08),
]
KINDS = [("valid", 0.40), ("broken", 0.35), ("hostile", 0.25)]


# ------------------------------------------------------------------------------------------------ inputs

def hostile_pool(env: str, places: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """(task id, [(case id, answer)]) from tests/hostile/<env>.toml, without the slow categories."""
    data = tomllib.loads((ROOT / "tests" / "hostile" / f"{env}.toml").read_text(encoding="utf-8"))
    templates = data.get("templates", {})
    out = []
    for case in data["case"]:
        if case["category"] in SLOW_HOSTILE or case.get("timeouts"):
            continue
        if "generator" in case:
            text = generate(env, case["generator"])
        elif "template" in case:
            fill = case.get("fill", {})
            # the test's rule: each template slot gets its fill or nothing; placeholders stay for below
            text = re.sub(r"@@([A-Z_]+)@@", lambda m: m.group(0) if m.group(1) in places else fill.get(m.group(1), ""),
                          templates[case["template"]])
        else:
            text = case["answer"]
        for key, value in places.items():
            text = text.replace(f"@@{key}@@", value)
        out.append((case["id"], text))
    return data["task"], out


def make_task(env: str, spec, tiers: list[str]):
    module = importlib.import_module(f"vf_{env}.taskset")
    prefix = "L4D2" if env == "l4d2" else "Luanti"
    data = getattr(module, prefix + "Data").from_spec(spec, scoring_timeout=180)
    return getattr(module, prefix + "Task")(data, getattr(module, prefix + "TaskConfig")(tiers=tiers))


def plan(n: int, seed: int, places: dict[str, str]):
    """n rollouts: (tier set name, env, task, kind, answer label, answer text, rollout number)."""
    rng = random.Random(seed)
    specs = {env: load_tasks(env, split="eval") for env in ("l4d2", "luanti")}
    by_id = {env: {s.id: s for s in specs[env]} for env in specs}
    hostile = {env: hostile_pool(env, places) for env in specs}
    tasks: dict[tuple[str, str], object] = {}

    def task_for(set_name, env, tiers, spec):
        key = (set_name, spec.id)
        if key not in tasks:
            tasks[key] = make_task(env, spec, tiers)
        return tasks[key]

    rollouts = []
    for i in range(n):
        set_name, env, tiers, _ = rng.choices(TIER_SETS, weights=[t[3] for t in TIER_SETS])[0]
        kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
        if kind == "hostile":
            task_id, cases = hostile[env]
            spec = by_id[env][task_id]
            label, text = rng.choice(cases)
        else:
            spec = rng.choice(specs[env])
            if kind == "valid":
                label, text = "reference", spec.reference
            else:
                b = rng.choice(spec.broken)
                label, text = f"broken:{b.fails}", b.answer
        # the base text is shared; the distinct answer is made when it is scored (see score_all)
        rollouts.append((set_name, env, task_for(set_name, env, tiers, spec), kind, label, text, i))
    return rollouts


# ------------------------------------------------------------------------------------------------ process watch

def _rss_kib(pid: int | str) -> int:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(root: int) -> list[tuple[int, str]]:
    kids: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            kids[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry))
    out, todo = [], [root]
    while todo:
        for pid in kids.get(todo.pop(), []):
            try:
                cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                cmd = "?"
            out.append((pid, cmd[:160]))
            todo.append(pid)
    return out


class Sampler(threading.Thread):
    """Peak RSS of this process and of its whole tree, every 0.2 s."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.peak_self = self.peak_tree = 0

    def run(self):
        me = os.getpid()
        while not self.stop.is_set():
            own = _rss_kib(me)
            tree = own + sum(_rss_kib(pid) for pid, _ in descendants(me))
            self.peak_self, self.peak_tree = max(self.peak_self, own), max(self.peak_tree, tree)
            self.stop.wait(0.2)


def ours(tmp_root: Path) -> list[tuple[int, str]]:
    """Live processes that belong to this run's sandboxes (by their work dir under `tmp_root`)."""
    root, found = str(tmp_root), []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()[0] == "Z":
                continue
            cmd = open(f"/proc/{entry}/cmdline", "rb").read().replace(b"\0", b" ").decode("utf-8", "replace")
            cwd = os.readlink(f"/proc/{entry}/cwd")
        except OSError:
            continue
        if root in cmd or cwd.startswith(root):
            found.append((int(entry), cmd[:160]))
    return found


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


# ------------------------------------------------------------------------------------------------ the run

async def score_all(rollouts, in_flight: int, token: str, progress_every: int):
    gate = asyncio.Semaphore(in_flight)
    results = [None] * len(rollouts)
    done = 0
    started = time.perf_counter()

    async def one(i, r):
        nonlocal done
        set_name, env, task, kind, label, base, number = r
        async with gate:
            # a distinct answer for every rollout (a trailing line outside the code blocks), as distinct RL
            # samples are: the cache must never stand in for scoring
            text = f"{base}\n\nrollout {number} ({secrets.token_hex(4)})\n"
            t0 = time.perf_counter()
            try:
                v = await task.verdict(text)
                leak = token in json.dumps(v.to_json(), ensure_ascii=False, default=str)
                results[i] = (set_name, env, kind, label, time.perf_counter() - t0, v.passed, v.has_error,
                              v.error, leak, None)
            except Exception as exc:  # counted and reported: nothing may escape the scoring path
                results[i] = (set_name, env, kind, label, time.perf_counter() - t0, False, False, None, False,
                              f"{type(exc).__name__}: {exc}")
        done += 1
        if progress_every and done % progress_every == 0:
            rate = done / (time.perf_counter() - started)
            print(f"  {done}/{len(rollouts)} rollouts, {rate:.2f}/s, load {os.getloadavg()[0]:.1f}", flush=True)

    await asyncio.gather(*(one(i, r) for i, r in enumerate(rollouts)))
    await warm.shutdown()       # the pre-started workers end with the run, before the leak checks count
    return results


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rollouts", type=int, default=5000)
    ap.add_argument("--in-flight", type=int, default=0, help="rollouts scored at once (default: 2x sandbox slots)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-record", action="store_true")
    args = ap.parse_args()
    in_flight = args.in_flight or 2 * POOL.size

    work = Path(tempfile.mkdtemp(prefix="load-bench-"))
    work.chmod(0o755)
    tmp_root = work / "sandbox-tmp"
    tmp_root.mkdir()
    os.environ["MODBENCH_TMPDIR"] = str(tmp_root)
    token = secrets.token_hex(16)
    canary, outside = work / "canary.txt", work / "outside"
    canary.write_text(f"CANARY_{token} CANARY_{token}\n")
    canary.chmod(0o644)
    outside.mkdir()
    outside.chmod(0o777)
    places = {"CANARY": str(canary), "CANARY_REL": str(canary).lstrip("/"), "OUTSIDE": str(outside)}
    sys_tmp = Path(tempfile.gettempdir())
    try:
        warmup, rollouts = (lambda r: (r[:4], r[4:]))(plan(args.rollouts + 4, args.seed, places))
        caches = {env: importlib.import_module(m + ".rubric")._CACHE
                  for env, m in (("l4d2", "modbench.rubrics.sourcepawn"), ("luanti", "modbench.rubrics.luanti"))}
        # warm-up (toolchain discovery, catalogs, versions): outside the figures and the fd baseline
        asyncio.run(score_all(warmup, in_flight, token, 0))
        misses0 = {env: c.misses for env, c in caches.items()}
        hits0 = {env: c.hits for env, c in caches.items()}
        fds0 = open_fds()
        sys_tmp0 = len(list(sys_tmp.glob("modbench-*")))
        load0 = os.getloadavg()
        sampler = Sampler()
        sampler.start()
        print(f"scoring {len(rollouts)} rollouts, {in_flight} at a time, {POOL.size} sandbox slots", flush=True)
        started = time.perf_counter()
        results = asyncio.run(score_all(rollouts, in_flight, token, 250))
        wall = time.perf_counter() - started
        sampler.stop.set()
        sampler.join()
        load1 = os.getloadavg()
        time.sleep(0.5)                      # let the namespace inits that were ending finish
        leftover = ours(tmp_root)
        fds1 = open_fds()
        leaked_dirs = sorted(p.name for p in tmp_root.iterdir())
        written = sorted(p.name for p in outside.iterdir())
        sys_tmp1 = len(list(sys_tmp.glob("modbench-*")))
        misses = {env: c.misses - misses0[env] for env, c in caches.items()}
        hits = {env: c.hits - hits0[env] for env, c in caches.items()}
        self_maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # -------------------------------------------------------------------------------------- figures
    per_env = Counter(r[1] for r in results)
    exceptions = [r for r in results if r[9]]
    leaks = [r for r in results if r[8]]
    lat = defaultdict(list)
    for r in results:
        lat[r[0]].append(r[4])
    outcomes = Counter((r[1], r[2], "error" if r[9] else "has_error" if r[6] else "pass" if r[5] else "fail")
                       for r in results)
    errors_by = Counter((r[1], r[2], r[3], (r[7] or r[9] or "")[:90]) for r in results if r[6] or r[9])
    peak_self_mib = max(sampler.peak_self, self_maxrss) / 1024
    problems = []
    if peak_self_mib * (1 << 20) >= RSS_LIMIT:
        problems.append(f"peak RSS of the scoring process {peak_self_mib:.0f} MiB >= 1 GiB")
    if exceptions:
        problems.append(f"{len(exceptions)} rollouts raised")
    if sum(misses.values()) != len(results) or any(hits.values()):
        problems.append(f"not every rollout was scored: cache misses {misses}, hits {hits}")
    if leftover:
        problems.append(f"{len(leftover)} processes left: {leftover[:5]}")
    if leaked_dirs:
        problems.append(f"{len(leaked_dirs)} sandbox temp dirs left: {leaked_dirs[:5]}")
    if fds1 > fds0:
        problems.append(f"file descriptors {fds0} -> {fds1}")
    if written:
        problems.append(f"hostile answers wrote to the host: {written}")
    if leaks:
        problems.append(f"the canary token is in {len(leaks)} verdicts")

    lines = [
        f"Isolation: `{isolation_level()}`; {POOL.size} sandbox slots; {in_flight} rollouts in flight; seed "
        f"{args.seed}. Load average (1/5/15 min) before {load0[0]:.1f}/{load0[1]:.1f}/{load0[2]:.1f}, after "
        f"{load1[0]:.1f}/{load1[1]:.1f}/{load1[2]:.1f} on this shared 2-core machine (other jobs ran too: wall "
        "times and throughput on an idle machine are higher). Toolchains: "
        + ", ".join(f"{k} {v}" for k, v in versions().items()) + ".",
        "",
        f"Rollouts: **{len(results)}** ({per_env['l4d2']} vf-l4d2, {per_env['luanti']} vf-luanti), each a distinct "
        "answer (a unique trailing line outside the code) scored through `ModbenchTask.verdict`: "
        f"VerdictCache misses {sum(misses.values())}, hits {sum(hits.values())}.",
        "",
        f"- wall time: **{wall:.0f} s**; throughput **{len(results) / wall:.2f} rollouts/s**",
        f"- peak RSS of the scoring process: **{peak_self_mib:.0f} MiB** (limit 1024 MiB); of its whole process tree "
        f"(sandboxed programs included, sampled every 0.2 s; the sum of their VmRSS, which counts "
        f"shared pages in every process that maps them): **{sampler.peak_tree / 1024:.0f} MiB**",
        f"- leaks: sandbox processes left {len(leftover)}, sandbox temp dirs "
        f"left {len(leaked_dirs)}, file descriptors {fds0} -> {fds1}; modbench-* dirs in {sys_tmp} (shared with "
        f"other jobs) {sys_tmp0} -> {sys_tmp1}",
        f"- hostile side effects: files written where answers aimed {len(written)}, canary token in verdicts "
        f"{len(leaks)}; exceptions escaping the scoring path {len(exceptions)}",
        "",
        "| tier set | rollouts | p50 s | p95 s | max s |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, *_ in TIER_SETS:
        v = lat.get(name, [])
        if v:
            lines.append(f"| {name} | {len(v)} | {statistics.median(v):.2f} | {pct(v, 0.95):.2f} | {max(v):.2f} |")
    lines += ["", "Latency is per rollout while sharing the machine with the other rollouts in flight.", "",
              "| env | kind | pass | fail | has_error | raised |", "|---|---|---:|---:|---:|---:|"]
    for env in ("l4d2", "luanti"):
        for kind, _ in KINDS:
            c = {o: outcomes[(env, kind, o)] for o in ("pass", "fail", "has_error", "error")}
            lines.append(f"| {env} | {kind} | {c['pass']} | {c['fail']} | {c['has_error']} | {c['error']} |")
    if errors_by:
        lines += ["", "has_error / raised, by answer (count: env kind answer: error):"]
        for (env, kind, label, why), count in errors_by.most_common(12):
            lines.append(f"- {count}: {env} {kind} `{label}`: {why}")
    lines += ["", "Checks: " + ("all held." if not problems else "; ".join(problems))]
    body = "\n".join(lines)
    print(body)
    if not args.no_record:
        record("Load: mixed rollouts", f"benchmarks/load.py --rollouts {args.rollouts} --seed {args.seed}", body)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
