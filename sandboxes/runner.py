"""Run one toolchain command on given input files, inside a sandbox, with explicit limits.

The result always separates what the *program* did (exit code, output, time, timeout) from whether the
*sandbox* failed (`has_error`): a rubric turns the first into a verdict about the model's code and reports the
second as an infrastructure failure that is excluded from pass@k.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .concurrency import POOL
from .isolation import (
    ISOLATION_BWRAP,
    WORKDIR,
    Bind,
    SandboxUnavailable,
    bwrap_argv,
    is_root,
    isolation_level,
    system_tool,
    translate_for_host,
)
from .limits import Limits, MiB
from .uids import lease_uid

BASE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": WORKDIR}
OUTSIDE_SIGNALS = {signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGHUP}   # never sent by a run's own code


@dataclass
class SandboxResult:
    exit_code: int | None               # None when the program never ran or was killed
    stdout: str = ""
    stderr: str = ""
    wall_seconds: float = 0.0
    timed_out: bool = False             # killed at the wall-clock limit
    output_exceeded: bool = False       # killed because stdout or stderr passed the output cap
    signal: int | None = None           # the signal that ended the program, if any
    has_error: bool = False             # the sandbox itself failed: not the program's fault
    error: str | None = None
    isolation: str = ISOLATION_BWRAP
    files: dict[str, bytes] = field(default_factory=dict)   # collected output files, by relative path

    @property
    def ok(self) -> bool:
        return not self.has_error and not self.timed_out and not self.output_exceeded and self.exit_code == 0

    def summary(self) -> str:
        if self.has_error:
            return f"sandbox error: {self.error}"
        if self.timed_out:
            return f"timed out after {self.wall_seconds:.1f}s"
        if self.output_exceeded:
            return "output limit exceeded"
        if self.signal is not None:
            return f"killed by signal {self.signal}"
        return f"exit code {self.exit_code}"


class BadInput(ValueError):
    """An input file name that would escape the work dir."""


def safe_relpath(name: str) -> str:
    """Validate a relative path for the work dir; reject absolute paths, `..`, empty and odd names."""
    if not name or "\x00" in name or name.startswith("/") or "\\" in name:
        raise BadInput(f"file name {name!r} is not a plain relative path")
    parts = PurePosixPath(name).parts
    if any(p in ("..", ".", "") for p in parts) or len(name) > 255:
        raise BadInput(f"file name {name!r} escapes or is not allowed in the work dir")
    return "/".join(parts)


def write_files(workdir: Path, files: Mapping[str, bytes | str], uid: int | None) -> int:
    """Write input files into a work dir, owned by `uid`: new files only, never through a symlink (a warm
    worker's work dir already had a program running in it, and such a dir is never trusted). Returns the
    space the files take, in whole 4 KiB blocks (for the temp-disk check)."""
    input_bytes = 0
    for name, content in files.items():
        rel = safe_relpath(name)
        parent = workdir
        for part in rel.split("/")[:-1]:
            parent = parent / part
            try:
                os.mkdir(parent, 0o755)
                if uid is not None:
                    os.chown(parent, uid, uid)
            except FileExistsError:
                if parent.is_symlink() or not parent.is_dir():
                    raise OSError(f"{parent} is not a plain directory") from None
        data = content.encode() if isinstance(content, str) else content
        input_bytes += -(-len(data) // 4096) * 4096
        fd = os.open(workdir / rel, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if uid is not None:
                os.fchown(fd, uid, uid)
        finally:
            os.close(fd)
    return input_bytes


def _tmp_root() -> str:
    return os.environ.get("MODBENCH_TMPDIR") or tempfile.gettempdir()


MIN_FREE_BYTES = 16 * MiB       # a temp root with less free space than this counts as full


def _temp_disk_full(root: str) -> str | None:
    """Why the sandboxes' temp disk counts as full, or None when it has room."""
    free = shutil.disk_usage(root).free
    if free >= MIN_FREE_BYTES:
        return None
    return (f"the sandbox temp disk is full ({free // 1024} KiB free, {MIN_FREE_BYTES // MiB} MiB wanted): "
            "infrastructure failure")


def _disk_bytes(folder: Path) -> int:
    """The disk space the files under `folder` take (allocated blocks)."""
    total = 0
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


def _count_user_processes(uid: int) -> int:
    n = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    n += len(os.listdir(f"/proc/{entry}/task"))
            except OSError:
                pass
    return n


def _prlimit_argv(limits: Limits, nproc: int | None) -> list[str]:
    """Limits applied by util-linux `prlimit` at the head of the command chain.

    Not a preexec_fn: that forces CPython to fork() instead of vfork(), which costs ~10 ms per run in a
    rollout process that has verifiers loaded. rlimits survive the exec and setpriv's uid change that follow.
    """
    argv = [system_tool("prlimit"), f"--as={limits.memory_bytes}",
            # soft < hard: a CPU overrun ends with SIGXCPU (the program's doing); a SIGKILL we did not send
            # ourselves then always means something outside killed it (see _spawn_and_wait)
            f"--cpu={max(1, int(limits.cpu_seconds))}:{max(1, int(limits.cpu_seconds)) + 2}",
            f"--fsize={limits.file_bytes}",
            f"--nofile={limits.open_files}", "--core=0"]
    if nproc is not None:
        argv.append(f"--nproc={nproc}")
    return argv + ["--"]


async def _read_capped(stream: asyncio.StreamReader, cap: int, over: asyncio.Event) -> bytes:
    # Past the cap, keep draining (and dropping) until EOF: asyncio only reports the process as finished once
    # its pipes are closed, and a pipe nobody reads never sees its EOF.
    buf = bytearray()
    while chunk := await stream.read(65536):
        if len(buf) + len(chunk) > cap:
            buf += chunk[: max(0, cap - len(buf))]
            over.set()
        else:
            buf += chunk
    return bytes(buf)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


async def run(
    argv: Sequence[str],
    *,
    files: Mapping[str, bytes | str] | None = None,
    binds: Sequence[Bind] = (),
    limits: Limits = Limits(),
    env: Mapping[str, str] | None = None,
    collect: Sequence[str] = (),
    stdin: bytes | None = None,
) -> SandboxResult:
    """Run `argv` in a fresh sandbox whose private, writable work dir (`/work`, also the cwd) holds `files`.

    `binds` make toolchain paths visible read-only; argv and env name paths as the sandbox sees them.
    `collect` names work-dir files to read back after the run (each capped at `limits.file_bytes`).
    `stdin`: a few bytes the program reads from its standard input, then EOF (default: /dev/null).
    Never raises for anything the program does; a sandbox failure comes back as `has_error`.
    """
    try:
        isolation = isolation_level()
    except SandboxUnavailable as exc:
        return SandboxResult(exit_code=None, has_error=True, error=str(exc), isolation="none")
    async with POOL.slot() as slot:
        return await _run_in_slot(list(argv), files or {}, list(binds), limits, dict(env or {}), list(collect),
                                  isolation, slot, gate=None if stdin is None else _feed_stdin(stdin))


def _feed_stdin(data: bytes):
    async def gate(proc, workdir):
        proc.stdin.write(data)
        proc.stdin.close()          # the pipe keeps what the program has not read yet; then it reads EOF
    return gate


async def _run_in_slot(argv, files, binds, limits, env, collect, isolation, slot, gate=None) -> SandboxResult:
    if is_root() and isolation == ISOLATION_BWRAP:
        try:
            with lease_uid(preferred=slot) as uid:
                return await _run_as(argv, files, binds, limits, env, collect, isolation, uid, gate=gate)
        except OSError as exc:
            return SandboxResult(exit_code=None, has_error=True, error=f"no sandbox uid: {exc}", isolation=isolation)
    return await _run_as(argv, files, binds, limits, env, collect, isolation, None, gate=gate)


async def _run_as(argv, files, binds, limits, env, collect, isolation, slot_uid, gate=None,
                  spawn=None) -> SandboxResult:
    """`gate(proc, workdir)`, when given, is awaited right after the spawn (stdin is then a pipe) and may
    return a new wall-clock limit; the limit counts from its return (sandboxes/warm.py starts a pre-started
    worker's job there). `collect` is read only after the run, so a gate may still add names to it.
    `spawn`: a stand-in for asyncio.create_subprocess_exec (same arguments; the process object needs pid,
    stdout, stderr, wait() and returncode)."""
    started = time.monotonic()
    workdir: Path | None = None
    try:
        tmp_root = _tmp_root()
        full = _temp_disk_full(tmp_root)
        if full:
            return SandboxResult(exit_code=None, has_error=True, error=full, isolation=isolation)
        workdir = Path(tempfile.mkdtemp(prefix="modbench-", dir=tmp_root))
        input_bytes = write_files(workdir, files, slot_uid)
        if slot_uid is not None:
            os.chown(workdir, slot_uid, slot_uid)
        full_env = {**BASE_ENV, **env}
        status_r = status_w = None
        if isolation == ISOLATION_BWRAP:
            status_r, status_w = os.pipe()
            nproc = limits.processes if slot_uid is not None else (
                None if is_root() else _count_user_processes(os.getuid()) + limits.processes)
            cmd = bwrap_argv(argv, workdir=workdir, binds=binds, env=full_env, slot_uid=slot_uid, status_fd=status_w,
                             prefix=_prlimit_argv(limits, nproc))
            popen_env = {"PATH": BASE_ENV["PATH"]}
            cwd = None
        else:
            mapping = sorted([(WORKDIR, str(workdir)), *[(b.target, str(b.source)) for b in binds]],
                             key=lambda m: -len(m[0]))
            # Root is exempt from RLIMIT_NPROC, and a non-root user's count covers all their processes.
            nproc = None if is_root() else _count_user_processes(os.getuid()) + limits.processes
            cmd = _prlimit_argv(limits, nproc) + [translate_for_host(a, mapping) for a in argv]
            popen_env = {k: translate_for_host(v, mapping) for k, v in full_env.items()}
            popen_env["HOME"] = str(workdir)
            cwd = str(workdir)
        result = await _spawn_and_wait(cmd, popen_env, cwd, limits, status_r, status_w,
                                       gate=None if gate is None else functools.partial(gate, workdir=workdir),
                                       spawn=spawn)
        result.isolation = isolation
        if not result.ok and not result.has_error:
            # The disk filled up during the run, and not with this program's own files: a write it needed
            # (sqlite's journal, a compiler's output) may have failed, which is the machine's fault, not its.
            full = _temp_disk_full(tmp_root)
            if full and _disk_bytes(workdir) - input_bytes < MIN_FREE_BYTES:
                result.has_error, result.error = True, full
        if not result.has_error:
            for name in collect:
                path = workdir / safe_relpath(name)
                if path.is_file() and not path.is_symlink() and path.stat().st_size <= limits.file_bytes:
                    result.files[name] = path.read_bytes()
        return result
    except BadInput as exc:
        return SandboxResult(exit_code=None, has_error=True, error=f"bad sandbox input: {exc}", isolation=isolation)
    except OSError as exc:
        # a full temp disk, a missing binary, a failed fork: the machine's problem, not the program's
        return SandboxResult(exit_code=None, has_error=True, error=f"{type(exc).__name__}: {exc}",
                             isolation=isolation, wall_seconds=time.monotonic() - started)
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


async def _spawn_and_wait(cmd, env, cwd, limits: Limits, status_r, status_w, gate=None,
                          spawn=None) -> SandboxResult:
    started = time.monotonic()
    pass_fds = (status_w,) if status_w is not None else ()
    try:
        proc = await (spawn or asyncio.create_subprocess_exec)(
            *cmd, stdin=asyncio.subprocess.DEVNULL if gate is None else asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=env, cwd=cwd, start_new_session=True, pass_fds=pass_fds)
    finally:
        if status_w is not None:
            os.close(status_w)
    over = asyncio.Event()
    readers = asyncio.gather(_read_capped(proc.stdout, limits.output_bytes, over),
                             _read_capped(proc.stderr, limits.output_bytes, over))
    over_waiter = asyncio.ensure_future(over.wait())
    timed_out = exceeded = False
    try:
        if gate is not None:
            wall = await gate(proc)       # output is read meanwhile; the wall clock starts when the gate opens
            if wall is not None:
                limits = limits.with_(wall_seconds=wall)
            started = time.monotonic()
        done, _ = await asyncio.wait({readers, over_waiter}, timeout=limits.wall_seconds,
                                     return_when=asyncio.FIRST_COMPLETED)
        if over_waiter in done:
            exceeded = True
            _kill_group(proc.pid)
        elif not done:
            timed_out = True
            _kill_group(proc.pid)
        try:
            await asyncio.wait_for(proc.wait(), timeout=10)
        except asyncio.TimeoutError:
            _kill_group(proc.pid)
            await proc.wait()
        out, err = await asyncio.wait_for(readers, timeout=10)
    except BaseException:
        # cancelled (a scoring timeout upstream): leave nothing running, and reap the process so its
        # transport is closed while the loop still exists
        _kill_group(proc.pid)
        try:
            await asyncio.wait_for(asyncio.shield(asyncio.gather(proc.wait(), readers)), timeout=5)
        except BaseException:
            readers.cancel()
        if status_r is not None:
            os.close(status_r)      # _read_status below, which closes it otherwise, is never reached
        raise
    finally:
        over_waiter.cancel()
    wall = time.monotonic() - started
    rc = proc.returncode
    result = SandboxResult(exit_code=rc, wall_seconds=wall, timed_out=timed_out, output_exceeded=exceeded,
                           stdout=out.decode("utf-8", "replace"), stderr=err.decode("utf-8", "replace"))
    if status_r is not None:
        status = _read_status(status_r)
        if not timed_out and not exceeded and "child-pid" not in status:
            result.has_error = True
            result.error = f"bubblewrap failed to set up the sandbox: {result.stderr.strip()[:300]}"
            result.exit_code = None
            return result
        if "exit-code" in status:
            code = status["exit-code"]
            result.exit_code = code
            if code > 128:
                result.signal = code - 128
    if rc is not None and rc < 0:
        result.signal = -rc
        result.exit_code = None
    if timed_out or exceeded:
        result.exit_code = None
    elif result.signal in OUTSIDE_SIGNALS:
        # Our limits never SIGKILL a program except at the wall-clock/output caps handled above, and the code a
        # sandbox runs (a plugin in the simulator, a mod in the engine) cannot send signals: a SIGKILL, SIGTERM,
        # SIGINT or SIGHUP here came from outside (the OOM killer, an operator, a container stop, a dying
        # worker pool): not the program's failure. The program's own endings stay its own: SIGXCPU/SIGXFSZ at
        # our CPU and file limits, SIGSEGV/SIGABRT/SIGBUS of a crash.
        result.has_error = True
        result.error = (f"the sandboxed program was killed from outside ({signal.Signals(result.signal).name}): "
                        "infrastructure failure")
    return result


def _read_status(fd: int) -> dict:
    # Non-blocking: a program that inherited the write end must not be able to stall us; bwrap has written
    # everything it will write by the time it exits.
    merged: dict = {}
    os.set_blocking(fd, False)
    chunks = []
    try:
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    except BlockingIOError:
        pass
    except OSError:
        return merged
    finally:
        os.close(fd)
    data = b"".join(chunks)
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            merged.update(json.loads(line))
        except ValueError:
            continue
    return merged
