"""How a sandbox is built: bubblewrap when it works here, otherwise rlimits and a private work dir only.

Running as root, bubblewrap is started without a user namespace and `setpriv` drops to an unprivileged uid
inside it. That is what makes RLIMIT_NPROC bite: the kernel never applies it to uid 0, whatever the namespace,
so a fork bomb under a root-mapped uid would only stop at the wall-clock timeout. The bind mounts are made
while still root, so a toolchain under a private directory (a venv below /root) can be bound to a new path
without opening up its parents.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

BWRAP = "bwrap"
ISOLATION_BWRAP = "bwrap"
ISOLATION_RLIMITS = "rlimits"

WORKDIR = "/box"         # the private writable directory, as the sandboxed program sees it
SLOT_UID_BASE = 61000    # sandboxes run as uids from here up (leased in uids.py) when the host process is root
_PREMADE = {"/", "/usr", "/tmp", "/proc", "/dev", WORKDIR}


@dataclass(frozen=True)
class Bind:
    """A host path made visible inside the sandbox at `target` (read-only unless `writable`)."""

    source: Path
    target: str
    writable: bool = False


class SandboxUnavailable(RuntimeError):
    """The requested isolation cannot be provided on this machine (an infrastructure failure)."""


def is_root() -> bool:
    return os.geteuid() == 0


SYSTEM_BIN = ("/usr/bin", "/bin", "/usr/sbin", "/sbin")


def system_tool(name: str) -> str:
    """The system's own `name` (prlimit, setpriv), from fixed system folders and never from PATH: these run
    with root's privileges around the untrusted program, so a PATH entry must not be able to swap them.
    Those folders are also visible inside every sandbox, so the same path works in both modes."""
    for folder in SYSTEM_BIN:
        path = f"{folder}/{name}"
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return f"/usr/bin/{name}"      # not installed: no run can start


@functools.lru_cache(maxsize=1)
def _bwrap_works() -> tuple[bool, str]:
    exe = shutil.which(BWRAP)
    if exe is None:
        return False, "bubblewrap is not installed (apt-get install bubblewrap)"
    argv = [exe, *_namespace_flags(), "--die-with-parent", "--ro-bind", "/usr", "/usr", *_merged_usr_links(), "--", "/usr/bin/true"]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"bubblewrap failed to start: {exc}"
    if proc.returncode != 0:
        return False, f"bubblewrap cannot create namespaces here: {proc.stderr.strip()[:300]}"
    return True, ""


def isolation_level() -> str:
    """The isolation every run in this process gets: 'bwrap' or 'rlimits'.

    MODBENCH_SANDBOX=bwrap demands bubblewrap (a missing one is then an infrastructure error, never a silent
    downgrade); MODBENCH_SANDBOX=rlimits forces the weaker mode; unset picks the best that works.
    """
    wanted = os.environ.get("MODBENCH_SANDBOX", "auto").strip().lower()
    if wanted == ISOLATION_RLIMITS:
        return ISOLATION_RLIMITS
    ok, why = _bwrap_works()
    if wanted == ISOLATION_BWRAP and not ok:
        raise SandboxUnavailable(why)
    if wanted not in ("auto", ISOLATION_BWRAP):
        raise SandboxUnavailable(f"MODBENCH_SANDBOX={wanted!r} is not one of auto, bwrap, rlimits")
    return ISOLATION_BWRAP if ok else ISOLATION_RLIMITS


def _namespace_flags() -> list[str]:
    flags = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    if not is_root():
        flags.insert(0, "--unshare-user")
    return flags


def _merged_usr_links() -> list[str]:
    """Mirror /bin, /lib, /lib64, /sbin: symlinks into /usr on merged-/usr systems, read-only binds otherwise."""
    args: list[str] = []
    for top in ("/bin", "/lib", "/lib64", "/sbin"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    return args


def bwrap_argv(argv: list[str], *, workdir: Path, binds: list[Bind], env: dict[str, str], slot_uid: int | None,
               status_fd: int, prefix: list[str] = ()) -> list[str]:
    """The full bubblewrap command line for one run."""
    exe = shutil.which(BWRAP) or BWRAP
    cmd = [exe, *_namespace_flags(), "--die-with-parent", "--new-session", "--clearenv",
           "--json-status-fd", str(status_fd),
           "--ro-bind", "/usr", "/usr", *_merged_usr_links()]
    if os.path.exists("/etc/ld.so.cache"):
        cmd += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    cmd += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
            "--bind", str(workdir), WORKDIR, "--chdir", WORKDIR]
    # bwrap (as root) would create missing parents of a mount point with mode 0700, which the unprivileged
    # uid could not traverse; create them world-traversable first.
    parents = sorted({str(p) for b in binds for p in PurePosixPath(b.target).parents if str(p) not in _PREMADE},
                     key=lambda p: (p.count("/"), p))
    for d in parents:
        cmd += ["--perms", "0755", "--dir", d]
    for b in binds:
        cmd += ["--bind" if b.writable else "--ro-bind", str(b.source), b.target]
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    cmd.append("--")
    cmd += prefix       # e.g. prlimit, applied inside the sandbox before the uid drop
    if slot_uid is not None:
        setpriv = system_tool("setpriv")
        cmd += [setpriv, f"--reuid={slot_uid}", f"--regid={slot_uid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
    return cmd + argv


def translate_for_host(value: str, mapping: list[tuple[str, str]]) -> str:
    """In rlimits mode there are no mounts: rewrite sandbox paths (bind targets, /work) to their host paths."""
    for target, source in mapping:
        if value == target or value.startswith(target + "/"):
            return source + value[len(target):]
        # flags such as `-i/inc/sm` or `--config=/x`
        for sep in ("=", "-i", "-o"):
            marker = sep + target
            if marker in value:
                idx = value.index(marker) + len(sep)
                rest = value[idx + len(target):]
                if rest == "" or rest.startswith("/"):
                    return value[:idx] + source + rest
    return value
