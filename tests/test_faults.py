"""Fault injection: when the machine fails, the verdict must be `has_error` (an infrastructure failure, excluded
from pass@k), never a pass and never a fail, in both environments and through the verifiers glue.

Faults: a toolchain that is missing, or that crashes on every input (a script that answers the version
question and segfaults on anything else), in both sandbox modes; bubblewrap demanded but absent; the
sandboxed worker or engine killed from outside mid-run; a full temp disk (a tiny tmpfs, root only).

Every test scores the task's *reference* answer, which passes on a healthy machine, so a plain fail is as
wrong as a pass. Discovery results are cached per process, so each test clears them (and the rubrics'
verdict caches, so that a pass scored earlier in this process cannot answer for the broken machine) before
and after it runs.

A toolchain that crashes on every input looks, in one run, exactly like a toolchain that crashed on this
input (spcomp on 5,000 nested parentheses); `modbench.sandboxes.health` tells them apart by re-running the
toolchain on a known-good input, which the tiers do at their crash branches.
"""

from __future__ import annotations

import asyncio
import importlib
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from modbench.rubrics.engine import VerdictCache
from modbench.rubrics.luanti.lint import luacheck_failure
from modbench.rubrics.verdict import Verdict
from modbench.sandboxes import WORKDIR, SandboxResult, health, isolation, toolchains
from modbench.sandboxes import runner as sandbox_runner
from modbench.scenarios import load_tasks

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sandboxes need Linux")

TASKS = {"l4d2": "l4d2-eval-gauntlet_run-scaffold-timer", "luanti": "scaffold_chat_param_foundry"}
RUBRICS = {"l4d2": "modbench.rubrics.sourcepawn", "luanti": "modbench.rubrics.luanti"}
TOOL_ENV = {"spcomp": "l4d2", "luajit": "luanti", "luacheck": "luanti", "minetestserver": "luanti"}
TOOL_TIER = {"spcomp": "compile", "luajit": "syntax", "luacheck": "lint", "minetestserver": "engine"}
# the first tier that needs the toolchain (the l4d2 includes tier reads spcomp's include folder)
FIRST_USER = {**TOOL_TIER, "spcomp": "includes"}
# the tiers each fault needs (and nothing after it that would only cost time)
TOOL_TIERS = {"spcomp": None, "luajit": {"parse", "syntax"}, "luacheck": {"parse", "lint"},
              "minetestserver": {"parse", "engine"}}


def go(coro):
    return asyncio.run(coro)


def spec(env: str):
    return load_tasks(env, ids=[TASKS[env]])[0]


def rubric(env: str):
    return importlib.import_module(RUBRICS[env])


def forget_discovery() -> None:
    for find in toolchains.TOOLCHAINS.values():
        find.cache_clear()
    importlib.import_module("modbench.rubrics.luanti.rubric")._versions_blocking.cache_clear()
    isolation._bwrap_works.cache_clear()
    health.reset()


@pytest.fixture(autouse=True)
def clean_slate(monkeypatch):
    # the l4d2 rubric keeps its own copy of spcomp's discovery
    monkeypatch.setattr(importlib.import_module("modbench.rubrics.sourcepawn.toolchain"), "_found", None)
    for module in RUBRICS.values():
        monkeypatch.setattr(importlib.import_module(module + ".rubric"), "_CACHE", VerdictCache())
    forget_discovery()
    yield
    forget_discovery()


def assert_infrastructure_error(v: Verdict, tier: str | None = None) -> None:
    broken = [name for name, t in v.tiers.items() if t.has_error]
    failed = [name for name, t in v.tiers.items() if not t.skipped and not t.ok and not t.has_error]
    assert v.has_error and not v.passed and v.error, (
        f"want has_error; got passed={v.passed} has_error={v.has_error} failed tiers={failed} "
        f"feedback={v.feedback[:300]!r}")
    assert not failed, f"a tier failed the answer before the infrastructure error: {failed}; {v.feedback[:300]}"
    if tier is not None:
        assert broken == [tier], f"want the {tier} tier to report the infrastructure error, got {broken}"
    assert v.feedback.startswith("could not be scored")


def score(env: str, tiers=None) -> Verdict:
    s = spec(env)
    return go(rubric(env).score_answer(s, s.reference, tiers=tiers))


# ------------------------------------------------------------------------------------------------ helpers

@pytest.fixture(scope="module")
def crash_dir():
    """Executables that answer the discovery's version question, then on any real input die of SIGSEGV
    (`<tool>`) or exit 1 without a word (`<tool>-silent`)."""
    d = Path(tempfile.mkdtemp(prefix="fault-tools-"))
    d.chmod(0o755)       # bound into the sandbox, where an unprivileged uid runs it
    version = """#!/bin/sh
if [ $# -eq 0 ] || [ "$1" = "-v" ] || [ "$1" = "--version" ]; then
  echo "SourcePawn Compiler 1.11.0.6911"; echo "LuaJIT 2.1.0-beta3"; echo "Luacheck: 1.1.0"; echo "Minetest 5.6.1"
  exit 0
fi
"""
    for tool in TOOL_ENV:
        for path, dies in ((d / tool, "kill -SEGV $$"), (d / f"{tool}-silent", "exit 1")):
            path.write_text(version + dies + "\n")
            path.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def path_without(tmp: Path, *names: str) -> str:
    """A PATH with every command of the current PATH except `names` (symlinks in one folder).

    The sandbox runner takes prlimit and setpriv from fixed system folders, never from PATH, so their links
    in this folder (which the sandbox cannot see) change nothing."""
    farm = tmp / "bin"
    farm.mkdir()
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            target = farm / entry.name
            if entry.name in names or target.exists() or not os.access(entry.path, os.X_OK):
                continue
            target.symlink_to(entry.path)
    return str(farm)


# ----------------------------------------------------------------------------------- missing toolchains

@pytest.mark.parametrize("tool", list(TOOL_ENV))
def test_a_missing_toolchain_is_an_infrastructure_error(monkeypatch, tool):
    monkeypatch.setenv(toolchains.override_var(tool), "/nonexistent/modbench-fault/" + tool)
    v = score(TOOL_ENV[tool], TOOL_TIERS[tool])
    assert_infrastructure_error(v, FIRST_USER[tool])


# ----------------------------------------------------------------------------------- crashing toolchains

CRASH_CASES = [pytest.param(tool, mode, id=f"{tool}-{'bwrap' if mode == 'auto' else mode}")
               for tool in ("spcomp", "luajit", "minetestserver") for mode in ("auto", "rlimits")]


@pytest.mark.parametrize("tool,mode", CRASH_CASES)
def test_a_toolchain_that_crashes_on_every_input_is_an_infrastructure_error(monkeypatch, crash_dir, tool, mode):
    # the replacement lies outside /usr: the tiers bind its folder into the sandbox, so it runs (and segfaults)
    monkeypatch.setenv("MODBENCH_SANDBOX", mode)
    monkeypatch.setenv(toolchains.override_var(tool), str(crash_dir / tool))
    v = score(TOOL_ENV[tool], TOOL_TIERS[tool])
    assert_infrastructure_error(v, TOOL_TIER[tool])


@pytest.mark.parametrize("mode", ["auto", "rlimits"])
def test_a_crashing_luacheck_is_an_infrastructure_error(monkeypatch, tmp_path, crash_dir, mode):
    # The lint tier runs luacheck's Lua modules through lua5.1 directly when lua5.1 is on PATH (a fork less
    # per run), bypassing the luacheck executable; without lua5.1 it runs the (overridden) executable.
    monkeypatch.setenv("PATH", path_without(tmp_path, "lua5.1"))
    monkeypatch.setenv("MODBENCH_SANDBOX", mode)
    monkeypatch.setenv(toolchains.override_var("luacheck"), str(crash_dir / "luacheck"))
    assert_infrastructure_error(score("luanti", TOOL_TIERS["luacheck"]), "lint")


@pytest.mark.parametrize("mode", ["auto", "rlimits"])
def test_a_luacheck_that_silently_exits_1_is_not_a_pass(monkeypatch, crash_dir, mode):
    # exit 1 means "warnings", and luacheck always prints them: exit 1 with nothing readable is a broken luacheck
    # (under bubblewrap, the override outside /usr must be bound in to run at all)
    monkeypatch.setenv("MODBENCH_SANDBOX", mode)
    monkeypatch.setenv(toolchains.override_var("luacheck"), str(crash_dir / "luacheck-silent"))
    assert_infrastructure_error(score("luanti", TOOL_TIERS["luacheck"]), "lint")


def _res(**fields) -> SandboxResult:
    return SandboxResult(**{"exit_code": None, **fields})


def test_how_a_luacheck_run_that_judged_nothing_is_classified():
    finding = [{"file": "init.lua", "line": 1, "col": 1, "code": "W111", "msg": "x"}]
    assert luacheck_failure(_res(exit_code=0), [], 20) is None
    assert luacheck_failure(_res(exit_code=1), finding, 20) is None
    # the answer's, unless the health probe finds luacheck broken
    for res in (_res(exit_code=1), _res(exit_code=2), _res(timed_out=True), _res(output_exceeded=True),
                _res(signal=11),
                _res(exit_code=4, stderr="Critical error: Luacheck 1.1.0 bug (please report at x):\nstack overflow")):
        ours, message = luacheck_failure(res, [], 20)
        assert not ours and "on this answer" in message, (res, message)
    assert "within 20 s" in luacheck_failure(_res(timed_out=True), [], 20)[1]
    # our own setup's: luacheck could not read our files, or rejected our command line
    assert luacheck_failure(_res(exit_code=3), [], 20)[0]
    assert luacheck_failure(_res(exit_code=4, stderr="Critical error: Couldn't find std 'x'"), [], 20)[0]


def test_a_compiler_that_silently_exits_1_is_not_the_models_failure(monkeypatch, crash_dir):
    # spcomp always says why it failed; exit 1 without one diagnostic is a broken compiler
    monkeypatch.setenv(toolchains.override_var("spcomp"), str(crash_dir / "spcomp-silent"))
    assert_infrastructure_error(score("l4d2"), "compile")


def test_the_luacheck_override_is_the_luacheck_that_runs(monkeypatch, crash_dir):
    # lua5.1 is on PATH, which must not make the lint tier run Debian's luacheck modules instead
    monkeypatch.setenv(toolchains.override_var("luacheck"), str(crash_dir / "luacheck"))
    assert_infrastructure_error(score("luanti", TOOL_TIERS["luacheck"]), "lint")


def test_a_crash_on_the_models_input_alone_stays_the_models_failure():
    """The other side of the health check: 100,000 nested blocks crash the real spcomp, which is healthy."""
    s = spec("l4d2")
    code = "#include <sourcemod>\npublic void OnPluginStart()\n" + "{" * 100_000 + "}" * 100_000 + "\n"
    v = go(rubric("l4d2").score_answer(s, f"```sourcepawn\n{code}```\n"))
    assert not v.has_error and not v.passed
    assert v.tiers["compile"].details.get("crashed") is True


def test_the_health_probe_tells_a_broken_toolchain_from_a_healthy_one(monkeypatch, crash_dir):
    for tool in TOOL_ENV:
        assert go(health.toolchain_fault(tool)) is None, f"{tool} is healthy on this machine"
    health.reset()
    monkeypatch.setenv(toolchains.override_var("spcomp"), str(crash_dir / "spcomp"))
    toolchains.spcomp.cache_clear()
    why = go(health.toolchain_fault("spcomp"))
    assert why and "signal 11" in why
    with pytest.raises(health.ToolchainBroken):
        go(health.ensure_healthy("spcomp"))


def test_concurrent_health_checks_share_one_probe():
    calls = []

    async def probe():
        calls.append(1)
        await asyncio.sleep(0.05)
        return None

    async def many():
        return await asyncio.gather(*(health.toolchain_fault("fake-tool", probe) for _ in range(8)))

    assert go(many()) == [None] * 8
    assert len(calls) == 1
    assert go(health.toolchain_fault("fake-tool", probe)) is None and len(calls) == 1   # remembered


def test_a_failed_health_check_is_not_remembered():
    calls = []

    async def probe():
        calls.append(1)
        return "broken"

    assert "broken" in go(health.toolchain_fault("fake-tool", probe))
    assert "broken" in go(health.toolchain_fault("fake-tool", probe))
    assert len(calls) == 2


# ---------------------------------------------------------------------------------------- no sandbox

@pytest.mark.parametrize("env", ["l4d2", "luanti"])
def test_bubblewrap_demanded_but_absent_is_an_infrastructure_error(monkeypatch, tmp_path, env):
    monkeypatch.setenv("PATH", path_without(tmp_path, "bwrap"))
    monkeypatch.setenv("MODBENCH_SANDBOX", "bwrap")
    v = score(env)
    assert_infrastructure_error(v, "compile" if env == "l4d2" else "syntax")
    assert "bubblewrap" in v.error


# ----------------------------------------------------------------------------------- killed from outside

def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _descendants(root: int) -> list[tuple[int, list[str]]]:
    kids, out, todo = _children(), [], [root]
    while todo:
        for pid in kids.get(todo.pop(), []):
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
            except OSError:
                continue
            out.append((pid, argv))
            todo.append(pid)
    return out


def _busy_cpu_seconds(pid: int) -> float:
    """CPU seconds used (utime + stime) by a running process; 0 for one that waits (a warm spare blocked on
    its stdin until a job comes, sandboxes/warm.py)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    if fields[0] != "R":
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _sandboxed(pid: int) -> bool:
    """Runs inside a sandbox: as a sandbox uid (a root host), or in the sandbox's work dir."""
    try:
        return os.stat(f"/proc/{pid}").st_uid >= isolation.SLOT_UID_BASE or os.readlink(f"/proc/{pid}/cwd") == WORKDIR
    except OSError:
        return False


async def _kill_our_sandboxed(marker: str, sig: int, cpu: float, scoring: asyncio.Future) -> list[str] | None:
    """Signal the sandboxed program of this test once it runs and has used `cpu` seconds of CPU (so it is busy
    with the answer: not starting up, and not a warm spare, which idles or warms up for the next job): a
    descendant of this process (never anyone else's) whose command line holds `marker` and that runs in a
    sandbox (not a toolchain's version query). Polls until it is found, for as long as the scoring runs (a
    generous deadline aside), so that a slow start under load is waited for; None when the scoring ended
    without it."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not scoring.done():
        for pid, argv in _descendants(os.getpid()):
            try:
                if marker not in " ".join(argv) or not _sandboxed(pid) or _busy_cpu_seconds(pid) < cpu:
                    continue
                os.kill(pid, sig)
            except (OSError, ValueError, IndexError):
                continue
            return argv
        await asyncio.sleep(0.01)
    return None


HUGE_ARRAY = """#include <sourcemod>
int g_big[200000000];
public void OnPluginStart() { g_big[5] = 1; }
"""
# slow per instruction (each Format builds 4 KB in the simulator), so the instruction budget outlasts the kill
LOOP_ON_LOAD_SP = """#include <sourcemod>
char g_big[4096];
public void OnPluginStart()
{
    HookEvent("round_start", E);
    for (;;) { Format(g_big, sizeof(g_big), "%s%s", g_big, "0123456789abcdef"); g_big[0] = 0; }
}
public void E(Event e, const char[] name, bool db) { }
"""
PATTERN_AT_LOAD = 'string.find(string.rep("a", 60), string.rep("a*", 60) .. "b")\n'
LOOP_AT_LOAD = "local n = 0 while true do n = n + 1 end\n"

LONG = {"compile": 60, "behaviour": 60, "sim": 60, "engine": 60}
# CPU a worker has used before it counts as busy with the answer: the simulators' workers start warm, and a
# spare's start-up (imports, the engine's builtin Lua) must stay below it
WORKER_CPU = 1.5
KILL_CASES = [
    # env, answer, tiers, marker of the program to kill, CPU seconds before the kill, the tier that must report it
    pytest.param("l4d2", f"```sourcepawn\n{HUGE_ARRAY}```", None, "spcomp", 0.2, "compile", id="l4d2-compiler"),
    pytest.param("l4d2", f"```sourcepawn\n{LOOP_ON_LOAD_SP}```", {"extract", "includes", "compile", "behaviour"},
                 "sourcepawn.sim.worker", WORKER_CPU, "behaviour", id="l4d2-simulator"),
    pytest.param("luanti", f"```lua init.lua\n{PATTERN_AT_LOAD}```", {"parse", "sim"}, "sim/worker.py", WORKER_CPU,
                 "sim", id="luanti-simulator"),
    pytest.param("luanti", f"```lua init.lua\n{LOOP_AT_LOAD}```", {"parse", "engine"}, "minetestserver", 0.2,
                 "engine", id="luanti-engine"),
]


def _score_and_signal(env, answer, tiers, marker, sig, cpu) -> tuple[Verdict, list[str] | None]:
    async def both():
        scoring = asyncio.ensure_future(rubric(env).score_answer(spec(env), answer, tiers=tiers, timeouts=LONG))
        killed = await _kill_our_sandboxed(marker, sig, cpu, scoring)
        return await scoring, killed

    return go(both())


@pytest.mark.slow
@pytest.mark.parametrize("env,answer,tiers,marker,cpu,tier", KILL_CASES)
def test_a_worker_killed_from_outside_is_an_infrastructure_error(env, answer, tiers, marker, cpu, tier):
    # Each answer keeps its program busy for seconds (and would fail on its own): a kill is what must decide.
    v, killed = _score_and_signal(env, answer, tiers, marker, signal.SIGKILL, cpu)
    assert killed, f"never saw a {marker} process of this test to kill; the scoring ended with {v.feedback[:300]!r}"
    assert_infrastructure_error(v, tier)


@pytest.mark.slow
# (SIGINT too is classified as from outside, see test_sandboxes.py; a Python worker busy inside Lua's C code
# only acts on it once that returns)
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
@pytest.mark.parametrize("env,answer,tiers,marker,cpu,tier", [KILL_CASES[1], KILL_CASES[2]])
def test_a_worker_terminated_from_outside_is_an_infrastructure_error(env, answer, tiers, marker, cpu, tier, sig):
    # well past start-up: the sandboxed program is running the answer's code
    v, killed = _score_and_signal(env, answer, tiers, marker, sig, cpu)
    assert killed, f"never saw a {marker} process of this test to kill; the scoring ended with {v.feedback[:300]!r}"
    assert_infrastructure_error(v, tier)


# ----------------------------------------------------------------------------------------- full disk

@pytest.fixture
def tiny_tmpfs(monkeypatch):
    """A 2 MiB tmpfs as the sandboxes' temp root, with a helper that fills it to leave `free` bytes."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (the full-disk faults run where the tests run as root)")
    mount = Path(tempfile.mkdtemp(prefix="fault-tmpfs-"))
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=1777", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        mount.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    monkeypatch.setenv("MODBENCH_TMPDIR", str(mount))

    def fill(free: int) -> None:
        filler = mount / "filler"
        with open(filler, "wb") as fh:
            try:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            except OSError:
                pass
        os.truncate(filler, max(0, filler.stat().st_size - free))

    yield fill
    subprocess.run(["umount", str(mount)], check=False)
    mount.rmdir()


@pytest.mark.parametrize("env", ["l4d2", "luanti"])
def test_a_full_temp_disk_is_an_infrastructure_error(tiny_tmpfs, env):
    tiny_tmpfs(0)
    assert_infrastructure_error(score(env), "compile" if env == "l4d2" else "syntax")


def test_a_temp_disk_too_full_for_the_compilers_output_is_an_infrastructure_error(tiny_tmpfs):
    tiny_tmpfs(4096)        # room for plugin.sp, not for plugin.smx: spcomp still exits 0
    v = score("l4d2", {"extract", "includes", "compile", "static"})
    assert_infrastructure_error(v)


def test_a_temp_disk_too_full_for_the_servers_world_is_an_infrastructure_error(tiny_tmpfs, monkeypatch):
    # The server aborts (sqlite: DatabaseException / SerializationError, signal 6) and a health probe run
    # afterwards might fit: the sandbox runner must see that the disk, not the mod, failed the run. The
    # threshold is lowered so that the check before the run lets it start.
    from modbench.rubrics.luanti import parse_answer
    from modbench.rubrics.luanti.engine.tier import task_probes
    from modbench.rubrics.luanti.engine.world import WorldMod, world_files

    monkeypatch.setattr(sandbox_runner, "MIN_FREE_BYTES", 32 * 1024)
    s = spec("luanti")
    mod = parse_answer(s.reference, s.checks["mod_name"])
    files = world_files([WorldMod(s.checks["mod_name"], mod.files)], nonce="0" * 32,
                        probes=task_probes(s.checks), probe_instructions=1)
    pages = sum(math.ceil(len(v) / 4096) * 4096 for v in files.values())
    tiny_tmpfs(pages + 16 * 1024)       # the world's files fit; the server's databases do not
    v = score("luanti", {"parse", "engine"})
    assert_infrastructure_error(v, "engine")
    assert "temp disk is full" in v.error


def test_a_temp_disk_filled_by_someone_else_during_the_run_is_an_infrastructure_error(tiny_tmpfs, monkeypatch):
    # without bubblewrap the program can play the other writer: it fills the disk outside its work dir
    monkeypatch.setattr(sandbox_runner, "MIN_FREE_BYTES", 256 * 1024)
    monkeypatch.setenv("MODBENCH_SANDBOX", "rlimits")
    other = Path(os.environ["MODBENCH_TMPDIR"]) / "another-writer"
    r = go(sandbox_runner.run(["/bin/sh", "-c", f"cat /dev/zero > {other}; echo data > out.txt || exit 7"]))
    assert r.has_error and "temp disk is full" in r.error, (r.exit_code, r.error)


@pytest.mark.parametrize("mode", ["auto", "rlimits"])
def test_a_program_that_fills_the_temp_disk_itself_fails_on_its_own(tiny_tmpfs, monkeypatch, mode):
    monkeypatch.setattr(sandbox_runner, "MIN_FREE_BYTES", 256 * 1024)
    monkeypatch.setenv("MODBENCH_SANDBOX", mode)
    r = go(sandbox_runner.run(["/bin/sh", "-c", "cat /dev/zero > own.bin; exit 7"]))
    assert not r.has_error and r.exit_code == 7, r.error


def test_a_nearly_full_temp_disk_is_an_infrastructure_error_before_anything_runs(tiny_tmpfs):
    # the 2 MiB disk is below the 16 MiB a run wants free: nothing is written, nothing runs
    r = go(sandbox_runner.run(["/bin/sh", "-c", "echo ran"]))
    assert r.has_error and "temp disk is full" in r.error and r.stdout == ""


# ------------------------------------------------------------------------------ through verifiers' glue

def _task_and_trace(env: str, answer: str, tiers: list[str] | None = None):
    import verifiers.v1 as vf
    from verifiers.v1.trace import AgentInfo, TraceTask

    from modbench.rubrics.taskset import local_agent

    module = importlib.import_module(f"vf_{env}.taskset")
    prefix = "L4D2" if env == "l4d2" else "Luanti"
    data_cls, task_cls, cfg_cls = (getattr(module, prefix + n) for n in ("Data", "Task", "TaskConfig"))
    data = data_cls.from_spec(spec(env), scoring_timeout=120)
    task = task_cls(data, cfg_cls(tiers=tiers or []))
    trace = vf.Trace(task=TraceTask(type=task_cls.__name__, data=data), agent=AgentInfo(config=local_agent()),
                     root_reply=answer)
    return task, trace


@pytest.mark.parametrize("env", ["l4d2", "luanti"])
def test_the_glue_scores_a_healthy_reference_as_one(env):
    task, trace = _task_and_trace(env, spec(env).reference, ["parse", "syntax"] if env == "luanti" else
                                  ["extract", "includes", "compile"])
    go(task.score(trace))
    assert trace.rewards["passed"].score == 1.0
    assert trace.metrics["has_error"] == 0.0


@pytest.mark.parametrize("tool", ["spcomp", "luajit"])
def test_an_infrastructure_error_reaches_verifiers_as_a_null_reward(monkeypatch, tool):
    from verifiers.v1.errors import TaskError

    from modbench.rubrics.taskset import InfrastructureError

    env = TOOL_ENV[tool]
    monkeypatch.setenv(toolchains.override_var(tool), "/nonexistent/modbench-fault/" + tool)
    task, trace = _task_and_trace(env, spec(env).reference)
    with pytest.raises(TaskError) as err:
        go(task.score(trace))
    assert isinstance(err.value.__cause__, InfrastructureError), repr(err.value.__cause__)
    assert trace.rewards.get("passed") is None
    assert trace.info["modbench"]["has_error"] is True and trace.info["modbench"]["ok"] is False
