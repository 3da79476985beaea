"""The sandbox against hostile programs: each must end in bounded time with the right classification.

"Bounded time" assertions here are hang detectors with generous margins, not speed measurements (those live in
benchmarks/).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
import threading
import time

import pytest

from modbench.sandboxes import Bind, Limits, WORKDIR, isolation_level, python_argv, python_binds, require, run
from modbench.sandboxes import isolation as iso
from modbench.sandboxes.concurrency import SlotPool
from modbench.sandboxes.toolchains import ToolchainMissing

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sandboxes need Linux")

BOTH_MODES = pytest.mark.parametrize("mode", ["auto", "rlimits"])


@pytest.fixture
def mode_env(monkeypatch, mode):
    monkeypatch.setenv("MODBENCH_SANDBOX", mode)
    return mode


def go(coro):
    return asyncio.run(coro)


def test_bubblewrap_is_used_when_available():
    assert isolation_level() == "bwrap", "CI installs bubblewrap; the strong isolation must be active"


@BOTH_MODES
def test_plain_run_reports_exit_code_output_and_isolation(mode_env):
    r = go(run(["/bin/sh", "-c", "cat in.txt; echo err >&2; exit 3"], files={"in.txt": "hello"}))
    assert (r.exit_code, r.stdout, r.stderr.strip(), r.has_error) == (3, "hello", "err", False)
    assert r.isolation == ("bwrap" if mode_env == "auto" else "rlimits")


@BOTH_MODES
def test_infinite_loop_is_killed_at_the_wall_clock_limit(mode_env):
    started = time.monotonic()
    r = go(run(["/bin/sh", "-c", "while :; do :; done"], limits=Limits(wall_seconds=1, cpu_seconds=30)))
    assert r.timed_out and r.exit_code is None and not r.has_error
    assert time.monotonic() - started < 15


@BOTH_MODES
def test_cpu_limit_stops_a_busy_program(mode_env):
    r = go(run(["/bin/sh", "-c", "while :; do :; done"], limits=Limits(wall_seconds=20, cpu_seconds=1)))
    assert not r.has_error and not r.timed_out
    assert r.signal in (9, 24) or r.exit_code not in (0, None)   # SIGXCPU (24) or SIGKILL after the hard limit


@BOTH_MODES
def test_memory_bomb_fails_inside_its_address_space_limit(mode_env):
    code = "b = bytearray(3 << 30); print('allocated')"
    r = go(run([sys.executable, "-c", code], binds=list(python_binds()),
               limits=Limits(memory_bytes=512 << 20, wall_seconds=20)))
    assert not r.has_error, r.error
    assert r.exit_code != 0 and "allocated" not in r.stdout
    assert "MemoryError" in r.stderr


def test_fork_bomb_is_contained_and_leaves_no_process():
    started = time.monotonic()
    marker = f"forkbomb-{os.getpid()}-{time.time_ns()}"
    r = go(run(["/bin/sh", "-c", f"f(){{ f|f& }}; f; sleep 1 # {marker}"], limits=Limits(wall_seconds=5, processes=32)))
    assert not r.has_error
    assert time.monotonic() - started < 20
    if os.geteuid() == 0:
        # the per-slot uid hit RLIMIT_NPROC ("Cannot fork") instead of filling the host's process table
        assert "fork" in r.stderr.lower()
        time.sleep(0.5)
        assert [p for p in os.listdir("/proc") if p.isdigit() and marker in _cmdline(p)] == []


def _cmdline(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return ""


@BOTH_MODES
def test_100_mb_of_output_is_capped_and_the_program_stopped(mode_env):
    started = time.monotonic()
    r = go(run(["/bin/sh", "-c", "head -c 100000000 /dev/zero | tr '\\0' x"], limits=Limits(output_bytes=1 << 20)))
    assert r.output_exceeded and not r.has_error
    assert len(r.stdout) == 1 << 20
    assert time.monotonic() - started < 20


def test_canary_outside_the_sandbox_cannot_be_read(tmp_path):
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY-7f3a9c")
    canary.chmod(0o644)
    r = go(run(["/bin/sh", "-c", f"cat {canary}; cat /etc/passwd; ls /root /home; cat /proc/1/environ"]))
    blob = r.stdout + r.stderr
    assert "CANARY-7f3a9c" not in blob
    assert "root:x:" not in blob           # no /etc in the sandbox at all
    assert not r.has_error


def test_writes_outside_the_work_dir_do_not_reach_the_host(tmp_path):
    target = tmp_path / "escape.txt"
    r = go(run(["/bin/sh", "-c", f"echo x > {target}; echo y > /tmp/escape-{os.getpid()}; touch /usr/escape; "
                                 "echo ok > inside.txt"], collect=["inside.txt"]))
    assert not target.exists()
    assert not os.path.exists(f"/tmp/escape-{os.getpid()}")
    assert not os.path.exists("/usr/escape")
    assert r.files == {"inside.txt": b"ok\n"}


def test_network_is_unreachable_even_on_loopback():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    accepted: list = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    try:
        r = go(run(["/bin/bash", "-c", f"echo hi > /dev/tcp/127.0.0.1/{port} && echo CONNECTED; "
                                       "echo hi > /dev/tcp/1.1.1.1/53 && echo CONNECTED"],
                   limits=Limits(wall_seconds=10)))
        time.sleep(0.2)
    finally:
        server.close()
    assert "CONNECTED" not in r.stdout
    assert accepted == []


def test_input_files_cannot_escape_the_work_dir(tmp_path):
    for bad in ["../x", "/etc/x", "a/../../x", "", "a\\b"]:
        r = go(run(["/bin/true"], files={bad: "x"}))
        assert r.has_error and "file name" in r.error


def test_bind_targets_are_what_the_program_sees():
    spcomp = require("spcomp")
    r = go(run(["/tc/spcomp/spcomp.elf64"], binds=[Bind(spcomp.path.parent, "/tc/spcomp")]))
    assert "SourcePawn Compiler" in r.stdout
    assert str(spcomp.path.parent) not in r.stdout


def test_rlimits_mode_translates_sandbox_paths(monkeypatch):
    monkeypatch.setenv("MODBENCH_SANDBOX", "rlimits")
    spcomp = require("spcomp")
    r = go(run(["/tc/spcomp/spcomp.elf64"], binds=[Bind(spcomp.path.parent, "/tc/spcomp")]))
    assert r.isolation == "rlimits" and "SourcePawn Compiler" in r.stdout
    r = go(run(["/bin/sh", "-c", "pwd"], env={"WHERE": WORKDIR}))
    assert r.stdout.strip() != WORKDIR     # a real private temp dir on the host


def test_demanding_bubblewrap_where_it_is_missing_is_an_infrastructure_error(monkeypatch, tmp_path):
    monkeypatch.setenv("MODBENCH_SANDBOX", "bwrap")
    monkeypatch.setenv("PATH", str(tmp_path))
    iso._bwrap_works.cache_clear()
    try:
        r = go(run(["/bin/true"]))
    finally:
        iso._bwrap_works.cache_clear()
    assert r.has_error and "bubblewrap" in r.error and r.exit_code is None


def test_a_missing_toolchain_names_the_package(monkeypatch, tmp_path):
    from modbench.sandboxes import toolchains

    monkeypatch.setenv("PATH", str(tmp_path))
    toolchains.luacheck.cache_clear()
    try:
        with pytest.raises(ToolchainMissing, match="apt-get install lua-check"):
            toolchains._debian_tool("luacheck", ["luacheck"], "lua-check", ["--version"], r"Luacheck: (\S+)")
    finally:
        toolchains.luacheck.cache_clear()


def test_toolchain_versions_are_reported():
    v = require("spcomp").version
    assert v.startswith("1.11.")
    assert require("luajit").version.startswith("2.1")
    assert require("minetestserver").version == "5.6.1"


def test_concurrency_never_exceeds_the_pool():
    pool = SlotPool(2)
    peak = 0

    async def one():
        nonlocal peak
        async with pool.slot():
            peak = max(peak, pool.in_use)
            await asyncio.sleep(0.02)

    async def many():
        await asyncio.gather(*(one() for _ in range(20)))

    go(many())
    assert peak == 2 and pool.in_use == 0


def test_the_pool_is_shared_across_event_loops_in_threads():
    pool = SlotPool(1)
    overlaps = []

    async def hold():
        async with pool.slot():
            overlaps.append(pool.in_use)
            await asyncio.sleep(0.05)

    threads = [threading.Thread(target=lambda: asyncio.run(hold())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlaps == [1, 1, 1, 1]


def test_cancelling_a_run_kills_the_program():
    async def cancel_soon():
        task = asyncio.ensure_future(run(["/bin/sh", "-c", "sleep 30"], limits=Limits(wall_seconds=60)))
        await asyncio.sleep(0.5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    started = time.monotonic()
    go(cancel_soon())
    assert time.monotonic() - started < 10


def test_a_program_killed_from_outside_is_an_infrastructure_error():
    r = go(run(["/bin/sh", "-c", "kill -9 $$"]))
    assert r.has_error and "killed from outside" in r.error


@BOTH_MODES
@pytest.mark.parametrize("sig", ["TERM", "INT", "HUP", "KILL"])
def test_a_program_terminated_from_outside_is_an_infrastructure_error(mode_env, sig):
    # the sandboxed code never sends these (a plugin or mod cannot): here the shell plays the outside sender
    r = go(run(["/bin/sh", "-c", f"kill -{sig} $$; sleep 5"], limits=Limits(wall_seconds=30)))
    assert r.has_error and f"killed from outside (SIG{sig})" in r.error, (r.signal, r.exit_code, r.error)


@BOTH_MODES
@pytest.mark.parametrize("sig", ["SEGV", "ABRT", "BUS", "FPE"])
def test_a_crash_signal_is_the_programs_own_failure(mode_env, sig):
    r = go(run(["/bin/sh", "-c", f"kill -{sig} $$; sleep 5"], limits=Limits(wall_seconds=30)))
    assert not r.has_error and r.signal == signal.Signals[f"SIG{sig}"], (r.signal, r.exit_code, r.error)


@BOTH_MODES
def test_a_path_entry_cannot_swap_the_sandbox_wrappers(mode_env, monkeypatch, tmp_path):
    # prlimit and setpriv run with root's rights around the untrusted program: taken from /usr/bin or /bin only
    marker = tmp_path / "swapped"
    for name in ("prlimit", "setpriv"):
        fake = tmp_path / name
        fake.write_text(f"#!/bin/sh\ntouch {marker}\nexit 99\n")
        fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    r = go(run(["/bin/sh", "-c", "echo ran"]))
    assert (r.exit_code, r.stdout, r.has_error) == (0, "ran\n", False)
    assert not marker.exists()


def test_a_nearly_full_temp_disk_is_refused_before_the_run(monkeypatch, tmp_path):
    from modbench.sandboxes import runner as runner_module

    monkeypatch.setenv("MODBENCH_TMPDIR", str(tmp_path))
    monkeypatch.setattr(runner_module, "MIN_FREE_BYTES", shutil.disk_usage(tmp_path).free + (1 << 30))
    r = go(run(["/bin/sh", "-c", "echo ran"]))
    assert r.has_error and "temp disk is full" in r.error and r.stdout == ""
    assert list(tmp_path.iterdir()) == []


@BOTH_MODES
def test_a_toolchain_outside_usr_is_bound_into_the_sandbox(mode_env, tmp_path):
    from modbench.sandboxes.toolchains import Toolchain, sandbox_command

    folder = tmp_path / "custom build"
    folder.mkdir()
    tool = folder / "mytool"
    tool.write_text("#!/bin/sh\necho custom tool ran in \"$(pwd)\"\n")
    tool.chmod(0o755)
    for path in (tmp_path, folder):
        path.chmod(0o755)           # an unprivileged sandbox uid runs it
    exe, binds = sandbox_command(Toolchain("mytool", tool, "1", "custom", None))
    assert exe == "/tc/mytool/mytool" and binds and str(tmp_path) not in exe
    r = go(run([exe], binds=binds))
    assert not r.has_error and r.exit_code == 0 and "custom tool ran" in r.stdout, (r.stdout, r.stderr)
    luajit = require("luajit")
    assert sandbox_command(luajit) == (str(luajit.path), [])      # /usr is visible anyway


def test_cpu_overrun_is_the_programs_failure_not_an_infrastructure_error():
    r = go(run(["/bin/sh", "-c", "while :; do :; done"], limits=Limits(wall_seconds=30, cpu_seconds=1)))
    assert not r.has_error and r.signal == 24      # SIGXCPU


def test_uid_leases_are_exclusive_across_processes():
    import multiprocessing as mp

    from modbench.sandboxes.uids import lease_uid

    def hold(q, release):
        with lease_uid() as uid:
            q.put(uid)
            release.wait(10)

    q, release = mp.Queue(), mp.Event()
    procs = [mp.Process(target=hold, args=(q, release)) for _ in range(3)]
    for p in procs:
        p.start()
    uids = [q.get(timeout=20) for _ in procs]
    with lease_uid() as mine:
        uids.append(mine)
    release.set()
    for p in procs:
        p.join(10)
    assert len(set(uids)) == 4
