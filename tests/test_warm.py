"""Pre-started ("warm") sandboxed workers (sandboxes/warm.py) and the workers' bytecode cache
(sandboxes/python_worker.py), with real sandboxes and the real workers.

A warm job must be exactly a cold one: same verdicts, wall clock from "go", a dead spare replaced by a cold run
(never has_error), workers that exit on EOF, nothing left running once the loop or the host process is gone.
The engine's own mechanics are shown with tiny /bin/sh workers that follow the same protocol (fast); the
real workers (L4D2 simulator, Luanti simulation, luacheck, the LuaJIT syntax check) run through their tiers.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from modbench.rubrics.engine import VerdictCache
from modbench.rubrics.luanti import lint as lint_tier
from modbench.rubrics.luanti import syntax as syntax_tier
from modbench.rubrics.luanti.answer import parse_answer
from modbench.rubrics.luanti.context import LuantiContext
from modbench.rubrics.luanti.sim import tier as sim_tier
from modbench.rubrics.sourcepawn.sim.runner import WORKER as L4D2_WORKER
from modbench.sandboxes import Bind, Limits, python_argv, python_binds, require, run
from modbench.sandboxes import python_worker, warm
from modbench.sandboxes.toolchains import sandbox_command
from modbench.scenarios import load_tasks

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sandboxes need Linux")

# follows the protocol: start up, wait for "go", then read the job's files
SH_WORKER = ["/bin/sh", "-c", 'read line; [ "$line" = go ] || exit 0; cat job.txt']
QUICK = Limits(wall_seconds=20, cpu_seconds=5)


def go(coro):
    return asyncio.run(coro)


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def processes_of(uid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid and alive(int(entry)):
                    out.append(int(entry))
            except OSError:
                pass
    return out


def descendants(pid: int) -> list[tuple[int, str]]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        for c in map(int, children):
            try:
                cmd = Path(f"/proc/{c}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            out.append((c, cmd))
            todo.append(c)
    return out


async def wait_until(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return predicate()


def spares(kind: str) -> list:
    pool = warm._POOLS.get(asyncio.get_running_loop())
    return list(pool.spares.get(kind, [])) if pool else []


def counts(kind: str) -> dict[str, int]:
    return warm.stats().get(kind, {"warm": 0, "cold": 0, "fallback": 0})


# ------------------------------------------------------------------------------- same verdicts, warm or cold

def _task(env: str, task_id: str):
    return load_tasks(env, ids=[task_id])[0]


def _cases(env: str) -> list[tuple]:
    """(task, answer, tiers) for a passing and failing answers whose failing tier is a warm worker's."""
    if env == "l4d2":
        task = _task("l4d2", "l4d2-eval-bile_tracker-doc-event_getbool")
        broken = next(b.answer for b in task.broken if b.fails == "behaviour")
        tiers = {"extract", "includes", "compile", "static", "behaviour"}
        return [(task, task.reference, tiers), (task, broken, tiers)]
    tiers = {"parse", "syntax", "lint", "sim"}
    task = _task("luanti", "repair_flat_craft_light_node_bakery")
    lint_task = _task("luanti", "doc_add_item_apiary")
    return [(task, task.reference, tiers),
            (task, next(b.answer for b in task.broken if b.fails == "sim"), tiers),
            (lint_task, next(b.answer for b in lint_task.broken if b.fails == "lint"), tiers)]


# timings, and the .smx size: spcomp embeds its compile time, so the compressed file varies by a byte or two
_VARYING = {"seconds", "wall_seconds", "sandbox_seconds", "smx_bytes"}


def _comparable(value):
    """A verdict's JSON without what differs from run to run whatever runs it."""
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items() if k not in _VARYING}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value


@pytest.mark.slow
@pytest.mark.parametrize("env,module,kinds", [
    ("l4d2", "modbench.rubrics.sourcepawn.rubric", ["l4d2-sim"]),
    ("luanti", "modbench.rubrics.luanti.rubric", ["luajit-syntax", "luacheck", "luanti-sim"]),
])
def test_warm_and_cold_workers_give_identical_verdicts(env, module, kinds, monkeypatch):
    rubric = importlib.import_module(module)
    cases = _cases(env)

    async def score_all() -> list:
        verdicts = []
        monkeypatch.setattr(rubric, "_CACHE", VerdictCache())
        await rubric.score_answer(cases[0][0], cases[0][1], tiers=cases[0][2])      # starts the spares
        for task, answer, tiers in cases:
            monkeypatch.setattr(rubric, "_CACHE", VerdictCache())      # really score every time
            verdicts.append(await rubric.score_answer(task, answer, tiers=tiers))
        return verdicts

    before = {k: counts(k) for k in kinds}
    warm_verdicts = go(score_all())
    for k in kinds:
        assert counts(k)["warm"] - before[k]["warm"] >= len(cases) - 1, (k, counts(k), before[k])
    monkeypatch.setenv("MODBENCH_WARM", "0")
    before = {k: counts(k) for k in kinds}
    cold_verdicts = go(score_all())
    for k in kinds:
        assert counts(k)["warm"] == before[k]["warm"]
    assert [v.passed for v in warm_verdicts] == [True] + [False] * (len(cases) - 1)
    for w, c in zip(warm_verdicts, cold_verdicts):
        assert not w.has_error, w.error
        assert _comparable(w.to_json()) == _comparable(c.to_json())
        assert w.metrics == c.metrics


# ------------------------------------------------------------------------------------------- the wall clock

@pytest.mark.parametrize("mode", ["auto", "rlimits"])
def test_the_wall_clock_starts_at_go(mode, monkeypatch):
    monkeypatch.setenv("MODBENCH_SANDBOX", mode)

    async def main():
        await warm.run_warm("sh", SH_WORKER, files={"job.txt": "first"}, limits=QUICK)
        await wait_until(lambda: spares("sh") and spares("sh")[0].pid is not None)
        await asyncio.sleep(1.5)                         # the spare idles longer than the job's wall limit
        return await warm.run_warm("sh", SH_WORKER, files={"job.txt": "second"}, limits=QUICK.with_(wall_seconds=1))

    before = counts("sh")
    res = go(main())
    assert counts("sh")["warm"] == before["warm"] + 1
    assert res.ok and res.stdout == "second" and not res.timed_out


def test_an_endless_loop_in_a_warm_worker_times_out_from_go():
    loop_worker = ["/bin/sh", "-c", 'read line; [ "$line" = go ] || exit 0; while :; do :; done']

    async def main():
        first = await warm.run_warm("sh-loop", loop_worker, limits=QUICK.with_(wall_seconds=0.5))   # cold
        await wait_until(lambda: spares("sh-loop") and spares("sh-loop")[0].pid is not None)
        await asyncio.sleep(1.0)
        second = await warm.run_warm("sh-loop", loop_worker, limits=QUICK.with_(wall_seconds=0.5))
        return first, second

    before = counts("sh-loop")
    first, second = go(main())
    assert counts("sh-loop")["warm"] == before["warm"] + 1
    for res in (first, second):
        assert res.timed_out and res.exit_code is None and not res.has_error
        assert res.wall_seconds >= 0.5       # the limit counts from "go", not from the spare's start


@pytest.mark.slow
def test_a_hang_in_the_warm_luanti_simulation_is_the_mods_timeout():
    def ctx(code: str) -> LuantiContext:
        text = f"```lua init.lua\n{code}\n```\n"
        return LuantiContext(answer=text, spec=None, mod=parse_answer(text, "glow"), checks={"mod_name": "glow"},
                             timeouts={"sim": 1.5})

    async def main():
        await sim_tier.SimTier().run(ctx("minetest.register_node('glow:a', {})"))     # starts a spare
        before = counts("luanti-sim")
        result = await sim_tier.SimTier().run(ctx('local s = ("a"):rep(3000)\ns:find(".-.-.-.-b")'))
        return result, counts("luanti-sim")["warm"] - before["warm"]

    result, warm_jobs = go(main())
    assert warm_jobs == 1
    assert not result.has_error and not result.ok and result.details.get("timed_out")
    assert "did not finish loading within 1.5 s" in " ".join(d.message for d in result.diagnostics)


# ------------------------------------------------------------------------------------------- dead spares

@pytest.mark.slow
def test_a_spare_killed_while_idle_is_discarded_and_the_job_runs_cold():
    text = "```lua init.lua\nminetest.register_node('glow:a', {})\n```\n"

    def ctx() -> LuantiContext:
        return LuantiContext(answer=text, spec=None, mod=parse_answer(text, "glow"),
                             checks={"mod_name": "glow", "registers": {"nodes": ["glow:a"]}})

    async def main():
        await sim_tier.SimTier().run(ctx())
        assert await wait_until(lambda: spares("luanti-sim") and spares("luanti-sim")[0].pid is not None)
        spare = spares("luanti-sim")[0]
        assert await wait_until(lambda: any("sim/worker.py" in cmd for _, cmd in descendants(spare.pid)))
        worker = next(pid for pid, cmd in descendants(spare.pid) if "sim/worker.py" in cmd)
        os.kill(worker, signal.SIGKILL)
        assert await wait_until(lambda: not alive(worker))
        before = counts("luanti-sim")
        result = await sim_tier.SimTier().run(ctx())
        after = counts("luanti-sim")
        return result, before, after

    result, before, after = go(main())
    assert not result.has_error, result.error
    assert result.ok
    assert after["warm"] == before["warm"]
    assert after["cold"] + after["fallback"] == before["cold"] + before["fallback"] + 1


def test_a_spare_that_never_reads_go_is_replaced_by_a_cold_run():
    # As a spare (no job.txt yet) this worker never reads stdin and quits after a while, like one that died
    # between the pool's liveness check and its "go"; started cold (job.txt there) it does the job.
    worker = ["/bin/sh", "-c", '[ -e job.txt ] || { sleep 2; exit 0; }; read line; cat job.txt']

    async def main():
        await warm.run_warm("sh-deaf", worker, files={"job.txt": "one"}, limits=QUICK)
        await wait_until(lambda: spares("sh-deaf") and spares("sh-deaf")[0].pid is not None)
        await asyncio.sleep(0.5)                          # past its `[ -e job.txt ]`
        return await warm.run_warm("sh-deaf", worker, files={"job.txt": "two"}, limits=QUICK)

    before = counts("sh-deaf")
    res = go(main())
    after = counts("sh-deaf")
    assert res.ok and res.stdout == "two" and not res.has_error
    assert after["fallback"] == before["fallback"] + 1 and after["warm"] == before["warm"]


# ------------------------------------------------------------------------------------------- EOF and exits

def _real_workers() -> dict[str, tuple[list[str], dict, list[Bind]]]:
    luacheck_binds = [Bind(lint_tier.STD_RC, lint_tier.STD_TARGET), Bind(lint_tier.RUN_LUA, lint_tier.RUN_TARGET)]
    luajit, luajit_binds = sandbox_command(require("luajit"))
    return {
        "luajit-syntax": ([luajit, "check.lua"], {"check.lua": syntax_tier.CHECK_LUA}, luajit_binds),
        "l4d2-sim": (python_argv(L4D2_WORKER), {}, list(python_binds())),
        "luanti-sim": (sim_tier.worker_argv(), {"engine.lua": sim_tier.engine_text()}, list(python_binds())),
        "luacheck": (["lua5.1", lint_tier.RUN_TARGET, lint_tier.STD_TARGET, lint_tier.ARGS_FILE], {},
                     luacheck_binds),
    }


@pytest.mark.parametrize("stdin", [b"", b"stop\n"], ids=["eof", "not-go"])
@pytest.mark.parametrize("kind", ["l4d2-sim", "luanti-sim", "luacheck", "luajit-syntax"])
def test_a_worker_exits_at_once_without_go(kind, stdin):
    if kind == "luacheck" and shutil.which("lua5.1") is None:
        pytest.skip("luacheck runs as a warm worker only through lua5.1 (Debian's lua-check)")
    argv, setup, binds = _real_workers()[kind]
    res = go(run(argv, files=setup, binds=binds, stdin=stdin, limits=Limits(wall_seconds=60, cpu_seconds=10)))
    assert not res.has_error and not res.timed_out, res.error
    assert res.exit_code == 0, res.stderr
    assert "MODBENCH-SIM-RESULT" not in res.stdout and '"type"' not in res.stdout and "init.lua" not in res.stdout


def test_spares_exit_when_their_host_process_dies():
    # a host that dies without any clean-up (os._exit: no atexit, no loop shutdown) closes the spares' stdin
    script = textwrap.dedent("""
        import asyncio, os, sys
        from modbench.sandboxes import Limits, warm
        ARGV = ["/bin/sh", "-c", 'read line; [ "$line" = go ] || exit 0; cat job.txt']
        async def main():
            await warm.run_warm("sh", ARGV, files={"job.txt": "x"}, limits=Limits(wall_seconds=20))
            while not warm.warm_pids():
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.3)
            spare = warm._POOLS[asyncio.get_running_loop()].spares["sh"][0]
            print(spare.pid, spare.workdir, flush=True)
            os._exit(0)
        asyncio.run(main())
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip(), out.stderr
    pid, workdir = out.stdout.split()
    deadline = time.monotonic() + 20
    while alive(int(pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(int(pid))
    # A host that dies this way cleans nothing up: its spare's (empty) work dir stays, as a cold run's would
    shutil.rmtree(workdir, ignore_errors=True)


# ------------------------------------------------------------------------------------------- loop ends

@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning",
                            "ignore:coroutine .Process.wait. was never awaited:RuntimeWarning")
def test_no_spare_outlives_its_event_loop():
    seen: list[tuple[int, int | None, Path]] = []

    async def job():
        await warm.run_warm("sh", SH_WORKER, files={"job.txt": "x"}, limits=QUICK)
        assert await wait_until(lambda: spares("sh") and spares("sh")[0].workdir is not None)
        s = spares("sh")[0]
        seen.append((s.pid, s.uid, s.workdir))

    def gone(spares_seen) -> bool:
        return all(not alive(pid) and (uid is None or not processes_of(uid)) and not workdir.exists()
                   for pid, uid, workdir in spares_seen)

    go(job())                                   # asyncio.run: its tasks are cancelled, the spares killed
    assert go(wait_until(lambda: gone(seen), timeout=10)), seen
    loop = asyncio.new_event_loop()             # a runner that only shuts down the async generators
    loop.run_until_complete(job())
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
    assert go(wait_until(lambda: gone(seen), timeout=10)), seen
    loop = asyncio.new_event_loop()             # a loop closed without any clean-up ...
    loop.run_until_complete(job())
    loop.close()
    go(warm.run_warm("other", SH_WORKER, files={"job.txt": "x"}, limits=QUICK))  # ... is swept by the next job
    go(warm.shutdown())
    del loop
    gc.collect()                                # (its abandoned tasks and transports complain here)
    assert len(seen) == 3
    assert go(wait_until(lambda: gone(seen), timeout=10)), [
        (pid, alive(pid), uid and processes_of(uid), workdir.exists()) for pid, uid, workdir in seen]
    assert not warm.warm_pids()


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_spare_discarded_as_the_loop_ends_is_cleaned_up():
    async def main():
        await warm.run_warm("sh-x", SH_WORKER, files={"job.txt": "x"}, limits=QUICK)
        await wait_until(lambda: spares("sh-x") and spares("sh-x")[0].pid is not None)
        old = spares("sh-x")[0]
        # discarded as the pool does it (its task cancelled, so it kills and reaps its worker in the background)
        # right as the loop ends: asyncio.run then cancels that clean-up too, which must still finish
        old.task.cancel()
        return old.pid, old.workdir

    pid, workdir = go(main())
    gc.collect()
    assert not alive(pid) and not workdir.exists()


def test_a_loop_that_ends_right_after_a_warm_job_ends_cleanly():
    # The job's replacement is being spawned exactly when asyncio.run cancels everything: with asyncio's own
    # subprocess transport, CPython 3.11 would hang there for good (python/cpython#125502).
    script = textwrap.dedent("""
        import asyncio
        from modbench.sandboxes import Limits, warm
        ARGV = ["/bin/sh", "-c", 'read line; [ "$line" = go ] || exit 0; cat job.txt']
        async def main():
            await warm.run_warm("sh", ARGV, files={"job.txt": "x"}, limits=Limits(wall_seconds=20))
            while not warm.warm_pids():
                await asyncio.sleep(0.01)
            await warm.run_warm("sh", ARGV, files={"job.txt": "y"}, limits=Limits(wall_seconds=20))
        for _ in range(5):
            asyncio.run(main())
        print("ended")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "ended", out.stderr


@pytest.mark.parametrize("end", ["shutdown", "asyncio.run"])
def test_no_file_descriptor_outlives_the_loop(end):
    async def jobs():
        for text in ("a", "b", "c"):
            await warm.run_warm("sh-fd", SH_WORKER, files={"job.txt": text}, limits=QUICK)
        await wait_until(lambda: spares("sh-fd") and spares("sh-fd")[0].pid is not None)
        if end == "shutdown":
            await warm.shutdown()

    go(jobs())                                  # first use: toolchain and bwrap probes, caches
    before = sorted(os.listdir("/proc/self/fd"))
    go(jobs())
    assert sorted(os.listdir("/proc/self/fd")) == before


def test_no_spares_when_warm_workers_are_off(monkeypatch):
    monkeypatch.setenv("MODBENCH_WARM", "0")

    async def main():
        res = await warm.run_warm("sh-off", SH_WORKER, files={"job.txt": "cold"}, limits=QUICK)
        await asyncio.sleep(0.2)
        return res, warm.warm_pids()

    res, pids = go(main())
    assert res.ok and res.stdout == "cold" and pids == []


# ------------------------------------------------------------------------------------------- bytecode cache

def test_the_bytecode_cache_is_used_and_read_only_in_the_sandbox():
    cache = python_worker.wait_for_pycache(timeout=120)
    assert cache is not None, python_worker._STATE.failed
    assert Bind(cache, python_worker.PYCACHE_TARGET) in python_binds()
    assert f"pycache_prefix={python_worker.PYCACHE_TARGET}" in python_argv("json")
    probe = textwrap.dedent(f"""
        import json, os
        print("cached", json.__cached__.startswith({python_worker.PYCACHE_TARGET!r}), os.path.isfile(json.__cached__))
        for path, mode in ((json.__cached__, "r+b"), ({python_worker.PYCACHE_TARGET!r} + "/new.pyc", "wb")):
            try:
                open(path, mode).close()
                print("WRITABLE", path)
            except OSError as exc:
                print("refused", exc.errno)
    """)
    argv = python_argv("json")
    argv = [*argv[:argv.index("-m")], "-c", probe]
    res = go(run(argv, binds=list(python_binds()), limits=Limits(wall_seconds=60)))
    assert res.exit_code == 0, res.stderr
    assert "cached True True" in res.stdout
    assert "WRITABLE" not in res.stdout and res.stdout.count("refused") == 2


@pytest.mark.slow
def test_concurrent_cache_builds_agree(tmp_path):
    results, errors = [], []

    def build():
        try:
            results.append(python_worker.build_pycache(tmp_path))
        except Exception as exc:   # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 2 and results[0] == results[1]
    assert [p.name for p in tmp_path.iterdir()] == [results[0].name]       # no temp dir left behind
    assert (results[0] / os.path.dirname(os.__file__).lstrip("/") / f"os.{sys.implementation.cache_tag}.pyc").is_file()
