"""Pre-started ("warm") sandboxed workers: a worker's start-up (interpreter, imports, loading a linter's
standard or the engine's builtin Lua) happens before the job arrives, so a job only pays for its own work.

    from modbench.sandboxes.warm import run_warm
    result = await run_warm("luacheck", argv, files={...}, setup_files={...}, binds=[...], limits=Limits(...))

The program must follow one protocol: start up (it may read `setup_files`), then block reading one line from
stdin; the line "go\\n" means "the job's `files` are in the work dir now"; anything else, or EOF, means "exit
now" (so a worker whose host died never lingers). The job's files must be read only after "go".

A warm worker is an ordinary sandbox run (sandboxes.runner: same bubblewrap, rlimits, leased uid, output caps,
has_error rules and clean-up) whose run is gated: when a job takes it, the job's files are written into its
work dir and chowned to its uid, then "go" is written, and from then on it is exactly a normal run: the
wall-clock limit counts from "go", the concurrency slot (sandboxes.POOL) is held from "go" to the end, and the
job gets the run's SandboxResult. One job per process: nothing survives from one job to the next. The CPU
rlimit covers start-up and job, so warm workers get STARTUP_CPU_MARGIN more of it.

Spares: a job that takes one starts its replacement in the background right after the job (not during it: the
replacement's spawn and start-up would compete with the job for the CPU and for the kernel's namespace locks); a
job that found none runs cold and starts one at once. MODBENCH_WARM=N keeps N spares per kind and event loop
(default 1); MODBENCH_WARM=0 runs everything cold (a fresh sandbox per job, fed "go" at once). A job that finds
no spare with its exact spec (argv, binds, env, limits other than the wall clock, setup files, isolation, temp
root) runs cold. A spare may be taken while it is still starting: the job then waits for the rest of its
start-up, inside its own wall clock. A spare that died while idle is discarded and its job runs cold: whether
the worker ever read "go" is checked on the pipe itself (FIONREAD), so a stale spare never shows as has_error.

Spares belong to the event loop that made them: they end when that loop's tasks are cancelled (`asyncio.run`
does so), when the loop shuts down its async generators, when any later job finds the loop closed, by
`shutdown()`, and at interpreter exit; an idle one is ended by EOF on its stdin (killed only if it lingers).
Spares are spawned with subprocess.Popen and watched through a pidfd rather than through asyncio's subprocess
transport, which CPython 3.11 can leave hanging for good when asyncio.run's final sweep cancels a spawn in
flight (python/cpython#125502). Spares start outside the concurrency slots (they are idle processes), so
throughput still pays every worker's start-up CPU: warm workers cut latency, not work.
"""

from __future__ import annotations

import array
import asyncio
import atexit
import contextlib
import fcntl
import functools
import os
import shutil
import subprocess
import termios
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import runner
from .concurrency import POOL
from .isolation import ISOLATION_BWRAP, Bind, SandboxUnavailable, is_root, isolation_level
from .limits import Limits
from .runner import BadInput, SandboxResult, run
from .uids import lease_uid

GO = b"go\n"
_STATS: Counter = Counter()
STARTUP_CPU_MARGIN = 1      # CPU seconds added to a warm worker's rlimit for the start-up it did before its job
_UID_HINT = 512             # warm workers lease uids from here up, away from the slot-numbered ones of cold runs


def spares_per_kind() -> int:
    """MODBENCH_WARM: spares kept per worker kind and event loop (default 1; 0 = every run cold)."""
    value = os.environ.get("MODBENCH_WARM", "1").strip().lower()
    if value in ("", "0", "off", "false", "no"):
        return 0
    try:
        return max(0, min(int(value), 8))
    except ValueError:
        return 1


@dataclass(frozen=True)
class _Spec:
    kind: str
    argv: tuple[str, ...]
    binds: tuple[Bind, ...]
    env: tuple[tuple[str, str], ...]
    limits: Limits                          # with wall_seconds=0: the wall clock is the job's, from "go"
    setup: tuple[tuple[str, bytes], ...]
    isolation: str
    tmp_root: str                           # MODBENCH_TMPDIR when the spare started (tests change it)


class _NotStarted(Exception):
    """The worker never started the job (it died while idle, or its work dir could not take the files)."""


async def run_warm(
    kind: str,
    argv: Sequence[str],
    *,
    files: Mapping[str, bytes | str] | None = None,
    setup_files: Mapping[str, bytes | str] | None = None,
    binds: Sequence[Bind] = (),
    limits: Limits = Limits(),
    env: Mapping[str, str] | None = None,
    collect: Sequence[str] = (),
) -> SandboxResult:
    """Run a "go"-gated worker (see the module doc) on a job: like `sandboxes.run(argv, files={**setup_files,
    **files}, stdin=b"go\\n", ...)`, on a pre-started spare of `kind` when one with the same spec exists (it
    may still be starting: the job then waits for the rest of its start-up, never for all of it).

    `kind` names the worker ("l4d2-sim", "luanti-sim", "luacheck", "luajit-syntax"): one set of spares per kind
    and loop.
    `setup_files` are what the worker may read during start-up (the same for every job of its spec).
    Never raises for anything the program does; a sandbox failure comes back as `has_error`."""
    files = dict(files or {})
    setup = {k: (v.encode() if isinstance(v, str) else bytes(v)) for k, v in (setup_files or {}).items()}
    env = dict(env or {})

    async def cold(how: str = "cold") -> SandboxResult:
        _STATS[(kind, how)] += 1
        return await run(argv, files={**setup, **files}, binds=binds, limits=limits, env=env, collect=collect,
                         stdin=GO)

    if spares_per_kind() == 0:
        return await cold()
    try:
        isolation = isolation_level()
    except SandboxUnavailable:
        return await cold()                 # run() reports it as has_error
    spec = _Spec(kind, tuple(argv), tuple(binds), tuple(sorted(env.items())), limits.with_(wall_seconds=0),
                 tuple(sorted(setup.items())), isolation, runner._tmp_root())
    if not _lean_spawn_works():
        return await cold()
    pool = await _pool_of_running_loop()
    spare = pool.take(spec)
    if spare is None:
        pool.refill(spec)                   # at once: it starts while the cold job runs
        return await cold()
    result = await spare.run_job(files, limits.wall_seconds, list(collect))
    # The replacement starts after the job, not during it: its spawn and start-up would compete with the job
    # (for the CPU, and for the kernel's namespace set-up locks, which the job's sandbox teardown needs too).
    pool.refill(spec)
    if result is None:
        return await cold("fallback")       # the spare had died before its job: run the job cold
    _STATS[(kind, "warm")] += 1
    return result


def stats() -> dict[str, dict[str, int]]:
    """Jobs per kind since the start of the process: {"warm": on a spare, "cold": no spare (or warm
    workers off), "fallback": the spare taken had died, so the job ran cold}."""
    out: dict[str, dict[str, int]] = {}
    for (kind, how), n in list(_STATS.items()):
        out.setdefault(kind, {"warm": 0, "cold": 0, "fallback": 0})[how] = n
    return out


async def shutdown() -> None:
    """Kill this event loop's spares and wait until they are cleaned up (idempotent)."""
    loop = asyncio.get_running_loop()
    with _LOCK:
        pool = _POOLS.pop(loop, None)
    if pool is not None:
        await pool.aclose()


def warm_pids() -> list[int]:
    """Host pids (the bubblewrap or rlimits process) of every live spare in this process, for tests and checks."""
    with _LOCK:
        pools = list(_POOLS.values())
    return [s.pid for p in pools for s in p.all() if s.pid is not None and not s.task.done()]


# ------------------------------------------------------------------------------------------ one spare

class _Spare:
    def __init__(self, spec: _Spec):
        loop = asyncio.get_running_loop()
        self.spec = spec
        self.pid: int | None = None
        self.proc = None
        self.workdir: Path | None = None
        self.uid: int | None = None
        self._job: asyncio.Future = loop.create_future()         # (files, wall seconds, collect) from the job
        self._accepted: asyncio.Future = loop.create_future()    # True once "go" is written, else False
        self._collect: list[str] = []
        self._stdin_fd: int | None = None
        self._stack = contextlib.ExitStack()                     # the uid lease
        self.task = asyncio.ensure_future(self._life())
        self.task.add_done_callback(_retrieve)

    def idle_and_alive(self) -> bool:
        return not self.task.done() and not self._job.done() and (self.proc is None or self.proc.returncode is None)

    async def run_job(self, files: dict, wall: float, collect: list[str]) -> SandboxResult | None:
        """The job's result, or None when this spare never started it (then the job runs cold)."""
        async with POOL.slot():
            if not self.idle_and_alive():
                self.task.cancel()
                return None
            self._job.set_result((files, wall, collect))
            try:
                if not await asyncio.shield(self._accepted):
                    return None
                return await self.task
            except BaseException:
                self.task.cancel()          # cancelled from above: the run's own clean-up kills the worker
                raise

    async def _life(self) -> SandboxResult | None:
        result = None
        isolation = self.spec.isolation
        try:
            with self._stack:
                uid = None
                if is_root() and isolation == ISOLATION_BWRAP:
                    uid = self._stack.enter_context(lease_uid(preferred=_UID_HINT))
                self.uid = uid
                limits = self.spec.limits.with_(cpu_seconds=self.spec.limits.cpu_seconds + STARTUP_CPU_MARGIN)
                result = await runner._run_as(list(self.spec.argv), dict(self.spec.setup), list(self.spec.binds),
                                              limits, dict(self.spec.env), self._collect, isolation, uid,
                                              gate=self._gate, spawn=_lean_spawn)
        except _NotStarted:
            result = None
        except Exception:
            if self._accepted.done() and self._accepted.result():
                raise                       # the job had started: the same exception a cold run would raise
            result = None
        finally:
            if self._stdin_fd is not None:
                if _unread(self._stdin_fd):
                    result = None           # the worker never read "go": it was dead before the job
                os.close(self._stdin_fd)
                self._stdin_fd = None
            if not self._accepted.done():
                self._accepted.set_result(False)
        return result

    async def _gate(self, proc, workdir: Path) -> float:
        """Runs right after the spawn: wait (idle) for a job, hand it over, open the gate."""
        self.proc, self.pid, self.workdir = proc, proc.pid, workdir
        # the write end of the worker's stdin is ours alone: the worker sees no EOF after "go", and after the
        # run it still tells whether "go" was ever read (see _unread)
        self._stdin_fd, proc.stdin_fd = proc.stdin_fd, None
        exited = asyncio.ensure_future(proc.wait())
        try:
            await asyncio.wait({self._job, exited}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            # Discarded, or the loop is ending (asyncio.run cancels every task, the run's output readers
            # included). An idle worker is ended by EOF on its stdin, not killed: bubblewrap arms its
            # die-with-parent only some time after the spawn, so killing it that early can orphan the sandbox,
            # whose processes would then hold the pipes open for good. Wait (bounded, with fresh waiters) until
            # the process and its pipes are closed, so that nothing outlives the loop; kill only what lingers.
            os.close(self._stdin_fd)
            self._stdin_fd = None
            if not await _reap(proc, timeout=10):
                runner._kill_group(proc.pid)
                await _reap(proc)
            proc.close_pipes()
            raise
        finally:
            exited.cancel()
        if not self._job.done() or proc.returncode is not None:
            raise _NotStarted("the warm worker exited while idle")
        files, wall, collect = self._job.result()
        try:
            runner.write_files(workdir, files, self.uid)
            os.write(self._stdin_fd, GO)
        except (OSError, BadInput) as exc:
            raise _NotStarted(f"could not hand the job to the warm worker: {exc}") from exc
        self._collect.extend(collect)
        self._accepted.set_result(True)
        return wall

    def kill_now(self) -> None:
        """Synchronous last resort (a closed loop, interpreter exit): end the process, remove its files."""
        if self._stdin_fd is not None:      # EOF: ends the worker even where the kill below cannot reach it
            with contextlib.suppress(OSError):
                os.close(self._stdin_fd)
            self._stdin_fd = None
        if self.proc is not None:
            self.proc.kill_and_reap()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
        self._stack.close()


async def _reap(proc, timeout: float = 5.0) -> bool:
    """Wait until an ending process and its pipes are closed, even through further cancellations (a discarded
    spare still cleaning up when asyncio.run cancels every task): nothing may outlive the loop. Bounded: False
    when it had not ended in time."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        waiter = asyncio.ensure_future(proc.wait())     # anew when a cancel-everything sweep took the last one
        try:
            await asyncio.wait({waiter}, timeout=deadline - loop.time())
        except asyncio.CancelledError:
            continue
        finally:
            if not waiter.done():
                waiter.cancel()
        if not waiter.cancelled():
            return True
    return False


def _retrieve(task: asyncio.Task) -> None:
    if not task.cancelled():
        task.exception()                    # retrieved: a spare nobody awaits never logs "never retrieved"


def _unread(fd: int) -> int:
    buf = array.array("i", [0])
    try:
        fcntl.ioctl(fd, termios.FIONREAD, buf)
    except OSError:
        return 0
    return buf[0]


# ------------------------------------------------------------------------------------------ spawning

class _LeanProcess:
    """What runner._spawn_and_wait uses of an asyncio.subprocess.Process (pid, stdout, stderr, wait(),
    returncode) for a spare started with subprocess.Popen and watched through a pidfd.

    Spares start in the background, so asyncio.run's final cancel-everything sweep can catch one while it is
    being created, and CPython 3.11's asyncio subprocess transport then never finishes (python/cpython#125502:
    asyncio.run hangs for good). Nothing here waits on such a transport; and there is no watcher thread per
    child (~1 ms less per spawn)."""

    def __init__(self, popen: subprocess.Popen, stdin_fd: int, stdout, stderr, transports: list, pidfd: int,
                 exited: asyncio.Future):
        self._popen, self._pidfd, self._exited, self._transports = popen, pidfd, exited, transports
        self.pid = popen.pid
        self.stdin_fd: int | None = stdin_fd        # the write end of its stdin (the gate takes it over)
        self.stdout, self.stderr = stdout, stderr
        exited.add_done_callback(lambda _f: self._close_pidfd())

    @property
    def returncode(self) -> int | None:
        return self._popen.returncode

    async def wait(self) -> int:
        return await asyncio.shield(self._exited)

    def _close_pidfd(self) -> None:
        fd, self._pidfd = self._pidfd, -1
        if fd >= 0:
            _close_fd(fd)

    def close_pipes(self) -> None:
        """Close stdout and stderr now (the process has ended), rather than when their EOF gets processed: a
        loop that is ending may not get that far."""
        for transport in self._transports:
            if not transport.is_closing():
                transport.close()

    def kill_and_reap(self) -> None:
        """Synchronous: a closed loop will never report the exit, nor close the pipes."""
        if self._popen.poll() is None:          # not reaped yet, so the pid (group) is still this one
            runner._kill_group(self.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._popen.wait(timeout=2)
        self._close_pidfd()
        for transport in self._transports:
            with contextlib.suppress(OSError):
                transport.get_extra_info("pipe").close()


def _close_fd(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


async def _lean_spawn(*cmd, stdin, stdout, stderr, env, cwd, start_new_session, pass_fds) -> _LeanProcess:
    """asyncio.create_subprocess_exec's arguments (stdin/stdout/stderr are always pipes here)."""
    loop = asyncio.get_running_loop()
    in_r, in_w = os.pipe()
    try:
        popen = subprocess.Popen(cmd, stdin=in_r, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd,
                                 start_new_session=start_new_session, pass_fds=pass_fds)
    except BaseException:
        _close_fd(in_w)
        raise
    finally:
        _close_fd(in_r)
    exited = loop.create_future()
    pidfd = -1
    transports = []
    try:
        pidfd = os.pidfd_open(popen.pid)

        def on_exit() -> None:
            loop.remove_reader(pidfd)
            if not exited.done():
                exited.set_result(popen.poll())

        loop.add_reader(pidfd, on_exit)
        streams = []
        for pipe in (popen.stdout, popen.stderr):
            reader = asyncio.StreamReader(limit=2 ** 16, loop=loop)
            transport, _ = await loop.connect_read_pipe(lambda r=reader: asyncio.StreamReaderProtocol(r, loop=loop),
                                                        pipe)
            transports.append(transport)
            streams.append(reader)
    except BaseException:
        # cancelled half-way (the loop is ending): end it here and now, EOF first (see _Spare._gate)
        _close_fd(in_w)
        if pidfd >= 0:
            with contextlib.suppress(Exception):
                loop.remove_reader(pidfd)
        if popen.poll() is None:
            runner._kill_group(popen.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                popen.wait(timeout=2)
        if pidfd >= 0:
            _close_fd(pidfd)
        for transport in transports:
            transport.close()
        for pipe in (popen.stdout, popen.stderr)[len(transports):]:
            pipe.close()
        raise
    return _LeanProcess(popen, in_w, streams[0], streams[1], transports, pidfd, exited)


@functools.lru_cache(maxsize=1)
def _lean_spawn_works() -> bool:
    """pidfd_open (Linux 5.3+) is what watches a spare; without it, every job runs cold."""
    try:
        _close_fd(os.pidfd_open(os.getpid()))
        return True
    except (AttributeError, OSError):
        return False


# ------------------------------------------------------------------------------------------ per-loop pools

class _Pool:
    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.spares: dict[str, list[_Spare]] = {}
        self.retired: set[_Spare] = set()   # taken or discarded, still running: strong refs until done
        self.shutdown_hook = None

    def all(self) -> list[_Spare]:
        return [s for lst in self.spares.values() for s in lst] + list(self.retired)

    def _retire(self, spare: _Spare) -> None:
        self.retired.add(spare)
        spare.task.add_done_callback(lambda _t: self.retired.discard(spare))

    def take(self, spec: _Spec) -> _Spare | None:
        found, kept = None, []
        for s in self.spares.get(spec.kind, []):
            if not s.idle_and_alive() or s.spec != spec:
                s.task.cancel()             # died while idle, or made for another spec
                self._retire(s)
            elif found is None:
                found = s
                self._retire(s)
            else:
                kept.append(s)
        self.spares[spec.kind] = kept
        return found

    def refill(self, spec: _Spec) -> list[_Spare]:
        want = spares_per_kind()
        spares = self.spares.setdefault(spec.kind, [])
        fresh = []
        while len(spares) < want:
            fresh.append(_Spare(spec))
            spares.append(fresh[-1])
        return fresh

    async def aclose(self) -> None:
        # idle and discarded spares end now; one running a job ends with its job (its caller awaits it)
        idle = [s for s in self.all() if not s._job.done()]
        self.spares.clear()
        for s in idle:
            s.task.cancel()
        if idle:
            await asyncio.gather(*(s.task for s in idle), return_exceptions=True)
        for s in idle:
            s.kill_now()                    # no-op after a clean end; anything left (e.g. a workdir) goes

    def kill_now(self) -> None:
        for s in self.all():
            s.kill_now()
        self.spares.clear()
        self.retired.clear()


_LOCK = threading.Lock()
_POOLS: dict[asyncio.AbstractEventLoop, _Pool] = {}


async def _pool_of_running_loop() -> _Pool:
    loop = asyncio.get_running_loop()
    with _LOCK:
        closed = [(lp, p) for lp, p in _POOLS.items() if lp.is_closed()]
        for lp, _ in closed:
            del _POOLS[lp]
        pool = _POOLS.get(loop)
        created = pool is None
        if created:
            pool = _POOLS[loop] = _Pool(loop)
    for _, p in closed:
        p.kill_now()                        # their loop is gone: nobody else will ever end them
    if created:
        # shutdown_asyncgens() (asyncio.run, well-behaved runners) closes this generator: its finally ends the
        # loop's spares even where the loop's tasks are not cancelled first
        pool.shutdown_hook = _until_loop_shutdown(pool)
        await pool.shutdown_hook.asend(None)
    return pool


async def _until_loop_shutdown(pool: _Pool):
    try:
        yield
    finally:
        with _LOCK:
            if _POOLS.get(pool.loop) is pool:
                del _POOLS[pool.loop]
        await pool.aclose()


@atexit.register
def _kill_all_at_exit() -> None:
    with _LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for p in pools:
        p.kill_now()
